import { and, asc, desc, eq, getTableColumns, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { type Article, type ArticleEvent, type ArticleSource, articleEvents, articleSources, articles, type PageType } from '../schema/index.js';
import { languageMatch, searchInLanguages } from './language-match.js';
import { searchRank } from './search.js';

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
  /** What kind of page the article is (`article`, `front`, `gallery`, `video`, `live`). */
  pageType?: PageType;
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
    conditions.push(searchInLanguages(q, languages));
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
  if (filters.pageType !== undefined) conditions.push(eq(articles.pageType, filters.pageType));
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
