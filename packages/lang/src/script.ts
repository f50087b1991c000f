/** Writing systems the detector tells apart before it looks at n-grams. */
export const Script = {
  None: 0,
  Latin: 1,
  Cyrillic: 2,
  Greek: 3,
  Arabic: 4,
  Hebrew: 5,
  Devanagari: 6,
  Bengali: 7,
  Thai: 8,
  Hangul: 9,
  Kana: 10,
  Han: 11,
  Georgian: 12,
  Armenian: 13,
  Gurmukhi: 14,
  Gujarati: 15,
  Oriya: 16,
  Tamil: 17,
  Telugu: 18,
  Kannada: 19,
  Malayalam: 20,
  Sinhala: 21,
  Lao: 22,
  Tibetan: 23,
  Myanmar: 24,
  Ethiopic: 25,
  Khmer: 26,
  Thaana: 27,
  /** A letter of a script we do not identify. */
  Other: 28,
} as const;
export type Script = (typeof Script)[keyof typeof Script];
export const SCRIPT_COUNT = 29;

/**
 * Scripts that one language writes (among the news languages): the script alone is the answer.
 * Bengali is also Assamese's script and Hebrew also Yiddish's, both rare in news.
 */
export const SINGLE_LANGUAGE_SCRIPTS: ReadonlyMap<Script, string> = new Map<Script, string>([
  [Script.Greek, 'el'],
  [Script.Hebrew, 'he'],
  [Script.Bengali, 'bn'],
  [Script.Thai, 'th'],
  [Script.Hangul, 'ko'],
  [Script.Kana, 'ja'],
  [Script.Georgian, 'ka'],
  [Script.Armenian, 'hy'],
  [Script.Gurmukhi, 'pa'],
  [Script.Gujarati, 'gu'],
  [Script.Oriya, 'or'],
  [Script.Tamil, 'ta'],
  [Script.Telugu, 'te'],
  [Script.Kannada, 'kn'],
  [Script.Malayalam, 'ml'],
  [Script.Sinhala, 'si'],
  [Script.Lao, 'lo'],
  [Script.Tibetan, 'bo'],
  [Script.Myanmar, 'my'],
  [Script.Ethiopic, 'am'],
  [Script.Khmer, 'km'],
]);

const RANGES: [number, number, Script][] = [
  [0x0041, 0x005a, Script.Latin],
  [0x0061, 0x007a, Script.Latin],
  [0x00aa, 0x00aa, Script.Latin],
  [0x00ba, 0x00ba, Script.Latin],
  [0x00c0, 0x024f, Script.Latin],
  [0x0250, 0x02af, Script.Latin],
  [0x0370, 0x03ff, Script.Greek],
  [0x0400, 0x052f, Script.Cyrillic],
  [0x0530, 0x058f, Script.Armenian],
  [0x0590, 0x05ff, Script.Hebrew],
  [0x0600, 0x06ff, Script.Arabic],
  [0x0750, 0x077f, Script.Arabic],
  [0x0780, 0x07bf, Script.Thaana],
  [0x08a0, 0x08ff, Script.Arabic],
  [0x0900, 0x097f, Script.Devanagari],
  [0x0980, 0x09ff, Script.Bengali],
  [0x0a00, 0x0a7f, Script.Gurmukhi],
  [0x0a80, 0x0aff, Script.Gujarati],
  [0x0b00, 0x0b7f, Script.Oriya],
  [0x0b80, 0x0bff, Script.Tamil],
  [0x0c00, 0x0c7f, Script.Telugu],
  [0x0c80, 0x0cff, Script.Kannada],
  [0x0d00, 0x0d7f, Script.Malayalam],
  [0x0d80, 0x0dff, Script.Sinhala],
  [0x0e00, 0x0e7f, Script.Thai],
  [0x0e80, 0x0eff, Script.Lao],
  [0x0f00, 0x0fff, Script.Tibetan],
  [0x1000, 0x109f, Script.Myanmar],
  [0x10a0, 0x10ff, Script.Georgian],
  [0x1100, 0x11ff, Script.Hangul],
  [0x1200, 0x139f, Script.Ethiopic],
  [0x1780, 0x17ff, Script.Khmer],
  [0x1c80, 0x1c8f, Script.Cyrillic],
  [0x1c90, 0x1cbf, Script.Georgian],
  [0x1e00, 0x1eff, Script.Latin],
  [0x1f00, 0x1fff, Script.Greek],
  [0x2c00, 0x2c5f, Script.Other],
  [0x2c60, 0x2c7f, Script.Latin],
  [0x2de0, 0x2dff, Script.Cyrillic],
  [0x2e80, 0x2fdf, Script.Han],
  [0x3005, 0x3007, Script.Han],
  [0x3021, 0x3029, Script.Han],
  [0x3038, 0x303b, Script.Han],
  [0x3041, 0x309f, Script.Kana],
  [0x30a1, 0x30ff, Script.Kana],
  [0x3131, 0x318e, Script.Hangul],
  [0x31f0, 0x31ff, Script.Kana],
  [0x3400, 0x4dbf, Script.Han],
  [0x4e00, 0x9fff, Script.Han],
  [0xa640, 0xa69f, Script.Cyrillic],
  [0xa720, 0xa7ff, Script.Latin],
  [0xac00, 0xd7af, Script.Hangul],
  [0xf900, 0xfaff, Script.Han],
  [0xfb00, 0xfb06, Script.Latin],
  [0xfb1d, 0xfb4f, Script.Hebrew],
  [0xfb50, 0xfdff, Script.Arabic],
  [0xfe70, 0xfeff, Script.Arabic],
  [0xff21, 0xff3a, Script.Latin],
  [0xff41, 0xff5a, Script.Latin],
  [0xff66, 0xff9f, Script.Kana],
  [0xffa0, 0xffdc, Script.Hangul],
];

let bmp: Uint8Array | undefined;
let marks: Uint8Array | undefined;

/**
 * Combining marks (Devanagari vowel signs, Thai tone marks, the dot of Turkish "İ" once lowercased):
 * part of a word, but lingua's models, which keep letters (\p{L}) only, never saw them.
 */
export function isMark(code: number): boolean {
  if (!marks) {
    marks = new Uint8Array(0x10000);
    const mark = /\p{M}/u;
    for (let c = 0; c < 0x10000; c++) if (!(c >= 0xd800 && c <= 0xdfff) && mark.test(String.fromCharCode(c))) marks[c] = 1;
  }
  return code < 0x10000 && marks[code] === 1;
}

/** Script of every letter (and combining mark) of the Basic Multilingual Plane; None for the rest. */
function bmpTable(): Uint8Array {
  if (bmp) return bmp;
  const table = new Uint8Array(0x10000);
  const letter = /[\p{L}\p{M}]/u;
  for (let code = 0; code < 0x10000; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    if (letter.test(String.fromCharCode(code))) table[code] = Script.Other;
  }
  for (const [from, to, script] of RANGES) {
    for (let code = from; code <= to; code++) if (table[code] !== Script.None) table[code] = script;
  }
  bmp = table;
  return table;
}

/** The script of a letter, Script.None for anything that is not a letter (digits, punctuation, emoji). */
export function scriptOf(code: number): Script {
  if (code < 0x10000) return bmpTable()[code]! as Script;
  if (code >= 0x20000 && code <= 0x3ffff) return Script.Han;
  if (code >= 0x1b000 && code <= 0x1b16f) return Script.Kana;
  return Script.None;
}
