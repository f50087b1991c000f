import { pruneArticleContent } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';

/** How often retention runs, and how soon after start the first pass does. */
export const RETENTION_INTERVAL_MS = 3_600_000;
export const RETENTION_FIRST_RUN_DELAY_MS = 60_000;
/** Articles per UPDATE: short transactions, short row locks. */
export const RETENTION_BATCH = 1000;

export interface RetentionOptions {
  intervalMs?: number;
  firstRunDelayMs?: number;
  batchSize?: number;
}

export interface Retention {
  /** One pass: prunes batch after batch until nothing is left (or stop() is called). Returns the articles pruned. */
  run(): Promise<number>;
  /** No more passes; waits for a running one, which ends after its current batch. */
  stop(): Promise<void>;
}

/**
 * With RETENTION_DAYS set, drops the stored text of articles older than that every hour (the first
 * pass shortly after start), keeping their metadata and fingerprints (see pruneArticleContent).
 * Without it, does nothing. Passes never overlap within a process; across processes the batches skip
 * each other's locked rows.
 */
export function startRetention(runtime: Pick<Runtime, 'config' | 'logger' | 'db'>, options: RetentionOptions = {}): Retention {
  const days = runtime.config.RETENTION_DAYS;
  const logger = runtime.logger.child({ component: 'retention' });
  const batchSize = options.batchSize ?? RETENTION_BATCH;
  let running: Promise<number> | undefined;
  let stopped = false;

  const pass = async (olderThanDays: number) => {
    let total = 0;
    while (!stopped) {
      const pruned = await pruneArticleContent(runtime.db.db, olderThanDays, batchSize);
      total += pruned;
      if (pruned < batchSize) break;
    }
    if (total > 0) logger.info({ articles: total, olderThanDays }, 'retention: stored text dropped');
    return total;
  };

  const run = () => {
    if (days === undefined || stopped) return Promise.resolve(0);
    running ??= pass(days)
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'retention pass failed; retrying next hour');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  let first: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (days !== undefined) {
    first = setTimeout(() => void run(), options.firstRunDelayMs ?? RETENTION_FIRST_RUN_DELAY_MS);
    timer = setInterval(() => void run(), options.intervalMs ?? RETENTION_INTERVAL_MS);
    first.unref();
    timer.unref();
    logger.info({ retentionDays: days }, 'retention scheduled');
  }

  return {
    run,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
