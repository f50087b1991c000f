import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import type { NewArticle } from '../schema/index.js';

/** An original (an article that is not itself a copy) that one of the duplicate lookups found. */
export interface DuplicateCandidate {
  articleId: number;
  /** The lookup that found it: `same_text`, `same_site_title`, `near_text` or `near_text_minhash`. */
  rule: string;
}

/**
 * What counts as a copy, decided by @polywire/dedupe (its duplicatePolicy): the windows and thresholds
 * the lookups apply, and the choice among the originals they find.
 */
export interface DuplicatePolicy {
  /** The same site's same title counts for originals ingested within this many days. */
  sameTitleWindowDays: number;
  /** Near text (SimHash or MinHash) counts for originals ingested within this many days. */
  nearTextWindowDays: number;
  /**
   * A SimHash at most this many bits away is near text. The lookup goes through the four 16-bit band
   * indexes, so it finds every such original only up to 3 bits (one band must then agree).
   */
  maxSimhashDistance: number;
  /** A MinHash signature agreeing on at least this many rows is near text. */
  minEqualMinhashRows: number;
  /** The original the article copies among the candidates (at most one per rule), or null. */
  choose(candidates: DuplicateCandidate[]): DuplicateCandidate | null;
}

/** What storeArticle takes to look for the original an article copies (@polywire/dedupe's articleFingerprints `near`). */
export interface DuplicateLookup {
  /** One key per LSH band of the article's `minhash` signature; empty when it has none. */
  lshBandKeys: number[];
  policy: DuplicatePolicy;
}

/**
 * The originals `article` may copy: for each rule, the earliest original its lookup finds under the
 * policy's windows and thresholds. The same normalized text; the same site's same normalized title; a
 * SimHash within `maxSimhashDistance` bits, found through the four band indexes; a MinHash signature
 * agreeing on `minEqualMinhashRows` rows, found through the LSH band index. One statement (a UNION ALL
 * of index lookups, each limited to one row) so the store pays a single round trip.
 */
export async function findDuplicateCandidates(tx: Database, article: NewArticle, { lshBandKeys, policy }: DuplicateLookup): Promise<DuplicateCandidate[]> {
  const recent = (days: number) => sql`a.ingested_at > now() - make_interval(days => ${days})`;
  const lookups: SQL[] = [];
  if (article.contentHash) {
    lookups.push(sql`(select a.id, 'same_text'::text as rule from articles a
      where a.content_hash = ${article.contentHash} and a.duplicate_of is null order by a.id limit 1)`);
  }
  if (article.titleHash && article.site) {
    lookups.push(sql`(select a.id, 'same_site_title'::text as rule from articles a
      where a.site = ${article.site} and a.title_hash = ${article.titleHash} and a.duplicate_of is null
        and ${recent(policy.sameTitleWindowDays)} order by a.id limit 1)`);
  }
  const bands = [article.simhashBand0, article.simhashBand1, article.simhashBand2, article.simhashBand3];
  if (article.simhash && bands.every((band) => typeof band === 'number')) {
    // Hamming distance in SQL: both 64-bit values as bit strings, XORed, set bits counted.
    lookups.push(sql`(select a.id, 'near_text'::text as rule from articles a
      where (a.simhash_band0 = ${bands[0]} or a.simhash_band1 = ${bands[1]} or a.simhash_band2 = ${bands[2]} or a.simhash_band3 = ${bands[3]})
        and a.duplicate_of is null and ${recent(policy.nearTextWindowDays)}
        and bit_count(('x' || a.simhash)::bit(64) # ('x' || ${article.simhash})::bit(64)) <= ${policy.maxSimhashDistance}
      order by a.id limit 1)`);
  }
  if (article.minhash?.length && lshBandKeys.length) {
    // Candidates share a (band, key) row; the signature agreement confirms them.
    const bandMatches = sql.join(
      lshBandKeys.map((key, band) => sql`(${band}, ${key})`),
      sql`, `,
    );
    const signature = sql`${`{${article.minhash.join(',')}}`}::int[]`;
    lookups.push(sql`(select a.id, 'near_text_minhash'::text as rule from articles a
      where a.id in (select l.article_id from article_lsh_bands l where (l.band, l.key) in (${bandMatches}))
        and a.duplicate_of is null and ${recent(policy.nearTextWindowDays)}
        and (select count(*) from unnest(a.minhash, ${signature}) as pair(x, y) where pair.x = pair.y) >= ${policy.minEqualMinhashRows}
      order by a.id limit 1)`);
  }
  if (lookups.length === 0) return [];
  const result = (await tx.execute(sql.join(lookups, sql` union all `))) as unknown as { rows: { id: number | string; rule: string }[] };
  return result.rows.map((row) => ({ articleId: Number(row.id), rule: row.rule }));
}

/** The original `article` copies, by the lookups and the policy's choice; null when it is an original. */
export async function findOriginal(tx: Database, article: NewArticle, lookup: DuplicateLookup): Promise<DuplicateCandidate | null> {
  const candidates = await findDuplicateCandidates(tx, article, lookup);
  return candidates.length > 0 ? lookup.policy.choose(candidates) : null;
}
