import { Queue } from 'bullmq';
import type { RedisConnection } from './connection.js';
import {
  type ArticleProcessPayload,
  articleJobId,
  articleProcess,
  type FeedFetchPayload,
  feedFetch,
  feedFetchJobId,
} from './contracts.js';

export interface Queues {
  feedFetch: Queue<FeedFetchPayload>;
  articleProcess: Queue<ArticleProcessPayload>;
  all: Queue[];
  close(): Promise<void>;
}

/**
 * `onError` hears connection errors (Redis restarting). Without a listener BullMQ's Queue throws its
 * 'error' event back at itself and ends up printing the raw error to stderr, outside the JSON logs:
 * seen in the fault test's Redis restart.
 */
export function createQueues(connection: RedisConnection, prefix: string, onError: (error: Error) => void = () => {}): Queues {
  const feedFetchQueue = new Queue<FeedFetchPayload>(feedFetch.name, {
    connection,
    prefix,
    defaultJobOptions: feedFetch.options,
  });
  const articleProcessQueue = new Queue<ArticleProcessPayload>(articleProcess.name, {
    connection,
    prefix,
    defaultJobOptions: articleProcess.options,
  });
  const all = [feedFetchQueue, articleProcessQueue] as Queue[];
  for (const queue of all) queue.on('error', onError);
  let closing: Promise<void> | undefined;
  return {
    feedFetch: feedFetchQueue,
    articleProcess: articleProcessQueue,
    all,
    close() {
      closing ??= Promise.all(all.map((queue) => queue.close())).then(() => {});
      return closing;
    },
  };
}

/** Enqueues feed fetches; a feed whose job is still waiting or running is not enqueued twice. */
export async function enqueueFeedFetches(queues: Queues, payloads: FeedFetchPayload[]): Promise<void> {
  if (payloads.length === 0) return;
  await queues.feedFetch.addBulk(
    payloads.map((payload) => ({
      name: feedFetch.name,
      data: feedFetch.schema.parse(payload),
      opts: { jobId: feedFetchJobId(payload.feedId) },
    })),
  );
}

/** Enqueues articles in one round trip; the job id is the URL hash, so a URL already queued is skipped. */
export async function enqueueArticles(queues: Queues, payloads: ArticleProcessPayload[]): Promise<void> {
  if (payloads.length === 0) return;
  await queues.articleProcess.addBulk(
    payloads.map((payload) => ({
      name: articleProcess.name,
      data: articleProcess.schema.parse(payload),
      opts: { jobId: articleJobId(payload.urlHash) },
    })),
  );
}

export interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
  paused: boolean;
}

export async function getQueueCounts(queues: Queues): Promise<QueueCounts[]> {
  return Promise.all(
    queues.all.map(async (queue) => {
      const [counts, paused] = await Promise.all([
        queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed'),
        queue.isPaused(),
      ]);
      return {
        name: queue.name,
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        completed: counts.completed ?? 0,
        failed: counts.failed ?? 0,
        delayed: counts.delayed ?? 0,
        paused,
      };
    }),
  );
}
