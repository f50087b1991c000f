import { MINHASH_SIZE, NEAR_COPY_JACCARD } from './minhash.js';

/**
 * Duplicates: which earlier article a new one copies. The decision lives here; the database package
 * only looks up (storeArticle, given duplicatePolicy), as for story clusters.
 *
 * A copy is stored with `duplicateOf` pointing at its original, never as a second independent article.
 * The database looks for originals (articles that are not copies themselves) by four rules, through
 * indexes, and reports the earliest original each rule finds; chooseOriginal then takes the first rule
 * in DUPLICATE_RULES that found one. The rules, strongest evidence first:
 * - `same_text`: the same normalized text (content hash), at any age;
 * - `same_site_title`: the same site's same normalized title, ingested within SAME_TITLE_WINDOW_DAYS
 *   (recurring titles, a weekly column or "Live updates", name a new story once some time has passed);
 * - `near_text`: a SimHash at most NEAR_DUPLICATE_MAX_DISTANCE bits away, within NEAR_DUPLICATE_WINDOW_DAYS;
 * - `near_text_minhash`: a MinHash signature agreeing on at least NEAR_COPY_MIN_EQUAL_ROWS rows, within
 *   NEAR_DUPLICATE_WINDOW_DAYS (see minhash.ts for why MinHash beside SimHash).
 */

/** The rules by precedence: when several find an original, the first one's is taken. */
export const DUPLICATE_RULES = ['same_text', 'same_site_title', 'near_text', 'near_text_minhash'] as const;
export type DuplicateRule = (typeof DUPLICATE_RULES)[number];

/**
 * A SimHash this many bits away or closer is a near copy. 3 is also the most the store can find: it
 * indexes the SimHash as four 16-bit bands, and two hashes 3 bits apart must agree on a whole band.
 */
export const NEAR_DUPLICATE_MAX_DISTANCE = 3;
/** Near copies (SimHash or MinHash) are looked for among originals ingested this many days back. */
export const NEAR_DUPLICATE_WINDOW_DAYS = 30;
/** The same site's same title is a copy when the original was ingested this many days back or fewer. */
export const SAME_TITLE_WINDOW_DAYS = 7;
/** Equal MinHash rows, of MINHASH_SIZE, that make a near copy: the NEAR_COPY_JACCARD share, rounded up. */
export const NEAR_COPY_MIN_EQUAL_ROWS = Math.ceil(NEAR_COPY_JACCARD * MINHASH_SIZE);

/**
 * The original an article copies, among the originals the database found (at most one per rule, each
 * the earliest original that rule finds): the one found by the strongest rule, or null when none was
 * found. Pure: no I/O, no clock.
 */
export function chooseOriginal<Candidate extends { rule: string }>(candidates: readonly Candidate[]): Candidate | null {
  let chosen: Candidate | null = null;
  let chosenRank: number = DUPLICATE_RULES.length;
  for (const candidate of candidates) {
    const rank = DUPLICATE_RULES.indexOf(candidate.rule as DuplicateRule);
    if (rank === -1) throw new Error(`unknown duplicate rule ${candidate.rule}`);
    if (rank < chosenRank) {
      chosen = candidate;
      chosenRank = rank;
    }
  }
  return chosen;
}
