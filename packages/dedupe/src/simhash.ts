import { fmix32 } from './hash.js';
import { normalizeText } from './text.js';

/**
 * 64-bit SimHash (Charikar) of a text, for near-duplicate detection across outlets that wrap one wire
 * story in different chrome or edit it lightly.
 *
 * Features: after `normalizeText`, overlapping 3-word shingles where words are separated by spaces,
 * and overlapping 4-character shingles (spaces removed) where they are not — Chinese, Japanese, Thai,
 * Lao, Khmer, Myanmar and Tibetan, detected by script when they make up at least a third of the letters.
 * Each shingle is hashed with FNV-1a 64 over its UTF-16 code units, computed on two 32-bit halves
 * (no BigInt on the hot path), then mixed with a murmur3 finalizer so every output bit depends on
 * every input unit. A text with fewer units than one shingle is hashed whole; an empty text is 0n.
 */
const WORD_SHINGLE = 3;
const CHAR_SHINGLE = 4;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/gu;
const LETTER = /\p{L}/gu;

/** Whether a text is mostly written without spaces between words (CJK, Thai, …). */
export function isUnspacedScript(text: string): boolean {
  const sample = text.length > 2000 ? text.slice(0, 2000) : text;
  const unspaced = sample.match(UNSPACED)?.length ?? 0;
  if (unspaced === 0) return false;
  const letters = sample.match(LETTER)?.length ?? 0;
  return unspaced * 3 >= letters;
}

const FNV_OFFSET_HI = 0xcbf29ce4;
const FNV_OFFSET_LO = 0x84222325;
const TWO_32 = 4294967296;


// Accumulators of the shingle being hashed, shared to avoid allocating a pair per shingle.
let hashHi = 0;
let hashLo = 0;

/** FNV-1a 64 over `text[start, end)`, continuing from the current state (hashHi, hashLo). */
function fnvUpdate(text: string, start: number, end: number): void {
  let hi = hashHi;
  let lo = hashLo;
  for (let index = start; index < end; index++) {
    lo ^= text.charCodeAt(index);
    // h * (2^40 + 0x1b3): lo * 0x1b3 < 2^41 is exact in a double; the 2^40 term moves lo into hi.
    const product = (lo >>> 0) * 0x1b3;
    const carry = Math.floor(product / TWO_32);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = product >>> 0;
  }
  hashHi = hi;
  hashLo = lo;
}

function addFeature(counts: Int32Array): void {
  const lo = fmix32(hashLo ^ Math.imul(hashHi, 0x9e3779b1));
  const hi = fmix32(hashHi ^ lo);
  for (let bit = 0; bit < 32; bit++) {
    counts[bit]! += ((lo >>> bit) & 1) * 2 - 1;
    counts[bit + 32]! += ((hi >>> bit) & 1) * 2 - 1;
  }
}

const resetHash = () => {
  hashHi = FNV_OFFSET_HI;
  hashLo = FNV_OFFSET_LO;
};

function fingerprint(counts: Int32Array): bigint {
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (counts[bit]! > 0) lo |= 1 << bit;
    if (counts[bit + 32]! > 0) hi |= 1 << bit;
  }
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** The 64-bit SimHash of a text, as an unsigned bigint (0 ≤ h < 2^64). */
export function simhash64(text: string): bigint {
  const normalized = normalizeText(text);
  if (normalized === '') return 0n;
  const counts = new Int32Array(64);
  if (isUnspacedScript(normalized)) {
    const units = normalized.replace(/ /g, '');
    const shingles = Math.max(1, units.length - CHAR_SHINGLE + 1);
    for (let start = 0; start < shingles; start++) {
      resetHash();
      fnvUpdate(units, start, Math.min(units.length, start + CHAR_SHINGLE));
      addFeature(counts);
    }
    return fingerprint(counts);
  }
  // Word boundaries as offsets into the normalized text, which has single spaces only.
  const starts: number[] = [0];
  for (let index = normalized.indexOf(' '); index !== -1; index = normalized.indexOf(' ', index + 1)) {
    starts.push(index + 1);
  }
  const words = starts.length;
  const shingles = Math.max(1, words - WORD_SHINGLE + 1);
  for (let first = 0; first < shingles; first++) {
    const lastWord = Math.min(words, first + WORD_SHINGLE);
    const end = lastWord < words ? starts[lastWord]! - 1 : normalized.length;
    resetHash();
    fnvUpdate(normalized, starts[first]!, end);
    addFeature(counts);
  }
  return fingerprint(counts);
}

const popcount32 = (value: number) => {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
};

/** Number of differing bits between two 64-bit hashes (signed or unsigned bigint). */
export function hammingDistance(a: bigint, b: bigint): number {
  const x = BigInt.asUintN(64, a ^ b);
  return popcount32(Number(x & 0xffffffffn)) + popcount32(Number(x >> 32n));
}

/**
 * The hash cut into `bands` equal bands of bits, most significant first, as non-negative integers
 * for indexed columns. With the default 4 bands of 16 bits, two hashes within Hamming distance 3
 * share at least one band exactly (pigeonhole: 3 differing bits fall into at most 3 of the 4 bands),
 * so a lookup by `band0 = $1 OR band1 = $2 OR …` finds every such neighbour without a full scan, and
 * each band value matches about 1/65,536 of unrelated rows. More bands reach further (k bands find
 * distance ≤ k − 1) but their shorter bands match more unrelated rows. `bands` must divide 64 and
 * give bands of at most 32 bits: 2, 4, 8, 16, 32 or 64.
 */
export function simhashBands(hash: bigint, bands = 4): number[] {
  if (![2, 4, 8, 16, 32, 64].includes(bands)) throw new RangeError(`bands must be 2, 4, 8, 16, 32 or 64: ${bands}`);
  const width = BigInt(64 / bands);
  const mask = (1n << width) - 1n;
  const unsigned = BigInt.asUintN(64, hash);
  const result: number[] = [];
  for (let band = bands - 1; band >= 0; band--) result.push(Number((unsigned >> (BigInt(band) * width)) & mask));
  return result;
}

/** The hash as a signed 64-bit value, the range of a PostgreSQL `bigint` column. */
export function toSignedInt64(hash: bigint): bigint {
  return BigInt.asIntN(64, hash);
}

/** Back from a PostgreSQL `bigint` (as bigint, or the string drivers return) to the unsigned hash. */
export function fromSignedInt64(value: bigint | string | number): bigint {
  return BigInt.asUintN(64, BigInt(value));
}
