export { canonicalizeUrl, chooseCanonicalUrl, looksLikeArticleUrl, urlHash } from './canonical-url.js';
export { registrableDomain, sameSite } from './registrable-domain.js';
export {
  fromSignedInt64,
  hammingDistance,
  isUnspacedScript,
  simhash64,
  simhashBands,
  toSignedInt64,
} from './simhash.js';
export { matchingKey, nameKey, nameLabels, soundKey, storyKeys, storySimilarity } from './story.js';
export { CLUSTER_THRESHOLDS, CLUSTER_WINDOW_HOURS, type ClusterArticle, type ClusterCandidate, type ClusterDecision, type ClusterThresholds, chooseCluster, chooseClusterWith, MIN_SHARED_KEYS } from './cluster.js';
export { contentHash, normalizeText, normalizeTitle, titleHash } from './text.js';
export { type ArticleFingerprints, articleFingerprints, MIN_FINGERPRINT_CHARS } from './fingerprints.js';
export {
  chooseOriginal,
  DUPLICATE_RULES,
  type DuplicateRule,
  NEAR_COPY_MIN_EQUAL_ROWS,
  NEAR_DUPLICATE_MAX_DISTANCE,
  NEAR_DUPLICATE_WINDOW_DAYS,
  SAME_TITLE_WINDOW_DAYS,
} from './duplicates.js';
export { duplicateLookup, duplicatePolicy } from './duplicate-policy.js';
export { estimatedJaccard, LSH_BANDS, lshBandKeys, MINHASH_SIZE, minhashSignature, NEAR_COPY_JACCARD, signatureToInts } from './minhash.js';
export { storyClustering } from './clustering-policy.js';
export { MAX_TEXT_CHARS, MAX_TITLE_CHARS } from './limits.js';
