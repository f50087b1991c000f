import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { MAX_ORDER, MODEL_MAGIC, type ModelHeader } from './model-format.js';

/**
 * The character n-gram models of every language in one hash index.
 *
 * An n-gram is hashed from its last character backwards, so the scorer gets the hashes of the 1- to
 * 5-grams ending at a position by folding in one more preceding character at a time. The top bits of
 * the first hash pick a bucket of about two entries; the top 16 bits of the second are checked, so a
 * lookup meets a false match about once in thirty thousand (it then reads one position with another
 * n-gram's costs: harmless). The index costs 6 bytes an entry and 4 a bucket.
 */
export interface NgramModel {
  readonly header: ModelHeader;
  readonly languages: readonly string[];
  /** Cost (−ln p) of one unit of a posting's stored cost. */
  readonly costStep: number;
  /** Entries of bucket b are [bucketStart[b], bucketStart[b + 1]). */
  readonly bucketStart: Uint32Array;
  readonly bucketShift: number;
  /** The top 16 bits of each entry's second hash, in bucket order. */
  readonly checks: Uint16Array;
  /** Postings of entry e are [postingStart[e], postingStart[e + 1]). */
  readonly postingStart: Uint32Array;
  readonly postingLanguage: Uint8Array;
  readonly postingCost: Uint8Array;
}

export const HASH_SEED_1 = 0x811c9dc5;
export const HASH_SEED_2 = 0x3c6ef372;

/** Folds one more (preceding) character into the first hash. */
export const fold1 = (hash: number, char: number) => Math.imul(hash ^ char, 0x01000193);
/** Folds one more (preceding) character into the second hash. */
export const fold2 = (hash: number, char: number) => Math.imul((hash ^ char) + 0x7f4a7c15, 0x5bd1e995);

/** murmur3's finalizer: spreads every input bit over the bucket index. */
export function finish(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Both hashes of an n-gram given as code points, as the scorer computes them. */
export function hashNgram(chars: readonly number[]): [number, number] {
  let h1 = HASH_SEED_1;
  let h2 = HASH_SEED_2;
  for (let i = chars.length - 1; i >= 0; i--) {
    h1 = fold1(h1, chars[i]!);
    h2 = fold2(h2, chars[i]!);
  }
  return [finish(h1), finish(h2)];
}

/** The check stored for an entry: the top 16 bits of its second hash. */
export const checkOf = (hash2: number) => hash2 >>> 16;

/** Index of the entry with these hashes, or -1. */
export function lookup(model: NgramModel, hash1: number, hash2: number): number {
  const bucket = hash1 >>> model.bucketShift;
  const check = hash2 >>> 16;
  const { checks, bucketStart } = model;
  for (let e = bucketStart[bucket]!, end = bucketStart[bucket + 1]!; e < end; e++) if (checks[e] === check) return e;
  return -1;
}

/** Above the decompressed model's size; pages never written cost no memory. */
const DECOMPRESS_CHUNK_BYTES = 64 * 1024 * 1024;

let modelFile: URL | string = new URL('../model/ngrams.bin', import.meta.url);

let cached: NgramModel | undefined;

/** Loads model/ngrams.bin once per process. */
export function loadNgramModel(): NgramModel {
  cached ??= readNgramModel(brotliDecompressSync(readFileSync(modelFile), { chunkSize: DECOMPRESS_CHUNK_BYTES }));
  return cached;
}

/**
 * Reads the models from another file from now on (the evaluation's held-out build, see
 * scripts/build-model.ts); the next detection loads it.
 */
export function useNgramModelFile(file: URL | string): void {
  modelFile = file;
  cached = undefined;
}

/** Reads a decompressed model (see model-format.ts); the arrays are views of `raw` where they can be. */
export function readNgramModel(raw: Buffer): NgramModel {
  if (raw.toString('latin1', 0, MODEL_MAGIC.length) !== MODEL_MAGIC) throw new Error('not a Polywire language model (or an older one)');
  const headerLength = raw.readUInt32LE(MODEL_MAGIC.length);
  let at = MODEL_MAGIC.length + 4;
  const header = JSON.parse(raw.toString('utf8', at, at + headerLength)) as ModelHeader;
  at += headerLength;
  const buckets = 2 ** header.bucketBits;
  const bucketCounts = raw.subarray(at, at + buckets);
  at += buckets;
  const checks = new Uint16Array(header.entries);
  // A view needs an even offset in memory; the Buffer's own offset is not ours to choose.
  if ((raw.byteOffset + at) % 2 === 0) checks.set(new Uint16Array(raw.buffer, raw.byteOffset + at, header.entries));
  else for (let e = 0; e < header.entries; e++) checks[e] = raw.readUInt16LE(at + 2 * e);
  at += 2 * header.entries;
  const counts = raw.subarray(at, at + header.entries);
  at += header.entries;
  const postingLanguage = raw.subarray(at, at + header.postings);
  at += header.postings;
  const postingCost = raw.subarray(at, at + header.postings);

  const bucketStart = new Uint32Array(buckets + 1);
  for (let b = 0; b < buckets; b++) bucketStart[b + 1] = bucketStart[b]! + bucketCounts[b]!;
  const postingStart = new Uint32Array(header.entries + 1);
  for (let e = 0; e < header.entries; e++) postingStart[e + 1] = postingStart[e]! + counts[e]!;
  if (bucketStart[buckets] !== header.entries || postingStart[header.entries] !== header.postings) throw new Error('language model is damaged');
  return {
    header,
    languages: header.languages,
    costStep: header.costStep,
    bucketStart,
    bucketShift: 32 - header.bucketBits,
    checks,
    postingStart,
    postingLanguage,
    postingCost,
  };
}

/** "Stupid backoff" (Brants et al. 2007): each step down to a shorter context costs ln(1/0.4). */
export const BACKOFF_COST = Math.log(1 / 0.4);
/** A character the language's model never saw. */
export const UNSEEN_COST = 16;

/** Scratch space reused by every call: scoring is synchronous, so one set per process suffices. */
const hash1s = new Int32Array(MAX_ORDER + 1);
const hash2s = new Int32Array(MAX_ORDER + 1);
let seenAt = new Int32Array(0);
let stamp = 0;

/**
 * Adds to costs[language] the cost (−ln P) of the words under each candidate's character model:
 * every character is predicted from up to four before it in its word, backing off to shorter
 * contexts the model knows. Returns the number of characters scored.
 *
 * @param chars code points of the words, one after another; word w is chars[starts[w], starts[w + 1])
 */
export function scoreWords(model: NgramModel, chars: Int32Array, starts: readonly number[], candidates: readonly number[], costs: Float64Array): number {
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
