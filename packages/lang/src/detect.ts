import { SIMPLIFIED_ONLY, SIMPLIFIED_TO_TRADITIONAL, TRADITIONAL_ONLY } from './generated/han-variants.js';
import {
  croatianBosnianSerbianMarkers,
  hindiMarathiMarkers,
  indonesianMalayMarkers,
  isPlainAscii,
  type MarkerSet,
  markerEvidence,
  norwegianDanishMarkers,
  czechSlovakMarkers,
} from './markers.js';
import { MAX_ORDER } from './model-format.js';
import { fold1, fold2, finish, HASH_SEED_1, HASH_SEED_2, loadNgramModel, lookup, type NgramModel } from './model.js';
import { isMark, SINGLE_LANGUAGE_SCRIPTS, Script, scriptOf } from './script.js';
import { normalizeLanguageTag } from './tag.js';
import { languagesForTld } from './tld.js';

export interface LanguageGuess {
  /** BCP-47: ISO 639-1, with the script for Chinese and Serbian (`zh-Hant`, `sr-Latn`); `und` when unknown. */
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

/** Only the start of a long text is read: a few hundred words decide, and the cost stays flat. */
const MAX_CHARS = 2000;
/** Fewer letters than this (outside Han, Kana and Hangul) say nothing reliable: `und`. */
const MIN_LETTERS = 2;
/** "Stupid backoff" (Brants et al. 2007): each step down to a shorter context costs ln(1/0.4). */
const BACKOFF_COST = Math.log(1 / 0.4);
/** A character the language's model never saw. */
const UNSEEN_COST = 16;
/**
 * A text whose best language still averages this many nats per letter is no language we know: words
 * of real text cost 1–3, keyboard mash 6 and more.
 */
const UNIDENTIFIABLE_COST_PER_LETTER = 4.5;
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
 * Prior odds against the languages supported only to tell them from a news language next to them
 * (Nynorsk from Bokmål, Catalan from Spanish, Belarusian, Bulgarian and Macedonian from Russian and
 * Serbian, Marathi from Hindi): each is a small share of the news in its script.
 */
const MINOR_LANGUAGE_PRIOR_NATS = Math.log(3);
const MINOR_LANGUAGES = new Set(['nn', 'ca', 'be', 'bg', 'mk', 'mr']);
/**
 * Nynorsk more strongly: about one Norwegian in eight writes it (Språkrådet counts 12% of pupils with
 * Nynorsk as their main written standard), and its share of news is no larger, so odds of 1 to 8.
 */
const NYNORSK_PRIOR_NATS = Math.log(8);
/**
 * Close varieties share most n-grams, and their models were trained on different web crawls: the
 * difference between two such models says as much about the crawl as the variety, so within a group
 * it counts at this weight and marker words carry the rest.
 */
const CLOSE_GROUP_MODEL_WEIGHT = 0.5;

const NGRAM_SCRIPTS: ReadonlyMap<Script, readonly string[]> = new Map<Script, readonly string[]>([
  [Script.Latin, ['bs', 'ca', 'cs', 'da', 'de', 'en', 'es', 'fi', 'fr', 'hr', 'id', 'it', 'ms', 'nb', 'nl', 'nn', 'pl', 'pt', 'sk', 'sv', 'tr', 'vi']],
  [Script.Cyrillic, ['be', 'bg', 'mk', 'ru', 'sr', 'uk']],
  [Script.Arabic, ['ar', 'fa', 'ur']],
  [Script.Devanagari, ['hi', 'mr']],
  [Script.Han, ['ja', 'zh']],
]);

/** Letters only some Cyrillic, Arabic-script and Devanagari languages write: strong evidence for or against. */
const UNIQUE_LETTERS: ReadonlyMap<number, readonly string[]> = new Map<number, readonly string[]>([
  ...[...'ђћ'].map((c) => [c.codePointAt(0)!, ['sr']] as const),
  ...[...'ѓќѕ'].map((c) => [c.codePointAt(0)!, ['mk']] as const),
  ...[...'јљњџ'].map((c) => [c.codePointAt(0)!, ['sr', 'mk']] as const),
  ...[...'їєґ'].map((c) => [c.codePointAt(0)!, ['uk']] as const),
  ...[...'ў'].map((c) => [c.codePointAt(0)!, ['be']] as const),
  ...[...'і'].map((c) => [c.codePointAt(0)!, ['uk', 'be']] as const),
  ...[...'ыэ'].map((c) => [c.codePointAt(0)!, ['ru', 'be']] as const),
  ...[...'ё'].map((c) => [c.codePointAt(0)!, ['ru', 'be']] as const),
  ...[...'ъ'].map((c) => [c.codePointAt(0)!, ['ru', 'bg']] as const),
  ...[...'щ'].map((c) => [c.codePointAt(0)!, ['ru', 'uk', 'bg']] as const),
  ...[...'ٹڈڑںےۓ'].map((c) => [c.codePointAt(0)!, ['ur']] as const),
  ...[...'پچژگ'].map((c) => [c.codePointAt(0)!, ['fa', 'ur']] as const),
  ...[...'ةى'].map((c) => [c.codePointAt(0)!, ['ar']] as const),
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

interface Words {
  /** Code points of every letter, words one after another. */
  chars: Int32Array;
  /** Word w is chars[starts[w], starts[w + 1]); words of every script. */
  starts: number[];
  scripts: Script[];
  /** Each word as written (lowercase, with its combining marks), for marker words. */
  texts: string[];
  /** Letters per script. */
  letters: number[];
}

/**
 * Turkish decoded as windows-1252 instead of windows-1254 (a charset mix-up common on Turkish sites)
 * turns ı ş ğ İ Ş Ğ into ý þ ð Ý Þ Ð. þ and ð are letters of no language we identify (Icelandic and
 * Faroese are not among them), so either one is the tell, and ý, common in Czech, is left alone otherwise.
 */
const TURKISH_MOJIBAKE = /[þðÞÐ]/;
const TURKISH_REPAIR: Record<string, string> = { ý: 'ı', þ: 'ş', ð: 'ğ', Ý: 'İ', Þ: 'Ş', Ð: 'Ğ' };

/** URLs, e-mail addresses and @handles: letters, but no language's words. */
const NOT_WORDS = /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|[@#]\w+/giu;

function splitWords(text: string): Words {
  let source = (text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text).replace(NOT_WORDS, ' ');
  if (TURKISH_MOJIBAKE.test(source)) source = source.replace(/[ýþðÝÞÐ]/g, (char) => TURKISH_REPAIR[char] ?? char);
  const lower = source.normalize('NFC').toLowerCase();
  const chars = new Int32Array(lower.length);
  const starts: number[] = [];
  const scripts: Script[] = [];
  const texts: string[] = [];
  const letters: number[] = new Array(32).fill(0);
  let length = 0;
  let current: Script = Script.None;
  let wordFrom = 0;
  let offset = 0;
  const endWord = (at: number) => {
    if (current !== Script.None) texts.push(lower.slice(wordFrom, at));
  };
  for (const char of lower) {
    const code = char.codePointAt(0)!;
    const at = offset;
    offset += char.length;
    if (isMark(code)) {
      // Within the word it belongs to, and counted as one of its letters (Thai and Devanagari words are
      // half marks), but not scored.
      if (current !== Script.None) letters[current]!++;
      continue;
    }
    const script = scriptOf(code);
    if (script === Script.None) {
      endWord(at);
      current = Script.None;
      continue;
    }
    // Han and kana characters are words of their own: there are no spaces to find words by.
    if (script !== current || script === Script.Han || script === Script.Kana) {
      endWord(at);
      starts.push(length);
      scripts.push(script);
      current = script;
      wordFrom = at;
    }
    chars[length++] = code;
    letters[script]!++;
  }
  endWord(offset);
  starts.push(length);
  return { chars: chars.subarray(0, length), starts, scripts, texts, letters };
}

/** Scratch space reused by every call: detection is synchronous, so one set per process suffices. */
const hash1s = new Int32Array(MAX_ORDER + 1);
const hash2s = new Int32Array(MAX_ORDER + 1);
let seenAt = new Int32Array(0);
let stamp = 0;

/**
 * Cost (−ln P) of the words under each candidate's character model: every character is predicted
 * from up to four before it in its word, backing off to shorter contexts the model knows.
 */
function scoreChars(model: NgramModel, chars: Int32Array, starts: readonly number[], candidates: readonly number[], costs: Float64Array): number {
  if (seenAt.length < model.languages.length) seenAt = new Int32Array(model.languages.length);
  const { postingStart, postingLanguage, postingCost, costStep } = model;
  let positions = 0;
  for (let w = 0; w + 1 < starts.length; w++) {
    const start = starts[w]!;
    const end = starts[w + 1]!;
    for (let i = start; i < end; i++) {
      const maxOrder = Math.min(MAX_ORDER, i - start + 1);
      let h1 = HASH_SEED_1;
      let h2 = HASH_SEED_2;
      for (let n = 1; n <= maxOrder; n++) {
        const char = chars[i - n + 1]!;
        h1 = fold1(h1, char);
        h2 = fold2(h2, char);
        hash1s[n] = finish(h1);
        hash2s[n] = finish(h2);
      }
      stamp++;
      positions++;
      let remaining = candidates.length;
      for (let n = maxOrder; n >= 1 && remaining > 0; n--) {
        const entry = lookup(model, hash1s[n]! >>> 0, hash2s[n]! >>> 0);
        if (entry < 0) continue;
        const backoff = (maxOrder - n) * BACKOFF_COST;
        for (let p = postingStart[entry]!, end = postingStart[entry + 1]!; p < end; p++) {
          const language = postingLanguage[p]!;
          if (seenAt[language] === stamp || costs[language]! < 0) continue;
          seenAt[language] = stamp;
          costs[language]! += postingCost[p]! * costStep + backoff;
          remaining--;
        }
      }
      if (remaining > 0) {
        for (const language of candidates) {
          if (seenAt[language] !== stamp) costs[language]! += UNSEEN_COST + (maxOrder - 1) * BACKOFF_COST;
        }
      }
    }
  }
  return positions;
}

interface Scored {
  tag: string;
  /** −ln P(text | language) from the models and the text's evidence (letters, marker words). */
  cost: number;
  /** −ln of the prior odds: hints, and the priors against minor languages (0 when none). */
  prior: number;
}

const total = (s: Scored) => s.cost + s.prior;

/** Softmax over costs (lower is better), tempered; the best first. */
function toDetection(scored: Scored[], temperature = TEMPERATURE): LanguageDetection {
  scored.sort((a, b) => total(a) - total(b));
  const best = total(scored[0]!);
  let sum = 0;
  const weights = scored.map((s) => {
    const weight = Math.exp(-(total(s) - best) / temperature);
    sum += weight;
    return weight;
  });
  const guesses = scored.map((s, i) => ({ tag: s.tag, confidence: round(weights[i]! / sum) }));
  return { tag: guesses[0]!.tag, confidence: guesses[0]!.confidence, alternatives: guesses.slice(1, 4).filter((g) => g.confidence >= 0.01) };
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** Prior bonus (nats) per language from the hints; zh and sr hints also name the script. */
function hintBonuses(hints: LanguageHints | undefined): Map<string, number> {
  const bonuses = new Map<string, number>();
  if (!hints) return bonuses;
  const add = (tag: string | null, nats: number) => {
    if (!tag) return;
    bonuses.set(tag, Math.max(bonuses.get(tag) ?? 0, nats));
    const base = tag.split('-')[0]!;
    if (base !== tag) bonuses.set(base, Math.max(bonuses.get(base) ?? 0, nats));
  };
  for (const declared of hints.languages ?? []) add(declared === 'nb' || declared === 'no' ? 'nb' : normalizeLanguageTag(declared), DECLARED_HINT_NATS);
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

/**
 * Identifies the language of a text (a title, a sentence, an article): script first, then character
 * n-gram models of the languages that write it, then rules and marker words for close varieties.
 */
export function detectLanguage(text: string, options: DetectOptions = {}): LanguageDetection {
  const words = splitWords(text);
  const script = dominantScript(words.letters);
  if (script === Script.None || script === Script.Other) return UNDETERMINED;
  const bonuses = hintBonuses(options.hints);
  const letterCount = words.letters[script]!;

  const single = SINGLE_LANGUAGE_SCRIPTS.get(script);
  if (single) {
    if (letterCount < (script === Script.Kana || script === Script.Hangul ? 1 : MIN_LETTERS)) return UNDETERMINED;
    return { tag: single, confidence: letterCount >= 3 ? 0.99 : 0.9, alternatives: [] };
  }
  if (script === Script.Han) return detectHan(words, bonuses);
  if (letterCount < MIN_LETTERS) return UNDETERMINED;

  const model = loadNgramModel();
  const candidates = NGRAM_SCRIPTS.get(script) ?? [];
  const indexes = candidates.map((tag) => model.languages.indexOf(tag));
  const costs = new Float64Array(model.languages.length).fill(-1);
  for (const index of indexes) costs[index] = 0;
  const { chars, starts } = scriptWords(words, script);
  const positions = scoreChars(model, chars, starts, indexes, costs);

  const scored: Scored[] = candidates.map((tag, i) => ({
    tag,
    cost: costs[indexes[i]!]!,
    prior: (tag === 'nn' ? NYNORSK_PRIOR_NATS : MINOR_LANGUAGES.has(tag) ? MINOR_LANGUAGE_PRIOR_NATS : 0) - (bonuses.get(tag) ?? 0),
  }));
  if (script === Script.Cyrillic || script === Script.Arabic || script === Script.Devanagari) applyUniqueLetters(chars, scored);
  scored.sort((a, b) => total(a) - total(b));
  // Keyboard mash and unknown Latin-script languages; other scripts narrow the choice enough.
  if (script === Script.Latin && scored[0]!.cost / positions > UNIDENTIFIABLE_COST_PER_LETTER) return UNDETERMINED;

  const best = scored[0]!.tag;
  if (script === Script.Latin && (best === 'hr' || best === 'bs')) {
    return detectCroatianBosnianSerbian(model, words, scored, bonuses);
  }
  if (script === Script.Latin && (best === 'id' || best === 'ms')) {
    return detectIndonesianMalay(words, scored);
  }
  if (best === 'nb' || best === 'nn' || best === 'da') {
    narrowGroup(scored, ['nb', 'nn', 'da']);
    addMarkerEvidence(scored, norwegianDanishMarkers(), wordStrings(words, script));
  }
  if (best === 'hi' || best === 'mr') addMarkerEvidence(scored, hindiMarathiMarkers(), wordStrings(words, script));
  if (best === 'cs' || best === 'sk') {
    // Czech typed without diacritics reads as Slovak to models that learnt Czech with ě, ř and ů:
    // without a single diacritic, the models' difference counts as little as in the close groups.
    if (wordStrings(words, script).every(isPlainAscii)) narrowGroup(scored, ['cs', 'sk']);
    addMarkerEvidence(scored, czechSlovakMarkers(), wordStrings(words, script));
    addLetterEvidence(scored, chars, CZECH_SLOVAK_LETTERS);
  }
  const detection = toDetection(scored);
  return script === Script.Cyrillic ? withSerbianScript(detection, 'sr-Cyrl') : detection;
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

const wordStrings = (words: Words, script: Script) => words.texts.filter((_, w) => words.scripts[w] === script);

/** Shrinks the model-cost differences inside a group of close varieties (see CLOSE_GROUP_MODEL_WEIGHT). */
function narrowGroup(scored: Scored[], group: readonly string[]): void {
  const members = scored.filter((s) => group.includes(s.tag));
  const base = Math.min(...members.map((s) => s.cost));
  for (const s of members) s.cost = base + CLOSE_GROUP_MODEL_WEIGHT * (s.cost - base);
}

function addMarkerEvidence(scored: Scored[], set: MarkerSet, texts: readonly string[]): void {
  const evidence = markerEvidence(set, texts);
  for (const s of scored) s.cost -= evidence.get(s.tag) ?? 0;
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
    for (const s of scored) if (!languages.includes(s.tag)) s.cost += UNIQUE_LETTER_NATS;
  }
}

function withSerbianScript(detection: LanguageDetection, tag: 'sr-Cyrl' | 'sr-Latn'): LanguageDetection {
  const rename = (g: LanguageGuess) => (g.tag === 'sr' ? { ...g, tag } : g);
  return { ...rename(detection), alternatives: detection.alternatives.map(rename) } as LanguageDetection;
}

/**
 * Croatian, Bosnian and Serbian share most of their n-grams, and our Serbian model is of Cyrillic
 * text, so its odds on Latin text cannot be weighed against the Latin models'. Serbian in Latin
 * letters therefore needs Serbian evidence: ekavian forms (vreme, dete, mleko against ijekavian
 * vrijeme, dijete, mlijeko) and Serbian vocabulary; marker words also part Croatian from Bosnian
 * (tisuća/hiljada, tjedan/sedmica, sveučilište/univerzitet, …) on top of their n-gram models.
 */
function detectCroatianBosnianSerbian(model: NgramModel, words: Words, scored: Scored[], bonuses: Map<string, number>): LanguageDetection {
  const latinWords = wordStrings(words, Script.Latin);
  narrowGroup(scored, ['hr', 'bs']);
  const base = Math.min(...scored.filter((s) => s.tag === 'hr' || s.tag === 'bs').map((s) => s.cost));
  const serbian: Scored = {
    tag: 'sr',
    cost: base + SERBIAN_MODEL_WEIGHT * (serbianCostOfLatin(model, latinWords) - base),
    prior: SERBIAN_LATIN_PRIOR_NATS - (bonuses.get('sr') ?? 0),
  };
  const adjusted = [...scored.filter((s) => s.tag !== 'sr'), serbian];
  addMarkerEvidence(adjusted, croatianBosnianSerbianMarkers(), latinWords);
  return withSerbianScript(toDetection(adjusted), 'sr-Latn');
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
  const serbian = model.languages.indexOf('sr');
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
  const positions = scoreChars(model, Int32Array.from(chars), starts, [serbian], costs);
  return positions > 0 ? (costs[serbian]! * latinLetters) / positions : 0;
}

/**
 * Indonesian and Malaysian Malay share most n-grams: marker words decide with the models' difference
 * at half weight (as in every close group); with neither, Indonesian, by far the larger news language,
 * with low confidence.
 */
function detectIndonesianMalay(words: Words, scored: Scored[]): LanguageDetection {
  narrowGroup(scored, ['id', 'ms']);
  const malay = scored.find((s) => s.tag === 'ms');
  if (malay) malay.prior += MALAY_PRIOR_NATS;
  addMarkerEvidence(scored, indonesianMalayMarkers(), wordStrings(words, Script.Latin));
  return toDetection(scored);
}
/** Indonesian news outnumbers Malaysian news many times over. */
const MALAY_PRIOR_NATS = 1;

/**
 * Han characters with no kana or Hangul: Chinese unless the Japanese model is much likelier, then
 * Simplified or Traditional by the characters only one of them writes.
 */
function detectHan(words: Words, bonuses: Map<string, number>): LanguageDetection {
  const han = words.letters[Script.Han]!;
  const model = loadNgramModel();
  const ja = model.languages.indexOf('ja');
  const zh = model.languages.indexOf('zh');
  const costs = new Float64Array(model.languages.length).fill(-1);
  costs[ja] = 0;
  costs[zh] = 0;
  const { chars, starts } = scriptWords(words, Script.Han);
  scoreChars(model, chars, starts, [ja], costs);
  // lingua's Chinese model saw Traditional text: read Simplified characters in their Traditional form.
  scoreChars(model, chars.map((char) => TO_TRADITIONAL.get(char) ?? char), starts, [zh], costs);
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
  const zhCost = costs[zh]! - (bonuses.get('zh') ?? 0);
  const jaCost = costs[ja]! + JAPANESE_WITHOUT_KANA_NATS + han * KANA_FREE_COST_PER_HAN - (bonuses.get('ja') ?? 0);
  const scored: Scored[] = [
    { tag: 'zh-Hans', cost: zhCost + softplus(hantMargin), prior: 0 },
    { tag: 'zh-Hant', cost: zhCost + softplus(-hantMargin), prior: 0 },
    { tag: 'ja', cost: jaCost, prior: 0 },
  ];
  return toDetection(scored, 1);
}

/** −ln of the logistic: the cost of losing a two-way choice by this margin. */
const softplus = (margin: number) => Math.log1p(Math.exp(margin));
