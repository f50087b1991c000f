/**
 * Language identification on the shared corpus, ours against its peers in one run:
 * `pnpm eval:lang [--corpus DIR] [--json] [--detectors ours,lingua,eld,cld3,franc]`.
 *
 * - corpus/langid/{single-words,word-pairs,short-sentences,sentences}/<lang>.txt: one text per line,
 *   for the 34 news languages. A prediction is right when its language (the tag without script) is
 *   the file's; Indonesian and Malay count as one class (the corpus's ms file is mostly Indonesian),
 *   so the macro average is over 33 classes.
 * - corpus/langid/udhr/<tag>.txt: zh-Hans/zh-Hant and sr-Cyrl/sr-Latn are scored on the full tag.
 * - src/fixtures/id-ms.json (written here): Indonesian vs Malaysian Malay, each on its own, on the
 *   sentences the marker words were written with and on held-out ones written after them.
 * - src/fixtures/hr-bs-sr.json (written here): Croatian, Bosnian and Latin-script Serbian, with a
 *   held-out set written after the markers; src/fixtures/nb-nn.json (written here): Bokmål and Nynorsk.
 * - Serbian in Latin letters at every length: the corpus's Serbian texts (Cyrillic) transliterated by
 *   the official one-to-one letter mapping (љ → lj, њ → nj, џ → dž, …), scored on the full tag sr-Latn.
 *
 * Each detector runs in a child process of its own, one after the other, so that its resident
 * memory is its own and it has a core to itself (as much as a shared machine allows): peak RSS is
 * reported with the RSS of the same process before the detector was loaded. Throughput is the median
 * of three timed passes over the short sentences, after the scored pass has warmed it up.
 *
 * The corpus is for evaluation only: nothing here or in the detector was trained or tuned on it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const NEWS_LANGUAGES = 'ar bn bs cs da de el en es fa fi fr he hi hr id it ja ko ms nb nl pl pt ru sk sr sv th tr uk ur vi zh'.split(' ');
const LENGTHS = ['single-words', 'word-pairs', 'short-sentences', 'sentences'] as const;
type Length = (typeof LENGTHS)[number];
const DETECTORS = ['ours', 'lingua', 'eld', 'cld3', 'franc'] as const;
type DetectorName = (typeof DETECTORS)[number];

/** Languages ours can answer, and the set lingua is restricted to for an even comparison. */
const OUR_LANGUAGES = [...NEWS_LANGUAGES, 'nn', 'ca', 'be', 'bg', 'mk', 'mr'];

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    json: { type: 'boolean', default: false },
    detectors: { type: 'string', default: DETECTORS.join(',') },
    worker: { type: 'string' },
  },
});
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const corpus = path.resolve(process.cwd(), values.corpus ?? path.join(repoRoot, '../shared/corpus/langid'));
const fixtureDir = path.resolve(import.meta.dirname, '../src/fixtures');
/** Fixture sets, by name, each a map of expected tag → texts. */
type Fixtures = Record<string, Record<string, string[]>>;

function readFixtures(): Fixtures {
  const idMs = JSON.parse(readFileSync(path.join(fixtureDir, 'id-ms.json'), 'utf8')) as {
    id: string[];
    ms: string[];
    heldOut: { id: string[]; ms: string[] };
  };
  const hrBsSr = JSON.parse(readFileSync(path.join(fixtureDir, 'hr-bs-sr.json'), 'utf8')) as Record<string, unknown> & {
    heldOut: Record<string, string[]>;
  };
  const nbNn = JSON.parse(readFileSync(path.join(fixtureDir, 'nb-nn.json'), 'utf8')) as { nb: string[]; nn: string[] };
  return {
    'id-ms': { id: idMs.id, ms: idMs.ms },
    'id-ms held out': idMs.heldOut,
    'hr-bs-sr': Object.fromEntries(Object.entries(hrBsSr).filter((entry): entry is [string, string[]] => Array.isArray(entry[1]))),
    'hr-bs-sr held out': hrBsSr.heldOut,
    'nb-nn held out': { nb: nbNn.nb, nn: nbNn.nn },
  };
}

const readLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

interface Texts {
  lengths: Record<Length, Record<string, string[]>>;
  /** The Serbian texts of each length in Latin letters. */
  serbianLatin: Record<Length, string[]>;
  udhr: Record<string, string[]>;
  fixtures: Fixtures;
}

function readTexts(): Texts {
  const lengths = Object.fromEntries(
    LENGTHS.map((length) => [length, Object.fromEntries(NEWS_LANGUAGES.map((language) => [language, readLines(path.join(corpus, length, `${language}.txt`))]))]),
  ) as Texts['lengths'];
  const udhrDir = path.join(corpus, 'udhr');
  const udhr = Object.fromEntries(
    readdirSync(udhrDir)
      .filter((file) => file.endsWith('.txt'))
      .map((file) => [file.slice(0, -4), readLines(path.join(udhrDir, file))]),
  );
  const serbianLatin = Object.fromEntries(LENGTHS.map((length) => [length, (lengths[length].sr ?? []).map(toSerbianLatin)])) as Texts['serbianLatin'];
  return { lengths, serbianLatin, udhr, fixtures: readFixtures() };
}

/** Serbian Cyrillic → Latin (gajica), letter by letter: the two alphabets map one to one. */
const SERBIAN_CYRILLIC_TO_LATIN: Record<string, string> = Object.fromEntries(
  [...'абвгдђежзијклљмнњопрстћуфхцчџш'].map((letter, i) => [
    letter,
    ['a', 'b', 'v', 'g', 'd', 'đ', 'e', 'ž', 'z', 'i', 'j', 'k', 'l', 'lj', 'm', 'n', 'nj', 'o', 'p', 'r', 's', 't', 'ć', 'u', 'f', 'h', 'c', 'č', 'dž', 'š'][i]!,
  ]),
);

function toSerbianLatin(text: string): string {
  return [...text]
    .map((char) => {
      const lower = char.toLowerCase();
      const latin = SERBIAN_CYRILLIC_TO_LATIN[lower];
      if (latin === undefined) return char;
      return lower === char ? latin : latin[0]!.toUpperCase() + latin.slice(1);
    })
    .join('');
}

// ---- the detectors, each turned into text → tag ----

type Detect = (text: string) => string;
/** A detector's own confidence in its answer, where it gives one cheaply (ours). */
type Confidence = (text: string) => number;

/** ISO 639-3 and legacy codes → the 639-1 tags we compare (CLDR aliases through Intl). */
function toTag(code: string | undefined): string {
  if (!code || code === 'und' || code === 'un' || code === 'zxx') return 'und';
  if (code === 'no' || code === 'nob') return 'nb';
  if (code === 'zlm' || code === 'zsm') return 'ms';
  try {
    return Intl.getCanonicalLocales(code)[0] ?? code;
  } catch {
    return code;
  }
}

const LINGUA_NAMES: Record<string, string> = {
  Arabic: 'ar', Belarusian: 'be', Bengali: 'bn', Bokmal: 'nb', Bosnian: 'bs', Bulgarian: 'bg', Catalan: 'ca', Chinese: 'zh',
  Croatian: 'hr', Czech: 'cs', Danish: 'da', Dutch: 'nl', English: 'en', Finnish: 'fi', French: 'fr', German: 'de', Greek: 'el',
  Hebrew: 'he', Hindi: 'hi', Indonesian: 'id', Italian: 'it', Japanese: 'ja', Korean: 'ko', Macedonian: 'mk', Malay: 'ms',
  Marathi: 'mr', Nynorsk: 'nn', Persian: 'fa', Polish: 'pl', Portuguese: 'pt', Russian: 'ru', Serbian: 'sr', Slovak: 'sk',
  Spanish: 'es', Swedish: 'sv', Thai: 'th', Turkish: 'tr', Ukrainian: 'uk', Urdu: 'ur', Vietnamese: 'vi',
};

async function loadDetector(name: DetectorName): Promise<{ detect: Detect; description: string; confidence?: Confidence }> {
  switch (name) {
    case 'ours': {
      const { detectLanguage } = await import('../src/index.js');
      detectLanguage('warm up: load the model');
      return {
        detect: (text) => detectLanguage(text).tag,
        confidence: (text) => detectLanguage(text).confidence,
        description: `packages/lang (${OUR_LANGUAGES.length} languages)`,
      };
    }
    case 'lingua': {
      const { LanguageDetectorBuilder } = await import('@bluzzi/lingua');
      const detector = LanguageDetectorBuilder.fromISOCodes6391(OUR_LANGUAGES).withPreloadedLanguageModels().build();
      return {
        detect: (text) => LINGUA_NAMES[detector.detectLanguageOf(text) ?? ''] ?? 'und',
        description: `lingua-rs 1.x wasm (@bluzzi/lingua), high accuracy, restricted to our ${OUR_LANGUAGES.length} languages`,
      };
    }
    case 'eld': {
      const { eld } = await import('eld/large');
      return { detect: (text) => toTag(eld.detect(text).language || undefined), description: 'eld 2.1 large database, all its languages' };
    }
    case 'cld3': {
      const { loadModule } = await import('cld3-asm');
      const identifier = (await loadModule()).create(0, 1000);
      return { detect: (text) => toTag(identifier.findLanguage(text).language), description: 'CLD3 (cld3-asm wasm), all its languages' };
    }
    case 'franc': {
      const { franc } = await import('franc-all');
      return { detect: (text) => toTag(franc(text, { minLength: 1 })), description: 'franc-all 7.2 (minLength 1), all its languages' };
    }
  }
}

interface WorkerResult {
  name: DetectorName;
  description: string;
  loadMs: number;
  baselineRssMb: number;
  peakRssMb: number;
  textsPerSecond: number[];
  predictions: Record<Length, Record<string, string[]>>;
  udhr: Record<string, string[]>;
  serbianLatin: Record<Length, string[]>;
  fixtures: Fixtures;
  /** Per length and language, the confidence of each answer (when the detector gives one). */
  confidences?: Record<Length, Record<string, number[]>>;
}

async function runWorker(name: DetectorName): Promise<WorkerResult> {
  const texts = readTexts();
  const baselineRssMb = process.memoryUsage().rss / 1e6;
  const started = performance.now();
  const { detect, description, confidence } = await loadDetector(name);
  const loadMs = performance.now() - started;
  const map = (record: Record<string, string[]>) => Object.fromEntries(Object.entries(record).map(([key, list]) => [key, list.map(detect)]));
  const predictions = Object.fromEntries(LENGTHS.map((length) => [length, map(texts.lengths[length])])) as WorkerResult['predictions'];
  const udhr = map(texts.udhr);
  const serbianLatin = Object.fromEntries(LENGTHS.map((length) => [length, texts.serbianLatin[length].map(detect)])) as WorkerResult['serbianLatin'];
  const fixtures = Object.fromEntries(Object.entries(texts.fixtures).map(([name, record]) => [name, map(record)]));
  const short = Object.values(texts.lengths['short-sentences']).flat();
  const textsPerSecond: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const start = performance.now();
    for (const text of short) detect(text);
    textsPerSecond.push(short.length / ((performance.now() - start) / 1000));
  }
  const peakRssMb = (process.resourceUsage().maxRSS * 1024) / 1e6;
  const confidences = confidence
    ? (Object.fromEntries(
        LENGTHS.map((length) => [
          length,
          Object.fromEntries(Object.entries(texts.lengths[length]).map(([language, list]) => [language, list.map(confidence)])),
        ]),
      ) as WorkerResult['confidences'])
    : undefined;
  return { name, description, loadMs, baselineRssMb, peakRssMb, textsPerSecond, predictions, udhr, serbianLatin, fixtures, confidences };
}

// ---- scoring ----

const base = (tag: string) => tag.split('-')[0]!;
const sameClass = (expected: string, predicted: string) => {
  const a = base(expected);
  const b = base(predicted);
  return a === b || ((a === 'id' || a === 'ms') && (b === 'id' || b === 'ms'));
};
/** Exact, except that a detector that never writes scripts gets the language (cld3's "sr" for sr-Latn). */
const sameFixtureTag = (expected: string, predicted: string) => predicted === expected || (!predicted.includes('-') && predicted === base(expected));
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const pct = (value: number) => (value * 100).toFixed(1);

interface Score {
  name: DetectorName;
  description: string;
  perLanguage: Record<Length, Record<string, number>>;
  /** Mean over the 33 classes (id and ms pooled into one). */
  macro: Record<Length, number>;
  confusions: Record<Length, [string, number][]>;
  udhr: Record<string, { exact: number; language: number; n: number }>;
  /** Per length, the share of transliterated Serbian texts tagged sr-Latn (or sr), and what the rest were tagged. */
  serbianLatin: Record<Length, { exact: number; confusions: [string, number][] }>;
  /** Fixture set → expected tag → share predicted exactly. */
  fixtures: Record<string, Record<string, number>>;
  textsPerSecond: number;
  loadMs: number;
  baselineRssMb: number;
  peakRssMb: number;
  /** Reliability: answers by confidence band, and the share of them that were right. */
  calibration?: { band: string; n: number; accuracy: number }[];
}

const BANDS = [0, 0.5, 0.8, 0.95, 0.99, 1.0001];

function score(result: WorkerResult): Score {
  const perLanguage = {} as Score['perLanguage'];
  const macro = {} as Score['macro'];
  const confusions = {} as Score['confusions'];
  for (const length of LENGTHS) {
    const predictions = result.predictions[length];
    const rate = (language: string) => {
      const list = predictions[language] ?? [];
      return list.filter((tag) => sameClass(language, tag)).length / Math.max(1, list.length);
    };
    perLanguage[length] = Object.fromEntries(NEWS_LANGUAGES.map((language) => [language, rate(language)]));
    const pooled = [...(predictions.id ?? []), ...(predictions.ms ?? [])];
    const classes = NEWS_LANGUAGES.filter((language) => language !== 'id' && language !== 'ms').map(rate);
    classes.push(pooled.filter((tag) => sameClass('id', tag)).length / Math.max(1, pooled.length));
    macro[length] = classes.reduce((sum, value) => sum + value, 0) / classes.length;
    const counts = new Map<string, number>();
    for (const language of NEWS_LANGUAGES) {
      for (const tag of predictions[language] ?? []) {
        if (sameClass(language, tag)) continue;
        const key = `${language}→${base(tag)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    confusions[length] = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12);
  }
  const udhr = Object.fromEntries(
    Object.entries(result.udhr).map(([tag, list]) => [
      tag,
      {
        exact: list.filter((predicted) => predicted === tag).length / list.length,
        language: list.filter((predicted) => base(predicted) === base(tag)).length / list.length,
        n: list.length,
      },
    ]),
  );
  const serbianLatin = Object.fromEntries(
    LENGTHS.map((length) => {
      const list = result.serbianLatin[length];
      const counts = new Map<string, number>();
      // As for the fixtures, a detector that never writes scripts gets its plain "sr".
      for (const tag of list) if (!sameFixtureTag('sr-Latn', tag)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      return [length, { exact: list.filter((tag) => sameFixtureTag('sr-Latn', tag)).length / Math.max(1, list.length), confusions: [...counts].sort((a, b) => b[1] - a[1]).slice(0, 4) }];
    }),
  ) as Score['serbianLatin'];
  const fixtures = Object.fromEntries(
    Object.entries(result.fixtures).map(([name, record]) => [
      name,
      Object.fromEntries(Object.entries(record).map(([tag, list]) => [tag, list.filter((predicted) => sameFixtureTag(tag, predicted)).length / list.length])),
    ]),
  );
  let calibration: Score['calibration'];
  if (result.confidences) {
    const bands = BANDS.slice(0, -1).map((from, i) => ({ band: `[${from}, ${Math.min(1, BANDS[i + 1]!)}${i === BANDS.length - 2 ? ']' : ')'}`, n: 0, right: 0 }));
    for (const length of LENGTHS) {
      for (const language of NEWS_LANGUAGES) {
        const tags = result.predictions[length][language] ?? [];
        (result.confidences[length][language] ?? []).forEach((confidence, i) => {
          const band = bands[BANDS.findIndex((edge, b) => confidence >= edge && confidence < BANDS[b + 1]!)]!;
          band.n++;
          if (sameClass(language, tags[i]!)) band.right++;
        });
      }
    }
    calibration = bands.map(({ band, n, right }) => ({ band, n, accuracy: right / Math.max(1, n) }));
  }
  return {
    calibration,
    name: result.name,
    description: result.description,
    perLanguage,
    macro,
    confusions,
    udhr,
    serbianLatin,
    fixtures,
    textsPerSecond: median(result.textsPerSecond),
    loadMs: result.loadMs,
    baselineRssMb: result.baselineRssMb,
    peakRssMb: result.peakRssMb,
  };
}

function report(scores: Score[], counts: Record<Length, number>): void {
  const names = scores.map((s) => s.name);
  const pad = (text: string, width: number) => text.padStart(width);
  console.log(`Language identification on ${corpus}`);
  for (const s of scores) console.log(`  ${s.name.padEnd(7)} ${s.description}`);
  console.log('\nMacro accuracy (%), 33 classes (id+ms pooled), 34 news languages:');
  console.log(`${'length'.padEnd(16)}${names.map((name) => pad(name, 9)).join('')}   texts`);
  for (const length of LENGTHS) {
    console.log(`${length.padEnd(16)}${scores.map((s) => pad(pct(s.macro[length]), 9)).join('')}   ${counts[length]}`);
  }
  console.log('\nPer language (%): single-words / word-pairs / short-sentences / sentences');
  console.log(`${'lang'.padEnd(5)}${names.map((name) => pad(name, 25)).join('')}`);
  for (const language of NEWS_LANGUAGES) {
    const cells = scores.map((s) => pad(LENGTHS.map((length) => pct(s.perLanguage[length][language]!).padStart(5)).join(' '), 25));
    console.log(`${language.padEnd(5)}${cells.join('')}`);
  }
  for (const s of scores) {
    console.log(`\nTop confusions, ${s.name} (expected→predicted: count):`);
    for (const length of LENGTHS) console.log(`  ${length.padEnd(16)}${s.confusions[length].map(([key, n]) => `${key} ${n}`).join(', ')}`);
  }
  console.log('\nScript variants on UDHR paragraphs (% exact tag; language only in brackets):');
  const variants = ['zh-Hans', 'zh-Hant', 'sr-Cyrl', 'sr-Latn'];
  console.log(`${'tag'.padEnd(9)}${names.map((name) => pad(name, 14)).join('')}`);
  for (const tag of variants) {
    console.log(`${tag.padEnd(9)}${scores.map((s) => pad(s.udhr[tag] ? `${pct(s.udhr[tag].exact)} (${pct(s.udhr[tag].language)})` : '-', 14)).join('')}`);
  }
  console.log('\nSerbian transliterated to Latin letters (the corpus\'s sr texts; % tagged sr-Latn or plain sr, then the commonest other tags):');
  for (const length of LENGTHS) {
    console.log(
      `  ${length.padEnd(16)}${scores.map((s) => `${s.name} ${pct(s.serbianLatin[length].exact)} (${s.serbianLatin[length].confusions.map(([tag, n]) => `${tag} ${n}`).join(', ')})`).join('  ')}`,
    );
  }
  const others = Object.keys(scores[0]?.udhr ?? {}).filter((tag) => !variants.includes(tag));
  console.log(`Other UDHR variants (% right language): ${others.map((tag) => `${tag} ${scores.map((s) => pct(s.udhr[tag]!.language)).join('/')}`).join(', ')}`);
  console.log('\nFixtures written here (src/fixtures, % right; a tag without script counts for its language):');
  for (const name of Object.keys(scores[0]?.fixtures ?? {})) {
    for (const s of scores) {
      console.log(`  ${name.padEnd(19)}${s.name.padEnd(8)}${Object.entries(s.fixtures[name]!).map(([tag, rate]) => `${tag} ${pct(rate)}`).join('  ')}`);
    }
  }
  for (const s of scores) {
    if (!s.calibration) continue;
    console.log(`\nConfidence of ${s.name} against accuracy, all four lengths (a band's answers and the share right):`);
    for (const { band, n, accuracy } of s.calibration) console.log(`  ${band.padEnd(13)}${String(n).padStart(7)}  ${pct(accuracy)}%`);
  }
  console.log('\nSpeed and memory (one process per detector; median of 3 passes over the short sentences):');
  console.log(`${'detector'.padEnd(9)}${pad('texts/s', 10)}${pad('load ms', 10)}${pad('peak RSS MB', 13)}${pad('before MB', 11)}${pad('added MB', 10)}`);
  for (const s of scores) {
    console.log(
      `${s.name.padEnd(9)}${pad(s.textsPerSecond.toFixed(0), 10)}${pad(s.loadMs.toFixed(0), 10)}${pad(s.peakRssMb.toFixed(0), 13)}${pad(s.baselineRssMb.toFixed(0), 11)}${pad((s.peakRssMb - s.baselineRssMb).toFixed(0), 10)}`,
    );
  }
}

if (values.worker) {
  const result = await runWorker(values.worker as DetectorName);
  process.stdout.write(JSON.stringify(result));
} else {
  const selected = values.detectors.split(',').map((name) => name.trim()) as DetectorName[];
  for (const name of selected) if (!DETECTORS.includes(name)) throw new Error(`unknown detector ${name}: one of ${DETECTORS.join(', ')}`);
  const texts = readTexts();
  const counts = Object.fromEntries(LENGTHS.map((length) => [length, Object.values(texts.lengths[length]).flat().length])) as Record<Length, number>;
  const scores: Score[] = [];
  for (const name of selected) {
    process.stderr.write(`running ${name}…\n`);
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--worker', name, '--corpus', corpus], {
      maxBuffer: 1 << 30,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`${name} failed (exit ${child.status})`);
    scores.push(score(JSON.parse(child.stdout) as WorkerResult));
  }
  if (values.json) console.log(JSON.stringify({ corpus, counts, scores }, null, 2));
  else report(scores, counts);
}
