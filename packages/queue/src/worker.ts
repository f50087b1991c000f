import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { z } from 'zod';
import type { RedisConnection } from './connection.js';
import type { JobContract } from './contracts.js';

export { type Job, UnrecoverableError, type Worker };

/** How long a queue pauses when a job met an outage of a service every job needs (see `isOutage`). */
export const OUTAGE_PAUSE_MS = 5_000;

export interface WorkerOptions {
  connection: RedisConnection;
  prefix: string;
  concurrency: number;
  /** See JOB_LOCK_MS: how long a dead worker's jobs stay locked before they are recovered. */
  lockDurationMs: number;
  /**
   * Recognises errors that say a service every job needs is down (the database), not that this job
   * failed. Such a job goes back to waiting without spending one of its attempts, and the whole queue
   * (every worker process) pauses `outagePauseMs` before trying again.
   */
  isOutage?: (error: unknown) => boolean;
  outagePauseMs?: number;
  /** Hears the worker's connection errors (Redis restarting); they are retried by themselves. */
  onError?: (error: Error) => void;
  /** Called for each job put back because of an outage (logs, metrics). */
  onOutage?: (job: Job, error: unknown) => void;
}

/**
 * Starts a worker for a contract. The payload is validated before the handler sees it; a payload that
 * does not match can never succeed, so it fails at once instead of being retried.
 *
 * Outages: without `isOutage`, a 20 s PostgreSQL restart spent the attempts of every job that ran
 * during it (4 attempts, 5 + 10 + 20 s of backoff for articles), so jobs that were fine lost their page
 * fetch retries or failed outright, and their failure could not even be recorded. BullMQ's manual rate
 * limit (docs.bullmq.io/guide/rate-limiting, "Manual rate-limit") puts the job back to waiting as it
 * was and holds the queue for a while, which is what a shared dependency being down calls for.
 */
export function createWorker<Schema extends z.ZodType>(
  contract: JobContract<Schema>,
  handler: (payload: z.infer<Schema>, job: Job) => Promise<unknown>,
  options: WorkerOptions,
): Worker {
  const worker: Worker = new Worker(
    contract.name,
    async (job: Job) => {
      const parsed = contract.schema.safeParse(job.data);
      if (!parsed.success) {
        throw new UnrecoverableError(`invalid ${contract.name} payload: ${parsed.error.message}`);
      }
      try {
        return await handler(parsed.data, job);
      } catch (error) {
        if (!options.isOutage?.(error)) throw error;
        options.onOutage?.(job, error);
        // Worker.rateLimit is marked deprecated in favour of Queue.rateLimit, which sets the same limiter
        // key; the worker has no Queue object of its own to call it on.
        await worker.rateLimit(options.outagePauseMs ?? OUTAGE_PAUSE_MS);
        throw Worker.RateLimitError();
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      // A killed worker's jobs are found stalled after at most lockDuration + stalledInterval. Two
      // stalls are tolerated before a job counts as a poison job that crashes its workers (BullMQ's
      // default is one): with several replicas restarted by an orchestrator, one job can be caught in
      // two unrelated crashes.
      stalledInterval: Math.max(1_000, Math.floor(options.lockDurationMs / 2)),
      maxStalledCount: 2,
    },
  );
  // Without a listener an 'error' event (Redis gone) is thrown by the emitter and kills the process.
  worker.on('error', options.onError ?? (() => {}));
  return worker;
}
