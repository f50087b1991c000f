import { claimDueFeeds, isDatabaseUnavailable } from '@polywire/db';
import { enqueueFeedFetches } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';

/** How long a claimed feed stays off the schedule while its fetch job waits and runs. */
export const FEED_CLAIM_LEASE_SECONDS = 300;
const CLAIM_BATCH = 500;

export interface Scheduler {
  /** One tick: claim due feeds and enqueue their fetches. Returns how many were enqueued. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Postgres decides what is due (`next_fetch_at`); the tick only moves due feeds into the queue.
 * Claims are atomic (see claimDueFeeds), so several schedulers may run side by side. If Redis refuses
 * the enqueue, the claimed feeds come back when their lease ends.
 */
export function startScheduler(runtime: Runtime): Scheduler {
  const logger = runtime.logger.child({ component: 'scheduler' });
  const intervalMs = runtime.config.SCHEDULER_INTERVAL_SECONDS * 1000;
  let running: Promise<number> | undefined;
  let stopped = false;

  const tick = async () => {
    let total = 0;
    for (;;) {
      const claimed = await claimDueFeeds(runtime.db.db, CLAIM_BATCH, FEED_CLAIM_LEASE_SECONDS);
      if (claimed.length === 0) break;
      await enqueueFeedFetches(
        runtime.queues,
        claimed.map((feed) => ({ feedId: feed.id, url: feed.url })),
      );
      total += claimed.length;
      if (claimed.length < CLAIM_BATCH) break;
    }
    if (total > 0) logger.debug({ feeds: total }, 'feeds enqueued');
    return total;
  };

  const guardedTick = () => {
    running ??= tick()
      .catch((error: unknown) => {
        // An outage fails every tick until it ends: one short line each, not the query and its stack.
        if (isDatabaseUnavailable(error)) {
          const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
          logger.warn({ err: String(cause) }, 'scheduler tick failed: database unavailable; retrying next tick');
        } else logger.warn({ err: error }, 'scheduler tick failed; retrying next tick');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) void guardedTick();
  }, intervalMs);
  void guardedTick();

  return {
    tick: guardedTick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
