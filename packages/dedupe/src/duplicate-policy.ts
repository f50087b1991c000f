import { chooseOriginal, NEAR_COPY_MIN_EQUAL_ROWS, NEAR_DUPLICATE_MAX_DISTANCE, NEAR_DUPLICATE_WINDOW_DAYS, SAME_TITLE_WINDOW_DAYS } from './duplicates.js';

/**
 * The duplicate policy the store's storeArticle applies: the windows and thresholds of its lookups and
 * the choice among the originals they find (see duplicates.ts). The store runs the lookups under its
 * locks, as clusterArticle does with storyClustering's policy.
 */
export const duplicatePolicy = {
  sameTitleWindowDays: SAME_TITLE_WINDOW_DAYS,
  nearTextWindowDays: NEAR_DUPLICATE_WINDOW_DAYS,
  maxSimhashDistance: NEAR_DUPLICATE_MAX_DISTANCE,
  minEqualMinhashRows: NEAR_COPY_MIN_EQUAL_ROWS,
  choose: chooseOriginal,
};

/**
 * What storeArticle takes to look for the original an article copies: the article's MinHash LSH band
 * keys (stored with it, and looked up; none for a text too short to fingerprint) and the policy.
 * articleFingerprints returns it as `near`, so the article pipeline and `pnpm eval:dedupe` share it
 * and the evaluation measures the code that runs.
 */
export function duplicateLookup(lshBandKeys: number[] = []) {
  return { lshBandKeys, policy: duplicatePolicy };
}
