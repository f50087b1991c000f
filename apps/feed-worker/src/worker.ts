import { isFeedRefreshOutage, pipelineWorkerOptions, refreshFeed } from '@polywire/pipeline';
import { createWorker, feedFetch, type Worker } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';

export function startFeedWorker(runtime: Runtime): Worker {
  const logger = runtime.logger.child({ component: 'feed-worker' });
  const worker = createWorker(
    feedFetch,
    async (payload, job) => {
      const jobLogger = logger.child({ jobId: job.id, feedId: payload.feedId });
      const outcome = await refreshFeed(runtime, payload, jobLogger);
      runtime.metrics.feedFetches.inc({ outcome: outcome.outcome });
      jobLogger.debug(outcome, 'feed fetched');
      return outcome;
    },
    pipelineWorkerOptions(runtime, {
      logger,
      concurrency: runtime.config.FEED_WORKER_CONCURRENCY,
      isOutage: isFeedRefreshOutage,
      onOutage: (job, error) => {
        runtime.metrics.feedFetches.inc({ outcome: 'outage' });
        logger.warn({ jobId: job.id, err: (error as Error).message }, 'database or Redis unavailable: job put back');
      },
    }),
  );
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'feed job failed');
  });
  return worker;
}
