import { storableText } from '@polywire/text';
import { authorName, cleanText, readDate, stripMarkup, trimmed, unique } from './normalize.js';
import { type DocumentItem, type FeedDocument, FeedParseError } from './types.js';
import { resolveUrl } from './xml.js';

/** JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/). */
export function readJsonFeed(json: string, warnings: string[]): FeedDocument {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    // V8 quotes the text around the error, NULs included.
    throw new FeedParseError(`not a feed: invalid JSON (${storableText((error as Error).message)})`);
  }
  if (!isObject(data) || !(String(data.version ?? '').includes('jsonfeed.org') || Array.isArray(data.items))) {
    throw new FeedParseError('not a feed: JSON without a JSON Feed "version" or "items"');
  }
  const version = /version\/([\d.]+)/.exec(String(data.version ?? ''))?.[1] ?? null;
  const link = str(data.home_page_url);
  const language = cleanText(str(data.language));
  const feedAuthors = authorsOf(data);
  const items: DocumentItem[] = [];
  for (const entry of Array.isArray(data.items) ? data.items : []) {
    if (!isObject(entry)) {
      warnings.push('JSON Feed item is not an object: skipped');
      continue;
    }
    // The spec says id is a string, but numbers are common; it is the item's identity either way.
    const id = typeof entry.id === 'number' ? String(entry.id) : str(entry.id);
    const url = str(entry.url) ?? str(entry.external_url);
    const html = trimmed(str(entry.content_html));
    const text = trimmed(str(entry.content_text));
    const authors = authorsOf(entry);
    items.push({
      guid: trimmed(id),
      link: url ? (resolveUrl(url, link) ?? url) : null,
      title: cleanText(str(entry.title)),
      publishedAt: readDate(str(entry.date_published), 'date', warnings) ?? readDate(str(entry.date_modified), 'updated', warnings),
      updatedAt: readDate(str(entry.date_modified), 'updated', warnings),
      authors: authors.length > 0 ? authors : feedAuthors,
      summary: cleanText(str(entry.summary)) ?? (text ? cleanText(text) : stripMarkup(html)),
      contentHtml: html ?? (text ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;') : null),
      categories: unique(Array.isArray(entry.tags) ? entry.tags.map((tag) => cleanText(str(tag))) : []),
      image: str(entry.image) ?? str(entry.banner_image),
      language: cleanText(str(entry.language)) ?? language,
    });
  }
  return { format: 'json', version, title: cleanText(str(data.title)), link, language, ttlSeconds: null, items, sitemaps: [] };
}

function authorsOf(holder: Record<string, unknown>): string[] {
  // 1.1 has an `authors` array; 1.0's single `author` is deprecated but still everywhere.
  const list = Array.isArray(holder.authors) ? holder.authors : holder.author ? [holder.author] : [];
  return unique(list.map((author) => (isObject(author) ? authorName(str(author.name)) : null)));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
