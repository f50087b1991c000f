import { authorName, cleanText, readDate, trimmed } from './normalize.js';
import { attrNS, child, childrenNamed, NS, resolveUrl, textContent, type XmlElement } from './xml.js';

/** Namespace modules shared by RSS, RDF and Atom: Dublin Core, Media RSS, syndication, iTunes, Atom-in-RSS. */

export const DC = new Set<string>([NS.dc]);
export const DCTERMS = new Set<string>([NS.dcterms]);
export const CONTENT = new Set<string>([NS.content]);
export const MEDIA = new Set<string>([NS.media]);
export const SY = new Set<string>([NS.sy]);
export const ITUNES = new Set<string>([NS.itunes]);
export const ATOM = new Set<string>([NS.atom10, NS.atom03]);

/** Text of the first matching child, trimmed; null when absent or empty. */
export function childText(element: XmlElement, local: string, namespaces: ReadonlySet<string>): string | null {
  const found = child(element, local, namespaces);
  return found ? trimmed(textContent(found)) : null;
}

export function childTexts(element: XmlElement, local: string, namespaces: ReadonlySet<string>): string[] {
  return childrenNamed(element, local, namespaces)
    .map((found) => cleanText(textContent(found)))
    .filter((text): text is string => text !== null);
}

/** A URL attribute or text, resolved against the element's xml:base. */
export function urlOf(element: XmlElement, value: string | null | undefined): string | null {
  const url = trimmed(value);
  if (!url) return null;
  return resolveUrl(url, element.base) ?? url;
}

const PERIOD_SECONDS: Record<string, number> = { hourly: 3600, daily: 86_400, weekly: 604_800, monthly: 2_592_000, yearly: 31_536_000 };

/**
 * The feed's polling hint in seconds: RSS 2.0 `<ttl>` (minutes), else the syndication module's
 * updatePeriod / updateFrequency ("hourly" / 2 = every 30 minutes; both default per the module spec:
 * daily, once).
 */
export function ttlOf(channel: XmlElement, core: ReadonlySet<string>): number | null {
  const ttl = Number.parseInt(childText(channel, 'ttl', core) ?? '', 10);
  if (Number.isFinite(ttl) && ttl > 0) return ttl * 60;
  const period = childText(channel, 'updatePeriod', SY)?.toLowerCase();
  const frequency = childText(channel, 'updateFrequency', SY);
  if (period === undefined && frequency === null) return null;
  const seconds = PERIOD_SECONDS[period ?? 'daily'];
  const times = Number.parseInt(frequency ?? '1', 10);
  if (!seconds || !Number.isFinite(times) || times <= 0) return null;
  return Math.round(seconds / times);
}

/** Dublin Core / DC terms dates, for RSS 1.0 and RSS 2.0 items that use them instead of pubDate. */
export function dcDates(element: XmlElement, warnings: string[]): { published: Date | null; updated: Date | null } {
  const published =
    childText(element, 'date', DC) ?? childText(element, 'issued', DCTERMS) ?? childText(element, 'created', DCTERMS);
  const updated = childText(element, 'modified', DCTERMS);
  return { published: readDate(published, 'date', warnings), updated: readDate(updated, 'updated', warnings) };
}

export function creators(element: XmlElement): string[] {
  return [
    ...childTexts(element, 'creator', DC),
    ...childTexts(element, 'author', ITUNES),
    ...childrenNamed(element, 'author', ATOM).map((author) => childText(author, 'name', ATOM)),
  ]
    .map(authorName)
    .filter((name): name is string => name !== null);
}

const IMAGE_URL = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

/** The item's picture: Media RSS content/thumbnail (also inside media:group), an image enclosure, iTunes. */
export function imageOf(element: XmlElement): string | null {
  const candidates = [element, ...childrenNamed(element, 'group', MEDIA)];
  for (const holder of candidates) {
    for (const media of childrenNamed(holder, 'content', MEDIA)) {
      const { url, medium, type } = media.attrs;
      if (url && (medium === 'image' || type?.startsWith('image/') || (!medium && !type && IMAGE_URL.test(url)))) return urlOf(media, url);
    }
  }
  for (const holder of candidates) {
    const thumbnail = child(holder, 'thumbnail', MEDIA);
    if (thumbnail?.attrs.url) return urlOf(thumbnail, thumbnail.attrs.url);
  }
  for (const enclosure of element.children) {
    if (typeof enclosure === 'string') continue;
    const isEnclosure = enclosure.local === 'enclosure' || (enclosure.local === 'link' && enclosure.attrs.rel === 'enclosure');
    const url = enclosure.attrs.url ?? enclosure.attrs.href;
    if (isEnclosure && url && enclosure.attrs.type?.startsWith('image/')) return urlOf(enclosure, url);
  }
  const itunes = child(element, 'image', ITUNES);
  return itunes?.attrs.href ? urlOf(itunes, itunes.attrs.href) : null;
}

/** `<atom:link rel="alternate">` inside RSS, or an RDF `rdf:resource`/`rdf:about`. */
export function atomAlternate(element: XmlElement): string | null {
  for (const link of childrenNamed(element, 'link', ATOM)) {
    const rel = link.attrs.rel ?? 'alternate';
    if (rel === 'alternate' && link.attrs.href) return urlOf(link, link.attrs.href);
  }
  return null;
}

export function rdfAbout(element: XmlElement): string | null {
  return trimmed(attrNS(element, NS.rdf, 'about'));
}
