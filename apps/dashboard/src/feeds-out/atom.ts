import type { OutEntry, OutFeed } from './model.js';
import { GENERATOR } from './model.js';
import { escapeXmlAttribute, xmlElement } from './xml.js';

// Atom 1.0 (RFC 4287). Section numbers below are the RFC's.

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

/** Date constructs are RFC 3339 date-times (§3.3); `toISOString` writes UTC with milliseconds. */
const date = (value: Date) => value.toISOString();

function entry(item: OutEntry): string {
  const parts = [
    // The entry's language, for its title, summary and content (xml:lang, §2; atomCommonAttributes).
    `<entry${item.language ? ` xml:lang="${escapeXmlAttribute(item.language)}"` : ''}>`,
    // id, title and updated are required once each (§4.1.2).
    xmlElement('id', {}, item.id),
    xmlElement('title', { type: 'text' }, item.title),
    xmlElement('updated', {}, date(item.updated)),
    item.published ? xmlElement('published', {}, date(item.published)) : '',
    // An entry without content needs an alternate link (§4.1.1.1 and §4.1.2).
    xmlElement('link', { rel: 'alternate', type: 'text/html', href: item.url }),
    ...item.authors.map((name) => `<author>${xmlElement('name', {}, name)}</author>`),
    ...item.tags.map((term) => xmlElement('category', { term })),
    item.summary ? xmlElement('summary', { type: 'text' }, item.summary) : '',
    // HTML content is escaped text (§3.1.1.2), so a hostile fragment stays text to an XML parser.
    item.contentHtml ? xmlElement('content', { type: 'html' }, item.contentHtml) : '',
    item.image ? xmlElement('link', { rel: 'enclosure', href: item.image }) : '',
    '</entry>',
  ];
  return parts.join('');
}

/** An Atom feed document (§4.1.1), UTF-8. */
export function renderAtom(feed: OutFeed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    xmlElement('id', {}, feed.id),
    xmlElement('title', { type: 'text' }, feed.title),
    xmlElement('updated', {}, date(feed.updated)),
    // A feed needs an author unless every entry has one (§4.1.1); ours vouches for all of them.
    `<author>${xmlElement('name', {}, GENERATOR.name)}</author>`,
    // The feed's own address (§4.2.7.2 "self") and the same list as a page ("alternate").
    xmlElement('link', { rel: 'self', type: 'application/atom+xml', href: feed.selfUrl }),
    xmlElement('link', { rel: 'alternate', type: 'text/html', href: feed.homeUrl }),
    xmlElement('generator', { uri: GENERATOR.uri }, GENERATOR.name),
    ...feed.entries.map(entry),
    '</feed>\n',
  ].join('');
}
