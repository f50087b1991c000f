import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

/**
 * Country names in every language CLDR-derived i18n-iso-countries carries (78: Deutschland, Германия,
 * ドイツ, 德国, ألمانيا, גרמניה, 독일 …), found in text and keyed by ISO code (`c:DE`), and the names of
 * cities by their time zone (`c:@Asia/Tokyo`: Tokyo, 東京, Токио, طوكيو; see cityCodes), so articles in
 * different scripts meet on the places they report.
 *
 * Spaced scripts are matched word by word, exactly: inflected forms (Германии, Německu) are not
 * matched, since stems of country names are personal names too often (George, Georgia; the replay in
 * eval:stories lost 17 points of precision to such joins). In cased scripts the word must be
 * capitalized, so a name that is an ordinary word elsewhere (Mali, "small" in Croatian) stays out unless
 * written as a name. Arabic and Hebrew attach conjunctions, prepositions and the article to the
 * word (والصين, בישראל): up to two of those letters are tried off its start. Scripts written without
 * spaces (Chinese, Japanese, Korean particles, Thai, Khmer…) are matched inside the run.
 */

/** Most words one name has ("Koreya Ta Arewa", "Spojené státy americké"); longer official names are left out. */
const MAX_NAME_WORDS = 3;
/**
 * Shorter names in cased scripts are ordinary words somewhere, and any word is capitalized at a
 * sentence's start (Hausa "Sin" is China, Spanish "Sin embargo" is not): they count only written in
 * capitals, as abbreviations (USA, UK, США).
 */
const MIN_NAME_LETTERS = 4;
const CASED = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Georgian}]/u;
const UNSPACED_SCRIPTS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}\\p{Script=Tibetan}';
const UNSPACED = new RegExp(`[${UNSPACED_SCRIPTS}]`, 'u');
const UNSPACED_RUN = new RegExp(`[${UNSPACED_SCRIPTS}ー]+`, 'gu');
const WORD = /[\p{L}\p{M}'’-]+/gu;
/** Arabic (و ف ب ل ك, ال) and Hebrew (ו ה ב ל מ ש כ) proclitics. */
const PROCLITIC = /^(?:[وفبلك]?ال|[وفبلك]{1,2}|[והבלמשכ]{1,2})/u;

interface SpacedName {
  code: string;
  /** The words after the first (lowercase). */
  rest: string[];
}

interface PlaceIndex {
  /** First word (lowercase) → the names starting with it. */
  spaced: Map<string, SpacedName[]>;
  /** Names of fewer than MIN_NAME_LETTERS letters in a cased script, written in capitals (USA, UK, США, КНДР) → code. */
  capitals: Map<string, string>;
  /** First character → unspaced-script names starting with it, longest first. */
  unspaced: Map<string, { name: string; code: string }[]>;
}

let index: PlaceIndex | undefined;

/**
 * Languages whose CLDR territory names (long and short: "アメリカ合衆国" and "アメリカ", "США") are read
 * from the runtime's Intl.DisplayNames, besides i18n-iso-countries' own 78 with their aliases. A language
 * the runtime lacks falls back to one it has, which only repeats names.
 */
const CLDR_LANGUAGES = (
  'af am ar as az be bg bn bo br bs ca cs cy da de dz el en eo es et eu fa ff fi fil fo fr fy ga gd gl gu ha he hi hr hu hy ' +
  'id ig is it ja jv ka kk km kn ko ks ku ky lb lo lt lv mg mi mk ml mn mr ms mt my nb ne nl nn no om or pa pl ps pt qu rm ro ru ' +
  'rw sa sd si sk sl so sq sr sr-Latn su sv sw ta te tg th ti tk to tr tt ug uk ur uz vi wo xh yo zh zh-Hant zu'
).split(' ');
/** Codes CLDR names that are no country but are reported on like one. */
const EXTRA_CODES = ['EU', 'UN'];

/** Names from both sources, before ambiguity is resolved: name (lowercase) → codes, by how the name was written. */
interface Claims {
  /** A whole name ("Deutschland", "USA"). */
  whole: Map<string, Set<string>>;
  /** Part of a longer one: before its comma ("USA, mindre, utenforliggende øyer") or in its parenthesis ("Гвиана (Франция)"). */
  part: Map<string, Set<string>>;
  /** How each name is written (the capitals of an abbreviation matter). */
  written: Map<string, string>;
}

/**
 * A name keys one country only. Where names collide, a whole name beats a part of another country's
 * name ("USA" is the United States, not the islands of "USA, mindre, …"; "Франция" is France, not French
 * Guiana's "Гвиана (Франция)"), and a name two countries claim alike ("Virgin Islands") keys neither.
 */
function claimedCodes(claims: Claims): Map<string, string> {
  const codes = new Map<string, string>();
  for (const name of new Set([...claims.whole.keys(), ...claims.part.keys()])) {
    const claimants = claims.whole.get(name) ?? claims.part.get(name)!;
    if (claimants.size === 1) codes.set(name, [...claimants][0]!);
  }
  return codes;
}

/**
 * Cities by their time zone (`Asia/Tokyo`): CLDR names each zone by its exemplar city in every language
 * (東京, Токио, طوكيو, 도쿄; cldr-dates-full), which covers the capitals and the large cities of every
 * country. Zones of three parts (America/Indiana/Knox, America/North_Dakota/Center) name small towns
 * whose names are ordinary words, and are left out; a name a country has (Singapore, Kuwait, Panama)
 * stays the country's; a name two zones share keys neither.
 */
function cityCodes(countryNames: ReadonlySet<string>): Map<string, string> {
  const require = createRequire(import.meta.url);
  const zones = Intl.supportedValuesOf('timeZone').filter((zone) => zone.split('/').length === 2 && !zone.startsWith('Etc/'));
  const claims = new Map<string, Set<string>>();
  const claim = (zone: string, written: string | undefined) => {
    const name = written?.normalize('NFKC').toLowerCase().trim();
    if (!name || name.length < 2 || countryNames.has(name)) return;
    claims.set(name, (claims.get(name) ?? new Set()).add(`@${zone}`));
  };
  for (const zone of zones) claim(zone, zone.split('/')[1]!.replace(/_/g, ' '));
  for (const language of CLDR_LANGUAGES) {
    let names: Record<string, Record<string, { exemplarCity?: string }>>;
    try {
      // Read, not required: require would keep every language's whole file (time zone names too) in its cache.
      const file = require.resolve(`cldr-dates-full/main/${language}/timeZoneNames.json`);
      names = JSON.parse(readFileSync(file, 'utf8')).main[language].dates.timeZoneNames.zone;
    } catch {
      continue;
    }
    for (const zone of zones) {
      const [area, city] = zone.split('/');
      claim(zone, names[area!]?.[city!]?.exemplarCity);
    }
  }
  const codes = new Map<string, string>();
  for (const [name, zones] of claims) if (zones.size === 1) codes.set(name, [...zones][0]!);
  return codes;
}

function buildIndex(): PlaceIndex {
  const require = createRequire(import.meta.url);
  const claims: Claims = { whole: new Map(), part: new Map(), written: new Map() };
  const claim = (code: string, written: string, whole: boolean) => {
    const name = written.toLowerCase();
    if (name.length < 2) return;
    const table = whole ? claims.whole : claims.part;
    table.set(name, (table.get(name) ?? new Set()).add(code));
    if (!claims.written.has(name) || written === written.toUpperCase()) claims.written.set(name, written);
  };
  const claimAll = (code: string, full: string) => {
    // "КНР (Китайская Народная Республика)": both are names; "Virgin Islands, British": the part before
    // the comma is one. Dots of abbreviations go ("U.S.A." is USA).
    const normalized = full.normalize('NFKC').replace(/(?<=\p{Lu})\.(?=\p{Lu}|$|\s)/gu, '').trim();
    const [outside, inside] = normalized.split(/[()]/u).map((part) => part.trim());
    if (outside) claim(code, outside.split(',')[0]!.trim(), outside === normalized && !outside.includes(','));
    if (inside) claim(code, inside.split(',')[0]!.trim(), false);
  };
  for (const language of countries.getSupportedLanguages()) {
    countries.registerLocale(require(`i18n-iso-countries/langs/${language}.json`));
    for (const [code, names] of Object.entries(countries.getNames(language, { select: 'all' }))) for (const full of names as string[]) claimAll(code, full);
  }
  const codes = [...Object.keys(countries.getAlpha2Codes()), ...EXTRA_CODES];
  for (const language of CLDR_LANGUAGES) {
    for (const style of ['long', 'short'] as const) {
      let names: Intl.DisplayNames;
      try {
        names = new Intl.DisplayNames([language], { type: 'region', style, fallback: 'none' });
      } catch {
        continue;
      }
      for (const code of codes) {
        const name = names.of(code);
        if (name) claimAll(code, name);
      }
    }
  }

  const places = claimedCodes(claims);
  for (const [name, code] of cityCodes(new Set([...claims.whole.keys(), ...claims.part.keys()]))) places.set(name, code);

  const index: PlaceIndex = { spaced: new Map(), capitals: new Map(), unspaced: new Map() };
  for (const [name, code] of places) {
    if (UNSPACED.test(name) && !/\s/u.test(name)) {
      index.unspaced.set(name[0]!, [...(index.unspaced.get(name[0]!) ?? []), { name, code }]);
      continue;
    }
    const words = name.match(WORD) ?? [];
    if (words.length === 0 || words.length > MAX_NAME_WORDS) continue;
    if (CASED.test(name) && words.join('').length < MIN_NAME_LETTERS) {
      // Cities have no abbreviations: a short city name in a cased script is left out.
      const written = claims.written.get(name);
      if (written && words.length === 1 && written === written.toUpperCase()) index.capitals.set(written, code);
      continue;
    }
    const [first, ...rest] = words;
    index.spaced.set(first!, [...(index.spaced.get(first!) ?? []), { code, rest }]);
  }
  for (const list of index.unspaced.values()) list.sort((a, b) => b.name.length - a.name.length);
  return index;
}

/**
 * The forms of a word a name may start: itself; before an apostrophe ("China's", Turkish "Almanya'nın");
 * and without its proclitic letters in Arabic or Hebrew (one, then all).
 */
export function lookupForms(word: string): string[] {
  const forms = new Set([word]);
  const beforeApostrophe = word.split(/['’]/u)[0]!;
  if (beforeApostrophe.length >= 2) forms.add(beforeApostrophe);
  const proclitic = PROCLITIC.exec(word)?.[0] ?? '';
  for (let length = 1; length <= proclitic.length; length++) if (word.length - length >= 2) forms.add(word.slice(length));
  return [...forms];
}

const KATAKANA = /[\p{Script=Katakana}ー]/u;
/**
 * Katakana writes loanwords as well as names, run together: a katakana name must be the whole katakana
 * word ("タイ" is Thailand, not the end of "ネクタイ", a necktie). The dot ・ between a name's parts ends a word.
 */
function insideKatakanaWord(run: string, at: number, name: string): boolean {
  if (!KATAKANA.test(name[0]!) || !KATAKANA.test(name.at(-1)!)) return false;
  return KATAKANA.test(run[at - 1] ?? '') || KATAKANA.test(run[at + name.length] ?? '');
}

/** "U.S.", "U.N." written as the abbreviations US, UN. */
export const undotAbbreviations = (text: string) => text.replace(/(?<![\p{L}.])(?:\p{Lu}\.){2,}/gu, (dotted) => dotted.replace(/\./g, ''));

/** Adds `c:<ISO 3166-1 alpha-2>` for every country `text` names and `c:@<time zone>` for every city (see the module comment). */
export function addCountries(text: string, keys: Set<string>): void {
  index ??= buildIndex();
  const { spaced, capitals, unspaced } = index;
  for (const [run] of text.matchAll(UNSPACED_RUN)) {
    const lower = run.toLowerCase();
    for (let at = 0; at < lower.length; at++) {
      const found = unspaced.get(lower[at]!)?.find((entry) => lower.startsWith(entry.name, at) && !insideKatakanaWord(lower, at, entry.name));
      if (found) {
        keys.add(`c:${found.code}`);
        at += found.name.length - 1;
      }
    }
  }
  const spacedText = undotAbbreviations(text.replace(UNSPACED_RUN, ' '));
  const words = [...spacedText.matchAll(WORD)].map(([raw]) => raw.replace(/^['’-]+|['’-]+$/gu, ''));
  words.forEach((raw, position) => {
    if (raw.length < 2) return;
    const cased = CASED.test(raw);
    if (cased && raw[0] === raw[0]!.toLowerCase()) return;
    const abbreviation = capitals.get(raw);
    if (abbreviation) keys.add(`c:${abbreviation}`);
    const word = raw.toLowerCase();
    for (const form of lookupForms(word)) {
      for (const name of spaced.get(form) ?? []) {
        if (name.rest.every((part, offset) => words[position + 1 + offset]?.toLowerCase() === part)) keys.add(`c:${name.code}`);
      }
    }
  });
}
