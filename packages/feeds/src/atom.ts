import { isUtf8 } from 'node:buffer';
import { CONTENT, childText, childTexts, DC, dcDates, imageOf, ttlOf, urlOf } from './extensions.js';
import { cleanText, readDate, stripMarkup, titleText, trimmed, unique } from './normalize.js';
import type { DocumentItem, FeedDocument } from './types.js';
import { child, childrenNamed, innerXml, NS, textContent, type XmlElement } from './xml.js';

/**
 * Atom 1.0 (RFC 4287) and Atom 0.3 (the 2003 draft: `issued`/`modified`/`created`, `mode="escaped"`),
 * also a lone `<entry>` document. Relative links resolve against `xml:base` (RFC 4287 §2).
 */
export function readAtom(root: XmlElement, warnings: string[]): FeedDocument {
  const core = new Set<string>([NS.atom10, NS.atom03, '', root.ns]);
  const isEntry = root.local === 'entry';
  const feedLanguage = root.lang ?? cleanText(childText(root, 'language', DC));
  const feedAuthors = isEntry ? [] : authorsOf(root, core);
  const entries = isEntry ? [root] : childrenNamed(root, 'entry', core);
  const version = root.ns === NS.atom10 ? '1.0' : root.ns === NS.atom03 ? '0.3' : (trimmed(root.attrs.version) ?? null);
  return {
    format: 'atom',
    version,
    title: isEntry ? null : textConstruct(child(root, 'title', core)).text,
    link: isEntry ? null : alternateLink(root, core),
    language: feedLanguage,
    ttlSeconds: ttlOf(root, core),
    items: entries.map((entry) => readEntry(entry, core, feedAuthors, feedLanguage, warnings)),
    sitemaps: [],
  };
}

function readEntry(
  entry: XmlElement,
  core: ReadonlySet<string>,
  feedAuthors: string[],
  feedLanguage: string | null,
  warnings: string[],
): DocumentItem {
  const dc = dcDates(entry, warnings);
  const published =
    readDate(childText(entry, 'published', core) ?? childText(entry, 'issued', core) ?? childText(entry, 'created', core), 'date', warnings) ??
    dc.published;
  const updated = readDate(childText(entry, 'updated', core) ?? childText(entry, 'modified', core), 'updated', warnings) ?? dc.updated;
  const summary = textConstruct(child(entry, 'summary', core));
  const content = textConstruct(child(entry, 'content', core));
  const authors = authorsOf(entry, core);
  return {
    guid: trimmed(childText(entry, 'id', core)),
    link: alternateLink(entry, core),
    title: textConstruct(child(entry, 'title', core)).text ?? titleText(childText(entry, 'title', DC)),
    // Atom requires <updated> and makes <published> optional: an entry's date is its first publication
    // when given, else its last update (what readers show, and what rss-parser returned).
    publishedAt: published ?? updated,
    updatedAt: updated,
    authors: authors.length > 0 ? authors : feedAuthors,
    summary: summary.text ?? (content.html ? stripMarkup(content.html) : content.text),
    contentHtml: trimmed(childText(entry, 'encoded', CONTENT)) ?? content.html ?? summary.html,
    categories: unique([
      ...childrenNamed(entry, 'category', core).map((category) => cleanText(category.attrs.term) ?? cleanText(category.attrs.label) ?? cleanText(textContent(category))),
      ...childTexts(entry, 'subject', DC),
    ]),
    image: imageOf(entry),
    language: entry.lang ?? feedLanguage,
  };
}

function authorsOf(element: XmlElement, core: ReadonlySet<string>): string[] {
  return unique([
    ...childrenNamed(element, 'author', core).map((author) => cleanText(childText(author, 'name', core)) ?? cleanText(childText(author, 'email', core))),
    ...childTexts(element, 'creator', DC),
  ]);
}

/**
 * The `rel="alternate"` link (rel defaults to alternate), preferring an HTML one, resolved against the
 * link's xml:base. Without one, the first link that is not about the feed machinery.
 */
function alternateLink(element: XmlElement, core: ReadonlySet<string>): string | null {
  const links = childrenNamed(element, 'link', core).filter((link) => link.attrs.href);
  const alternates = links.filter((link) => (link.attrs.rel?.trim() || 'alternate') === 'alternate');
  const chosen =
    alternates.find((link) => !link.attrs.type || /html/i.test(link.attrs.type)) ??
    alternates[0] ??
    links.find((link) => !/^(?:self|edit|edit-media|enclosure|replies|license|hub|next|previous|first|last)$/.test(link.attrs.rel ?? ''));
  return chosen ? urlOf(chosen, chosen.attrs.href) : null;
}

const XHTML = new Set<string>([NS.xhtml]);

interface TextConstruct {
  text: string | null;
  html: string | null;
}

/**
 * An Atom text construct as plain text and as HTML. RFC 4287 §3.1: type="text" is text, "html" is
 * escaped HTML, "xhtml" is a div of inline XHTML. Atom 0.3 spells these mode="escaped"/"xml"/"base64"
 * with a MIME type.
 */
function textConstruct(element: XmlElement | null): TextConstruct {
  if (!element) return { text: null, html: null };
  const type = (element.attrs.type ?? '').trim().toLowerCase();
  const mode = (element.attrs.mode ?? '').trim().toLowerCase();
  if (element.attrs.src) return { text: null, html: null };
  // RFC 4287 §4.1.3.3: a MIME type that is neither text nor XML means base64-encoded content.
  const binaryType = type.includes('/') && !type.startsWith('text/') && !/[/+]xml$/.test(type);
  if (mode === 'base64' || binaryType) {
    const bytes = Buffer.from(textContent(element), 'base64');
    // Only text is useful here; bytes that are not UTF-8 mean the value was not base64 after all.
    if (isUtf8(bytes)) {
      const decoded = bytes.toString('utf8');
      return { text: titleText(decoded), html: trimmed(decoded) };
    }
  }
  if (type === 'xhtml' || type.includes('xhtml') || mode === 'xml') {
    const div = child(element, 'div', XHTML);
    const html = trimmed(innerXml(div ?? element));
    return { text: stripMarkup(html), html };
  }
  if (type === 'html' || type === 'text/html' || (mode === 'escaped' && type !== 'text' && type !== 'text/plain')) {
    const html = textContent(element);
    return { text: stripMarkup(html), html: trimmed(html) };
  }
  return plain(textContent(element));
}

function plain(text: string): TextConstruct {
  const clean = cleanText(text);
  return { text: clean, html: trimmed(text)?.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') ?? null };
}
