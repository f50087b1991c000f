import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import {
  type Article,
  type ArticleEvent,
  type ArticleEventKind,
  type ArticleSource,
  articleEvents,
  articleLshBands,
  articleSources,
  articles,
  type NewArticle,
} from '../schema/index.js';
import { languageMatch } from './language-match.js';
import { lockKeys } from './locks.js';
import { searchCondition, searchConfigFor, searchRank } from './search.js';

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

/** How near a copy must be, and how far back copies are looked for. */
export const NEAR_DUPLICATE_MAX_DISTANCE = 3;

/** The MinHash side of near-copy detection (computed by @polywire/dedupe). */
export interface NearCopyKeys {
  /** One key per LSH band of the article's `minhash` signature. */
  lshBandKeys: number[];
  /** How many of the signature's rows must be equal for a near copy. */
  minEqualRows: number;
}
const NEAR_DUPLICATE_WINDOW_DAYS = 30;
const SAME_TITLE_WINDOW_DAYS = 7;

/**
 * The earliest original (an article that is not itself a copy) that `article` copies, by the first
 * rule that finds one: the same normalized text; the same site's same normalized title within a week;
 * a SimHash within NEAR_DUPLICATE_MAX_DISTANCE bits, found through the four band indexes; a MinHash
 * signature agreeing on `near.minEqualRows` rows, found through the LSH band index. One statement (a
 * UNION ALL of index lookups, each limited to one row) so the store pays a single round trip.
 */
export async function findOriginal(
  tx: Database,
  article: NewArticle,
  near: NearCopyKeys | null = null,
): Promise<{ id: number; rule: string } | null> {
  const recent = (days: number) => sql`a.ingested_at > now() - make_interval(days => ${days})`;
  const lookups: SQL[] = [];
  if (article.contentHash) {
    lookups.push(sql`(select a.id, 1 as priority, 'same_text'::text as rule from articles a
      where a.content_hash = ${article.contentHash} and a.duplicate_of is null order by a.id limit 1)`);
  }
  if (article.titleHash && article.site) {
    lookups.push(sql`(select a.id, 2 as priority, 'same_site_title'::text as rule from articles a
      where a.site = ${article.site} and a.title_hash = ${article.titleHash} and a.duplicate_of is null
        and ${recent(SAME_TITLE_WINDOW_DAYS)} order by a.id limit 1)`);
  }
  const bands = [article.simhashBand0, article.simhashBand1, article.simhashBand2, article.simhashBand3];
  if (article.simhash && bands.every((band) => typeof band === 'number')) {
    // Hamming distance in SQL: both 64-bit values as bit strings, XORed, set bits counted.
    lookups.push(sql`(select a.id, 3 as priority, 'near_text'::text as rule from articles a
      where (a.simhash_band0 = ${bands[0]} or a.simhash_band1 = ${bands[1]} or a.simhash_band2 = ${bands[2]} or a.simhash_band3 = ${bands[3]})
        and a.duplicate_of is null and ${recent(NEAR_DUPLICATE_WINDOW_DAYS)}
        and bit_count(('x' || a.simhash)::bit(64) # ('x' || ${article.simhash})::bit(64)) <= ${NEAR_DUPLICATE_MAX_DISTANCE}
      order by a.id limit 1)`);
  }
  if (near && article.minhash?.length && near.lshBandKeys.length) {
    // Candidates share a (band, key) row; the signature agreement confirms them.
    const bandMatches = sql.join(
      near.lshBandKeys.map((key, band) => sql`(${band}, ${key})`),
      sql`, `,
    );
    const signature = sql`${`{${article.minhash.join(',')}}`}::int[]`;
    lookups.push(sql`(select a.id, 4 as priority, 'near_text_minhash'::text as rule from articles a
      where a.id in (select l.article_id from article_lsh_bands l where (l.band, l.key) in (${bandMatches}))
        and a.duplicate_of is null and ${recent(NEAR_DUPLICATE_WINDOW_DAYS)}
        and (select count(*) from unnest(a.minhash, ${signature}) as pair(x, y) where pair.x = pair.y) >= ${near.minEqualRows}
      order by a.id limit 1)`);
  }
  if (lookups.length === 0) return null;
  const result = (await tx.execute(
    sql`select id, rule from (${sql.join(lookups, sql` union all `)}) as found order by priority limit 1`,
  )) as unknown as { rows: { id: number | string; rule: string }[] };
  const row = result.rows[0];
  return row ? { id: Number(row.id), rule: row.rule } : null;
}

/**
 * Stores an article exactly once per canonical URL and records the feed item that delivered it; a copy
 * of an earlier article (same text, same site and title, or near text) is stored with `duplicateOf`
 * pointing at the earliest original, never as a second independent article.
 *
 * The unique URL index decides between retries and between workers racing on one URL. Copies at
 * different URLs are serialized by transaction-scoped advisory locks on their fingerprints (text hash,
 * site+title hash, each SimHash band, all in one statement in a fixed order: see lockKeys): two near
 * copies share at least one band, so the second one to lock sees the first.
 */
export async function storeArticle(
  db: Database,
  article: NewArticle,
  source: ArticleSourceInput | null,
  events: ArticleEventInput[] = [],
  near: NearCopyKeys | null = null,
): Promise<StoreArticleResult> {
  return db.transaction(async (tx) => {
    let [existing] = await tx.select({ id: articles.id, duplicateOf: articles.duplicateOf }).from(articles).where(eq(articles.urlHash, article.urlHash));
    let original: { id: number; rule: string } | null = null;
    let inserted: { id: number } | undefined;
    if (!existing) {
      const fingerprints = [
        article.contentHash && `text:${article.contentHash}`,
        article.titleHash && article.site && `title:${article.site}:${article.titleHash}`,
        ...[article.simhashBand0, article.simhashBand1, article.simhashBand2, article.simhashBand3].map((band, index) =>
          typeof band === 'number' ? `band${index}:${band}` : null,
        ),
        ...(near?.lshBandKeys ?? []).map((key, band) => `lsh${band}:${key}`),
      ]
        .filter((key): key is string => Boolean(key));
      await lockKeys(tx, fingerprints);
      original = await findOriginal(tx as unknown as Database, article, near);
      [inserted] = await tx
        .insert(articles)
        .values({ ...article, duplicateOf: original?.id ?? null })
        .onConflictDoNothing({ target: articles.urlHash })
        .returning({ id: articles.id });
      if (inserted && near?.lshBandKeys.length) {
        await tx.insert(articleLshBands).values(near.lshBandKeys.map((key, band) => ({ band, key, articleId: inserted!.id })));
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
      outcome.push({ urlHash: article.urlHash, kind: 'duplicate_of', feedId: source?.feedId ?? null, detail: { articleId, originalId: original.id, rule: original.rule } });
    }
    outcome.push({
      urlHash: article.urlHash,
      kind: created ? 'stored' : 'source_added',
      feedId: source?.feedId ?? null,
      detail: { articleId, sourceAdded },
    });
    await tx.insert(articleEvents).values([...events, ...outcome]);
    return { articleId, created, sourceAdded, duplicateOf: created ? (original?.id ?? null) : (existing?.duplicateOf ?? null) };
  });
}

/** How a list of articles is ordered; every order ends with `id desc`, so it is total. */
export type ArticleSort = 'ingested' | 'published' | 'relevance';
export const articleSorts: readonly ArticleSort[] = ['ingested', 'published', 'relevance'];

/**
 * Where a page ends: the last row's id and its sort key (the `published_at` as PostgreSQL's ISO text
 * with microseconds, or null; the relevance as a float8). An id alone is the cursor of the `ingested` order.
 */
export interface ArticleCursor {
  id: number;
  key?: string | number | null;
}

export interface ArticleFilters {
  languages?: string[];
  feedId?: number;
  clusterId?: number;
  /** The article's `site`, exactly. */
  site?: string;
  q?: string;
  since?: Date;
  until?: Date;
  /** The time `since` and `until` apply to (default: published). */
  by?: 'published' | 'ingested';
  /** Default `ingested` (newest id first); `relevance` needs `q`. */
  sort?: ArticleSort;
  /** The previous page's `nextKey` (or, for the `ingested` order, the id of its last article). */
  cursor?: number | ArticleCursor;
  limit: number;
}

export type ArticleListItem = Omit<Article, 'text' | 'minhash' | 'searchVector'> & { feedIds: number[] };

export interface ArticlePage {
  items: ArticleListItem[];
  /** The id of the page's last article when there is a next page. */
  nextCursor: number | null;
  /** The full keyset position of the page's last article when there is a next page. */
  nextKey: ArticleCursor | null;
}

// Qualified by hand for the same reason as the feed's article count (see queries/feeds.ts).
const feedIdsOfArticle = sql<number[]>`coalesce((select array_agg(s.feed_id order by s.id) from article_sources s where s.article_id = "articles"."id"), '{}')`;
/** The published time as exact text (microseconds, offset), so a cursor compares equal to the row. */
const publishedKey = sql<string | null>`(to_json("articles"."published_at") #>> '{}')`;

/**
 * Newest first by ingestion order (default), by published time (`published_at desc nulls last, id desc`)
 * or by relevance to `q` (`ts_rank_cd`, then id), with a keyset cursor on the sort key and the id:
 * pages stay stable while new articles arrive, since a page starts strictly after the previous page's
 * last row in a total order.
 */
export async function listArticles(db: Database, filters: ArticleFilters): Promise<ArticlePage> {
  const sort = filters.sort ?? 'ingested';
  const q = filters.q?.trim() ? filters.q : undefined;
  if (sort === 'relevance' && !q) throw new Error('sorting by relevance needs a query (q)');
  const conditions: SQL[] = [];
  const languages = filters.languages ?? [];
  if (q) {
    // Each article matched with its own language's configuration: one branch per configuration among
    // the requested languages, or every configuration (see queries/search.ts).
    const tagsByConfig = new Map<string, string[]>();
    for (const tag of languages) {
      const config = searchConfigFor(tag);
      tagsByConfig.set(config, [...(tagsByConfig.get(config) ?? []), tag]);
    }
    const groups = [...tagsByConfig].map(([config, tags]) => ({ config, articles: languageMatch(tags) }));
    conditions.push(searchCondition(q, groups.length ? groups : undefined));
  } else if (languages.length) {
    conditions.push(languageMatch(languages));
  }
  if (filters.feedId !== undefined) {
    conditions.push(
      sql`exists (select 1 from article_sources s where s.article_id = "articles"."id" and s.feed_id = ${filters.feedId})`,
    );
  }
  if (filters.clusterId !== undefined) conditions.push(eq(articles.clusterId, filters.clusterId));
  if (filters.site !== undefined) conditions.push(eq(articles.site, filters.site));
  const timeColumn = filters.by === 'ingested' ? articles.ingestedAt : articles.publishedAt;
  if (filters.since) conditions.push(gte(timeColumn, filters.since));
  if (filters.until) conditions.push(lte(timeColumn, filters.until));

  const rank = q ? sql<number>`(${searchRank(q)})::float8` : undefined;
  const cursor = typeof filters.cursor === 'number' ? { id: filters.cursor } : filters.cursor;
  let order: SQL[];
  if (sort === 'published') {
    order = [sql`${articles.publishedAt} desc nulls last`, desc(articles.id)];
    if (cursor) {
      conditions.push(
        typeof cursor.key === 'string'
          ? sql`((${articles.publishedAt}, ${articles.id}) < (${cursor.key}::timestamptz, ${cursor.id}) or ${articles.publishedAt} is null)`
          : sql`(${articles.publishedAt} is null and ${articles.id} < ${cursor.id})`,
      );
    }
  } else if (sort === 'relevance') {
    order = [sql`${rank} desc`, desc(articles.id)];
    if (cursor) {
      if (typeof cursor.key !== 'number') throw new Error('a relevance cursor needs a numeric key');
      conditions.push(sql`(${rank}, ${articles.id}) < (${cursor.key}::float8, ${cursor.id})`);
    }
  } else {
    order = [desc(articles.id)];
    if (cursor) conditions.push(lt(articles.id, cursor.id));
  }

  const { text: _text, minhash: _minhash, searchVector: _searchVector, ...columns } = getTableColumns(articles);
  const rows = await db
    .select({ ...columns, feedIds: feedIdsOfArticle, sortKey: sort === 'relevance' ? rank! : publishedKey })
    .from(articles)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...order)
    .limit(filters.limit + 1);
  const page = rows.slice(0, filters.limit);
  const items = page.map(({ sortKey: _sortKey, ...row }) => ({ ...row, feedIds: row.feedIds.map(Number) }));
  const last = rows.length > filters.limit ? page.at(-1) : undefined;
  let nextKey: ArticleCursor | null = null;
  if (last) {
    nextKey =
      sort === 'ingested'
        ? { id: last.id }
        : { id: last.id, key: sort === 'relevance' ? Number(last.sortKey) : ((last.sortKey as string | null) ?? null) };
  }
  return { items, nextCursor: last?.id ?? null, nextKey };
}

export type ArticleDetail = Omit<Article, 'minhash' | 'searchVector'> & {
  feedIds: number[];
  sources: ArticleSource[];
  events: ArticleEvent[];
};

export async function getArticle(db: Database, id: number): Promise<ArticleDetail | undefined> {
  const { minhash: _minhash, searchVector: _searchVector, ...columns } = getTableColumns(articles);
  const [article] = await db.select(columns).from(articles).where(eq(articles.id, id));
  if (!article) return undefined;
  const [sources, events] = await Promise.all([
    db.select().from(articleSources).where(eq(articleSources.articleId, id)).orderBy(asc(articleSources.id)),
    db.select().from(articleEvents).where(eq(articleEvents.urlHash, article.urlHash)).orderBy(asc(articleEvents.id)),
  ]);
  return { ...article, feedIds: sources.map((source) => source.feedId), sources, events };
}

/** The breadcrumbs of a URL, whether or not it became an article. */
export async function listArticleEvents(db: Database, urlHash: string): Promise<ArticleEvent[]> {
  return db.select().from(articleEvents).where(eq(articleEvents.urlHash, urlHash)).orderBy(asc(articleEvents.id));
}

export async function countArticles(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(articles);
  return row?.n ?? 0;
}

export interface LanguageVolume {
  language: string;
  last24h: number;
  last7d: number;
}

/**
 * Articles ingested per detected language over the last 24 hours and 7 days, busiest first (the
 * dashboard's overview chart). `und` collects articles whose language is unknown.
 */
export async function countArticlesByLanguage(db: Database, now = new Date()): Promise<LanguageVolume[]> {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3600_000);
  const language = sql<string>`coalesce(${articles.language}, 'und')`;
  const rows = await db
    .select({
      language,
      last24h: sql<number>`(count(*) filter (where ${articles.ingestedAt} >= ${dayAgo}))::int`,
      last7d: sql<number>`count(*)::int`,
    })
    .from(articles)
    .where(and(gte(articles.ingestedAt, weekAgo), lte(articles.ingestedAt, now)))
    .groupBy(language)
    .orderBy(sql`count(*) desc`, language);
  return rows.map((row) => ({ language: row.language, last24h: Number(row.last24h), last7d: Number(row.last7d) }));
}

/** The copies stored with `duplicateOf` pointing at this article, oldest first. */
export async function listDuplicatesOf(db: Database, id: number) {
  return db
    .select({ id: articles.id, url: articles.url, title: articles.title, site: articles.site, language: articles.language, ingestedAt: articles.ingestedAt })
    .from(articles)
    .where(eq(articles.duplicateOf, id))
    .orderBy(asc(articles.id))
    .limit(200);
}
