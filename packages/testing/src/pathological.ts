/*
 * Pathological text, as a feed item or a page can carry it (issue 15: one title of a single
 * 200,000-letter token blocked a worker for 25 s). The same text reaches every stage (feed parsing,
 * extraction, language detection, fingerprints), so every stage is tested with all of them: a shape found
 * to hurt one stage is tried on the others.
 */

/** How long the texts are: about 200 KB to 1 MB each, more than any stage keeps. */
export const PATHOLOGICAL_LENGTH = 200_000;

/**
 * How long a stage may take on one of them. It catches a cost that grows with the square of the input
 * (minutes at these sizes), measures nothing finer, and is generous for a slow, loaded machine.
 */
export const PATHOLOGICAL_LIMIT_MS = 5_000;

const LONG = PATHOLOGICAL_LENGTH;

/**
 * Long tokens in many scripts, runs of separators, marks and punctuation, digits and dates, addresses,
 * markup without an end, by name. Plain text: a test escapes it for the format it builds (XML, JSON,
 * HTML attributes).
 */
export const PATHOLOGICAL_TEXTS: Readonly<Record<string, string>> = {
  'latin token': 'a'.repeat(LONG),
  'capitalized token': `A${'b'.repeat(LONG)}`,
  'cyrillic token': 'ж'.repeat(LONG),
  'greek token': 'λ'.repeat(LONG),
  'han token': '中'.repeat(LONG),
  'thai token': 'ก'.repeat(LONG),
  'arabic token': 'ب'.repeat(LONG),
  'arabic marks then a vowel letter': `ب${'\u064f'.repeat(LONG)}و`,
  'hangul token': '한'.repeat(LONG),
  'devanagari with marks': 'कि'.repeat(LONG / 2),
  'emoji (surrogate pairs)': '😀'.repeat(LONG),
  'combining marks': `e${'\u0301'.repeat(LONG)}`,
  'mixed scripts': 'aж中1.λก'.repeat(LONG / 7),

  'digits then a letter': `${'1'.repeat(LONG)}a`,
  'arabic-indic digits': '٣'.repeat(LONG),
  'digit groups then a letter': `1${',000'.repeat(LONG / 4)}a`,
  'fraction of zeros': `1.${'0'.repeat(LONG)}5`,
  'day then letters': `1 ${'a'.repeat(LONG)}`,
  'a date of digits': '2'.repeat(LONG),
  'a padded date': `Mon, 01 Jan 2024 10:00:00${' '.repeat(LONG)}GMT`,
  'dates': 'March 5, 2024 '.repeat(LONG / 14),
  'many dates': '15 March 2024, '.repeat(LONG / 15),

  'spaces': `a${' '.repeat(LONG)}b`,
  'leading spaces': ` ${' '.repeat(LONG)}a`,
  'ideographic spaces': `東${'\u3000'.repeat(LONG)}京`,
  'pipes and spaces': ' | '.repeat(LONG / 3),
  'repeated title separators': 'News | '.repeat(LONG / 7),
  'dashes then a letter': `${'-'.repeat(LONG)}a`,
  'dashes between words': `Word ${'-'.repeat(LONG)} x`,
  'slashes then a letter': `${'/'.repeat(LONG)}a`,
  'dots': '.'.repeat(LONG),
  'dots then a letter': `Abc${'.'.repeat(LONG)}x`,
  'letters and dots': 'ж.'.repeat(LONG / 2),
  'apostrophes then a letter': `Abc${"'".repeat(LONG)}x`,
  'punctuation': '.,;:!?'.repeat(LONG / 6),

  'at signs': '@'.repeat(LONG),
  'letters and at signs': 'ж@'.repeat(LONG / 2),
  'an address-like token': `a@${'b'.repeat(LONG)}`,
  'an e-mail without a name': `${'a'.repeat(LONG)}@${'b'.repeat(LONG)}`,
  'URL-like tokens': 'www.a'.repeat(LONG / 5),
  'hashtags': '#a'.repeat(LONG / 2),

  'tags without an end': '<p'.repeat(LONG / 5),
  'comments without an end': '<!--'.repeat(LONG / 7),
  'scripts without an end': '<script>'.repeat(LONG / 14),
  'escaped entities': '&amp;'.repeat(LONG / 9),

  'many words': 'the government said on monday '.repeat(LONG / 30),
  'many names': 'Vladimir Zelensky met Emmanuel Macron in Paris. '.repeat(LONG / 48),
  'one long line of words': 'word '.repeat(LONG),
  'many short lines': 'Line\n'.repeat(LONG / 5),
};

/** A character that is half of a surrogate pair without the other half: no character in UTF-8. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What `work` returned and how many milliseconds it took. */
export function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}
