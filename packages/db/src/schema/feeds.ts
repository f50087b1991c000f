import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';

/** `gone`: the server answered 410; the feed is still polled at the slowest pace in case it returns. */
export const feedStatuses = ['active', 'paused', 'failing', 'gone'] as const;
export type FeedStatus = (typeof feedStatuses)[number];

export const feeds = pgTable(
  'feeds',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    url: text().notNull().unique(),
    title: text(),
    siteUrl: text(),
    /** Language the feed declares (`<language>`, OPML hint); a hint, not the truth. */
    declaredLanguage: text(),
    category: text(),
    etag: text(),
    lastModified: text(),
    /** sha-256 of the last body: some servers change content without changing ETag. */
    bodyHash: text(),
    /** The current polling interval, set after every fetch by the adaptive schedule. */
    intervalSeconds: integer().notNull().default(1800),
    /** Observed pace of new items, from publication dates and fetch history. */
    itemsPerDay: real(),
    nextFetchAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    status: text({ enum: feedStatuses }).notNull().default('active'),
    consecutiveFailures: integer().notNull().default(0),
    lastError: text(),
    lastFetchedAt: timestamp({ withTimezone: true }),
    lastSuccessAt: timestamp({ withTimezone: true }),
    lastNewItemAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('feeds_due_idx').on(table.nextFetchAt).where(sql`${table.status} <> 'paused'`),
    check('feeds_status_check', sql`${table.status} in ('active', 'paused', 'failing', 'gone')`),
  ],
);

export const feedFetchOutcomes = ['ok', 'not_modified', 'error'] as const;
export type FeedFetchOutcome = (typeof feedFetchOutcomes)[number];

/** One row per fetch attempt of a feed: the feed's health history. */
export const feedFetches = pgTable(
  'feed_fetches',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    feedId: integer()
      .notNull()
      .references(() => feeds.id, { onDelete: 'cascade' }),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    durationMs: integer().notNull(),
    outcome: text({ enum: feedFetchOutcomes }).notNull(),
    httpStatus: integer(),
    bytes: integer(),
    items: integer(),
    newItems: integer(),
    error: text(),
  },
  (table) => [index('feed_fetches_feed_idx').on(table.feedId, table.startedAt.desc())],
);

export type Feed = typeof feeds.$inferSelect;
export type NewFeed = typeof feeds.$inferInsert;
export type FeedFetch = typeof feedFetches.$inferSelect;
