import { cutText } from '@polywire/text';
import { duplicateLookup } from './duplicate-policy.js';
import { MAX_TEXT_CHARS } from './limits.js';
import { LSH_BANDS, lshBandKeys, minhashSignature, signatureToInts } from './minhash.js';
import { simhash64, simhashBands } from './simhash.js';
import { contentHash, titleHash } from './text.js';

/** Texts shorter than this say too little to call two articles copies of each other. */
export const MIN_FINGERPRINT_CHARS = 200;

export interface ArticleFingerprints {
  contentHash: string | null;
  titleHash: string | null;
  /** 64-bit SimHash as 16 hex digits. */
  simhash: string | null;
  simhashBand0: number | null;
  simhashBand1: number | null;
  simhashBand2: number | null;
  simhashBand3: number | null;
  /** MinHash signature as signed 32-bit integers. */
  minhash: number[] | null;
}

/**
 * The fingerprints that find copies of an article: `columns` for the article's row (text hash, title
 * hash, the SimHash with its four 16-bit bands, the MinHash signature) and `near`, the rest of what the
 * database's storeArticle takes to look for the original (the MinHash LSH band keys and
 * duplicatePolicy). Short texts (a feed's one-line teaser) get no text fingerprints, only a title
 * hash: two different stories can share a teaser.
 */
export function articleFingerprints(title: string | null, fullText: string, siteName: string | null) {
  // Only the start of a very long text is fingerprinted (see limits.ts); titleHash bounds the title.
  const text = cutText(fullText, MAX_TEXT_CHARS);
  const long = text.length >= MIN_FINGERPRINT_CHARS;
  const simhash = long ? simhash64(text) : null;
  const bands = simhash === null ? [] : simhashBands(simhash, 4);
  const signature = long ? minhashSignature(text) : null;
  const columns: ArticleFingerprints = {
    contentHash: long ? contentHash(text) : null,
    titleHash: title ? titleHash(title, siteName) : null,
    simhash: simhash === null ? null : simhash.toString(16).padStart(16, '0'),
    simhashBand0: bands[0] ?? null,
    simhashBand1: bands[1] ?? null,
    simhashBand2: bands[2] ?? null,
    simhashBand3: bands[3] ?? null,
    minhash: signature ? signatureToInts(signature) : null,
  };
  const keys = signature ? lshBandKeys(signature) : [];
  return { columns, near: duplicateLookup(keys.length === LSH_BANDS ? keys : []) };
}
