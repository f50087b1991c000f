import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, real, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { searchConfigExpression, searchVectorExpression } from '../queries/search.js';
import { feeds } from './feeds.js';

export const extractionMethods = ['page', 'feed'] as const;
export type ExtractionMethod = (typeof extractionMethods)[number];

/**
 * What kind of page the article's URL led to, as @polywire/extract's classifyPageType says: a story, or a
 * section front, gallery, video page or live blog that a feed linked to. Kept here as the stored
 * contract; the article worker's insert does not typecheck if the extractor returns a type not listed.
 */
export const pageTypes = ['article', 'front', 'gallery', 'video', 'live'] as const;
export type PageType = (typeof pageTypes)[number];

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const articles = pgTable(
  'articles',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** sha-256 hex of the canonical URL: the identity that makes every store idempotent. */
    urlHash: text().notNull().unique(),
    url: text().notNull(),
    canonicalUrl: text().notNull(),
    title: text(),
    summary: text(),
    /** The standfirst: the page's own description of the article. */
    lead: text(),
    text: text(),
    authors: jsonb().$type<string[]>().notNull().default([]),
    publishedAt: timestamp({ withTimezone: true }),
    modifiedAt: timestamp({ withTimezone: true }),
    section: text(),
    tags: jsonb().$type<string[]>().notNull().default([]),
    image: text(),
    site: text(),
    /** Detected from title and text (BCP-47, `und` when undecidable); the declared tag when detection fails. */
    language: text(),
    languageConfidence: real(),
    /** What the page or feed declared, as declared: often wrong, kept for comparison. */
    declaredLanguage: text(),
    /**
     * The primary language subtag (`zh` for `zh-Hant`), kept by PostgreSQL: a filter on a language
     * family is then one index range, where `language = 'zh' or language like 'zh-%'` is a scan.
     */
    languageBase: text().generatedAlwaysAs(sql`lower(split_part(coalesce(language, ''), '-', 1))`),
    /** Detected from the title alone (titles are often in another language than the body, or mixed). */
    titleLanguage: text(),
    /**
     * The LANGUAGE_MODEL_VERSION (of @polywire/lang) that decided `language`, `languageConfidence` and
     * `titleLanguage`; null for articles tagged before versions were recorded. `polywire articles
     * retag` re-decides the articles of any other version.
     */
    languageModelVersion: text(),
    extraction: text({ enum: extractionMethods }),
    /** Rows stored before page types were recorded, and articles whose page could not be fetched, are `article`. */
    pageType: text({ enum: pageTypes }).notNull().default('article'),
    /** sha-256 of the normalized text: exact copies. */
    contentHash: text(),
    /** sha-256 of the normalized title: the same source's same title within a week. */
    titleHash: text(),
    /**
     * 64-bit SimHash of the text as 16 hex digits, and its four 16-bit bands: two texts within Hamming
     * distance 3 share at least one band at the same position, so near copies are found through four
     * btree lookups instead of a scan.
     */
    simhash: text(),
    simhashBand0: integer(),
    simhashBand1: integer(),
    simhashBand2: integer(),
    simhashBand3: integer(),
    /** MinHash signature of the text (64 signed 32-bit minima; see @polywire/dedupe's minhash.ts). */
    minhash: integer().array(),
    /** The earlier article this one copies (exactly or nearly); null for originals. */
    duplicateOf: bigint({ mode: 'number' }),
    clusterId: bigint({ mode: 'number' }),
    ingestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The text-search configuration of `language` (see queries/search.ts), maintained by PostgreSQL. */
    searchConfig: text().generatedAlwaysAs(searchConfigExpression),
    /** Title (A), lead (B) and text (C) stemmed with `search_config`; CJK, Thai, Lao, Khmer, Burmese and Tibetan as bigrams. Maintained by PostgreSQL. */
    searchVector: tsvector().generatedAlwaysAs(searchVectorExpression),
  },
  (table) => [
    index('articles_language_idx').on(table.language, table.id.desc()),
    index('articles_language_base_idx').on(table.languageBase, table.id.desc()),
    // sort=published walks this in order (newest first, undated last, id to break ties).
    index('articles_published_idx').on(table.publishedAt.desc().nullsLast(), table.id.desc()),
    // Counts over the last hours or days (the dashboard's overview), `by=ingested` time windows.
    index('articles_ingested_idx').on(table.ingestedAt),
    // Retention's batches find the articles that still have content without rereading pruned ones.
    index('articles_unpruned_idx')
      .on(table.ingestedAt)
      .where(sql`${table.text} is not null or ${table.lead} is not null or ${table.summary} is not null`),
    // `page_type=front` (or gallery, video, live) finds its few rows without walking the articles.
    index('articles_page_type_idx')
      .on(table.pageType, table.id.desc())
      .where(sql`${table.pageType} <> 'article'`),
    index('articles_content_hash_idx').on(table.contentHash),
    index('articles_cluster_idx').on(table.clusterId),
    index('articles_title_hash_idx').on(table.site, table.titleHash),
    index('articles_simhash_band0_idx').on(table.simhashBand0),
    index('articles_simhash_band1_idx').on(table.simhashBand1),
    index('articles_simhash_band2_idx').on(table.simhashBand2),
    index('articles_simhash_band3_idx').on(table.simhashBand3),
    index('articles_search_idx').using('gin', table.searchVector),
  ],
);

/**
 * The LSH band keys of each article's MinHash signature: articles that share a (band, key) are
 * candidate near copies, confirmed by comparing their signatures. One row per band.
 */
export const articleLshBands = pgTable(
  'article_lsh_bands',
  {
    band: smallint().notNull(),
    key: integer().notNull(),
    articleId: bigint({ mode: 'number' })
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.band, table.key, table.articleId] }), index('article_lsh_bands_article_idx').on(table.articleId)],
);

/**
 * Every feed item that delivered an article. A feed delivering the same item again hits the unique
 * (feed, item) key and adds nothing; another feed delivering the same URL adds a source, not an article.
 */
export const articleSources = pgTable(
  'article_sources',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    articleId: bigint({ mode: 'number' })
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    feedId: integer()
      .notNull()
      .references(() => feeds.id, { onDelete: 'cascade' }),
    /** The item's GUID, or its link when it has none. */
    itemKey: text().notNull(),
    itemUrl: text().notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('article_sources_feed_item_key').on(table.feedId, table.itemKey),
    index('article_sources_article_idx').on(table.articleId),
  ],
);

export const articleEventKinds = [
  'queued',
  'fetched',
  'fetch_failed',
  'extracted',
  'fallback_to_feed',
  'tagged',
  'duplicate_of',
  'clustered',
  'stored',
  'source_added',
  'failed',
] as const;
export type ArticleEventKind = (typeof articleEventKinds)[number];

/**
 * Breadcrumbs: what happened to an article, keyed by its URL hash so that steps before the article
 * row exists (queued, fetched, failed) are kept too.
 */
export const articleEvents = pgTable(
  'article_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    urlHash: text().notNull(),
    kind: text({ enum: articleEventKinds }).notNull(),
    feedId: integer(),
    jobId: text(),
    attempt: integer(),
    detail: jsonb().$type<Record<string, unknown>>(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('article_events_url_hash_idx').on(table.urlHash, table.id)],
);

export type Article = typeof articles.$inferSelect;
export type NewArticle = typeof articles.$inferInsert;
export type ArticleSource = typeof articleSources.$inferSelect;
export type ArticleEvent = typeof articleEvents.$inferSelect;
