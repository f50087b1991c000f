import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { JobContract } from './contracts.js';

export { type Job, UnrecoverableError, type Worker };

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** See JOB_LOCK_MS: how long a dead worker's jobs stay locked before they are recovered. */
  lockDurationMs: number;
}

/**
 * Starts a worker for a contract. The payload is validated before the handler sees it; a payload that
 * does not match can never succeed, so it fails at once instead of being retried.
 */
export function createWorker<Schema extends z.ZodType>(
  contract: JobContract<Schema>,
  handler: (payload: z.infer<Schema>, job: Job) => Promise<unknown>,
  options: WorkerOptions,
): Worker {
  const worker = new Worker(
    contract.name,
    async (job: Job) => {
      const parsed = contract.schema.safeParse(job.data);
      if (!parsed.success) {
        throw new UnrecoverableError(`invalid ${contract.name} payload: ${parsed.error.message}`);
      }
      return handler(parsed.data, job);
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: Math.max(1_000, Math.floor(options.lockDurationMs / 2)),
      maxStalledCount: 2,
    },
  );
  // Without a listener an 'error' event (Redis gone) is thrown by the emitter and kills the process.
  worker.on('error', () => {});
  return worker;
}
