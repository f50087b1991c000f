import { cutText, storableText } from '@polywire/text';
import * as cheerio from 'cheerio';
import { MAX_TITLE_CHARS } from './limits.js';
import { limitNesting } from './nesting.js';

export interface OpmlFeed {
  url: string;
  title: string | null;
  siteUrl: string | null;
  language: string | null;
  /** The enclosing outline's text or the `category` attribute. */
  category: string | null;
}

export class OpmlParseError extends Error {
  override name = 'OpmlParseError';
}

/**
 * Reads the feed outlines of an OPML file once per URL. Outlines nested deeper than MAX_XML_DEPTH (real
 * lists nest two or three levels) are not lost: the deeper levels are ignored as structure (see
 * limitNesting), so their feeds count as children of the outline at the limit and take its category.
 * 50,000 levels blocked the process for 5 s, 100,000 for 23 s before (issue 15).
 */
export function parseOpml(xml: string): OpmlFeed[] {
  const $ = cheerio.load(limitNesting(xml), { xml: true });
  if ($('opml').length === 0) throw new OpmlParseError('not an OPML document: no <opml> element');
  const feeds = new Map<string, OpmlFeed>();
  $('outline[xmlUrl], outline[xmlurl]').each((_, element) => {
    const outline = $(element);
    const attr = (name: string) => storableText(outline.attr(name)?.trim() || outline.attr(name.toLowerCase())?.trim() || null);
    const url = attr('xmlUrl');
    if (!url || feeds.has(url)) return;
    const parent = outline.parent('outline');
    feeds.set(url, {
      url,
      title: titleOf(attr('title') ?? attr('text')),
      siteUrl: attr('htmlUrl'),
      language: attr('language'),
      category: titleOf(attr('category') ?? (parent.length ? storableText(parent.attr('title') ?? parent.attr('text') ?? null) : null)),
    });
  });
  return [...feeds.values()];
}

// What is read is stored as it is (the feeds table): no NUL, and titles and categories of title length.
const titleOf = (value: string | null) => (value === null ? null : cutText(value, MAX_TITLE_CHARS));

/** What `writeOpml` needs of a feed; the shape `parseOpml` returns. */
export interface OpmlFeedEntry {
  url: string;
  title?: string | null;
  siteUrl?: string | null;
  language?: string | null;
  category?: string | null;
}

// Characters XML 1.0 cannot carry at all, even escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes a value for a double-quoted XML attribute; line breaks and tabs survive as references. */
function escapeAttribute(value: string): string {
  return value
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function escapeText(value: string): string {
  return value.replace(XML_INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function feedOutline(feed: OpmlFeedEntry, indent: string): string {
  // OPML requires `text`; an empty one reads back as no title, which keeps the round trip exact.
  const title = feed.title?.trim() || null;
  const attributes: [string, string | null | undefined][] = [
    ['type', 'rss'],
    ['title', title],
    ['xmlUrl', feed.url],
    ['htmlUrl', feed.siteUrl],
    ['language', feed.language],
  ];
  const written = attributes
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '')
    .map(([name, value]) => `${name}="${escapeAttribute(value)}"`);
  return `${indent}<outline text="${escapeAttribute(title ?? '')}" ${written.join(' ')}/>`;
}

/**
 * Writes an OPML 2.0 subscription list: feeds with a category are nested under one outline per
 * category (in first-seen order), the others are at the top level. `parseOpml` reads it back.
 */
export function writeOpml(feeds: readonly OpmlFeedEntry[], options: { title: string; dateCreated?: Date }): string {
  const groups = new Map<string, OpmlFeedEntry[]>();
  const loose: OpmlFeedEntry[] = [];
  for (const feed of feeds) {
    const category = feed.category?.trim();
    if (!category) {
      loose.push(feed);
      continue;
    }
    const group = groups.get(category);
    if (group) group.push(feed);
    else groups.set(category, [feed]);
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeText(options.title)}</title>`,
    `    <dateCreated>${(options.dateCreated ?? new Date()).toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
  ];
  for (const [category, members] of groups) {
    const name = escapeAttribute(category);
    lines.push(`    <outline text="${name}" title="${name}">`);
    for (const feed of members) lines.push(feedOutline(feed, '      '));
    lines.push('    </outline>');
  }
  for (const feed of loose) lines.push(feedOutline(feed, '    '));
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}
