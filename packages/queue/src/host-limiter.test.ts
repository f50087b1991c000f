import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { testServices } from '@polywire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, waitForRedis } from './connection.js';
import { createHostLimiter, HostBusyError, type HostLimiterOptions, hostOf } from './host-limiter.js';

// Starts are timed on Redis's clock and observed here after a loopback round trip; allow that much.
const CLOCK_SLACK_MS = 10;

describe('hostOf', () => {
  it('is the lower-cased hostname, without port, scheme or path', () => {
    expect(hostOf('https://News.Example.COM:8443/a?b=c')).toBe('news.example.com');
    expect(hostOf('http://127.0.0.1:3000/x')).toBe('127.0.0.1');
    expect(hostOf('https://www.example.com/')).not.toBe(hostOf('https://example.com/'));
    expect(() => hostOf('not a url')).toThrow();
  });
});

describe('host limiter on a real Redis', () => {
  const prefix = `hltest-${randomBytes(3).toString('hex')}`;
  const connections: Redis[] = [];
  let redis: Redis;
  let otherRedis: Redis;
  let hostCounter = 0;
  /** A fresh host per test, so tests never share state. */
  const newHost = () => `h${++hostCounter}.example`;
  const limiter = (options: Partial<HostLimiterOptions> = {}, connection = redis) =>
    createHostLimiter(connection, { prefix, maxConcurrency: 2, minGapMs: 0, leaseMs: 10_000, ...options });

  beforeAll(async () => {
    redis = createRedis(testServices().redisUrl, 'worker');
    otherRedis = createRedis(testServices().redisUrl, 'worker');
    connections.push(redis, otherRedis);
    await Promise.all(connections.map((connection) => waitForRedis(connection)));
  });
  afterAll(() => {
    for (const connection of connections) connection.disconnect();
  });

  /** Runs `count` tasks that each take a slot, hold it `holdMs`, and release; records what happened. */
  async function hammer(limiters: ReturnType<typeof limiter>[], host: string, count: number, holdMs: number) {
    let inFlight = 0;
    let maxInFlight = 0;
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const release = await limiters[index % limiters.length]!.acquire(host);
        starts.push(Date.now());
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(holdMs);
        inFlight--;
        await release();
      }),
    );
    const gaps = starts.slice(1).map((start, index) => start - starts[index]!);
    return { maxInFlight, starts, gaps };
  }

  it('never lets more than maxConcurrency requests run at once', async () => {
    const { maxInFlight, starts } = await hammer([limiter({ maxConcurrency: 2 })], newHost(), 8, 60);
    expect(starts).toHaveLength(8);
    expect(maxInFlight).toBe(2);
  });

  it('spaces the starts of two requests to one host by minGapMs', async () => {
    const { gaps } = await hammer([limiter({ maxConcurrency: 10, minGapMs: 100 })], newHost(), 5, 0);
    expect(gaps).toHaveLength(4);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(100 - CLOCK_SLACK_MS);
  });

  it('shares the limit between limiters on different connections (as separate processes would)', async () => {
    const a = limiter({ maxConcurrency: 2, minGapMs: 50 }, redis);
    const b = limiter({ maxConcurrency: 2, minGapMs: 50 }, otherRedis);
    const { maxInFlight, gaps } = await hammer([a, b], newHost(), 8, 120);
    expect(maxInFlight).toBe(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(50 - CLOCK_SLACK_MS);
  });

  it('keeps hosts apart: a busy host does not hold up another', async () => {
    const hosts = limiter({ maxConcurrency: 1 });
    const busy = newHost();
    const held = await hosts.acquire(busy);
    const startedAt = Date.now();
    const release = await hosts.acquire(newHost(), { maxWaitMs: 1_000 });
    expect(Date.now() - startedAt).toBeLessThan(200);
    await Promise.all([release(), held()]);
  });

  it('serves waiters in the order they arrived', async () => {
    const hosts = limiter({ maxConcurrency: 1 });
    const host = newHost();
    const held = await hosts.acquire(host);
    const order: number[] = [];
    const waiters: Promise<void>[] = [];
    for (let index = 0; index < 5; index++) {
      waiters.push(
        hosts.acquire(host).then(async (release) => {
          order.push(index);
          await release();
        }),
      );
      await sleep(15); // distinct arrival times
    }
    await held();
    await Promise.all(waiters);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('frees the slot of a holder that crashed (never released) once its lease expires', async () => {
    const hosts = limiter({ maxConcurrency: 1, leaseMs: 400 });
    const host = newHost();
    await hosts.acquire(host); // and never released, as if the process had died
    const startedAt = Date.now();
    const release = await hosts.acquire(host, { maxWaitMs: 5_000 });
    const waited = Date.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(400 - 50);
    expect(waited).toBeLessThan(2_000);
    await release();
  });

  it('makes room as soon as a slot is released, and a release may be repeated', async () => {
    const hosts = limiter({ maxConcurrency: 1 });
    const host = newHost();
    const release = await hosts.acquire(host);
    await release();
    await release();
    const startedAt = Date.now();
    const next = await hosts.acquire(host, { maxWaitMs: 1_000 });
    expect(Date.now() - startedAt).toBeLessThan(200);
    expect(await redis.zcard(hosts.keys(host).leases)).toBe(1);
    await next();
    expect(await redis.zcard(hosts.keys(host).leases)).toBe(0);
  });

  it('starts nothing on a host that is cooling down, until the cool-down ends', async () => {
    const hosts = limiter({ maxConcurrency: 2 });
    const host = newHost();
    await hosts.coolDown(host, 0.6);
    await hosts.coolDown(host, 0.1); // a shorter cool-down does not cut the longer one short
    expect(await hosts.coolingDown()).toContain(host);
    const startedAt = Date.now();
    const release = await hosts.acquire(host, { maxWaitMs: 5_000 });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(600 - CLOCK_SLACK_MS);
    expect(await hosts.coolingDown()).not.toContain(host);
    await release();
  });

  it('caps a cool-down at maxCooldownSeconds', async () => {
    const hosts = limiter({ maxCooldownSeconds: 0.3 });
    const host = newHost();
    await hosts.coolDown(host, 3600);
    const ttl = await redis.pttl(hosts.keys(host).next);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
  });

  it('gives up at once when a cool-down outlasts the wait budget, and says for how long', async () => {
    const hosts = limiter();
    const host = newHost();
    await hosts.coolDown(host, 30);
    const startedAt = Date.now();
    const error = await hosts.acquire(host, { maxWaitMs: 2_000 }).catch((caught: unknown) => caught);
    expect(Date.now() - startedAt).toBeLessThan(500);
    expect(error).toBeInstanceOf(HostBusyError);
    expect(error).toMatchObject({ host, retryAfterMs: expect.any(Number) });
    expect((error as HostBusyError).retryAfterMs).toBeGreaterThan(29_000);
    expect(await redis.zcard(hosts.keys(host).queue)).toBe(0);
  });

  it('gives up after maxWaitMs when the host stays busy, and leaves the queue', async () => {
    const hosts = limiter({ maxConcurrency: 1 });
    const host = newHost();
    const held = await hosts.acquire(host);
    const startedAt = Date.now();
    const error = await hosts.acquire(host, { maxWaitMs: 300 }).catch((caught: unknown) => caught);
    const waited = Date.now() - startedAt;
    expect(error).toBeInstanceOf(HostBusyError);
    expect((error as Error).message).toMatch(/^no free request slot for host h\d+\.example after waiting \d+ ms$/);
    expect(waited).toBeGreaterThanOrEqual(300 - CLOCK_SLACK_MS);
    expect(waited).toBeLessThan(1_000);
    expect(await redis.zcard(hosts.keys(host).queue)).toBe(0);
    await held();
  });

  it('stops waiting when aborted, without blocking the waiters behind', async () => {
    const hosts = limiter({ maxConcurrency: 1 });
    const host = newHost();
    const held = await hosts.acquire(host);
    const controller = new AbortController();
    const aborted = hosts.acquire(host, { signal: controller.signal }).catch((caught: unknown) => caught);
    await sleep(50);
    const behind = hosts.acquire(host, { maxWaitMs: 2_000 });
    await sleep(50);
    controller.abort(new Error('shutting down'));
    expect(await aborted).toMatchObject({ message: 'shutting down' });
    await held();
    const startedAt = Date.now();
    const release = await behind;
    expect(Date.now() - startedAt).toBeLessThan(500);
    await release();
  });

  it('drops a waiter that stopped polling (its process died), so the queue moves on', async () => {
    const hosts = limiter({ maxConcurrency: 1, maxPollMs: 100, staleWaiterMs: 500 });
    const host = newHost();
    const keys = hosts.keys(host);
    // A waiter that queued first and then died: its entries stay until they go stale.
    const [[, time]] = (await redis.multi().time().exec()) as [[null, [string, string]]];
    const now = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
    await redis.zadd(keys.queue, now - 1_000, 'dead-waiter');
    await redis.zadd(keys.seen, now, 'dead-waiter');
    const startedAt = Date.now();
    const release = await hosts.acquire(host, { maxWaitMs: 3_000 });
    const waited = Date.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(2_000);
    await release();
  });

  it('keeps all keys of a host in one Redis Cluster slot, under the prefix', () => {
    const keys = limiter().keys('News.Example.com');
    for (const key of Object.values(keys)) expect(key.startsWith(`{${prefix}:host:news.example.com}:`)).toBe(true);
  });
});
