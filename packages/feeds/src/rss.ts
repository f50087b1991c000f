import {
  ATOM,
  atomAlternate,
  CONTENT,
  childText,
  childTexts,
  creators,
  DC,
  dcDates,
  ITUNES,
  imageOf,
  MEDIA,
  ttlOf,
  urlOf,
} from './extensions.js';
import { authorName, cleanText, readDate, stripMarkup, titleText, trimmed, unique } from './normalize.js';
import type { DocumentItem, FeedDocument } from './types.js';
import { child, childrenNamed, NS, textContent, type XmlElement } from './xml.js';

/**
 * RSS 0.90-2.0 (`<rss>`, with or without a version), RSS 1.0 and 0.90 (`<rdf:RDF>`), and the bare
 * `<channel>` some 0.9x feeds send. The RSS elements live in no namespace (0.91-2.0), in RSS 1.0's or
 * Netscape's RDF namespace, or in whatever default namespace the root declares; extension modules
 * are matched by namespace URI, whatever prefix the feed picked.
 */
export function readRss(root: XmlElement, warnings: string[]): FeedDocument {
  const isRdf = root.local === 'RDF';
  const core = new Set<string>(['', NS.rss10, NS.rss090]);
  // Whatever namespace the root itself is in (Userland's rss2 namespace, a prefixed <r:rss>) is RSS's.
  if (!isRdf) core.add(root.ns);
  if (!isRdf && root.scope['']) core.add(root.scope['']);
  const channel = root.local === 'channel' ? root : child(root, 'channel', core);
  // RSS 1.0 puts items beside the channel; some 0.9x feeds do too.
  const itemElements = [...(channel && channel !== root ? childrenNamed(channel, 'item', core) : []), ...childrenNamed(root, 'item', core)];
  const feedLanguage = channel
    ? (cleanText(childText(channel, 'language', core)) ?? cleanText(childText(channel, 'language', DC)) ?? channel.lang)
    : root.lang;

  return {
    format: isRdf ? 'rdf' : 'rss',
    version: isRdf ? (channel?.ns === NS.rss090 ? '0.90' : '1.0') : (trimmed(root.attrs.version) ?? null),
    title: channel ? (titleText(childText(channel, 'title', core)) ?? titleText(childText(channel, 'title', DC))) : null,
    link: channel ? linkOf(channel, core) : null,
    language: feedLanguage,
    ttlSeconds: channel ? ttlOf(channel, core) : null,
    items: itemElements.map((item) => readItem(item, core, feedLanguage, warnings)),
    sitemaps: [],
  };
}

function linkOf(element: XmlElement, core: ReadonlySet<string>): string | null {
  // RSS allows one <link>; when a feed repeats it, the last one wins, as in Python feedparser and
  // gofeed (each later element overwrites the earlier), so all three readers agree.
  let found: string | null = null;
  for (const link of childrenNamed(element, 'link', core)) {
    // `<link>URL</link>` as RSS says, or `<link href="URL"/>` as Atom habits write it.
    found = urlOf(link, textContent(link)) ?? urlOf(link, link.attrs.href) ?? found;
  }
  return found ?? atomAlternate(element);
}

function readItem(item: XmlElement, core: ReadonlySet<string>, feedLanguage: string | null, warnings: string[]): DocumentItem {
  const guidElement = child(item, 'guid', core);
  const guid = guidElement ? trimmed(textContent(guidElement)) : null;
  // RSS 2.0: a guid is a permalink unless isPermaLink="false"; readers use it when <link> is missing.
  const permalink =
    guid && guidElement?.attrs.isPermaLink?.trim().toLowerCase() !== 'false' && /^https?:\/\//i.test(guid) ? guid : null;
  const dc = dcDates(item, warnings);
  const pubDate = readDate(childText(item, 'pubDate', core), 'date', warnings);
  const description = childText(item, 'description', core);
  const encoded = childText(item, 'encoded', CONTENT);

  return {
    guid,
    link: linkOf(item, core) ?? permalink,
    title:
      titleText(childText(item, 'title', core)) ?? titleText(childText(item, 'title', DC)) ?? titleText(childText(item, 'title', MEDIA)),
    publishedAt: pubDate ?? dc.published ?? readDate(childText(item, 'published', ATOM), 'date', warnings),
    updatedAt: dc.updated ?? readDate(childText(item, 'updated', ATOM), 'updated', warnings),
    authors: unique([...childrenNamed(item, 'author', core).map((author) => authorName(textContent(author))), ...creators(item)]),
    summary: stripMarkup(description) ?? stripMarkup(childText(item, 'summary', ITUNES)) ?? stripMarkup(childText(item, 'description', MEDIA)),
    contentHtml: trimmed(encoded) ?? trimmed(description),
    categories: unique([...childTexts(item, 'category', core), ...childTexts(item, 'subject', DC)]),
    image: imageOf(item),
    language: cleanText(childText(item, 'language', DC)) ?? item.lang ?? feedLanguage,
  };
}
