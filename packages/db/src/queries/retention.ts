import { and, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { articles } from '../schema/index.js';

/**
 * Retention, one batch: drops the stored content (`text`, `lead`, `summary`) of up to `batchSize`
 * articles ingested more than `olderThanDays` days ago that still have some, and returns how many
 * it pruned (fewer than `batchSize`: nothing is left to prune). Call it until it returns less than
 * `batchSize`; small batches keep each transaction and its row locks short.
 *
 * Everything else stays: URL, title, dates, language, site, sources, events, cluster, and the
 * fingerprints dedupe looks copies up by (`content_hash`, `title_hash`, `simhash*`, `minhash`, the LSH
 * band keys), so a later copy of a pruned article is still stored as its duplicate. The search vector
 * is a generated column: it shrinks to the title on its own. Rows another pass holds are skipped
 * (`FOR UPDATE SKIP LOCKED`), so several workers may prune side by side.
 */
export async function pruneArticleContent(db: Database, olderThanDays: number, batchSize: number): Promise<number> {
  if (!Number.isInteger(olderThanDays) || olderThanDays < 1) throw new RangeError(`olderThanDays must be a positive integer, not ${olderThanDays}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, not ${batchSize}`);
  const batch = db
    .select({ id: articles.id })
    .from(articles)
    .where(
      and(
        lt(articles.ingestedAt, sql`now() - make_interval(days => ${olderThanDays})`),
        or(isNotNull(articles.text), isNotNull(articles.lead), isNotNull(articles.summary)),
      ),
    )
    .limit(batchSize)
    .for('update', { skipLocked: true });
  const pruned = await db
    .update(articles)
    .set({ text: null, lead: null, summary: null, updatedAt: sql`now()` })
    .where(inArray(articles.id, batch))
    .returning({ id: articles.id });
  return pruned.length;
}
