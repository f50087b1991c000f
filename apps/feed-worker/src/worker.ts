import { createWorker, feedFetch, type Worker } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { fetchFeed } from './fetch-feed.js';

export function startFeedWorker(runtime: Runtime): Worker {
  const logger = runtime.logger.child({ component: 'feed-worker' });
  return createWorker(
    feedFetch,
    async (payload, job) => {
      const jobLogger = logger.child({ jobId: job.id, feedId: payload.feedId });
      const outcome = await fetchFeed(runtime, payload, jobLogger);
      jobLogger.debug(outcome, 'feed fetched');
      return outcome;
    },
    {
      connection: runtime.workerRedis,
      prefix: runtime.config.QUEUE_PREFIX,
      concurrency: runtime.config.FEED_WORKER_CONCURRENCY,
      lockDurationMs: runtime.config.JOB_LOCK_MS,
    },
  );
}
