import type { OutEntry, OutFeed } from './model.js';
import { GENERATOR } from './model.js';

// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Sections named below are that document's.

export const JSON_FEED_CONTENT_TYPE = 'application/feed+json; charset=utf-8';

// A surrogate without its pair is valid in a JSON string only as an escape, and strict decoders
// (Go's, Rust's serde) refuse to read one: it goes, as it does from the Atom feeds.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const clean = (text: string) => text.replace(LONE_SURROGATE, '');
const cleanOrUndefined = (text: string | null) => (text === null ? undefined : clean(text));

/** An item (section Items): `id` is required, and one of content_html or content_text. */
function item(entry: OutEntry) {
  return {
    id: clean(entry.id),
    url: clean(entry.url),
    title: clean(entry.title),
    ...(entry.contentHtml ? { content_html: clean(entry.contentHtml) } : { content_text: clean(entry.summary ?? entry.title) }),
    summary: cleanOrUndefined(entry.summary),
    image: cleanOrUndefined(entry.image),
    // Dates are RFC 3339.
    date_published: entry.published?.toISOString(),
    date_modified: entry.updated.toISOString(),
    authors: entry.authors.length ? entry.authors.map((name) => ({ name: clean(name) })) : undefined,
    tags: entry.tags.length ? entry.tags.map(clean) : undefined,
    // New in 1.1: the item's own language (an RFC 5646 tag).
    language: entry.language ?? undefined,
  };
}

/** A JSON Feed 1.1 document (section Top-level), as text; fields without a value are left out. */
export function renderJsonFeed(feed: OutFeed): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: clean(feed.title),
    home_page_url: clean(feed.homeUrl),
    feed_url: clean(feed.selfUrl),
    authors: [{ name: GENERATOR.name, url: GENERATOR.uri }],
    items: feed.entries.map(item),
  });
}
