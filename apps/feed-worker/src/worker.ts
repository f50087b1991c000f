import { isDatabaseUnavailable } from '@polywire/db';
import { createWorker, feedFetch, isRedisUnavailable, type Worker } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { fetchFeed } from './fetch-feed.js';

export function startFeedWorker(runtime: Runtime): Worker {
  const logger = runtime.logger.child({ component: 'feed-worker' });
  const worker = createWorker(
    feedFetch,
    async (payload, job) => {
      const jobLogger = logger.child({ jobId: job.id, feedId: payload.feedId });
      const outcome = await fetchFeed(runtime, payload, jobLogger);
      runtime.metrics.feedFetches.inc({ outcome: outcome.outcome });
      jobLogger.debug(outcome, 'feed fetched');
      return outcome;
    },
    {
      connection: runtime.workerRedis,
      prefix: runtime.config.QUEUE_PREFIX,
      concurrency: runtime.config.FEED_WORKER_CONCURRENCY,
      lockDurationMs: runtime.config.JOB_LOCK_MS,
      onError: (error) => logger.warn({ err: error.message }, 'worker connection error'),
      // PostgreSQL down, or Redis refusing the enqueue of the items (the queues use the fail-fast producer
      // connection): the fetch is tried again once it is back, without spending one of its attempts.
      isOutage: (error) => isDatabaseUnavailable(error) || isRedisUnavailable(error),
      onOutage: (job, error) => {
        runtime.metrics.feedFetches.inc({ outcome: 'outage' });
        logger.warn({ jobId: job.id, err: (error as Error).message }, 'database or Redis unavailable: job put back');
      },
    },
  );
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'feed job failed');
  });
  return worker;
}
