/**
 * Text as the pipeline hands it on: cut to a limit without breaking a character, storable in PostgreSQL,
 * white space collapsed. Every stage that takes text from outside (feeds, pages, language detection,
 * fingerprints) bounds it where it enters (issue 15) and uses these, so a cut or a clean-up means the same
 * everywhere.
 */

/** The first `max` UTF-16 units of a text, one fewer when the cut would split a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

// PostgreSQL text and jsonb cannot hold U+0000 (the insert fails, issue 15: a JSON Feed title with one NUL
// left its feed failing forever with no error recorded), and a surrogate without its pair is no character
// in UTF-8. JSON escapes (`\u0000`), character references and pages decoded from stray bytes carry them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point.
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A text a database can store: NULs removed, unpaired surrogates replaced by U+FFFD. */
export function storableText(text: string): string;
export function storableText(text: string | null): string | null;
export function storableText(text: string | null): string | null {
  if (text === null) return null;
  return text.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

// Every white space but U+3000, the ideographic space: Japanese and Chinese headlines separate phrases
// with it ("東京　新駅が開業"), one full-width cell that an ASCII space would change (issue 15).
const COLLAPSIBLE_SPACE = /[^\S\u3000]+/g;

/**
 * White space collapsed to single spaces and trimmed (non-breaking and other Unicode spaces included),
 * except ideographic spaces inside the text, which are kept as written.
 */
export const collapseWhitespace = (text: string): string => text.replace(COLLAPSIBLE_SPACE, ' ').trim();
