import { cutText, storableText } from '@polywire/text';
import type { DocumentItem, FeedDocument } from './types.js';

/**
 * What one feed may hand on. Every text of a parsed feed reaches per-character work downstream (language
 * detection, fingerprints, story keys) and the database; one item whose title was a single 200,000-letter
 * token blocked an article worker for 25 seconds (issue 15). Texts are cut here, where they enter, and
 * made storable (see storableText): XML documents lose their control characters in readXml, but JSON Feed
 * escapes (\u0000) and character references come through, so every format passes here.
 */

/** A feed's or an item's title: headlines are under 300 characters; anything past 1,000 is not a title. */
export const MAX_TITLE_CHARS = 1_000;
/** An item's summary (plain text): a teaser or a standfirst. The full text travels as contentHtml. */
export const MAX_SUMMARY_CHARS = 10_000;
/** An author's name or a category. */
export const MAX_NAME_CHARS = 500;
/** A date as written: the longest real ones ("Wednesday, 02 October 2002 08:00:00 EST") are under 50. */
export const MAX_DATE_CHARS = 100;

const bounded = (text: string | null, max: number) => (text === null ? null : cutText(storableText(text), max));
const boundedList = (values: string[], max: number) => values.map((value) => cutText(storableText(value), max));

function boundItem(item: DocumentItem): DocumentItem {
  return {
    ...item,
    guid: storableText(item.guid),
    link: storableText(item.link),
    title: bounded(item.title, MAX_TITLE_CHARS),
    authors: boundedList(item.authors, MAX_NAME_CHARS),
    summary: bounded(item.summary, MAX_SUMMARY_CHARS),
    contentHtml: storableText(item.contentHtml),
    categories: boundedList(item.categories, MAX_NAME_CHARS),
    image: storableText(item.image),
    language: bounded(item.language, MAX_NAME_CHARS),
  };
}

/** The document with every text storable and within the limits above, whatever its format. */
export function boundDocument(document: FeedDocument): FeedDocument {
  return {
    ...document,
    version: bounded(document.version, MAX_NAME_CHARS),
    title: bounded(document.title, MAX_TITLE_CHARS),
    link: storableText(document.link),
    language: bounded(document.language, MAX_NAME_CHARS),
    items: document.items.map(boundItem),
    sitemaps: document.sitemaps.map((sitemap) => ({ ...sitemap, url: storableText(sitemap.url) })),
  };
}
