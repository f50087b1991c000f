import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client.js';
import { type ArticleEventKind, articleEvents, articleLshBands, articleSources, articles, type NewArticle } from '../schema/index.js';
import { type DuplicateCandidate, type DuplicateLookup, findOriginal } from './duplicates.js';
import { lockKeys } from './locks.js';

/** The item keys of `feedId` already stored: the feed worker enqueues only the others. */
export async function findStoredItemKeys(db: Database, feedId: number, itemKeys: string[]): Promise<Set<string>> {
  if (itemKeys.length === 0) return new Set();
  const rows = await db
    .select({ itemKey: articleSources.itemKey })
    .from(articleSources)
    .where(and(eq(articleSources.feedId, feedId), inArray(articleSources.itemKey, itemKeys)));
  return new Set(rows.map((row) => row.itemKey));
}

export interface ArticleEventInput {
  urlHash: string;
  kind: ArticleEventKind;
  feedId?: number | null;
  jobId?: string | null;
  attempt?: number | null;
  detail?: Record<string, unknown> | null;
}

export async function addArticleEvents(db: Database, events: ArticleEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(articleEvents).values(events);
}

export interface ArticleSourceInput {
  feedId: number;
  itemKey: string;
  itemUrl: string;
}

export interface StoreArticleResult {
  articleId: number;
  /** False when the article was already stored (another feed, a retry, a concurrent worker). */
  created: boolean;
  /** False when this feed item was already recorded as a source. */
  sourceAdded: boolean;
  /** The earlier article this one copies, when it was stored as a duplicate. */
  duplicateOf: number | null;
}

/**
 * Stores an article exactly once per canonical URL and records the feed item that delivered it. With
 * `duplicates` (@polywire/dedupe's articleFingerprints `near`), a copy of an earlier article is stored
 * with `duplicateOf` pointing at the original that its policy chooses among what the lookups find (see
 * findDuplicateCandidates), never as a second independent article. Without it nothing is looked up
 * and the article is stored as an original (test fixtures); the article pipeline always passes it.
 *
 * The unique URL index decides between retries and between workers racing on one URL. Copies at
 * different URLs are serialized by transaction-scoped advisory locks on their fingerprints (text hash,
 * site+title hash, each SimHash band, each LSH band key, all in one statement in a fixed order: see
 * lockKeys): two near copies share at least one band, so the second one to lock sees the first.
 */
export async function storeArticle(
  db: Database,
  article: NewArticle,
  source: ArticleSourceInput | null,
  events: ArticleEventInput[] = [],
  duplicates: DuplicateLookup | null = null,
): Promise<StoreArticleResult> {
  return db.transaction(async (tx) => {
    let [existing] = await tx.select({ id: articles.id, duplicateOf: articles.duplicateOf }).from(articles).where(eq(articles.urlHash, article.urlHash));
    let original: DuplicateCandidate | null = null;
    let inserted: { id: number } | undefined;
    if (!existing) {
      if (duplicates) {
        const fingerprints = [
          article.contentHash && `text:${article.contentHash}`,
          article.titleHash && article.site && `title:${article.site}:${article.titleHash}`,
          ...[article.simhashBand0, article.simhashBand1, article.simhashBand2, article.simhashBand3].map((band, index) =>
            typeof band === 'number' ? `band${index}:${band}` : null,
          ),
          ...duplicates.lshBandKeys.map((key, band) => `lsh${band}:${key}`),
        ].filter((key): key is string => Boolean(key));
        await lockKeys(tx, fingerprints);
        original = await findOriginal(tx as unknown as Database, article, duplicates);
      }
      [inserted] = await tx
        .insert(articles)
        .values({ ...article, duplicateOf: original?.articleId ?? null })
        .onConflictDoNothing({ target: articles.urlHash })
        .returning({ id: articles.id });
      if (inserted && duplicates?.lshBandKeys.length) {
        await tx.insert(articleLshBands).values(duplicates.lshBandKeys.map((key, band) => ({ band, key, articleId: inserted!.id })));
      }
      if (!inserted) {
        [existing] = await tx.select({ id: articles.id, duplicateOf: articles.duplicateOf }).from(articles).where(eq(articles.urlHash, article.urlHash));
        if (!existing) throw new Error(`article ${article.urlHash} conflicted but cannot be read`);
        original = null;
      }
    }
    const articleId = inserted?.id ?? existing!.id;
    let sourceAdded = false;
    if (source) {
      const added = await tx
        .insert(articleSources)
        .values({ articleId, ...source })
        .onConflictDoNothing({ target: [articleSources.feedId, articleSources.itemKey] })
        .returning({ id: articleSources.id });
      sourceAdded = added.length > 0;
    }
    const created = inserted !== undefined;
    const outcome: ArticleEventInput[] = [];
    if (created && original) {
      outcome.push({ urlHash: article.urlHash, kind: 'duplicate_of', feedId: source?.feedId ?? null, detail: { articleId, originalId: original.articleId, rule: original.rule } });
    }
    outcome.push({
      urlHash: article.urlHash,
      kind: created ? 'stored' : 'source_added',
      feedId: source?.feedId ?? null,
      detail: { articleId, sourceAdded },
    });
    await tx.insert(articleEvents).values([...events, ...outcome]);
    return { articleId, created, sourceAdded, duplicateOf: created ? (original?.articleId ?? null) : (existing?.duplicateOf ?? null) };
  });
}
