import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@polywire/config';
import { createHttpClient, FetchError, type HttpClient } from '@polywire/http';
import { createHostLimiter, createRedis, HostBusyError, type HostLimiter, waitForRedis } from '@polywire/queue';
import { startHttpServer, type TestServer, testServices } from '@polywire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPoliteHttpClient } from './polite-http.js';
import { createTestRuntime } from './testing/index.js';

describe('polite HTTP client', () => {
  let server: TestServer;
  let redis: Redis;
  let inner: HttpClient;
  let inFlight = 0;
  let maxInFlight = 0;
  let prefixCounter = 0;
  const logger = createLogger('silent');

  /** A limiter of its own (fresh prefix) for each test: every request here goes to 127.0.0.1. */
  const polite = (options: { maxConcurrency?: number; maxWaitMs?: number; signal?: AbortSignal } = {}) => {
    const limiter: HostLimiter = createHostLimiter(redis, {
      prefix: `polite-${randomBytes(3).toString('hex')}-${++prefixCounter}`,
      maxConcurrency: options.maxConcurrency ?? 1,
      minGapMs: 0,
      leaseMs: 10_000,
    });
    const client = createPoliteHttpClient(inner, limiter, {
      logger,
      maxWaitMs: options.maxWaitMs ?? 5_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { client, limiter };
  };
  const timed = async <T>(work: () => Promise<T>) => {
    const startedAt = Date.now();
    const result = await work().catch((error: unknown) => error);
    return { result, ms: Date.now() - startedAt };
  };

  beforeAll(async () => {
    redis = createRedis(testServices().redisUrl, 'worker');
    await waitForRedis(redis);
    inner = createHttpClient({ timeoutMs: 5_000, maxBytes: 100_000, allowPrivateNetworks: true });
    server = await startHttpServer((request, response) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      response.on('close', () => inFlight--);
      const url = request.url ?? '/';
      if (url === '/slow') setTimeout(() => response.writeHead(200).end('slow'), 100);
      else if (url === '/busy') response.writeHead(503, { 'retry-after': '1' }).end();
      else if (url === '/broken') response.writeHead(503).end();
      else if (url === '/throttled') response.writeHead(429).end();
      else if (url === '/ok') response.writeHead(200).end('ok');
      else response.writeHead(404).end();
    });
  });
  afterAll(async () => {
    await server.close();
    await inner.close();
    redis.disconnect();
  });

  it('holds requests to one host to the limit', async () => {
    const { client } = polite({ maxConcurrency: 2 });
    maxInFlight = 0;
    const bodies = await Promise.all(Array.from({ length: 6 }, () => client.fetch(`${server.url}/slow`)));
    expect(bodies.map((response) => response.body.toString())).toEqual(Array(6).fill('slow'));
    expect(maxInFlight).toBe(2);
  });

  it('gives the slot back when the fetch fails', async () => {
    const { client, limiter } = polite({ maxConcurrency: 1, maxWaitMs: 500 });
    await expect(client.fetch(`${server.url}/missing`)).rejects.toMatchObject({ status: 404 });
    const { result, ms } = await timed(() => client.fetch(`${server.url}/ok`));
    expect(result).toMatchObject({ status: 200 });
    expect(ms).toBeLessThan(300);
    expect(await redis.zcard(limiter.keys('127.0.0.1').leases)).toBe(0);
  });

  it('cools the host down for every later fetch after a 503 with Retry-After', async () => {
    const { client } = polite();
    await expect(client.fetch(`${server.url}/busy`)).rejects.toMatchObject({ status: 503, retryAfterSeconds: 1 });
    const { result, ms } = await timed(() => client.fetch(`${server.url}/ok`));
    expect(result).toMatchObject({ status: 200 });
    expect(ms).toBeGreaterThanOrEqual(900);
  });

  it('does not cool down after a 503 without Retry-After', async () => {
    const { client } = polite();
    await expect(client.fetch(`${server.url}/broken`)).rejects.toMatchObject({ status: 503 });
    const { ms } = await timed(() => client.fetch(`${server.url}/ok`));
    expect(ms).toBeLessThan(300);
  });

  it('cools down for 30 s after a 429 without Retry-After, and says so at once to a fetch that cannot wait', async () => {
    const { client } = polite({ maxWaitMs: 2_000 });
    await expect(client.fetch(`${server.url}/throttled`)).rejects.toMatchObject({ status: 429 });
    const { result, ms } = await timed(() => client.fetch(`${server.url}/ok`));
    expect(result).toBeInstanceOf(HostBusyError);
    expect(result).not.toBeInstanceOf(FetchError);
    expect((result as HostBusyError).retryAfterMs).toBeGreaterThan(28_000);
    expect(ms).toBeLessThan(300);
  });

  it('passes an invalid URL to the client, which refuses it as before', async () => {
    const { client } = polite();
    await expect(client.fetch('not a url')).rejects.toMatchObject({ kind: 'invalid_url' });
  });

  it('stops waiting for a slot when its signal aborts', async () => {
    const controller = new AbortController();
    const { client } = polite({ signal: controller.signal });
    const first = client.fetch(`${server.url}/slow`);
    await sleep(20);
    const second = client.fetch(`${server.url}/ok`).catch((error: unknown) => error);
    controller.abort(new Error('SIGTERM'));
    expect(await second).toMatchObject({ message: 'SIGTERM' });
    await first;
  });

  it('is what a runtime hands out as runtime.http', async () => {
    const runtime = await createTestRuntime({ HOST_MAX_CONCURRENCY: '1', HOST_MIN_GAP_MS: '150' });
    try {
      const startedAt = Date.now();
      await Promise.all([runtime.http.fetch(`${server.url}/ok`), runtime.http.fetch(`${server.url}/ok`)]);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
      // Longer than HOST_SLOT_MAX_WAIT_MS, so the fetch gives up at once.
      await runtime.hostLimiter.coolDown('127.0.0.1', 120);
      await expect(runtime.http.fetch(`${server.url}/ok`)).rejects.toBeInstanceOf(HostBusyError);
    } finally {
      await runtime.close();
    }
  });
});
