import { type Config, createLogger, type Logger } from '@polywire/config';
import { createDb, type DbHandle } from '@polywire/db';
import { createHttpClient, type HttpClient } from '@polywire/http';
import { createQueues, createRedis, type Queues, waitForRedis } from '@polywire/queue';
import type { Redis } from 'ioredis';

/**
 * Everything a Polywire process talks to, created once at boot and closed once at exit. Every app
 * (all-in-one or separate) builds the same runtime, so they differ only in what they start on it.
 */
export interface Runtime {
  config: Config;
  logger: Logger;
  db: DbHandle;
  /** Fail-fast connection for producers (API, scheduler). */
  redis: Redis;
  /** Retry-forever connection that BullMQ workers share. */
  workerRedis: Redis;
  queues: Queues;
  http: HttpClient;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Overrides config.REDIS_URL (the all-in-one passes its local redis-server). */
  redisUrl?: string;
  logger?: Logger;
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const redisUrl = options.redisUrl ?? config.REDIS_URL;
  if (!redisUrl) throw new Error('REDIS_URL is required for a separate Polywire process (only `pnpm start` starts its own Redis)');

  const db = createDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const redis = createRedis(redisUrl, 'producer');
  const workerRedis = createRedis(redisUrl, 'worker');
  const http = createHttpClient({
    timeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    allowPrivateNetworks: config.FETCH_ALLOW_PRIVATE_NETWORKS,
  });
  let queues: Queues | undefined;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await queues?.close();
      await Promise.allSettled([redis.quit(), workerRedis.quit()]);
      await http.close();
      await db.close();
    })();
    return closing;
  };
  try {
    await Promise.all([waitForRedis(redis), waitForRedis(workerRedis)]);
    await db.migrate();
    queues = createQueues(redis, config.QUEUE_PREFIX);
  } catch (error) {
    redis.disconnect();
    workerRedis.disconnect();
    await close().catch(() => {});
    throw error;
  }
  logger.info({ db: db.kind, redis: redisUrl.replace(/\/\/[^@]*@/, '//***@') }, 'runtime ready');
  return { config, logger, db, redis, workerRedis, queues, http, close };
}

/**
 * The one shutdown path of a process: the first SIGTERM/SIGINT runs `shutdown` (stop intake, let active
 * jobs finish, close connections) under a deadline; a second signal or the deadline exits at once.
 */
export function exitOnSignal(logger: Logger, shutdown: () => Promise<void>, deadlineMs = 25_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown deadline passed: exiting');
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
