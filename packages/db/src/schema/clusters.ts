import { bigint, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { articles } from './articles.js';

/** One story (event) across sources and languages. Members point at it with articles.cluster_id. */
export const clusters = pgTable('clusters', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** The title of the article that opened the cluster: a label for people. */
  title: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
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
