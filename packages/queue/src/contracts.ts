import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * A job contract: the queue's dotted name, the payload schema (checked when a job is added and again
 * when it is processed), and the options every job of the queue gets.
 */
export interface JobContract<Schema extends z.ZodType> {
  name: string;
  schema: Schema;
  options: JobsOptions;
}

export type PayloadOf<Contract> = Contract extends JobContract<infer Schema> ? z.infer<Schema> : never;

export const feedFetch = {
  name: 'feed.fetch',
  schema: z.object({ feedId: z.number().int().positive(), url: z.url() }),
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    // The job id is `feed-<id>`, and BullMQ ignores an add whose id exists: keeping finished jobs would
    // block the feed's next fetch. Their history lives in Postgres (feed_fetches) instead.
    removeOnComplete: true,
    removeOnFail: true,
  },
} satisfies JobContract<z.ZodType>;

const optionalDate = z.iso.datetime({ offset: true }).nullable();

export const articleProcess = {
  name: 'article.process',
  schema: z.object({
    url: z.url(),
    /** sha-256 of the canonical URL: the job id and the article's identity. */
    urlHash: z.string().regex(/^[0-9a-f]{64}$/),
    feedId: z.number().int().positive(),
    itemKey: z.string().min(1),
    /** What the feed said about the item: the fallback when the page cannot be used. */
    item: z.object({
      title: z.string().nullable(),
      summary: z.string().nullable(),
      contentHtml: z.string().nullable(),
      publishedAt: optionalDate,
      authors: z.array(z.string()),
      language: z.string().nullable(),
    }),
  }),
  options: {
    attempts: 4,
    backoff: { type: 'exponential', delay: 5_000 },
    // Finished jobs are kept for a while for the dashboard and to absorb re-adds of the same URL.
    removeOnComplete: { age: 24 * 3600, count: 5_000 },
    removeOnFail: { age: 14 * 24 * 3600, count: 20_000 },
  },
} satisfies JobContract<z.ZodType>;

export type FeedFetchPayload = z.infer<typeof feedFetch.schema>;
export type ArticleProcessPayload = z.infer<typeof articleProcess.schema>;

export const feedFetchJobId = (feedId: number) => `feed-${feedId}`;
export const articleJobId = (urlHash: string) => `article-${urlHash}`;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
