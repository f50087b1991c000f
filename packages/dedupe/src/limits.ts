/**
 * How much of an article the fingerprints and story keys read. Every step here costs time per character,
 * and one feed item whose title was a single 200,000-letter token blocked an article worker for 25
 * seconds (issue 15), long enough for BullMQ to take every other job in flight for stalled. The
 * patterns are linear now; these bounds keep the cost of one article flat whatever a page or feed sends.
 */

/** A title is read up to here: headlines are under 300 characters, page titles with their site under 600. */
export const MAX_TITLE_CHARS = 1_000;
/**
 * An article's text is read up to here (about 15,000 words): long enough for any news article, so two
 * copies differ within it; a transcript or a data dump longer than this is compared by its start.
 */
export const MAX_TEXT_CHARS = 100_000;

