/**
 * Language-independent evidence that two articles report the same event: numbers, dates and names.
 * Keys are prefixed by kind: `n:1200` (a number), `p:3.5` (a percentage), `d:03-15` (a day of a
 * month, without the year, which reports often omit), `w:putin` (a name word, transliterated and
 * simplified so spellings across languages meet).
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

// Month names (and their genitive or declined forms, by prefix) in en, de, fr, es, it, pt, nl, ru, uk, pl.
const MONTHS: string[][] = [
  ['jan', 'jän', 'janv', 'ener', 'genn', 'janei', 'январ', 'січ', 'stycz'],
  ['feb', 'févr', 'fevr', 'febr', 'fever', 'феврал', 'лют', 'lut'],
  ['mar', 'mär', 'mars', 'marz', 'març', 'maart', 'март', 'берез'],
  ['apr', 'avr', 'abr', 'апрел', 'квіт', 'kwie'],
  ['may', 'mai', 'mayo', 'magg', 'maio', 'mei', 'ма', 'трав', 'maj'],
  ['jun', 'juin', 'junio', 'giu', 'junh', 'juni', 'июн', 'черв', 'czerw'],
  ['jul', 'juil', 'julio', 'lug', 'julh', 'juli', 'июл', 'лип', 'lip'],
  ['aug', 'août', 'aout', 'agos', 'ago', 'augus', 'август', 'серп', 'sierp'],
  ['sep', 'sept', 'set', 'сентя', 'верес', 'wrze'],
  ['oct', 'okt', 'octu', 'ott', 'out', 'октя', 'жовт', 'paźd', 'pazd'],
  ['nov', 'novi', 'ноябр', 'листоп', 'listop'],
  ['dec', 'dez', 'déc', 'dic', 'dici', 'дека', 'груд', 'grud'],
];
const MONTH_WORD = /^[\p{L}]+$/u;

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
  if (best && ['market', 'marsch', 'marine', 'martin', 'mayor', 'maintenant', 'maire', 'octet', 'outre'].includes(lower)) return 0;
  return best;
}

const NUMBER = /(?<![\p{L}\p{N}])(\d{1,3}(?:[,. \u00a0\u202f'’]\d{3})+|\d+)(?:[.,](\d+))?(?![\p{L}\p{N}])(\s?(%|percent|per cent|prozent|pour cent|por ciento|per cento|por cento|procent|процент\p{L}*))?/giu;
const DAY_MONTH = /(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?(\p{L}+\.?)/gu;
const MONTH_DAY = /(\p{L}+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)/gu;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const CAPITALIZED = /^[\p{Lu}][\p{Ll}\p{M}'’-]*$/u;
const NAME_SCRIPT = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{M}'’-]+$/u;

// Words that are capitalized at the start of a sentence in most texts and are no name.
const FUNCTION_WORDS = new Set(
  'the a an in on at of for to and but he she it they we this that these there when after before while with from by as if is was ' +
  'der die das den dem des ein eine einer und oder aber er sie es wir im am auf für mit nach vor bei zum zur nicht auch ' +
  'le la les un une des du de et mais il elle ils nous dans sur pour avec selon après avant ce cette ' +
  'el los las unos unas y pero en con para según tras ante lo ' +
  'il lo gli i una e ma nel nella con per secondo dopo ' +
  'o os as um uma mas em no na com segundo após ' +
  'в во на по с со и а но он она они мы это этот после перед для из к у о об от за при ' +
  'ο η το οι τα και σε με για από',
);

const dayMonthKey = (day: number, month: number) =>
  day >= 1 && day <= 31 && month >= 1 ? `d:${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : null;

function addNumbers(text: string, keys: Set<string>): void {
  for (const match of text.matchAll(NUMBER)) {
    const integer = match[1]!.replace(/[^\d]/g, '');
    const fraction = match[2];
    const value = fraction ? `${Number(integer)}.${fraction.replace(/0+$/, '') || '0'}` : String(Number(integer));
    if (match[3]) keys.add(`p:${value.replace(/\.0$/, '')}`);
    // Small whole numbers ("two of them", list items, "5 hours") are everywhere and prove nothing.
    else if (fraction || Number(integer) >= 10) keys.add(`n:${value}`);
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
}

/**
 * Name words: capitalized words of Latin, Cyrillic or Greek script. A sentence's first word (and
 * every word of a title, which many languages write in title case) counts only when the same word is
 * also capitalized in the middle of a sentence somewhere, which removes "The", "Yesterday" and the
 * like. German capitalizes every noun, so German text yields more words; they rarely meet words of
 * another article, which only lowers similarity a little. Month names and function words are skipped.
 */
function addNames(title: string, text: string, keys: Set<string>): void {
  const confirmed = new Set<string>();
  const initial: string[] = [];
  for (const sentence of text.split(/(?<=[.!?…。])\s+|\n+/u)) {
    const words = sentence.split(/[\s"“”„«»()[\]:;,]+/u).filter(Boolean);
    words.forEach((raw, index) => {
      const word = raw.replace(/[.!?…'’-]+$/u, '');
      if (!CAPITALIZED.test(word) || !NAME_SCRIPT.test(word) || word.length < 3) return;
      if (FUNCTION_WORDS.has(word.toLowerCase()) || monthOf(word)) return;
      if (index === 0) initial.push(word);
      else confirmed.add(word);
    });
  }
  for (const raw of title.split(/[\s"“”„«»()[\]:;,.!?|–—-]+/u)) {
    if (CAPITALIZED.test(raw) && NAME_SCRIPT.test(raw) && raw.length >= 3) initial.push(raw);
  }
  // Only the first five letters of a key count: a crude stem, so inflected forms (Макроном, Париже,
  // Selenskyjs) meet their nominative in other languages.
  const add = (word: string) => {
    const key = nameKey(word).slice(0, 5);
    if (key.length >= 3) keys.add(`w:${key}`);
  };
  for (const word of confirmed) add(word);
  for (const word of initial) if (confirmed.has(word)) add(word);
}

/**
 * The evidence of one article (see the module comment). `language` is accepted for callers that know
 * it and reserved for language-specific rules; the evidence is meant to be comparable across languages.
 */
export function storyKeys(title: string, text: string, _language?: string | null): Set<string> {
  const keys = new Set<string>();
  const all = `${title}\n${text}`.normalize('NFKC');
  addDates(all, keys);
  addNumbers(all, keys);
  addNames(title.normalize('NFKC'), text.normalize('NFKC'), keys);
  return keys;
}

// A shared date or number is stronger evidence than a shared name word (names of the
// countries and leaders of a topic recur in every story about it).
const WEIGHTS: Record<string, number> = { d: 2, n: 2, p: 2, w: 1 };
const weightOf = (key: string) => WEIGHTS[key.slice(0, 1)] ?? 1;

/**
 * Weighted Jaccard similarity of two evidence sets, in [0, 1]: the weight of the shared keys over
 * the weight of all keys, numbers and dates weighing twice a name word. 0 when both are empty.
 */
export function storySimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  let total = 0;
  for (const key of a) {
    const weight = weightOf(key);
    total += weight;
    if (b.has(key)) shared += weight;
  }
  for (const key of b) if (!a.has(key)) total += weightOf(key);
  return total === 0 ? 0 : shared / total;
}
