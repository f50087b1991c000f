import type { Logger } from '@polywire/config';
import type { Job, WorkerOptions } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';

export interface PipelineWorkerOptions {
  /** The worker's logger; it hears the worker's connection errors. */
  logger: Logger;
  concurrency: number;
  /** The step's outage rule (isFeedRefreshOutage, isArticleIngestOutage); see WorkerOptions.isOutage. */
  isOutage: (error: unknown) => boolean;
  /** Logs and counts a job put back because of an outage. */
  onOutage: (job: Job, error: unknown) => void;
}

/**
 * The createWorker options of a pipeline worker: the runtime's retry-forever worker connection, its
 * queue prefix and job lock, and a warning for each connection error (Redis restarting), which the
 * worker retries by itself.
 */
export function pipelineWorkerOptions(runtime: Pick<Runtime, 'workerRedis' | 'config'>, options: PipelineWorkerOptions): WorkerOptions {
  const { logger, ...rest } = options;
  return {
    connection: runtime.workerRedis,
    prefix: runtime.config.QUEUE_PREFIX,
    lockDurationMs: runtime.config.JOB_LOCK_MS,
    onError: (error) => logger.warn({ err: error.message }, 'worker connection error'),
    ...rest,
  };
}
