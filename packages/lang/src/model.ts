import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { MAX_ORDER, MODEL_MAGIC, type ModelHeader } from './model-format.js';

/**
 * The character n-gram models of every language in one open-addressing hash table.
 *
 * An n-gram is hashed from its last character backwards, so the scorer gets the hashes of the 1- to
 * 5-grams ending at a position by folding in one more preceding character at a time. Two independent
 * 32-bit hashes (one picks the slot, one is checked) make a false match about one in four billion.
 */
export interface NgramModel {
  readonly languages: readonly string[];
  /** Cost (−ln p) of one unit of a posting's stored cost. */
  readonly costStep: number;
  /** entry index + 1 per slot, 0 when empty. */
  readonly slots: Uint32Array;
  readonly mask: number;
  /** The second hash of each entry. */
  readonly checks: Uint32Array;
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

/** murmur3's finalizer: spreads every input bit over the slot index. */
export function finish(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Index of the entry with these hashes, or -1. */
export function lookup(model: NgramModel, hash1: number, hash2: number): number {
  const { slots, checks, mask } = model;
  for (let slot = hash1 & mask; ; slot = (slot + 1) & mask) {
    const entry = slots[slot]!;
    if (entry === 0) return -1;
    if (checks[entry - 1] === hash2) return entry - 1;
  }
}

/** Above the decompressed model's size (38 MB); pages never written cost no memory. */
const DECOMPRESS_CHUNK_BYTES = 48 * 1024 * 1024;

const MODEL_FILE = new URL('../model/ngrams.bin', import.meta.url);

let cached: NgramModel | undefined;

/** Loads model/ngrams.bin once per process (about half a second and 100 MB). */
export function loadNgramModel(): NgramModel {
  cached ??= readNgramModel(readFileSync(MODEL_FILE));
  return cached;
}

export function readNgramModel(file: Buffer): NgramModel {
  // One output chunk larger than the model: the default 64 KB chunks, gathered and then concatenated,
  // held the model about twice over while loading (peak RSS of a load: 213 MB before, about 176 after).
  const raw = brotliDecompressSync(file, { chunkSize: DECOMPRESS_CHUNK_BYTES });
  if (raw.toString('latin1', 0, MODEL_MAGIC.length) !== MODEL_MAGIC) throw new Error('not a Polywire language model');
  const headerLength = raw.readUInt32LE(MODEL_MAGIC.length);
  let at = MODEL_MAGIC.length + 4;
  const header = JSON.parse(raw.toString('utf8', at, at + headerLength)) as ModelHeader;
  at += headerLength;
  const text = raw.subarray(at, at + header.textBytes);
  at += header.textBytes;
  const counts = raw.subarray(at, at + header.entries);
  at += header.entries;
  const postingLanguage = new Uint8Array(raw.subarray(at, at + header.postings));
  at += header.postings;
  const postingCost = new Uint8Array(raw.subarray(at, at + header.postings));

  const postingStart = new Uint32Array(header.entries + 1);
  for (let e = 0; e < header.entries; e++) postingStart[e + 1] = postingStart[e]! + counts[e]!;

  let capacity = 1;
  while (capacity < header.entries / 0.7) capacity *= 2;
  const slots = new Uint32Array(capacity);
  const checks = new Uint32Array(header.entries);
  const mask = capacity - 1;
  const chars = new Int32Array(MAX_ORDER + 8);
  let entry = 0;
  let length = 0;
  const insert = () => {
    let hash1 = HASH_SEED_1;
    let hash2 = HASH_SEED_2;
    for (let i = length - 1; i >= 0; i--) {
      hash1 = fold1(hash1, chars[i]!);
      hash2 = fold2(hash2, chars[i]!);
    }
    hash1 = finish(hash1);
    checks[entry] = finish(hash2);
    let slot = hash1 & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = ++entry;
    length = 0;
  };
  // Decode UTF-8 by hand: six million small strings would cost far more than the table itself.
  for (let i = 0; i < text.length; ) {
    const byte = text[i]!;
    let char: number;
    if (byte < 0x80) {
      char = byte;
      i += 1;
    } else if (byte < 0xe0) {
      char = ((byte & 0x1f) << 6) | (text[i + 1]! & 0x3f);
      i += 2;
    } else if (byte < 0xf0) {
      char = ((byte & 0x0f) << 12) | ((text[i + 1]! & 0x3f) << 6) | (text[i + 2]! & 0x3f);
      i += 3;
    } else {
      char = ((byte & 0x07) << 18) | ((text[i + 1]! & 0x3f) << 12) | ((text[i + 2]! & 0x3f) << 6) | (text[i + 3]! & 0x3f);
      i += 4;
    }
    if (char === 0x0a) insert();
    else chars[length++] = char;
  }
  if (length > 0) insert();
  if (entry !== header.entries) throw new Error(`language model has ${entry} n-grams, header says ${header.entries}`);
  return { languages: header.languages, costStep: header.costStep, slots, mask, checks, postingStart, postingLanguage, postingCost };
}
