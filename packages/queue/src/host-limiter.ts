import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisConnection } from './connection.js';

/**
 * Per-host politeness shared by every process on one Redis: at most `maxConcurrency` requests in flight
 * to a host, at least `minGapMs` between the starts of two of them, and none at all while the host is
 * cooling down after it asked us to back off (429/503 with Retry-After).
 *
 * A start is when a slot is granted, on Redis's clock. The host sees the request once the process that
 * holds the slot has sent it: a millisecond later on an idle machine, tens of milliseconds under CPU
 * contention (the event loop or the scheduler delays the send), so the gaps a host sees vary by that
 * much around `minGapMs`: small next to the production gap (1 s). Spacing the sends themselves would take
 * a report from the HTTP client once a request is on the wire, and the next slot withheld until it
 * arrives: a second Redis round trip per request, and a crashed sender stalling its host until the report
 * times out, for a few milliseconds of precision. The concurrency limit is exact at the host, since a
 * slot is held until the response has ended.
 *
 * BullMQ's open-source rate limiter is per queue (per-group limits are BullMQ Pro only), and feed and
 * article fetches to one host run in different queues and processes, so the limit lives here, in Redis:
 *
 * - `{<prefix>:host:<host>}:leases`  sorted set of slots in use; score = the lease's expiry (ms). A
 *   process that dies while holding a slot never releases it; the slot frees itself at expiry.
 * - `{<prefix>:host:<host>}:next`    the earliest time (ms) the next request may start: the last start
 *   plus the gap, or the end of a cool-down, whichever is later. Expires when it has passed.
 * - `{<prefix>:host:<host>}:queue`   sorted set of waiters by arrival, so slots go first come, first
 *   served instead of to whoever happens to poll at the right moment (which can starve a waiter).
 * - `{<prefix>:host:<host>}:seen`    when each waiter last polled. A waiter that stops polling (its
 *   process died) is dropped after `staleWaiterMs`, so it cannot block the queue for long.
 *
 * Every key of a host shares one hash tag, so in Redis Cluster a host's keys sit in one slot and each
 * script touches one slot. Time is Redis's clock (TIME), so processes on machines whose clocks differ
 * still agree on gaps and lease expiries.
 *
 * A "host" is what `hostOf` returns: the URL's hostname, lower-cased, without port. `www.example.com` and
 * `example.com` are different hosts here: they often are different servers (or a CDN in front of one),
 * and guessing otherwise would need the public suffix list for little gain.
 */
export interface HostLimiterOptions {
  /** Key prefix; the deployment's QUEUE_PREFIX keeps deployments (and test files) apart. */
  prefix: string;
  /** Requests in flight per host, across all processes. */
  maxConcurrency: number;
  /** Minimum time between the starts of two requests to one host. 0 disables the gap. */
  minGapMs: number;
  /**
   * How long a slot stays taken when its holder never releases it (the holder crashed). Keep it above the
   * longest a request can take (the fetch timeout), or a slow request loses its slot while still running.
   */
  leaseMs: number;
  /** Longest cool-down a host can impose, whatever its Retry-After says. Default 3600 s. */
  maxCooldownSeconds?: number;
  /** Default wait budget of `acquire`. Default 60 s. */
  maxWaitMs?: number;
  /** Longest single sleep between two polls; bounds how late a waiter notices a freed slot. Default 1 s. */
  maxPollMs?: number;
  /** A waiter silent for this long is dropped from the queue. Default 5 × maxPollMs. */
  staleWaiterMs?: number;
}

export interface AcquireOptions {
  /** Aborting stops the wait; `acquire` then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Give up with a HostBusyError after this long (default: the limiter's maxWaitMs). */
  maxWaitMs?: number;
}

/** Frees the slot. Safe to call more than once. */
export type ReleaseHostSlot = () => Promise<void>;

export interface HostLimiter {
  /** Waits for a slot on `host` (see `hostOf`) and takes it. */
  acquire(host: string, options?: AcquireOptions): Promise<ReleaseHostSlot>;
  /** No request to `host` starts for `seconds` (capped at maxCooldownSeconds); never shortens a cool-down. */
  coolDown(host: string, seconds: number): Promise<void>;
  /** Hosts cooling down right now (for metrics and the dashboard). */
  coolingDown(): Promise<string[]>;
  /** Redis keys of a host, for inspection and tests. */
  keys(host: string): HostKeys;
}

export interface HostKeys {
  leases: string;
  next: string;
  queue: string;
  seen: string;
}

/**
 * No slot could be had within the wait budget: the host is busy with other requests, or cooling down.
 * Transient by nature; the job that wanted the slot should be retried later.
 */
export class HostBusyError extends Error {
  override readonly name = 'HostBusyError';
  constructor(
    readonly host: string,
    readonly waitedMs: number,
    /** When the host is cooling down or gapped beyond the budget: how long until it may be asked again. */
    readonly retryAfterMs?: number,
  ) {
    super(
      retryAfterMs === undefined
        ? `no free request slot for host ${host} after waiting ${waitedMs} ms`
        : `host ${host} accepts no request for another ${retryAfterMs} ms (waited ${waitedMs} ms)`,
    );
  }
}

/** The limiter's notion of a host: hostname, lower-cased, no port. Throws on an invalid URL. */
export function hostOf(url: string | URL): string {
  return new URL(url).hostname.toLowerCase();
}

// Redis ≥ 5 replicates script effects, so TIME may be called before writes (Redis 7 always does so).
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * KEYS: leases, next, queue, seen. ARGV: token, maxConcurrency, minGapMs, leaseMs, staleWaiterMs, pollMs.
 * Returns {1, 0, 0} when the slot was taken, else {0, suggested wait, definite wait}: the definite wait
 * is what the gap or a cool-down imposes whatever else happens; the suggestion adds the waiter's place
 * in the queue (or a poll interval when all slots are taken), and is only an estimate.
 */
const ACQUIRE = `${NOW}
local token = ARGV[1]
local maxConcurrency = tonumber(ARGV[2])
local gap = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
local stale = tonumber(ARGV[5])
local poll = tonumber(ARGV[6])

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local gone = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now - stale)
for _, waiter in ipairs(gone) do
  redis.call('ZREM', KEYS[3], waiter)
  redis.call('ZREM', KEYS[4], waiter)
end

redis.call('ZADD', KEYS[3], 'NX', now, token)
redis.call('ZADD', KEYS[4], now, token)
local rank = redis.call('ZRANK', KEYS[3], token)
local active = redis.call('ZCARD', KEYS[1])
local nextStart = tonumber(redis.call('GET', KEYS[2]) or '0')
local definite = math.max(nextStart - now, 0)

if rank == 0 and active < maxConcurrency and definite == 0 then
  redis.call('ZREM', KEYS[3], token)
  redis.call('ZREM', KEYS[4], token)
  redis.call('ZADD', KEYS[1], now + lease, token)
  redis.call('PEXPIRE', KEYS[1], lease)
  if gap > 0 then
    redis.call('SET', KEYS[2], now + gap, 'PX', gap)
  end
  return {1, 0, 0}
end

redis.call('PEXPIRE', KEYS[3], stale)
redis.call('PEXPIRE', KEYS[4], stale)
local suggested = definite + rank * gap
if active >= maxConcurrency or suggested == 0 then
  suggested = math.max(suggested, poll)
end
return {0, suggested, definite}
`;

/** KEYS: leases, next, queue, seen. ARGV: token. A waiter that gives up leaves the queue at once. */
const LEAVE = `
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return 0
`;

/** KEYS: next. ARGV: milliseconds. Pushes the next allowed start out; never pulls it in. */
const COOL_DOWN = `${NOW}
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then
  redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]))
end
return untilMs
`;

/**
 * KEYS: the cool-down index (sorted set host -> end of its cool-down). Drops ended cool-downs and
 * returns the hosts still cooling down, on Redis's clock like everything else here.
 */
const COOLING_DOWN = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)
`;

interface HostLimiterCommands {
  polywireHostsCoolingDown(key: string): Promise<string[]>;
  polywireHostAcquire(...args: (string | number)[]): Promise<[number, number, number]>;
  polywireHostLeave(...args: (string | number)[]): Promise<number>;
  polywireHostCoolDown(...args: (string | number)[]): Promise<number>;
}

/**
 * Creates a limiter on `redis`. Use a connection that rides out Redis restarts (the worker connection):
 * a Redis blip should delay a fetch, not fail it. The connection is shared, not owned: the limiter has
 * nothing to close.
 */
export function createHostLimiter(redis: RedisConnection, options: HostLimiterOptions): HostLimiter {
  const { prefix, maxConcurrency, minGapMs, leaseMs } = options;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) throw new RangeError('maxConcurrency must be an integer ≥ 1');
  if (!(minGapMs >= 0)) throw new RangeError('minGapMs must be ≥ 0');
  if (!(leaseMs > 0)) throw new RangeError('leaseMs must be > 0');
  const maxCooldownMs = (options.maxCooldownSeconds ?? 3600) * 1000;
  const defaultMaxWaitMs = options.maxWaitMs ?? 60_000;
  const maxPollMs = options.maxPollMs ?? 1_000;
  const staleWaiterMs = options.staleWaiterMs ?? 5 * maxPollMs;
  // While every slot is taken nobody knows when one frees, so waiters poll; a fraction of the gap keeps
  // the next start close to on time without hammering Redis.
  const busyPollMs = Math.min(Math.max(Math.round(minGapMs / 4), 25), 250);

  // defineCommand loads each script once per connection (EVALSHA, falling back to EVAL after a Redis
  // restart flushed the script cache). Redefining on a shared connection is harmless.
  redis.defineCommand('polywireHostAcquire', { numberOfKeys: 4, lua: ACQUIRE });
  redis.defineCommand('polywireHostLeave', { numberOfKeys: 4, lua: LEAVE });
  redis.defineCommand('polywireHostCoolDown', { numberOfKeys: 1, lua: COOL_DOWN });
  redis.defineCommand('polywireHostsCoolingDown', { numberOfKeys: 1, lua: COOLING_DOWN });
  // One index of cooling hosts per deployment, so a scrape need not SCAN for `next` keys. It lives
  // outside the hosts' hash tags: in Redis Cluster it is written by its own command, after the host's
  // script, and a lost write only hides a cool-down from the metrics, never from the limiter.
  const cooldownIndex = `${prefix}:host-cooldowns`;
  const commands = redis as unknown as HostLimiterCommands;

  const keys = (host: string): HostKeys => {
    const tag = `{${prefix}:host:${host.toLowerCase()}}`;
    return { leases: `${tag}:leases`, next: `${tag}:next`, queue: `${tag}:queue`, seen: `${tag}:seen` };
  };
  const keyList = (k: HostKeys) => [k.leases, k.next, k.queue, k.seen];

  async function acquire(host: string, acquireOptions: AcquireOptions = {}): Promise<ReleaseHostSlot> {
    const { signal } = acquireOptions;
    const budgetMs = acquireOptions.maxWaitMs ?? defaultMaxWaitMs;
    const hostKeys = keys(host);
    const token = randomUUID();
    const started = Date.now();

    signal?.throwIfAborted();
    try {
      for (;;) {
        const [taken, suggestedMs, definiteMs] = await commands.polywireHostAcquire(
          ...keyList(hostKeys),
          token,
          maxConcurrency,
          minGapMs,
          leaseMs,
          staleWaiterMs,
          busyPollMs,
        );
        if (taken === 1) {
          let released: Promise<void> | undefined;
          const release: ReleaseHostSlot = () => {
            released ??= redis.zrem(hostKeys.leases, token).then(() => {});
            return released;
          };
          if (signal?.aborted) {
            await release().catch(() => {});
            throw signal.reason;
          }
          return release;
        }
        const waited = Date.now() - started;
        const remaining = budgetMs - waited;
        // A gap or cool-down longer than the budget will not end in time: give up now, not at the deadline.
        const outlasts = definiteMs > 0 && definiteMs > remaining;
        if (outlasts || remaining <= 0) throw new HostBusyError(host, waited, outlasts ? definiteMs : undefined);
        // Jitter spreads waiters that were told the same time, so they do not all hit Redis at once.
        const jitter = Math.random() * Math.min(20, suggestedMs * 0.1);
        await sleep(Math.min(suggestedMs + jitter, maxPollMs, remaining), undefined, signal ? { signal } : undefined);
      }
    } catch (error) {
      // Whatever ended the wait (budget, abort, a Redis error), leave the queue so as not to block it.
      await commands.polywireHostLeave(...keyList(hostKeys), token).catch(() => {});
      throw signal?.aborted ? signal.reason : error;
    }
  }

  return {
    acquire,
    async coolDown(host, seconds) {
      const ms = Math.min(Math.ceil(seconds * 1000), maxCooldownMs);
      if (!(ms > 0)) return;
      const untilMs = await commands.polywireHostCoolDown(keys(host).next, ms);
      await redis.zadd(cooldownIndex, 'GT', untilMs, host.toLowerCase());
    },
    coolingDown: () => commands.polywireHostsCoolingDown(cooldownIndex),
    keys,
  };
}
