import { isDatabaseUnavailable } from '@polywire/db';
import { enqueueDueFeeds } from '@polywire/pipeline';
import type { Runtime } from '@polywire/runtime';

export interface Scheduler {
  /** One tick: claim due feeds and enqueue their fetches. Returns how many were enqueued. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Ticks every SCHEDULER_INTERVAL_SECONDS (and once at start): each tick enqueues the due feeds (see
 * enqueueDueFeeds). Ticks never overlap within a process; several schedulers may run side by side.
 */
export function startScheduler(runtime: Runtime): Scheduler {
  const logger = runtime.logger.child({ component: 'scheduler' });
  const intervalMs = runtime.config.SCHEDULER_INTERVAL_SECONDS * 1000;
  let running: Promise<number> | undefined;
  let stopped = false;

  const tick = async () => {
    const total = await enqueueDueFeeds(runtime);
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
