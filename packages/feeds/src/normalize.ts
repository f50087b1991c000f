import { collapseWhitespace } from '@polywire/text';
import { decodeHTML } from 'entities';
import { parseFeedDate } from './dates.js';
import { itemKeys } from './keys.js';
import { MAX_DATE_CHARS } from './limits.js';
import type { FeedDocument, FeedItem, ParsedFeed } from './types.js';

/**
 * Trimmed text with runs of white space collapsed to one space; ideographic spaces inside the text are
 * kept as written (see collapseWhitespace). Null for nothing.
 */
export function cleanText(value: string | null | undefined): string | null {
  if (value == null) return null;
  const text = collapseWhitespace(value);
  return text === '' ? null : text;
}

/** Trimmed but otherwise untouched (HTML bodies, identifiers); null for nothing. */
export function trimmed(value: string | null | undefined): string | null {
  if (value == null) return null;
  const text = value.trim();
  return text === '' ? null : text;
}

// Linear on any input: a tag's attributes stop at the next `<` (with `[^>]*`, every `<p` of "<p<p<p…"
// scanned to the end of the text), and a comment, script or style left open runs to the end of the
// fragment, as in a browser (waiting for a close that never comes rescanned the rest from every opener).
const BLOCK_TAG = /<\/?(?:p|div|br|h[1-6]|li|ul|ol|blockquote|section|article|table|tr|td|th|pre|hr)\b[^<>]*>/gi;
const TAG = /<\/?[A-Za-z][^<>]*>|<!--[\s\S]*?(?:-->|$)/g;
const SCRIPT_OR_STYLE = /<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;

/**
 * The visible text of a feed field written in HTML (a description, an HTML title), on one line: scripts,
 * styles, comments and tags removed (a block tag leaves a space), entities decoded, white space collapsed;
 * null for nothing. Regular expressions, no parser: linear on any input and cheap for every item of every
 * feed. The article pipeline's htmlToText (@polywire/extract) parses instead and keeps one block per line.
 */
export function stripMarkup(html: string | null | undefined): string | null {
  if (html == null) return null;
  if (!html.includes('<') && !html.includes('&')) return cleanText(html);
  const text = html.replace(SCRIPT_OR_STYLE, ' ').replace(BLOCK_TAG, ' ').replace(TAG, '');
  return cleanText(decodeHTML(text));
}

// Markup a title was written in: a tag, or an entity left after XML decoding (double-escaped text).
const LOOKS_LIKE_HTML = /<\/?[A-Za-z][^<>]*>|&(?:#\d+|#x[\da-f]+|[a-z][\da-z]*);/i;

/**
 * A title that may carry HTML. RSS does not say whether `<title>` is text or HTML, and publishers
 * send both (escaped `<b>` tags, `&amp;amp;`), so readers treat text that looks like markup as HTML
 * (feedparser does the same); a lone `<` or `&` in plain text is left alone.
 */
export function titleText(value: string | null | undefined): string | null {
  if (value == null) return null;
  return LOOKS_LIKE_HTML.test(value) ? stripMarkup(value) : cleanText(value);
}

const DAY_MS = 24 * 3600 * 1000;

/** A date, or null with a warning: a broken date loses the date, never the item. */
export function readDate(value: string | null | undefined, field: string, warnings: string[]): Date | null {
  const raw = trimmed(value);
  if (!raw) return null;
  const date = raw.length <= MAX_DATE_CHARS ? parseFeedDate(raw) : null;
  if (!date) {
    warnings.push(`unparseable ${field} "${raw.slice(0, 64)}"`);
    return null;
  }
  // Placeholder dates (0001-01-01, 1970-01-01) and far-future ones are as good as none.
  if (date.getUTCFullYear() < 1971 || date.getTime() > Date.now() + 7 * DAY_MS) {
    warnings.push(`implausible ${field} "${raw.slice(0, 64)}"`);
    return null;
  }
  return date;
}

/** `jane@example.com (Jane Doe)` → `Jane Doe`: RSS 2.0 puts an email first, readers show the name. */
export function authorName(value: string | null | undefined): string | null {
  const text = cleanText(value);
  if (!text) return null;
  const named = /^[^\s@()]+@[^\s@()]+\s*\((.+)\)$/.exec(text);
  return named?.[1]?.trim() || text;
}

export function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

/**
 * Assigns each item its key and drops the items that have none (no GUID and no link): the worker
 * could neither recognise them again nor fetch them.
 */
export function finishFeed(document: FeedDocument, warnings: string[]): ParsedFeed {
  const keys = itemKeys(document.items);
  const items: FeedItem[] = [];
  document.items.forEach((item, index) => {
    const key = keys[index];
    if (!key) {
      warnings.push(`item "${item.title ?? '(untitled)'}" has neither guid nor link: skipped`);
      return;
    }
    items.push({ key, ...item });
  });
  return { ...document, items, warnings };
}
