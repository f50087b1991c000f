import { Cluster, Redis, type RedisOptions } from 'ioredis';

/**
 * Workers block on Redis and must ride out a Redis restart: their connection retries forever
 * (`maxRetriesPerRequest: null`, which BullMQ requires for workers). Producers (the API, the scheduler)
 * fail fast instead, so a request during an outage gets an error at once rather than hanging.
 */
export type RedisRole = 'worker' | 'producer';

/** One Redis server (or a proxy in front of several), or a Redis Cluster. */
export type RedisConnection = Redis | Cluster;

export interface RedisConnectionOptions {
  /**
   * `url` is one node of a Redis Cluster (a managed cluster's configuration endpoint, say): open an
   * ioredis Cluster, which asks that node for the slot map and connects to every primary. Every key a
   * script or transaction touches must then share a slot: QUEUE_PREFIX must be a hash tag (`{polywire}`).
   */
  cluster?: boolean;
}

// Reconnect with a capped backoff; ioredis's default grows without bound.
const reconnectDelay = (times: number) => Math.min(200 * times, 5_000);

export function createRedis(url: string, role: RedisRole, options?: { cluster?: false }): Redis;
export function createRedis(url: string, role: RedisRole, options: RedisConnectionOptions): RedisConnection;
export function createRedis(url: string, role: RedisRole, options: RedisConnectionOptions = {}): RedisConnection {
  const roleOptions = {
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    connectionName: `polywire:${role}`,
  } satisfies RedisOptions;
  let redis: RedisConnection;
  if (options.cluster) {
    const seed = new URL(url);
    redis = new Cluster([{ host: seed.hostname.replace(/^\[|\]$/g, ''), port: Number(seed.port || 6379) }], {
      enableOfflineQueue: roleOptions.enableOfflineQueue,
      clusterRetryStrategy: reconnectDelay,
      // Credentials and TLS of the seed apply to every node the cluster names.
      redisOptions: {
        ...roleOptions,
        ...(seed.username ? { username: decodeURIComponent(seed.username) } : {}),
        ...(seed.password ? { password: decodeURIComponent(seed.password) } : {}),
        ...(seed.protocol === 'rediss:' ? { tls: {} } : {}),
      },
    });
  } else {
    redis = new Redis(url, { ...roleOptions, retryStrategy: reconnectDelay });
  }
  // ioredis emits 'error' on every failed reconnect; an unhandled 'error' would crash the process.
  redis.on('error', () => {});
  return redis;
}

/** Resolves once the connection is ready, or rejects with Redis's own error after `timeoutMs`. */
export async function waitForRedis(redis: RedisConnection, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    let lastError: Error | undefined;
    const onError = (error: Error) => {
      lastError = error;
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis not reachable after ${timeoutMs} ms${lastError ? `: ${lastError.message}` : ''}`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
    };
    redis.on('ready', onReady);
    redis.on('error', onError);
  });
}

/**
 * True when `error` is a command refused because Redis is unreachable: a producer connection
 * (`enableOfflineQueue: false`, one retry) fails at once while Redis restarts instead of waiting.
 */
export function isRedisUnavailable(error: unknown): boolean {
  return (
    error instanceof Error &&
    /Stream isn't writeable and enableOfflineQueue options is false|Cluster isn't ready and enableOfflineQueue options is false|Connection is closed|Reached the max retries per request limit|None of startup nodes is available|Cluster is disconnected/.test(
      error.message,
    )
  );
}
