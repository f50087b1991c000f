import { Redis } from 'ioredis';

/**
 * Workers block on Redis and must ride out a Redis restart: their connection retries forever
 * (`maxRetriesPerRequest: null`, which BullMQ requires for workers). Producers (the API, the scheduler)
 * fail fast instead, so a request during an outage gets an error at once rather than hanging.
 */
export type RedisRole = 'worker' | 'producer';

export function createRedis(url: string, role: RedisRole): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    connectionName: `polywire:${role}`,
    // Reconnect with a capped backoff; ioredis's default grows without bound.
    retryStrategy: (times) => Math.min(200 * times, 5_000),
  });
  // ioredis emits 'error' on every failed reconnect; an unhandled 'error' would crash the process.
  redis.on('error', () => {});
  return redis;
}

/** Resolves once the connection is ready, or rejects with Redis's own error after `timeoutMs`. */
export async function waitForRedis(redis: Redis, timeoutMs = 10_000): Promise<void> {
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
    /Stream isn't writeable and enableOfflineQueue options is false|Connection is closed|Reached the max retries per request limit/.test(
      error.message,
    )
  );
}
