import { SIMPLIFIED_ONLY, SIMPLIFIED_TO_TRADITIONAL, TRADITIONAL_ONLY } from './generated/han-variants.js';
import { SUPPORTED_LANGUAGES } from './languages.js';
import {
  croatianBosnianSerbianMarkers,
  czechSlovakMarkers,
  hindiMarathiMarkers,
  indonesianMalayMarkers,
  isPlainAscii,
  type MarkerSet,
  markerEvidence,
  norwegianDanishMarkers,
  serbianMacedonianMarkers,
} from './markers.js';
import { loadNgramModel, type NgramModel, scoreWords } from './model.js';
import { MODEL_SCRIPTS, modelKeyOf } from './model-languages.js';
import { Script } from './script.js';
import { normalizeLanguageTag } from './tag.js';
import { languagesForTld } from './tld.js';
import { splitWords, type Words } from './words.js';

export interface LanguageGuess {
  /** A stored tag (see languages.ts): `hu`, `sr-Latn`, `zh-Hant`, `uz-Cyrl`; `und` when unknown. */
  tag: string;
  /** In [0, 1]. */
  confidence: number;
}

export interface LanguageDetection extends LanguageGuess {
  /** The runners-up, most likely first (at most three, each at least 1%). */
  alternatives: LanguageGuess[];
}

/** Weak evidence from outside the text: the text wins when it is clear. */
export interface LanguageHints {
  /** Declared languages: feed `<language>`, `<html lang>`, og:locale, Content-Language (any BCP-47 form). */
  languages?: readonly (string | null | undefined)[];
  /** The site's host name or top-level domain. */
  tld?: string | null;
}

export interface DetectOptions {
  hints?: LanguageHints;
  /**
   * Languages never to answer (stored tags or bare languages: `hu`, `sr-Latn`). The evaluation's
   * leave-one-language-out uses it to see what the detector says of a language it does not know.
   */
  exclude?: readonly string[];
}

export const UNDETERMINED: LanguageDetection = Object.freeze({ tag: 'und', confidence: 0, alternatives: [] }) as LanguageDetection;

/** Fewer letters than this (outside Han, Kana and Hangul) say nothing reliable: `und`. */
const MIN_LETTERS = 2;
/**
 * A text whose best language still costs this many nats per letter more than that language's typical
 * cost is no language at all: words of real text cost 1–3 a letter, keyboard mash 6 and more.
 */
const UNIDENTIFIABLE_EXCESS_PER_LETTER = 2.5;
/** The typical cost per letter of a model the build did not measure. */
const DEFAULT_TYPICAL_COST = 2;
/** A declared language or a TLD shifts the odds by these factors. */
const DECLARED_HINT_NATS = Math.log(6);
const TLD_HINT_NATS = Math.log(4);
/**
 * Scores are sums over characters that are not independent (each 5-gram overlaps the next), so raw
 * odds are far too sure of themselves; dividing by this tempers them into usable confidences.
 */
const TEMPERATURE = 3;
/** Share of kana in Japanese running text is about a third: a kana-free run of n Han characters is
 * Japanese with odds falling by ln(1/0.65) per character. */
const KANA_FREE_COST_PER_HAN = Math.log(1 / 0.65);
/** Prior odds against Japanese for a text of Han characters alone: most such texts are Chinese. */
const JAPANESE_WITHOUT_KANA_NATS = Math.log(10);

/**
 * Nynorsk: about one Norwegian in eight writes it (Språkrådet counts 12% of pupils with Nynorsk as
 * their main written standard), and its share of news is no larger, so odds of 1 to 8 against it.
 */
const NYNORSK_PRIOR_NATS = Math.log(8);
/**
 * Close varieties share most n-grams, and their models were trained on different web crawls: the
 * difference between two such models says as much about the crawl as the variety, so within a group
 * it counts at this weight and marker words carry the rest.
 */
const CLOSE_GROUP_MODEL_WEIGHT = 0.5;

/**
 * Telling a language we know from one we do not. A text in its own language costs its model about
 * the model's typical cost per letter (measured by the build on text the model did not learn from);
 * text in a language we lack costs the nearest model more. The odds that the text is in the best
 * language fall by UNKNOWN_NATS_PER_EXCESS_LETTER for every letter's worth of cost beyond
 * UNKNOWN_EXCESS_ALLOWANCE per letter, and the confidence of every answer is scaled by those odds.
 */
const UNKNOWN_EXCESS_ALLOWANCE = 0.5;
const UNKNOWN_NATS_PER_EXCESS_LETTER = 1;

/**
 * Prior odds by how much of the world's news a language carries. The 34 languages that write most of
 * it (those Polywire first supported, by the volumes Media Cloud and GDELT report) have none; lingua's
 * other languages carry odds of 1 to 6 against them, the languages trained here on little text 1 to 50
 * (together a few percent of the world's news, and their models are the noisiest: measured, at 1 to 20
 * Javanese and Sundanese took Malay and Indonesian sentences). Priors only decide where the text
 * barely does: a word or two shared by several languages.
 */
const NEWS_LANGUAGES = new Set('ar bn bs cs da de el en es fa fi fr he hi hr id it ja ko ms nb nl pl pt ru sk sr sv th tr uk ur vi zh'.split(' '));
const OTHER_LINGUA_PRIOR_NATS = Math.log(6);
const TRAINED_HERE_PRIOR_NATS = Math.log(50);
const PRIOR_NATS: ReadonlyMap<string, number> = new Map(
  SUPPORTED_LANGUAGES.filter((language) => !NEWS_LANGUAGES.has(modelKeyOf(language.tag))).map((language) => [
    modelKeyOf(language.tag),
    language.source === 'lingua' ? OTHER_LINGUA_PRIOR_NATS : TRAINED_HERE_PRIOR_NATS,
  ]),
);

/** Model keys by script, for the scripts that several of our languages write. */
const CANDIDATES_BY_SCRIPT: ReadonlyMap<Script, readonly string[]> = (() => {
  const map = new Map<Script, string[]>();
  for (const [key, script] of MODEL_SCRIPTS) {
    if (script === Script.Han) continue;
    map.set(script, [...(map.get(script) ?? []), key]);
  }
  return map;
})();

/** Scripts that only one of our languages writes: the script is the answer. */
const SCRIPT_ANSWERS: ReadonlyMap<Script, string> = (() => {
  const scored = new Set(MODEL_SCRIPTS.values());
  const byScript = new Map<Script, string[]>();
  for (const language of SUPPORTED_LANGUAGES) {
    // Japanese is scored by a model only for text of Han characters alone: kana is its own answer.
    if (language.source === 'hint' || scored.has(language.script)) continue;
    byScript.set(language.script, [...(byScript.get(language.script) ?? []), language.tag]);
  }
  return new Map([...byScript].filter(([, tags]) => tags.length === 1).map(([script, tags]) => [script, tags[0]!]));
})();

const keyIndexes = new WeakMap<NgramModel, Map<string, number>>();
/** A model key's position in the model, looked up once per model rather than on every detection. */
function indexOfKey(model: NgramModel, key: string): number {
  let indexes = keyIndexes.get(model);
  if (!indexes) {
    indexes = new Map(model.languages.map((language, index) => [language, index]));
    keyIndexes.set(model, indexes);
  }
  return indexes.get(key) ?? -1;
}

/** The stored tag a model key answers in a script (Serbian's model answers sr-Cyrl in Cyrillic). */
const tagOfKey = (key: string) => (key === 'sr' ? 'sr-Cyrl' : key);

/** Letters only some Cyrillic, Arabic-script and Devanagari languages write: strong evidence for or against. */
const UNIQUE_LETTERS: ReadonlyMap<number, readonly string[]> = new Map<number, readonly string[]>([
  ...[...'ђћ'].map((c) => [c.codePointAt(0)!, ['sr']] as const),
  ...[...'ѓќѕ'].map((c) => [c.codePointAt(0)!, ['mk']] as const),
  ...[...'јљњџ'].map((c) => [c.codePointAt(0)!, ['sr', 'mk']] as const),
  ...[...'їєґ'].map((c) => [c.codePointAt(0)!, ['uk']] as const),
  ...[...'ў'].map((c) => [c.codePointAt(0)!, ['be', 'uz-Cyrl']] as const),
  ...[...'і'].map((c) => [c.codePointAt(0)!, ['uk', 'be', 'kk-Cyrl']] as const),
  ...[...'ыэ'].map((c) => [c.codePointAt(0)!, ['ru', 'be', 'kk-Cyrl', 'mn-Cyrl', 'ky', 'tt']] as const),
  ...[...'ъ'].map((c) => [c.codePointAt(0)!, ['ru', 'bg', 'kk-Cyrl', 'mn-Cyrl', 'tg', 'tt', 'uz-Cyrl', 'ky']] as const),
  ...[...'щ'].map((c) => [c.codePointAt(0)!, ['ru', 'uk', 'bg', 'kk-Cyrl', 'mn-Cyrl', 'ky', 'tt']] as const),
  ...[...'ٹڈڑںےۓ'].map((c) => [c.codePointAt(0)!, ['ur']] as const),
  ...[...'ټډړږښګڼۍ'].map((c) => [c.codePointAt(0)!, ['ps']] as const),
  ...[...'ۇۈۋېە'].map((c) => [c.codePointAt(0)!, ['ug-Arab', 'ps']] as const),
  ...[...'ةى'].map((c) => [c.codePointAt(0)!, ['ar', 'ug-Arab', 'ps']] as const),
  ...[...'ळ'].map((c) => [c.codePointAt(0)!, ['mr']] as const),
]);
const UNIQUE_LETTER_NATS = 6;

/** Czech writes ř ů ě and Slovak ä ô ľ ĺ ŕ, never the other's (between the two of them). */
const CZECH_SLOVAK_LETTERS: ReadonlyMap<number, string> = new Map([
  ...[...'řůě'].map((c) => [c.codePointAt(0)!, 'cs'] as const),
  ...[...'äôľĺŕ'].map((c) => [c.codePointAt(0)!, 'sk'] as const),
]);
const PAIR_LETTER_NATS = 3;

const SIMPLIFIED = new Set([...SIMPLIFIED_ONLY].map((c) => c.codePointAt(0)!));
const TRADITIONAL = new Set([...TRADITIONAL_ONLY].map((c) => c.codePointAt(0)!));
const TO_TRADITIONAL = new Map<number, number>();
{
  const pairs = [...SIMPLIFIED_TO_TRADITIONAL];
  for (let i = 0; i + 1 < pairs.length; i += 2) TO_TRADITIONAL.set(pairs[i]!.codePointAt(0)!, pairs[i + 1]!.codePointAt(0)!);
}

interface Scored {
  tag: string;
  /** −ln P(text | language) from the models and the text's evidence (letters, marker words). */
  cost: number;
  /** −ln of the prior odds: hints, and the priors against minor varieties (0 when none). */
  prior: number;
}

const total = (s: Scored) => s.cost + s.prior;

/** Softmax over costs (lower is better), tempered; the best first; every confidence scaled by `known`. */
function toDetection(scored: Scored[], temperature = TEMPERATURE, known = 1): LanguageDetection {
  if (scored.length === 0) return UNDETERMINED;
  scored.sort((a, b) => total(a) - total(b));
  const best = total(scored[0]!);
  let sum = 0;
  const weights = scored.map((s) => {
    const weight = Math.exp(-(total(s) - best) / temperature);
    sum += weight;
    return weight;
  });
  const guesses = scored.map((s, i) => ({ tag: s.tag, confidence: round((known * weights[i]!) / sum) }));
  return { tag: guesses[0]!.tag, confidence: guesses[0]!.confidence, alternatives: guesses.slice(1, 4).filter((g) => g.confidence >= 0.01) };
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** Prior bonus (nats) per tag from the hints: a declared `sr` favours both Serbian scripts, `az` az-Latn. */
function hintBonuses(hints: LanguageHints | undefined): Map<string, number> {
  const bonuses = new Map<string, number>();
  if (!hints) return bonuses;
  const add = (declared: string | null, nats: number) => {
    if (!declared) return;
    // A bare language favours each of its scripts (`sr` → sr-Cyrl and sr-Latn); a tag with a script, itself.
    for (const { tag } of SUPPORTED_LANGUAGES) {
      if (tag === declared || tag.split('-')[0] === declared) bonuses.set(tag, Math.max(bonuses.get(tag) ?? 0, nats));
    }
  };
  for (const declared of hints.languages ?? []) add(declared === 'no' ? 'nb' : normalizeLanguageTag(declared), DECLARED_HINT_NATS);
  for (const [rank, tag] of languagesForTld(hints.tld).entries()) add(tag, TLD_HINT_NATS / (rank + 1));
  return bonuses;
}

function dominantScript(letters: readonly number[]): Script {
  let best: Script = Script.None;
  let bestCount = 0;
  for (let script = 1; script < letters.length; script++) {
    // A Han, kana or Hangul character carries about as much as a short word. Latin letters count for
    // less than other scripts': English names, acronyms and boilerplate run through news in every
    // script, while a Thai or Urdu word in an English text is rare.
    const cjk = script === Script.Han || script === Script.Kana || script === Script.Hangul;
    const count = letters[script]! * (cjk ? 3 : script === Script.Latin ? 1 : 2);
    if (count > bestCount) {
      best = script as Script;
      bestCount = count;
    }
  }
  if (best === Script.Han || best === Script.Kana || best === Script.Hangul) {
    // Japanese mixes Han and kana, Korean sometimes Han and Hangul: the phonetic script decides.
    const kana = letters[Script.Kana]!;
    const hangul = letters[Script.Hangul]!;
    if (hangul > 0 && hangul >= kana) return Script.Hangul;
    if (kana > 0) return Script.Kana;
    return Script.Han;
  }
  return best;
}

/** Whether a stored tag is among the excluded (by tag, or by its bare language). */
function excludedBy(exclude: readonly string[] | undefined): (tag: string) => boolean {
  if (!exclude?.length) return () => false;
  const set = new Set(exclude.map((tag) => tag.toLowerCase()));
  return (tag) => set.has(tag.toLowerCase()) || set.has(tag.split('-')[0]!.toLowerCase());
}

/**
 * Identifies the language of a text (a title, a sentence, an article): script first, then character
 * n-gram models of the languages that write it, then rules and marker words for close varieties, and
 * last how well the best model fits, so that text in a language we do not know gets a low confidence.
 */
export function detectLanguage(text: string, options: DetectOptions = {}): LanguageDetection {
  const words = splitWords(text);
  const script = dominantScript(words.letters);
  if (script === Script.None || script === Script.Other) return UNDETERMINED;
  const isExcluded = excludedBy(options.exclude);
  const bonuses = hintBonuses(options.hints);
  const letterCount = words.letters[script]!;

  const single = SCRIPT_ANSWERS.get(script);
  if (single) {
    if (isExcluded(single)) return UNDETERMINED;
    if (letterCount < (script === Script.Kana || script === Script.Hangul ? 1 : MIN_LETTERS)) return UNDETERMINED;
    return { tag: single, confidence: letterCount >= 3 ? 0.99 : 0.9, alternatives: [] };
  }
  if (script === Script.Han) return detectHan(words, bonuses, isExcluded);
  if (letterCount < MIN_LETTERS) return UNDETERMINED;

  const model = loadNgramModel();
  const keys = (CANDIDATES_BY_SCRIPT.get(script) ?? []).filter((key) => !isExcluded(tagOfKey(key)));
  if (keys.length === 0) return UNDETERMINED;
  const indexes = keys.map((key) => indexOfKey(model, key));
  const costs = new Float64Array(model.languages.length).fill(-1);
  for (const index of indexes) costs[index] = 0;
  const { chars, starts } = scriptWords(words, script);
  const positions = scoreWords(model, chars, starts, indexes, costs);
  if (positions === 0) return UNDETERMINED;

  const scored: Scored[] = keys.map((key, i) => ({
    tag: tagOfKey(key),
    cost: costs[indexes[i]!]!,
    prior: (key === 'nn' ? NYNORSK_PRIOR_NATS : (PRIOR_NATS.get(key) ?? 0)) - (bonuses.get(tagOfKey(key)) ?? 0),
  }));
  applyUniqueLetters(chars, scored);
  scored.sort((a, b) => total(a) - total(b));
  // Keyboard mash and text in no language of this script.
  const typical = model.header.typicalCost[modelKeyOf(scored[0]!.tag)] ?? DEFAULT_TYPICAL_COST;
  if (scored[0]!.cost / positions > typical + UNIDENTIFIABLE_EXCESS_PER_LETTER) return UNDETERMINED;
  const known = knownOdds(model, scored[0]!, positions);

  const best = scored[0]!.tag;
  if (script === Script.Latin && (best === 'hr' || best === 'bs') && !isExcluded('sr-Latn')) {
    return detectCroatianBosnianSerbian(model, words, scored, bonuses, known);
  }
  if (script === Script.Latin && (best === 'id' || best === 'ms')) return detectIndonesianMalay(words, scored, known);
  if (best === 'nb' || best === 'nn' || best === 'da') {
    narrowGroup(scored, ['nb', 'nn', 'da']);
    addMarkerEvidence(scored, norwegianDanishMarkers(), wordStrings(words, script));
  }
  if (best === 'hi' || best === 'mr' || best === 'ne') {
    // lingua's Hindi and Marathi models know letters without their vowel signs only, the Nepali one
    // was trained here on far less text: their differences count at half weight, and words decide.
    narrowGroup(scored, ['hi', 'mr', 'ne']);
    addMarkerEvidence(scored, hindiMarathiMarkers(), wordStrings(words, script));
  }
  if (best === 'sr-Cyrl' || best === 'mk') addMarkerEvidence(scored, serbianMacedonianMarkers(), wordStrings(words, script));
  if (best === 'cs' || best === 'sk') {
    // Czech typed without diacritics reads as Slovak to models that learnt Czech with ě, ř and ů:
    // without a single diacritic, the models' difference counts as little as in the close groups.
    if (wordStrings(words, script).every(isPlainAscii)) narrowGroup(scored, ['cs', 'sk']);
    addMarkerEvidence(scored, czechSlovakMarkers(), wordStrings(words, script));
    addLetterEvidence(scored, chars, CZECH_SLOVAK_LETTERS);
  }
  return toDetection(scored, TEMPERATURE, known);
}

/**
 * The odds, as a probability, that text whose best model is `best` is in that language rather than
 * in one we do not know (see UNKNOWN_EXCESS_ALLOWANCE).
 */
function knownOdds(model: NgramModel, best: Scored, positions: number): number {
  const typical = model.header.typicalCost[modelKeyOf(best.tag)];
  if (typical === undefined) return 1;
  const excess = best.cost / positions - typical - UNKNOWN_EXCESS_ALLOWANCE;
  if (excess <= 0) return 1;
  return 1 / (1 + Math.exp(excess * positions * UNKNOWN_NATS_PER_EXCESS_LETTER - Math.log(99)));
}

/** The words of one script, as one run of characters. */
function scriptWords(words: Words, script: Script): { chars: Int32Array; starts: number[] } {
  const chars = new Int32Array(words.chars.length);
  const starts: number[] = [];
  let length = 0;
  for (let w = 0; w < words.scripts.length; w++) {
    if (words.scripts[w] !== script) continue;
    starts.push(length);
    for (let i = words.starts[w]!; i < words.starts[w + 1]!; i++) chars[length++] = words.chars[i]!;
  }
  starts.push(length);
  return { chars: chars.subarray(0, length), starts };
}

const wordStrings = (words: Words, script: Script) => words.texts.filter((_, w) => words.textScripts[w] === script);

/** Shrinks the model-cost differences inside a group of close varieties (see CLOSE_GROUP_MODEL_WEIGHT). */
function narrowGroup(scored: Scored[], group: readonly string[]): void {
  const members = scored.filter((s) => group.includes(s.tag));
  const base = Math.min(...members.map((s) => s.cost));
  for (const s of members) s.cost = base + CLOSE_GROUP_MODEL_WEIGHT * (s.cost - base);
}

function addMarkerEvidence(scored: Scored[], set: MarkerSet, texts: readonly string[]): void {
  const evidence = markerEvidence(set, texts);
  // Marker tables name languages (`sr`); candidates are tags (`sr-Latn`).
  for (const s of scored) s.cost -= evidence.get(s.tag) ?? evidence.get(s.tag.split('-')[0]!) ?? 0;
}

/** Each letter only one member of a pair writes counts for it (once per letter kind and occurrence). */
function addLetterEvidence(scored: Scored[], chars: Int32Array, letters: ReadonlyMap<number, string>): void {
  for (const char of chars) {
    const tag = letters.get(char);
    if (!tag) continue;
    const s = scored.find((candidate) => candidate.tag === tag);
    if (s) s.cost -= PAIR_LETTER_NATS;
  }
}

function applyUniqueLetters(chars: Int32Array, scored: Scored[]): void {
  for (const char of chars) {
    const languages = UNIQUE_LETTERS.get(char);
    if (!languages) continue;
    // The table names languages (`sr`) or tags (`uz-Cyrl`).
    for (const s of scored) if (!languages.includes(s.tag) && !languages.includes(s.tag.split('-')[0]!)) s.cost += UNIQUE_LETTER_NATS;
  }
}

/**
 * Croatian, Bosnian and Serbian share most of their n-grams, and our Serbian model is of Cyrillic
 * text, so its odds on Latin text cannot be weighed against the Latin models'. Serbian in Latin
 * letters therefore needs Serbian evidence: ekavian forms (vreme, dete, mleko against ijekavian
 * vrijeme, dijete, mlijeko) and Serbian vocabulary; marker words also part Croatian from Bosnian
 * (tisuća/hiljada, tjedan/sedmica, sveučilište/univerzitet, …) on top of their n-gram models.
 */
function detectCroatianBosnianSerbian(model: NgramModel, words: Words, scored: Scored[], bonuses: Map<string, number>, known: number): LanguageDetection {
  const latinWords = wordStrings(words, Script.Latin);
  narrowGroup(scored, ['hr', 'bs']);
  const base = Math.min(...scored.filter((s) => s.tag === 'hr' || s.tag === 'bs').map((s) => s.cost));
  const serbian: Scored = {
    tag: 'sr-Latn',
    cost: base + SERBIAN_MODEL_WEIGHT * (serbianCostOfLatin(model, latinWords) - base),
    prior: SERBIAN_LATIN_PRIOR_NATS - (bonuses.get('sr-Latn') ?? 0),
  };
  const adjusted = [...scored, serbian];
  addMarkerEvidence(adjusted, croatianBosnianSerbianMarkers(), latinWords);
  return toDetection(adjusted, TEMPERATURE, known);
}
/** Without Serbian evidence, a Latin-script text of the three is Croatian or Bosnian. */
const SERBIAN_LATIN_PRIOR_NATS = 1;
/** How much the Cyrillic model's odds on the transliterated text count against the Latin models'. */
const SERBIAN_MODEL_WEIGHT = 0.5;

/** Serbian Latin → Cyrillic, one to one but for three digraphs. */
const SERBIAN_LATIN_TO_CYRILLIC: Record<string, string> = {
  a: 'а', b: 'б', c: 'ц', č: 'ч', ć: 'ћ', d: 'д', đ: 'ђ', e: 'е', f: 'ф', g: 'г', h: 'х', i: 'и', j: 'ј', k: 'к', l: 'л',
  m: 'м', n: 'н', o: 'о', p: 'п', r: 'р', s: 'с', š: 'ш', t: 'т', u: 'у', v: 'в', z: 'з', ž: 'ж', lj: 'љ', nj: 'њ', dž: 'џ',
};

/** Cost of Latin words under the (Cyrillic) Serbian model, per Latin letter so digraphs count once. */
function serbianCostOfLatin(model: NgramModel, latinWords: readonly string[]): number {
  const serbian = indexOfKey(model, 'sr');
  const chars: number[] = [];
  const starts: number[] = [];
  let latinLetters = 0;
  for (const word of latinWords) {
    starts.push(chars.length);
    latinLetters += word.length;
    for (let i = 0; i < word.length; i++) {
      const digraph = SERBIAN_LATIN_TO_CYRILLIC[word.slice(i, i + 2)];
      const letter = digraph ?? SERBIAN_LATIN_TO_CYRILLIC[word[i]!] ?? word[i]!;
      if (digraph) i++;
      chars.push(letter.codePointAt(0)!);
    }
  }
  starts.push(chars.length);
  const costs = new Float64Array(model.languages.length).fill(-1);
  costs[serbian] = 0;
  const positions = scoreWords(model, Int32Array.from(chars), starts, [serbian], costs);
  return positions > 0 ? (costs[serbian]! * latinLetters) / positions : 0;
}

/**
 * Indonesian and Malaysian Malay share most n-grams: marker words decide with the models' difference
 * at half weight (as in every close group); with neither, Indonesian, by far the larger news language,
 * with low confidence.
 */
function detectIndonesianMalay(words: Words, scored: Scored[], known: number): LanguageDetection {
  narrowGroup(scored, ['id', 'ms']);
  const malay = scored.find((s) => s.tag === 'ms');
  if (malay) malay.prior += MALAY_PRIOR_NATS;
  addMarkerEvidence(scored, indonesianMalayMarkers(), wordStrings(words, Script.Latin));
  return toDetection(scored, TEMPERATURE, known);
}
/** Indonesian news outnumbers Malaysian news many times over. */
const MALAY_PRIOR_NATS = 1;

/**
 * Han characters with no kana or Hangul: Chinese unless the Japanese model is much likelier, then
 * Simplified or Traditional by the characters only one of them writes.
 */
function detectHan(words: Words, bonuses: Map<string, number>, isExcluded: (tag: string) => boolean): LanguageDetection {
  const han = words.letters[Script.Han]!;
  const model = loadNgramModel();
  const ja = indexOfKey(model, 'ja');
  const zh = indexOfKey(model, 'zh');
  const costs = new Float64Array(model.languages.length).fill(-1);
  costs[ja] = 0;
  costs[zh] = 0;
  const { chars, starts } = scriptWords(words, Script.Han);
  scoreWords(model, chars, starts, [ja], costs);
  // lingua's Chinese model saw Traditional text: read Simplified characters in their Traditional form.
  scoreWords(model, chars.map((char) => TO_TRADITIONAL.get(char) ?? char), starts, [zh], costs);
  let simplified = 0;
  let traditional = 0;
  for (const char of chars) {
    if (SIMPLIFIED.has(char)) simplified++;
    else if (TRADITIONAL.has(char)) traditional++;
  }
  const hansBonus = bonuses.get('zh-Hans') ?? 0;
  const hantBonus = bonuses.get('zh-Hant') ?? 0;
  // Each character only one system writes is strong evidence (≈ 3 nats); with none, Simplified is
  // the likelier (it is most Chinese news) unless a hint says Traditional.
  const hantMargin = (traditional - simplified) * 3 + hantBonus - hansBonus - 0.4;
  const zhCost = costs[zh]! - Math.max(hansBonus, hantBonus);
  const jaCost = costs[ja]! + JAPANESE_WITHOUT_KANA_NATS + han * KANA_FREE_COST_PER_HAN - (bonuses.get('ja') ?? 0);
  const scored: Scored[] = [
    { tag: 'zh-Hans', cost: zhCost + softplus(hantMargin), prior: 0 },
    { tag: 'zh-Hant', cost: zhCost + softplus(-hantMargin), prior: 0 },
    { tag: 'ja', cost: jaCost, prior: 0 },
  ].filter((s) => !isExcluded(s.tag));
  return toDetection(scored, 1);
}

/** −ln of the logistic: the cost of losing a two-way choice by this margin. */
const softplus = (margin: number) => Math.log1p(Math.exp(margin));
