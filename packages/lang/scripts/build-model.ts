/**
 * Builds the detector's data from npm packages whose licenses allow it: `pnpm --filter @polywire/lang
 * build:model`. Never from ../shared/corpus, which is for evaluation only.
 *
 * - model/ngrams.bin: character n-gram models (orders 1–5) of the supported languages, taken from
 *   lingua-rs's models (Apache-2.0), which the npm package @bluzzi/lingua embeds in its WebAssembly
 *   build as brotli-compressed JSON. Each model entry is the conditional probability of an n-gram's
 *   last character given the ones before it (a reduced fraction, e.g. "3553/58397"); we keep it as a
 *   quantized cost (−ln p) so the detector can load every language into a few typed arrays.
 * - src/generated/han-variants.ts: the Han characters that only Simplified, or only Traditional,
 *   Chinese writes, from OpenCC's character tables (Apache-2.0) in the npm package opencc-js.
 *
 * The output is committed, so nothing is built or downloaded when the detector runs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { MODEL_LANGUAGES, MODEL_MAGIC, MAX_ORDER, COST_STEP } from '../src/model-format.js';

const require = createRequire(import.meta.url);
const packageRoot = path.resolve(import.meta.dirname, '..');

// lingua's language names → ISO 639-1.
const LINGUA_NAMES: Record<string, string> = {
  ARABIC: 'ar', BELARUSIAN: 'be', BENGALI: 'bn', BOKMAL: 'nb', BOSNIAN: 'bs', BULGARIAN: 'bg', CATALAN: 'ca',
  CHINESE: 'zh', CROATIAN: 'hr', CZECH: 'cs', DANISH: 'da', DUTCH: 'nl', ENGLISH: 'en', FINNISH: 'fi',
  FRENCH: 'fr', GERMAN: 'de', GREEK: 'el', HEBREW: 'he', HINDI: 'hi', INDONESIAN: 'id', ITALIAN: 'it',
  JAPANESE: 'ja', KOREAN: 'ko', MACEDONIAN: 'mk', MALAY: 'ms', MARATHI: 'mr', NYNORSK: 'nn', PERSIAN: 'fa',
  POLISH: 'pl', PORTUGUESE: 'pt', RUSSIAN: 'ru', SERBIAN: 'sr', SLOVAK: 'sk', SPANISH: 'es', SWEDISH: 'sv',
  THAI: 'th', TURKISH: 'tr', UKRAINIAN: 'uk', URDU: 'ur', VIETNAMESE: 'vi',
};
/**
 * Size: 4- and 5-grams whose reduced frequency fraction has numerator 1 (seen about once) are half of
 * the 12 million postings; dropped, the model is 14 MB on disk instead of 26 and peaks at 240 MB of
 * RSS instead of 355 (over the 300 MB budget). A text containing one backs off to the shorter n-gram.
 */
const MIN_PRUNED_ORDER = 4;
const MIN_NUMERATOR = 2;
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

function buildNgramModel(): Buffer {
  const wasmFile = path.join(path.dirname(require.resolve('@bluzzi/lingua')), 'lingua_bg.wasm');
  const lingua = readLinguaModels(wasmFile);
  const codeOf = new Map(Object.entries(LINGUA_NAMES).map(([name, code]) => [code, name]));
  // ngram → (language index → cost)
  const table = new Map<string, Map<number, number>>();
  for (const [index, code] of MODEL_LANGUAGES.entries()) {
    const models = lingua.get(codeOf.get(code) ?? '');
    if (!models) throw new Error(`no lingua model for ${code}`);
    for (const [order, model] of models.slice(0, MAX_ORDER).entries()) {
      if (!model) continue;
      for (const [fraction, list] of Object.entries(model.ngrams)) {
        const [numerator, denominator] = fraction.split('/').map(Number) as [number, number];
        if (order >= MIN_PRUNED_ORDER - 1 && numerator < MIN_NUMERATOR) continue;
        const cost = Math.min(255, Math.round(-Math.log(numerator / denominator) / COST_STEP));
        for (const ngram of list.split(' ')) {
          const postings = table.get(ngram) ?? new Map<number, number>();
          postings.set(index, cost);
          table.set(ngram, postings);
        }
      }
    }
  }
  const ngrams = [...table.keys()].sort();
  let postingCount = 0;
  for (const postings of table.values()) postingCount += postings.size;
  const text = Buffer.from(ngrams.join('\n'), 'utf8');
  const counts = new Uint8Array(ngrams.length);
  const languages = new Uint8Array(postingCount);
  const costs = new Uint8Array(postingCount);
  let at = 0;
  ngrams.forEach((ngram, i) => {
    const postings = [...table.get(ngram)!].sort((a, b) => a[0] - b[0]);
    counts[i] = postings.length;
    for (const [language, cost] of postings) {
      languages[at] = language;
      costs[at++] = cost;
    }
  });
  const header = Buffer.from(
    JSON.stringify({ languages: MODEL_LANGUAGES, costStep: COST_STEP, entries: ngrams.length, postings: postingCount, textBytes: text.length }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const raw = Buffer.concat([Buffer.from(MODEL_MAGIC), length, header, text, counts, languages, costs]);
  console.log(`${ngrams.length} n-grams, ${postingCount} postings, ${(raw.length / 1e6).toFixed(1)} MB raw`);
  return brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
}

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
if (process.argv.includes('--han-only')) process.exit(0);
const model = buildNgramModel();
writeFileSync(path.join(packageRoot, 'model/ngrams.bin'), model);
console.log(`model/ngrams.bin: ${(model.length / 1e6).toFixed(1)} MB`);
