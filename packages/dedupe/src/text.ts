import { createHash } from 'node:crypto';
import { cutText } from '@polywire/text';
import { MAX_TITLE_CHARS } from './limits.js';

// Case folding beyond toLowerCase (which is locale-independent in JS): the full folds that matter in
// news text. `İ`.toLowerCase() is `i` + U+0307, whose dot is dropped so Turkish and other text meet.
const FOLDS: Record<string, string> = { ß: 'ss', ẞ: 'ss', ς: 'σ', ſ: 's', '\u0307': '' };
const FOLD_PATTERN = /ß|ẞ|ς|ſ|\u0307/g;
// Anything that is not a letter, a mark (Devanagari, Thai vowel signs) or a digit separates words.
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/gu;

/**
 * Text as compared for duplicates: NFKC (full-width forms, ligatures, compatibility digits), lowercase
 * with locale-independent folding, every run of punctuation, symbols and white space collapsed to one
 * space, digits kept.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(FOLD_PATTERN, (char) => FOLDS[char] ?? char)
    .replace(SEPARATORS, ' ')
    .trim();
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** sha-256 hex of the normalized text: exact duplicates whatever their spacing and punctuation. */
export function contentHash(text: string): string {
  return sha256(normalizeText(text));
}

// " | Site", " - Site", " – Site", " — Site", " :: Site", " · Site", " • Site", " « Site", " / Site". Tried only
// where a run of white space starts: from every position of a long run, the cost was the run's square.
const TITLE_SEPARATOR = /(?<!\s)\s+(?:[|–—·•«»/]|-|::)\s+/g;

/**
 * A title (its first MAX_TITLE_CHARS characters) as compared within one source: the site's name removed — the given `siteName` at either
 * end, or else a short last part after a separator (" | Le Monde", " - BBC News") — then normalized.
 * The last part is taken as the site only when it is short (at most 4 words, 40 characters) and
 * shorter than what stays, so "Brexit - what happens next" keeps its "what happens next".
 */
export function normalizeTitle(title: string, siteName?: string | null): string {
  let text = cutText(title, MAX_TITLE_CHARS).normalize('NFKC').trim();
  const site = siteName ? normalizeText(cutText(siteName, MAX_TITLE_CHARS)) : '';
  const parts: { text: string; start: number; end: number }[] = [];
  let last = 0;
  for (const match of text.matchAll(TITLE_SEPARATOR)) {
    parts.push({ text: text.slice(last, match.index), start: last, end: match.index });
    last = match.index + match[0].length;
  }
  parts.push({ text: text.slice(last), start: last, end: text.length });
  if (parts.length > 1) {
    const first = parts[0]!;
    const final = parts[parts.length - 1]!;
    if (site && normalizeText(final.text) === site) text = text.slice(0, parts[parts.length - 2]!.end);
    else if (site && normalizeText(first.text) === site) text = text.slice(parts[1]!.start);
    else if (!site) {
      const words = final.text.trim().split(/\s+/).length;
      const rest = text.slice(0, parts[parts.length - 2]!.end);
      if (words <= 4 && final.text.length <= 40 && final.text.length < rest.length) text = rest;
    }
  }
  return normalizeText(text);
}

/** sha-256 hex of the normalized title (see `normalizeTitle`). */
export function titleHash(title: string, siteName?: string | null): string {
  return sha256(normalizeTitle(title, siteName));
}
