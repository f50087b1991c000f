/** Text measures that work across scripts. */

/** Han ideographs and kana: one character carries about as much as a short English word. */
const HAN_KANA = /[\u2E80-\u2FDF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F]/g;
/** Hangul syllables: Korean separates words by spaces, but a syllable is about two Latin letters. */
const HANGUL = /[\uAC00-\uD7AF]/g;
const WIDE = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF66-\uFF9F]/;

/**
 * The length of a text in Latin-letter equivalents. Chinese and Japanese are not written with spaces and
 * pack a word into one or two characters, so thresholds counted in characters (a paragraph has at least
 * 80 of them) would otherwise reject their paragraphs; Thai letters are alphabetic and count once.
 */
export function weightedLength(text: string): number {
  if (!WIDE.test(text)) return text.length;
  const hanKana = text.match(HAN_KANA)?.length ?? 0;
  const hangul = text.match(HANGUL)?.length ?? 0;
  return text.length + 2 * hanKana + hangul;
}

/** Commas in Latin, Arabic, Chinese and Japanese writing (the ideographic comma included). */
const COMMAS = /[,\u060C\uFE50\uFE10\uFE11\u2E41\u2E34\u2E32\uFF0C\u3001]/g;
export const countCommas = (text: string): number => text.match(COMMAS)?.length ?? 0;

/** Sentence ends in the same scripts (a paragraph usually has one; a menu label never). */
export const SENTENCE_END = /[.!?;:\u3002\uFF01\uFF1F\u061F\u06D4\u0964\u104B]["'”’»)\]]*(\s|$)/u;

/** C0 and C1 control characters (tab, line feed and the like aside) and U+FFFD. */
const isUnreadable = (code: number) => code < 0x09 || (code > 0x0d && code < 0x20) || (code >= 0x7f && code <= 0x9f) || code === 0xfffd;

/**
 * Text that is mostly readable: not binary data decoded as characters, which is full of control
 * characters and replacement characters (more than 1 in 20 here).
 */
export function isReadable(text: string): boolean {
  let unreadable = 0;
  for (let index = 0; index < text.length; index++) if (isUnreadable(text.charCodeAt(index))) unreadable++;
  return unreadable * 20 <= text.length;
}
