import { type Config, createLogger, type Logger } from '@polywire/config';
import { countFeedsByStatus, createDb, type DbHandle } from '@polywire/db';
import { createHttpClient, type HttpClient } from '@polywire/http';
import {
  createHostLimiter,
  createQueues,
  createRedis,
  getQueueCounts,
  type HostLimiter,
  type Queues,
  type RedisConnection,
  waitForRedis,
} from '@polywire/queue';
import { createMetrics, type Metrics, type MetricsServer, startMetricsServer } from './metrics.js';
import { createPoliteHttpClient } from './polite-http.js';

/** How long a fetch waits for a slot on its host before its job gives up and is retried later. */
export const HOST_SLOT_MAX_WAIT_MS = 60_000;

// Aborted by the first SIGTERM/SIGINT (exitOnSignal): fetches still waiting for a host slot give up at
// once, so that shutdown does not wait up to HOST_SLOT_MAX_WAIT_MS for requests it would cancel anyway.
const shutdownRequested = new AbortController();

/**
 * Everything a Polywire process talks to, created once at boot and closed once at exit. Every app
 * (all-in-one or separate) builds the same runtime, so they differ only in what they start on it.
 */
export interface Runtime {
  config: Config;
  logger: Logger;
  db: DbHandle;
  /** Fail-fast connection for producers (API, scheduler). */
  redis: RedisConnection;
  /** Retry-forever connection that BullMQ workers share. */
  workerRedis: RedisConnection;
  queues: Queues;
  /**
   * Per-host politeness shared by every process on this Redis and QUEUE_PREFIX (HOST_MAX_CONCURRENCY,
   * HOST_MIN_GAP_MS). `http` already goes through it; use it directly only for requests made otherwise.
   */
  hostLimiter: HostLimiter;
  /** Fetches wait for a slot on their host (see hostLimiter), then fetch. */
  http: HttpClient;
  /** This process's Prometheus metrics; served on METRICS_PORT when set, and by the dashboard's /metrics. */
  metrics: Metrics;
  /** Where METRICS_PORT serves them (`http://HOST:PORT/metrics`), when set. */
  metricsUrl: string | undefined;
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
  const redisOptions = { cluster: config.REDIS_CLUSTER };
  const redis = createRedis(redisUrl, 'producer', redisOptions);
  const workerRedis = createRedis(redisUrl, 'worker', redisOptions);
  // The limiter rides on the worker connection: fetches run inside jobs, and a Redis blip should delay a
  // fetch until Redis is back (as it delays the job itself), not fail it the way the fail-fast producer
  // connection would. It adds no connection of its own.
  const hostLimiter = createHostLimiter(workerRedis, {
    prefix: config.QUEUE_PREFIX,
    maxConcurrency: config.HOST_MAX_CONCURRENCY,
    minGapMs: config.HOST_MIN_GAP_MS,
    // Above the longest a fetch can take (FETCH_TIMEOUT_MS covers redirects and body), so only a holder
    // that died loses its slot, 25 s after its fetch would have timed out.
    leaseMs: config.FETCH_TIMEOUT_MS + 25_000,
    maxCooldownSeconds: config.HOST_MAX_COOLDOWN_SECONDS,
  });
  let queues: Queues | undefined;
  const metrics = createMetrics({
    queueCounts: async () => (queues ? getQueueCounts(queues) : []),
    feedsByStatus: () => countFeedsByStatus(db.db),
    hostsCoolingDown: () => hostLimiter.coolingDown(),
  });
  const closed = new AbortController();
  const http = createPoliteHttpClient(
    createHttpClient({
      timeoutMs: config.FETCH_TIMEOUT_MS,
      idleTimeoutMs: config.FETCH_IDLE_TIMEOUT_MS,
      maxBytes: config.FETCH_MAX_BYTES,
      allowPrivateNetworks: config.FETCH_ALLOW_PRIVATE_NETWORKS,
      allowedPrivateOrigins: config.FETCH_ALLOWED_PRIVATE_ORIGINS,
      userAgent: config.userAgent,
    }),
    hostLimiter,
    { logger, metrics, maxWaitMs: HOST_SLOT_MAX_WAIT_MS, signal: AbortSignal.any([shutdownRequested.signal, closed.signal]) },
  );
  let metricsServer: MetricsServer | undefined;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      closed.abort(new Error('runtime closed: stopped waiting for a request slot'));
      await metricsServer?.close();
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
    const queueLogger = logger.child({ component: 'queues' });
    queues = createQueues(redis, config.QUEUE_PREFIX, (error) => queueLogger.warn({ err: error.message }, 'queue connection error'));
    if (config.METRICS_PORT !== undefined) {
      metricsServer = await startMetricsServer(metrics.registry, config.HOST, config.METRICS_PORT, logger);
    }
  } catch (error) {
    redis.disconnect();
    workerRedis.disconnect();
    await close().catch(() => {});
    throw error;
  }
  logger.info({ db: db.kind, redis: redisUrl.replace(/\/\/[^@]*@/, '//***@') }, 'runtime ready');
  return { config, logger, db, redis, workerRedis, queues, hostLimiter, http, metrics, metricsUrl: metricsServer?.url, close };
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
    shutdownRequested.abort(new Error(`${signal}: stopped waiting for a request slot`));
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
