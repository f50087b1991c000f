import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { articles } from './articles.js';

/**
 * One story (event) across sources and languages. Members point at it with articles.cluster_id. The
 * summary columns (first seen … languages) are kept by the store whenever a member joins or clusters
 * merge, so listing stories reads this table, never aggregates articles.
 */
export const clusters = pgTable(
  'clusters',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The title of the article that opened the cluster: a label for people. */
    title: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * Set when a later article showed this cluster to be part of another one and its members moved
     * there: the survivor's id. An absorbed id keeps answering by pointing at the survivor.
     */
    mergedInto: bigint({ mode: 'number' }),
    /** The earliest member's time (published, else ingested). */
    firstSeenAt: timestamp({ withTimezone: true }),
    /** The latest time a member joined (ingested). */
    lastUpdatedAt: timestamp({ withTimezone: true }),
    /** Members, copies included. */
    articleCount: integer().notNull().default(0),
    /** Members that copy no other article. */
    originalCount: integer().notNull().default(0),
    languageCount: integer().notNull().default(0),
    /** Distinct sites (registrable domains) among the members. */
    sourceCount: integer().notNull().default(0),
    /** Members per language, e.g. {"en": 3, "ja": 1}. */
    languages: jsonb().$type<Record<string, number>>().notNull().default({}),
  },
  (table) => [
    index('clusters_updated_idx').on(table.lastUpdatedAt.desc(), table.id.desc()).where(sql`${table.mergedInto} is null`),
    index('clusters_first_seen_idx').on(table.firstSeenAt.desc(), table.id.desc()).where(sql`${table.mergedInto} is null`),
    // The story list's sort=size and sort=languages walk these in order (see listStories).
    index('clusters_size_idx').on(table.articleCount.desc(), table.id.desc()).where(sql`${table.mergedInto} is null`),
    index('clusters_language_count_idx').on(table.languageCount.desc(), table.id.desc()).where(sql`${table.mergedInto} is null`),
    // getStory's absorbed ids, and the redirect of an absorbed id's own absorbed ones.
    index('clusters_merged_into_idx').on(table.mergedInto).where(sql`${table.mergedInto} is not null`),
  ],
);

/**
 * Read-only keys for feeds out (`/feeds/…?key=…`): a feed reader cannot send headers, so the key rides
 * in the URL. Each key is bound to one feed (its kind and parameters), stored only as a hash, and
 * revocable; it never grants the dashboard or its API.
 */
export const feedKeys = pgTable('feed_keys', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  /** sha-256 hex of the key; the key itself is shown once, when created. */
  keyHash: text().notNull().unique(),
  /** `articles` or `stories`. */
  kind: text().notNull(),
  /** The feed's query parameters, canonical (sorted, without the key and format). */
  params: jsonb().$type<Record<string, string>>().notNull().default({}),
  label: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
});

/**
 * The language-independent evidence of each original article (names, numbers, dates; see
 * @polywire/dedupe's storyKeys): articles sharing keys inside a time window are cluster candidates.
 */
export const articleStoryKeys = pgTable(
  'article_story_keys',
  {
    key: text().notNull(),
    articleId: bigint({ mode: 'number' })
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.key, table.articleId] }), index('article_story_keys_article_idx').on(table.articleId)],
);

export type Cluster = typeof clusters.$inferSelect;
export type FeedKey = typeof feedKeys.$inferSelect;
