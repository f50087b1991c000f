import path from 'node:path';
import { type Config, createLogger, type Logger } from '@polywire/config';
import { startArticleWorker } from '@polywire/article-worker';
import { startDashboard } from '@polywire/dashboard';
import { startFeedWorker, startScheduler } from '@polywire/feed-worker';
import { type LocalRedis, startLocalRedis } from '@polywire/local-services';
import { startRetention } from '@polywire/pipeline';
import { createRuntime } from '@polywire/runtime';
import { seedFeeds } from './seed.js';

export interface AllInOne {
  dashboardUrl: string;
  redisUrl: string;
  close(): Promise<void>;
}

/**
 * Scheduler, both workers and the dashboard in one process. Without REDIS_URL it runs its own
 * redis-server (data under DATA_DIR/redis); without DATABASE_URL the runtime opens PGlite under DATA_DIR.
 */
export async function startAllInOne(config: Config, logger: Logger = createLogger(config.LOG_LEVEL)): Promise<AllInOne> {
  let localRedis: LocalRedis | undefined;
  if (!config.REDIS_URL) {
    localRedis = await startLocalRedis({ dataDir: path.join(config.DATA_DIR, 'redis') });
    logger.info({ url: localRedis.url, dataDir: path.join(config.DATA_DIR, 'redis') }, 'local redis-server started');
  }
  try {
    const runtime = await createRuntime(config, { logger, redisUrl: localRedis?.url });
    await seedFeeds(runtime.db.db, config.FEEDS_FILE, logger);
    const articleWorker = startArticleWorker(runtime);
    const feedWorker = startFeedWorker(runtime);
    const scheduler = startScheduler(runtime);
    const retention = startRetention(runtime);
    const dashboard = await startDashboard(runtime);
    let closing: Promise<void> | undefined;
    return {
      dashboardUrl: dashboard.url,
      redisUrl: localRedis?.url ?? config.REDIS_URL ?? '',
      close() {
        closing ??= (async () => {
          // Intake first (no new requests, no new ticks), then let running jobs finish, then connections.
          await dashboard.close();
          await Promise.all([scheduler.stop(), retention.stop()]);
          await Promise.all([feedWorker.close(), articleWorker.close()]);
          await runtime.close();
          await localRedis?.stop();
        })();
        return closing;
      },
    };
  } catch (error) {
    await localRedis?.stop();
    throw error;
  }
}
