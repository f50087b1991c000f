import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The readings of the names in Japanese text. Japanese writes its own names (山川, 外崎, 静岡) in kanji,
 * which say nothing of their sound, so a Japanese report and its English version (Yamakawa, Tonosaki,
 * Shizuoka) shared no name key. A morphological analyser with a dictionary (kuromoji with IPADIC,
 * @patdx/kuromoji) finds the proper nouns and reads them (ヤマカワ), and the reading meets the romanized
 * name through soundKey. Foreign names are written in katakana, which story.ts reads itself.
 *
 * The dictionary takes ~0.6 s and ~365 MB to load, more than the rest of the all-in-one process at idle
 * (README, "memory"). So it lives in a child process, started on the first Japanese article and ended
 * after IDLE_MS without one: Polywire pays for it while it reads Japanese, and gets all of it back after
 * (a worker thread kept ~80 MB of the process's memory after it ended). The analysis (up to ~70 ms on
 * hostile text) also runs off the event loop.
 */

/** Only this much of a text is read for names (tens of times a news article's length). */
export const MAX_READING_CHARS = 20_000;
/**
 * The analyser is given pieces of at most this many characters. Its cost grows with the square of a run
 * of unknown characters (20,000 katakana in one run exhausted a 4 GB heap); sentences are far shorter.
 */
const MAX_PIECE_CHARS = 100;
/** Text with fewer hiragana than this is not read as Japanese (hiragana are Japanese only). */
const MIN_HIRAGANA = 10;
/** The analyser's process, with its dictionary, ends after this long without a Japanese article. */
export const IDLE_MS = 60_000;

/** A proper noun as the analyser reports it: its written form, its IPADIC subclass and its reading. */
interface ProperNoun {
  surface: string;
  detail: string;
  reading: string | undefined;
}

/**
 * The analyser process's code. It is given on the command line (`node -e`) rather than as a file so that
 * it runs the same from source (tsx, vitest) and from the build; it imports the analyser from the paths
 * resolved below, and ends when its parent goes.
 */
const ANALYSER_CODE = `
const paths = JSON.parse(process.env.POLYWIRE_KUROMOJI);
const ready = (async () => {
  const { TokenizerBuilder } = await import(paths.analyser);
  const { default: Loader } = await import(paths.loader);
  return new TokenizerBuilder({ loader: new Loader({ dic_path: paths.dictionary }) }).build();
})();
process.on('disconnect', () => process.exit(0));
process.on('message', async ({ id, pieces }) => {
  try {
    const tokenizer = await ready;
    const nouns = [];
    for (const piece of pieces)
      for (const token of tokenizer.tokenize(piece))
        if (token.pos_detail_1 === '固有名詞') nouns.push({ surface: token.surface_form, detail: token.pos_detail_3, reading: token.reading });
    process.send({ id, nouns });
  } catch (error) {
    process.send({ id, error: String((error && error.stack) || error) });
  }
});
`;

interface Analyser {
  child: ChildProcess;
  pending: Map<number, { resolve: (nouns: ProperNoun[]) => void; reject: (error: Error) => void }>;
  idle: NodeJS.Timeout | undefined;
}
let analyser: Analyser | undefined;
let nextRequest = 0;

/** Whether the analyser keeps the process alive: while it has work, not while it idles (a CLI command, a test run end). */
function holdProcess(child: ChildProcess, hold: boolean): void {
  const channel = child.channel as { ref(): void; unref(): void } | null | undefined;
  if (hold) {
    child.ref();
    channel?.ref();
  } else {
    child.unref();
    channel?.unref();
  }
}

function startAnalyser(): Analyser {
  // The package exports no path to its dictionary, which ships beside its build.
  const entry = createRequire(import.meta.url).resolve('@patdx/kuromoji');
  const paths = {
    analyser: pathToFileURL(entry).href,
    loader: pathToFileURL(path.join(path.dirname(entry), 'node.mjs')).href,
    dictionary: path.join(path.dirname(entry), '..', 'dict'),
  };
  const child = spawn(process.execPath, ['-e', ANALYSER_CODE], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, POLYWIRE_KUROMOJI: JSON.stringify(paths) },
  });
  holdProcess(child, false);
  const started: Analyser = { child, pending: new Map(), idle: undefined };
  const fail = (error: Error) => {
    if (analyser === started) analyser = undefined;
    clearTimeout(started.idle);
    for (const { reject } of started.pending.values()) reject(error);
    started.pending.clear();
  };
  child.on('message', ({ id, nouns, error }: { id: number; nouns?: ProperNoun[]; error?: string }) => {
    const request = started.pending.get(id);
    started.pending.delete(id);
    if (error) request?.reject(new Error(`Japanese name analyser: ${error}`));
    else request?.resolve(nouns ?? []);
    if (started.pending.size === 0) {
      holdProcess(child, false);
      clearTimeout(started.idle);
      started.idle = setTimeout(() => stopAnalyser(started), IDLE_MS).unref();
    }
  });
  child.on('error', (error) => fail(new Error(`Japanese name analyser could not run: ${error.message}`)));
  child.on('exit', (code, signal) => fail(new Error(`Japanese name analyser exited (${signal ?? `code ${code}`})`)));
  return started;
}

function stopAnalyser(stopping: Analyser): void {
  if (stopping.pending.size > 0) return;
  if (analyser === stopping) analyser = undefined;
  stopping.child.kill();
}

/** Ends the analyser's process now (it would end by itself after IDLE_MS). */
export async function closeJapaneseNames(): Promise<void> {
  const current = analyser;
  analyser = undefined;
  if (!current) return;
  clearTimeout(current.idle);
  if (current.child.exitCode !== null || current.child.signalCode !== null) return;
  const exited = new Promise((resolve) => current.child.once('exit', resolve));
  holdProcess(current.child, true);
  current.child.kill();
  await exited;
}

/** Whether a text is Japanese enough to read: hiragana, which only Japanese writes. */
export function isJapanese(text: string): boolean {
  let hiragana = 0;
  for (const _ of text.slice(0, MAX_READING_CHARS).matchAll(/\p{Script=Hiragana}/gu)) if (++hiragana >= MIN_HIRAGANA) return true;
  return false;
}

/** Sentences and clauses, each cut to MAX_PIECE_CHARS. */
function pieces(text: string): string[] {
  const out: string[] = [];
  for (const clause of text.split(/(?<=[。！？、\n])/u)) {
    for (let start = 0; start < clause.length; start += MAX_PIECE_CHARS) out.push(clause.slice(start, start + MAX_PIECE_CHARS));
  }
  return out;
}

/** A proper noun worth a name key: a person, place or organisation written in kanji or kana, not a country. */
function isName(noun: ProperNoun): noun is ProperNoun & { reading: string } {
  if (!noun.reading || noun.reading === '*') return false;
  // Countries are keyed by places.ts in every language; katakana words by story.ts already.
  if (noun.detail === '国') return false;
  return !/^[\p{Script=Katakana}ー・]+$/u.test(noun.surface);
}

/**
 * The katakana readings of the proper nouns in `text` (from its start, up to MAX_READING_CHARS), or none
 * when the text is not Japanese. Starts the analyser on first use; rejects when it cannot run.
 */
export async function japaneseNameReadings(text: string): Promise<string[]> {
  if (!isJapanese(text)) return [];
  analyser ??= startAnalyser();
  const current = analyser;
  clearTimeout(current.idle);
  const id = nextRequest++;
  const nouns = await new Promise<ProperNoun[]>((resolve, reject) => {
    current.pending.set(id, { resolve, reject });
    holdProcess(current.child, true);
    current.child.send({ id, pieces: pieces(text.slice(0, MAX_READING_CHARS)) });
  });
  return [...new Set(nouns.filter(isName).map((noun) => noun.reading))];
}
