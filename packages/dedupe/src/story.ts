import { cutText } from '@polywire/text';
import anyAscii from 'any-ascii';
import { MAX_TEXT_CHARS, MAX_TITLE_CHARS } from './limits.js';
import { addCountries, lookupForms, undotAbbreviations } from './places.js';

/**
 * Language-independent evidence that two articles report the same event: numbers, dates and names.
 * Keys are prefixed by kind: `n:1200` (a number), `p:3.5` (a percentage), `d:03-15` (a day of a
 * month, without the year, which reports often omit), `w:ptn` (a name word by its sound skeleton, so
 * spellings across scripts meet: see soundKey), `m:ptn` (a maybe-name: German nouns, katakana words,
 * words of scripts without capitals; it counts only where another article has it as a name), `a:NATO`
 * (an abbreviation written in capitals, which other languages and scripts keep as it is) and `c:DE` (a
 * country, named in any language: see places.ts).
 */

// Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Bulgarian) → ASCII, close to the BGN/PCGN tables
// used by English-language media; Greek → ASCII, close to ELOT 743.
const TRANSLITERATION: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', ђ: 'dj', е: 'e', ё: 'e', є: 'ye', ж: 'zh', з: 'z',
  и: 'i', і: 'i', ї: 'yi', й: 'y', ј: 'j', к: 'k', л: 'l', љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', ћ: 'c', у: 'u', ў: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', џ: 'dz',
  ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm',
  ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps',
  ω: 'o', ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', þ: 'th', ð: 'd', ı: 'i',
};

/**
 * A name word as a language-independent key: lowercased, transliterated, diacritics stripped, then
 * simplified so the usual spellings of one name meet (Зеленский, Zelensky, Selenskyj, Zelenskyy,
 * Zełenski → `selenski`; Путин, Poutine → `putin`; Wladimir → `vladimir`): x→ks, tsch/tch/cz→ch,
 * sch/sz/zh→sh, kh→h, ph→f, th→t, w→v, ck/q→k, ts/tz/z→s, c before e/i/y→s, other c→k,
 * y/j→i, ou→u, a final e dropped, doubled letters collapsed. Deliberately lossy: a key is only evidence.
 */
export function nameKey(word: string): string {
  let key = '';
  for (const char of word.toLowerCase().normalize('NFD')) {
    if (/\p{M}/u.test(char)) continue;
    key += TRANSLITERATION[char] ?? char;
  }
  key = key
    .replace(/[^a-z]/g, '')
    .replace(/x/g, 'ks')
    .replace(/tsch|tch|cz/g, 'ch')
    .replace(/sch|sz|zh/g, 'sh')
    .replace(/kh/g, 'h')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/w/g, 'v')
    .replace(/ck|q/g, 'k')
    .replace(/ts|tz|z/g, 's')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c(?!h)/g, 'k')
    .replace(/[yj]/g, 'i')
    .replace(/ou/g, 'u')
    .replace(/(.)\1+/g, '$1');
  if (key.length > 4 && key.endsWith('e')) key = key.slice(0, -1);
  return key;
}

const KANA_SMALL_VOWEL: Record<string, string> = { ィ: 'i', ェ: 'e', ォ: 'o' };

/**
 * A name's sound skeleton, comparable across scripts: `nameKey`'s spelling, then the consonants only,
 * in classes that survive borrowing into other writing systems (l = r, m = n, v = b, h dropped), doubled
 * ones collapsed, at most five: Putin, Путина, プーチン → `ptn`; Trump, Трамп, トランプ → `trnp`; Merkel,
 * メルケル → `nrkr`. English r before a consonant, silent and so left out of katakana (Portland,
 * ポートランド), still differs.
 * `kana` applies the Japanese syllables' foreign values (チ ti, ツ tu, シ si, ウェ we) to a katakana word.
 */
export function soundKey(word: string, kana = false): string {
  // ウィ, ウェ, ウォ write the foreign wi, we, wo (ウェールズ Wales, ウィリアム William).
  const written = kana ? word.replace(/ウ([ィェォ])/gu, (_, small: string) => `w${KANA_SMALL_VOWEL[small]}`) : word;
  let latin = anyAscii(written).toLowerCase();
  if (kana) latin = latin.replace(/chi(?![aeiou])/g, 'ti').replace(/tsu(?![aeiou])/g, 'tu').replace(/shi(?![aeiou])/g, 'si');
  const spelled = nameKey(latin);
  const consonants = spelled
    .replace(/sh|ch/g, (pair) => (pair === 'sh' ? 's' : 'c'))
    .replace(/[aeiouyh]/g, '')
    .replace(/l/g, 'r')
    .replace(/m/g, 'n')
    .replace(/v/g, 'b')
    .replace(/(.)\1+/g, '$1');
  return consonants.slice(0, 5);
}

// Month names (and their genitive or declined forms, by prefix) in en, de, fr, es, it, pt, nl, id, ru,
// uk, pl and ar (Egyptian/Gulf names and the Levantine ones: كانون الثاني is matched by its first word
// only, so كانون/تشرين are left out as ambiguous).
const MONTHS: string[][] = [
  ['jan', 'jän', 'janv', 'ener', 'genn', 'janei', 'январ', 'січ', 'stycz', 'يناير'],
  ['feb', 'févr', 'fevr', 'febr', 'fever', 'феврал', 'лют', 'lut', 'فبراير', 'شباط'],
  ['mar', 'mär', 'mars', 'marz', 'març', 'maart', 'март', 'берез', 'مارس', 'آذار'],
  ['apr', 'avr', 'abr', 'апрел', 'квіт', 'kwie', 'أبريل', 'ابريل', 'إبريل', 'نيسان'],
  ['may', 'mai', 'mayo', 'magg', 'maio', 'mei', 'ма', 'трав', 'maj', 'مايو', 'أيار'],
  ['jun', 'juin', 'junio', 'giu', 'junh', 'juni', 'июн', 'черв', 'czerw', 'يونيو', 'حزيران'],
  ['jul', 'juil', 'julio', 'lug', 'julh', 'juli', 'июл', 'лип', 'lip', 'يوليو', 'تموز'],
  ['aug', 'août', 'aout', 'agos', 'ago', 'augus', 'август', 'серп', 'sierp', 'أغسطس', 'اغسطس'],
  ['sep', 'sept', 'set', 'сентя', 'верес', 'wrze', 'سبتمبر', 'أيلول'],
  ['oct', 'okt', 'octu', 'ott', 'out', 'октя', 'жовт', 'paźd', 'pazd', 'أكتوبر', 'اكتوبر'],
  ['nov', 'novi', 'ноябр', 'листоп', 'listop', 'نوفمبر'],
  ['dec', 'dez', 'déc', 'dic', 'dici', 'desem', 'дека', 'груд', 'grud', 'ديسمبر'],
];
const MONTH_WORD = /^[\p{L}]+$/u;

// Ordinary words that start like a month name.
const NOT_MONTHS = new Set(
  'market marsch marine martin mayor maintenant maire octet outre maior mais maison main mail marcha marché mark ' +
  'settimana setor setiap setelah augen dicho dice dicen dijo decide decision'.split(' '),
);

/** The month (1–12) a word names, or 0. Longest matching prefix wins ("mar" vs "mayo"). */
function monthOf(word: string): number {
  const lower = word.toLowerCase().replace(/\.$/, '');
  if (lower.length < 3 || !MONTH_WORD.test(lower)) return 0;
  let best = 0;
  let bestLength = 0;
  MONTHS.forEach((prefixes, index) => {
    for (const prefix of prefixes) {
      // A short prefix must not swallow an ordinary word: "mar" matches "march"/"marzo", not "market".
      const fits = lower.startsWith(prefix) && lower.length <= prefix.length + 6 && prefix.length > bestLength;
      if (fits && !(prefix === 'ма' && !/^ма[йяе]$/.test(lower))) {
        best = index + 1;
        bestLength = prefix.length;
      }
    }
  });
  if (best && NOT_MONTHS.has(lower)) return 0;
  return best;
}

// Digits may touch the letters of unspaced scripts ("2100人", "184亿", "១២៥០លាន" after toAsciiDigits) but
// not Latin, Cyrillic or Greek ones: only the spaced scripts are listed, so Thai, Lao, Khmer, Myanmar and
// Tibetan letters, which write no spaces between words, may touch a number.
const NUMBER =
  /(?<![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}])(\d{1,3}(?:[,. \u00a0\u202f'’]\d{3})+|\d+)(?:[.,・･](\d+))?(?![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}])(\s?(%|percent|per cent|prozent|pour cent|por ciento|per cento|por cento|persen|パーセント|procent|процент\p{L}*|في المئة|بالمئة|٪))?/giu;
const DAY_MONTH = /(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?(\p{L}+\.?)/gu;
// The word starts where a run of letters starts: tried from inside a run too, a word of n letters with no
// day after it cost n²/2 steps (a 200,000-letter token took seconds, issue 15).
const MONTH_DAY = /(?<!\p{L})(\p{L}+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)/gu;
const CJK_DATE = /(?<!\d)(\d{1,2})月(\d{1,2})日/gu;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const CAPITALIZED = /^[\p{Lu}][\p{Ll}\p{M}'’-]*$/u;
const NAME_SCRIPT = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{M}'’-]+$/u;

// Words that are capitalized at the start of a sentence in most texts and are no name; day names
// (capitalized in en, de, id and others) and the names of real wire agencies, which appear in bylines and
// datelines of every story they send and say nothing about the event.
const FUNCTION_WORDS = new Set(
  ('the a an in on at of for to and but he she it they we this that these there when after before while with from by as if is was ' +
  'his her its their our some many most more other all about over under yesterday today tomorrow ' +
  'der die das den dem des ein eine einer und oder aber er sie es wir im am auf für mit nach vor bei zum zur nicht auch ' +
  'laut seit wie wenn noch nun dabei damit bisher insgesamt zudem ' +
  'le la les un une des du de et mais il elle ils nous dans sur pour avec selon après avant ce cette ' +
  'el los las unos unas y pero en con para según tras ante lo ' +
  'il lo gli i una e ma nel nella con per secondo dopo ' +
  'o os as um uma mas em no na com segundo após ' +
  'yang dan di ke dari ini itu pada untuk dengan dalam menurut setelah sebelum sejak oleh akan juga tidak atau namun saat para sekitar ' +
  'в во на по с со и а но он она они мы это этот после перед для из к у о об от за при ' +
  'ο η το οι τα και σε με για από ' +
  'monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag ' +
  'lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miércoles jueves viernes sábado domingo ' +
  'segunda terça quarta quinta sexta senin selasa rabu kamis jumat sabtu minggu ' +
  'понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье ' +
  'facebook twitter whatsapp telegram instagram linkedin reuters ap afp dpa efe ansa apa upi xinhua tass interfax kyodo jiji yonhap antara bloomberg')
    .split(' '),
);

const dayMonthKey = (day: number, month: number) =>
  day >= 1 && day <= 31 && month >= 1 ? `d:${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : null;

// Words that scale the number before them ("18.4 billion", "184亿", "800 ألف", "18.400 millones").
// Sticky: tried right where the number ends, without copying the rest of the text for every number.
const SCALE =
  /\s?(mil millones|billions?|bn|milliard[a-z]*|mrd\.?|bilh[õo]es|bilião|miliar|млрд\.?|миллиард\p{L}*|مليار|millions?|millionen|millones|milhões|mio\.?|mln\.?|juta|млн\.?|миллион\p{L}*|مليون|thousand|tausend|mille|mil|ribu|тыс\.?|ألف)(?![\p{L}])|\s?(万|萬|亿|億|千)/iuy;
const SCALES: [RegExp, number][] = [
  [/^(mil millones|billions?|bn|milliard|mrd|bilh|bili|miliar|млрд|миллиард|مليار)/iu, 1e9],
  [/^(million|millones|milh|mio|mln|juta|млн|миллион|مليون)/iu, 1e6],
  [/^(万|萬)/u, 1e4],
  [/^(亿|億)/u, 1e8],
  [/^(thousand|tausend|mille|mil|ribu|тыс|ألف|千)/iu, 1e3],
];

// Trailing patterns start only where their run starts: tried from every position of a long run that does
// not reach the end, `0+$` or `[.!?]+$` costs the square of the run's length.
const TRAILING_ZEROS = /(?<!0)0+$/;
const TRAILING_PUNCTUATION = /(?<![.!?…'’-])[.!?…'’-]+$/u;

/** A number as a key value: no trailing zeros in the fraction ("66.40" → "66.4"). */
const canonicalNumber = (value: number) => (Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6))));

// A day or a count written as an ordinal or a decade ("the 14th", "in his 30s", "the 1990s"): other
// languages write the bare number ("14日", "30代", "30-х").
const ORDINAL = /(?<![\p{L}\p{N}])(\d{2,4})(?:st|nd|rd|th|s)(?![\p{L}\p{N}])/gu;

// Chinese and Japanese write large numbers by myriads: 2万6469 is 26469, 3億2000万 is 320000000. Japanese
// newspapers write the decimal point as "・" (182・44 is 182.44).
// Only from the start of a run of digits, with bounded parts: tried inside a long run, it would cost n².
const MYRIAD_NUMBER = /(?<![\d.・･])\d{1,12}(?:[.・･]\d{1,12})?(?:[万萬亿億]\d{1,4}(?:[.・･]\d{1,12})?)+[万萬亿億]?(?![\d.・･])/gu;
const MYRIADS: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

function myriadValue(written: string): number {
  let total = 0;
  for (const [, number, unit] of written.replace(/[・･]/gu, '.').matchAll(/([\d.]+)([万萬亿億]?)/gu)) total += Number(number) * (unit ? MYRIADS[unit]! : 1);
  return Math.round(total * 1e6) / 1e6;
}

function addNumbers(text: string, keys: Set<string>): void {
  for (const match of text.matchAll(ORDINAL)) keys.add(`n:${Number(match[1])}`);
  // The parts of a myriad number (2万, 6469・89) are no numbers of their own.
  const myriadEnds = new Map<number, number>();
  for (const match of text.matchAll(MYRIAD_NUMBER)) {
    keys.add(`n:${canonicalNumber(myriadValue(match[0]))}`);
    myriadEnds.set(match.index, match.index + match[0].length);
  }
  let insideUntil = -1;
  for (const match of text.matchAll(NUMBER)) {
    insideUntil = myriadEnds.get(match.index) ?? insideUntil;
    if (match.index < insideUntil) continue;
    const integer = match[1]!.replace(/[^\d]/g, '');
    const fraction = match[2];
    const value = fraction ? `${Number(integer)}.${fraction.replace(TRAILING_ZEROS, '') || '0'}` : String(Number(integer));
    if (match[3]) {
      keys.add(`p:${value.replace(/\.0$/, '')}`);
      continue;
    }
    // Small whole numbers ("two of them", list items, "5 hours") are everywhere and prove nothing.
    if (fraction || Number(integer) >= 10) keys.add(`n:${value}`);
    // A scaled amount also gets its full value, which is how other languages meet it: $18.4 billion,
    // 18,4 Milliarden, 184亿 and 18.400 millones are all n:18400000000.
    SCALE.lastIndex = match.index + match[0].length;
    const scale = SCALE.exec(text);
    if (scale) {
      const factor = SCALES.find(([pattern]) => pattern.test(scale[1] ?? scale[2]!))?.[1];
      if (factor) keys.add(`n:${canonicalNumber(Math.round(Number(value) * factor * 1e6) / 1e6)}`);
    }
  }
}

function addDates(text: string, keys: Set<string>): void {
  for (const match of text.matchAll(ISO_DATE)) {
    const key = dayMonthKey(Number(match[3]), Number(match[2]));
    if (key) keys.add(key);
  }
  for (const match of text.matchAll(DAY_MONTH)) {
    const key = dayMonthKey(Number(match[1]), monthOf(match[2]!));
    if (key) keys.add(key);
  }
  for (const match of text.matchAll(MONTH_DAY)) {
    const key = dayMonthKey(Number(match[2]), monthOf(match[1]!));
    if (key) keys.add(key);
  }
  for (const match of text.matchAll(CJK_DATE)) {
    const key = dayMonthKey(Number(match[2]), Number(match[1]));
    if (key) keys.add(key);
  }
}

// Runs of unspaced scripts, replaced by a separator so Latin names inside CJK text become words. Thai,
// Lao, Khmer, Burmese (Myanmar) and Tibetan also write no spaces between words, so a Latin name touches
// the letters around it ("ក្រុមហ៊ុនHelvionបាន") just as in Chinese; the zero-width space, which these
// texts use as an invisible word break, belongs to the run too.
const UNSPACED_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}、。「」（）・ー\u200b]+/gu;
// A dateline's agency in parentheses ("MALATYA (Meridian Press) — "): the agency says nothing about the event.
const DATELINE_AGENCY = /^([^\n()]{0,40}?)\s*\([^()\n]{1,40}\)\s*(?=[—–-])/u;
/**
 * Text where more than this share of the words inside sentences is capitalized capitalizes its nouns
 * (German, Luxembourgish): measured over at least NOUN_CAPITALS_MIN_WORDS words. English news runs
 * at 8–15 % (names, titles), German at 25–35 %.
 */
const NOUN_CAPITALS_SHARE = 0.2;
const NOUN_CAPITALS_MIN_WORDS = 20;
/**
 * Name skeletons of fewer consonants than this give no key. Two are kept (Blair, Tony, Xi Jinping's
 * Jinping has three): many short names have two, and their key weighs half (see keyWeight), as several
 * names share each.
 */
const MIN_SKELETON = 2;
const SHORT_SKELETON = 2;
/** Lines with fewer words than this are page chrome (bylines, credits, "Read more: …"), not body text. */
const MIN_BODY_WORDS = 8;

// An abbreviation: two to six capitals (NATO, ALS, ФСБ; "U.S." once its dots are gone). Roman numerals
// and the agencies of FUNCTION_WORDS are none.
const ACRONYM = /^[\p{Lu}]{2,6}$/u;
const ROMAN_NUMERAL = /^[IVXLCDM]+$/;
const isAcronym = (word: string) =>
  ACRONYM.test(word) && NAME_SCRIPT.test(word) && !ROMAN_NUMERAL.test(word) && !FUNCTION_WORDS.has(word.toLowerCase());
/** A line (or title) written in capitals ("BREAKING NEWS: …") has no abbreviations to tell apart: at least half its words are all capitals. */
function mostlyCapitals(line: string): boolean {
  let words = 0;
  let capitals = 0;
  for (const [word] of line.matchAll(/[\p{L}]{2,}/gu)) {
    words++;
    if (word === word.toUpperCase() && word !== word.toLowerCase()) capitals++;
  }
  return words >= 4 && capitals * 2 >= words;
}

/**
 * Name words: capitalized words of Latin, Cyrillic or Greek script, including Latin names inside
 * Chinese or Japanese text. A sentence's first word (and every word of a title, which many languages
 * write in title case) counts only when the same word is also capitalized in the middle of a sentence
 * somewhere, which removes "The", "Yesterday" and the like; CJK sentences have no capitals to start
 * them, so every capitalized Latin word there counts. Short chrome lines (bylines, photo credits) and a
 * dateline's agency give no names. German capitalizes every noun, so German text yields more words;
 * they rarely meet words of another article, which only lowers similarity a little. Month names, day
 * names and function words are skipped.
 */
function addNames(title: string, text: string, keys: Set<string>): void {
  const confirmed = new Set<string>();
  const acronyms = new Set<string>();
  const initial: string[] = [];
  let inner = 0;
  let innerCapitalized = 0;
  for (const line of text.split('\n')) {
    const unspaced = (line.match(UNSPACED_RUN) ?? []).join('').length;
    const words = line.split(/\s+/u).filter(Boolean).length;
    if (unspaced ? unspaced < 15 : words < MIN_BODY_WORDS) continue;
    const lineAcronyms = !mostlyCapitals(line);
    for (const sentence of line.replace(DATELINE_AGENCY, '$1 ').split(/(?<=[.!?…。])\s*/u)) {
      const cjk = UNSPACED_RUN.test(sentence);
      const tokens = sentence.replace(UNSPACED_RUN, ' ').split(/[\s"“”„«»()[\]:;,/]+/u).filter(Boolean);
      tokens.forEach((raw, index) => {
        const word = raw.replace(TRAILING_PUNCTUATION, '').replace(/^['’-]+/u, '');
        if (!cjk && index > 0 && word.length >= 3 && NAME_SCRIPT.test(word)) {
          inner++;
          if (CAPITALIZED.test(word)) innerCapitalized++;
        }
        if (lineAcronyms && isAcronym(word)) acronyms.add(word);
        if (!CAPITALIZED.test(word) || !NAME_SCRIPT.test(word) || word.length < 3) return;
        if (FUNCTION_WORDS.has(word.toLowerCase()) || monthOf(word)) return;
        if (index === 0 && !cjk) initial.push(word);
        else confirmed.add(word);
      });
    }
  }
  const titleAcronyms = !mostlyCapitals(title);
  for (const raw of title.replace(UNSPACED_RUN, ' ').split(/[\s"“”„«»()[\]:;,.!?|–—/-]+/u)) {
    if (CAPITALIZED.test(raw) && NAME_SCRIPT.test(raw) && raw.length >= 3) initial.push(raw);
    if (titleAcronyms && isAcronym(raw)) acronyms.add(raw);
  }
  for (const acronym of acronyms) keys.add(`a:${anyAscii(acronym).toUpperCase()}`);
  // Where most capitalized words are nouns (German), a capital proves no name: such words are kept as
  // maybe-names, which count when another article has them and cost nothing when it has not.
  const prefix = inner >= NOUN_CAPITALS_MIN_WORDS && innerCapitalized / inner > NOUN_CAPITALS_SHARE ? 'm' : 'w';
  // A name is keyed by its sound skeleton, at most five consonants: inflected forms (Макроном, Путина,
  // Selenskyjs) mostly keep their stem's, and other scripts' spellings meet (see soundKey).
  const add = (word: string) => {
    const key = soundKey(word);
    if (key.length >= MIN_SKELETON) keys.add(`${prefix}:${key}`);
  };
  for (const word of confirmed) add(word);
  for (const word of initial) if (confirmed.has(word)) add(word);
}

// Katakana writes foreign names (and loanwords); ・ separates a name's parts.
const KATAKANA_RUN = /[\p{Script=Katakana}ー]{2,}/gu;

/** Katakana words as maybe-names, by their sound (see soundKey): プーチン meets Putin, Путин. */
function addKatakanaNames(text: string, keys: Set<string>): void {
  for (const [word] of text.matchAll(KATAKANA_RUN)) {
    const key = soundKey(word, true);
    if (key.length >= MIN_SKELETON) keys.add(`m:${key}`);
  }
}

/**
 * Words of scripts that have no capitals to tell a name and write spaces between words: Arabic, Hebrew,
 * the Indic scripts, Hangul, Georgian, Ethiopic. Any word may be a name here, so each is a maybe-name,
 * which counts only where another article has the same skeleton as a name (Trump, ترامب, ट्रम्प, 트럼프).
 */
export const UNCASED_SCRIPTS =
  '\\p{Script=Arabic}\\p{Script=Hebrew}\\p{Script=Devanagari}\\p{Script=Bengali}\\p{Script=Gurmukhi}\\p{Script=Gujarati}\\p{Script=Oriya}\\p{Script=Tamil}\\p{Script=Telugu}\\p{Script=Kannada}\\p{Script=Malayalam}\\p{Script=Sinhala}\\p{Script=Hangul}\\p{Script=Georgian}\\p{Script=Ethiopic}';
const UNCASED_WORD = new RegExp(`[${UNCASED_SCRIPTS}\\p{M}]{2,}`, 'gu');
const ABJAD = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
// Arabic and Hebrew write long vowels with the letters و ي ا ى and ו י א, and short ones not at all:
// after a word's first letter they are vowels (بوتين is b-u-t-i-n).
const ABJAD_VOWEL_LETTERS = /[وياىאוי]/gu;
/** An abjad word without the vowel letters after its first letter. */
function withoutVowelLetters(word: string): string {
  const first = word.search(/\p{L}/u);
  return first < 0 ? word : word.slice(0, first + 1) + word.slice(first + 1).replace(ABJAD_VOWEL_LETTERS, '');
}
const HANGUL = /\p{Script=Hangul}/u;
/** An article's maybe-names from uncased scripts, at most: a long Hindi or Arabic article has thousands of words. */
const MAX_UNCASED_NAMES = 150;
/**
 * Every word of such text is a maybe-name, so its skeletons meet names of other articles by chance far
 * more often than capitalized words do: a word needs four consonants in a title (Trump, Macron, Merkel),
 * five in the text (Zelensky). Measured with `pnpm eval:stories`' chance joins (articles made of
 * unrelated sentences in 13 such languages against the corpus's articles, ~214,000 pairs; before city
 * keys): three consonants in title and text gave 455 pairs that clear the cross-language rule, four 50,
 * these 25, no uncased names 21 (with city keys: these 24, none 20).
 */
const MIN_UNCASED_TITLE_SKELETON = 4;
const MIN_UNCASED_TEXT_SKELETON = 5;

/** The sound skeletons a word of an uncased script may be a name by (see UNCASED_WORD). */
function uncasedSkeletons(word: string): string[] {
  const forms = lookupForms(word);
  // Korean writes a particle onto the noun (트럼프는, 푸틴이): the word without its last syllable too.
  if (HANGUL.test(word) && [...word].length >= 3) forms.push([...word].slice(0, -1).join(''));
  const skeletons = new Set<string>();
  for (const form of forms) {
    if (!ABJAD.test(form)) {
      skeletons.add(soundKey(form));
      continue;
    }
    const latin = anyAscii(withoutVowelLetters(form)).toLowerCase();
    skeletons.add(soundKey(latin));
    // Arabic has no p and writes it ب (ترامب, Trump); Hebrew פ is p or f.
    if (/[bf]/.test(latin)) skeletons.add(soundKey(latin.replace(/[bf]/g, 'p')));
  }
  return [...skeletons];
}

function addUncasedNames(text: string, keys: Set<string>, minSkeleton: number): void {
  const found = new Set<string>();
  for (const [word] of text.matchAll(UNCASED_WORD)) {
    for (const skeleton of uncasedSkeletons(word)) if (skeleton.length >= minSkeleton) found.add(skeleton);
    if (found.size >= MAX_UNCASED_NAMES) break;
  }
  for (const skeleton of [...found].slice(0, MAX_UNCASED_NAMES)) keys.add(`m:${skeleton}`);
}

/** Arabic-Indic, Persian, Thai, Lao, Khmer, Myanmar, Tibetan and other decimal digits (any \p{Nd}) as ASCII digits. */
function toAsciiDigits(text: string): string {
  return text.replace(/[\p{Nd}]/gu, (digit) => {
    const code = digit.codePointAt(0)!;
    if (code < 0x80) return digit;
    // Unicode keeps each script's digits 0–9 contiguous: find this digit's zero.
    for (let zero = code - 9; zero <= code; zero++) if (/\p{Nd}/u.test(String.fromCodePoint(zero)) && !/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) return String(code - zero);
    return digit;
  });
}

/**
 * The evidence of one article (see the module comment), from its title and the start of its text (see
 * limits.ts). `language` is accepted for callers that know it and reserved for language-specific rules;
 * the evidence is meant to be comparable across languages. `nameReadings`: the katakana readings of
 * names a dictionary found in the text (japaneseNameReadings), keyed by their sound like other names.
 */
export function storyKeys(fullTitle: string, fullText: string, _language?: string | null, nameReadings: readonly string[] = []): Set<string> {
  const title = cutText(fullTitle, MAX_TITLE_CHARS).normalize('NFKC');
  const text = cutText(fullText, MAX_TEXT_CHARS).normalize('NFKC');
  const keys = new Set<string>();
  const all = toAsciiDigits(`${title}\n${text}`);
  addDates(all, keys);
  addNumbers(all, keys);
  addNames(undotAbbreviations(title), undotAbbreviations(text), keys);
  addCountries(`${title}\n${text}`, keys);
  addKatakanaNames(`${title}\n${text}`, keys);
  addUncasedNames(title, keys, MIN_UNCASED_TITLE_SKELETON);
  addUncasedNames(text, keys, MIN_UNCASED_TEXT_SKELETON);
  // Japanese names are romanized the Japanese way (チ chi, ツ tsu: Kenichi, Hamamatsu), not as the foreign
  // names katakana also writes (プーチン Putin).
  for (const reading of nameReadings) {
    const key = soundKey(reading);
    if (key.length >= MIN_SKELETON) keys.add(`w:${key}`);
  }
  return keys;
}

const LATIN = /^\p{Script=Latin}/u;

/**
 * Readable forms of name keys, for showing evidence ("Putin" rather than `ptn`): for each sound skeleton,
 * the word of `texts` (the titles of a story's members) that gives it most often, in Latin script when
 * one does. Words are found as storyKeys finds names: capitalized words, katakana words, words of
 * scripts without capitals.
 */
export function nameLabels(texts: readonly string[]): Map<string, string> {
  const surfaces = new Map<string, Map<string, number>>();
  const count = (skeleton: string, word: string) => {
    if (skeleton.length < MIN_SKELETON) return;
    const words = surfaces.get(skeleton) ?? new Map<string, number>();
    words.set(word, (words.get(word) ?? 0) + 1);
    surfaces.set(skeleton, words);
  };
  for (const full of texts) {
    const text = cutText(full, MAX_TITLE_CHARS).normalize('NFKC');
    for (const raw of text.replace(UNSPACED_RUN, ' ').split(/[\s"“”„«»()[\]:;,.!?|–—/]+/u)) {
      const word = raw.replace(TRAILING_PUNCTUATION, '').replace(/^['’-]+/u, '');
      if (CAPITALIZED.test(word) && NAME_SCRIPT.test(word) && word.length >= 3) count(soundKey(word), word);
    }
    for (const [word] of text.matchAll(KATAKANA_RUN)) count(soundKey(word, true), word);
    for (const [word] of text.matchAll(UNCASED_WORD)) for (const skeleton of uncasedSkeletons(word)) count(skeleton, word);
  }
  const labels = new Map<string, string>();
  for (const [skeleton, words] of surfaces) {
    const [best] = [...words].sort(([a, countA], [b, countB]) => Number(LATIN.test(b)) - Number(LATIN.test(a)) || countB - countA || a.localeCompare(b));
    labels.set(skeleton, best![0]);
  }
  return labels;
}

/**
 * How much a shared key proves. A specific number (1150, 6.4, 18400000000), a percentage or a date
 * weighs twice a name word (names of the countries and leaders of a topic recur in every story about
 * it); a year or a whole number below 100 (ages, counts of days, scores) only as much as a name word;
 * a short name skeleton or abbreviation (shared by many names) and a country (named in most stories
 * from it) half as much.
 */
export function keyWeight(key: string): number {
  const kind = key.slice(0, 1);
  if (kind === 'w' || kind === 'm' || kind === 'a') return key.length - 2 <= SHORT_SKELETON ? 0.5 : 1;
  if (kind === 'c') return 0.5;
  if (kind === 'n') {
    const value = Number(key.slice(2));
    if (Number.isInteger(value) && (value < 100 || (value >= 1900 && value <= 2100))) return 1;
  }
  return 2;
}

/** The key a maybe-name (`m:`) meets: the name key (`w:`) of the same spelling. */
export function matchingKey(key: string): string {
  return key.startsWith('m:') ? `w:${key.slice(2)}` : key;
}

/**
 * Weighted Jaccard similarity of two evidence sets, in [0, 1]: the weight of the shared keys over
 * the weight of all keys, numbers and dates weighing twice a name word. A maybe-name (`m:`) meets a
 * name key of the same spelling and counts only when shared. 0 when both are empty.
 */
export function storySimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>, weightOf: (key: string) => number = keyWeight): number {
  const certain = (keys: ReadonlySet<string>) => {
    const byMatch = new Map<string, boolean>();
    for (const key of keys) {
      const match = matchingKey(key);
      byMatch.set(match, (byMatch.get(match) ?? false) || match === key);
    }
    return byMatch;
  };
  const left = certain(a);
  const right = certain(b);
  let shared = 0;
  let total = 0;
  for (const [key, sure] of left) {
    const weight = weightOf(key);
    const other = right.get(key);
    // Two maybe-names prove nothing (two German texts share common nouns); one side must be sure.
    if (other !== undefined && (sure || other)) {
      shared += weight;
      total += weight;
    } else if (sure) total += weight;
  }
  for (const [key, sure] of right) if (sure && !left.has(key)) total += weightOf(key);
  return total === 0 ? 0 : shared / total;
}
