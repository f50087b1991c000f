import path from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const urlWithProtocols = (protocols: string[]) =>
  z.url({ message: 'must be a URL' }).refine((value) => protocols.includes(new URL(value).protocol), {
    message: `must start with ${protocols.join(' or ')}//`,
  });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:']).optional(),
  /** REDIS_URL is one node of a Redis Cluster; QUEUE_PREFIX must then be a hash tag (`{polywire}`). */
  REDIS_CLUSTER: booleanFromEnv.default(false),
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:']).optional(),
  FEEDS_FILE: z.string().min(1).optional(),
  FETCH_ALLOW_PRIVATE_NETWORKS: booleanFromEnv.default(false),
  /**
   * Origins that may be private although FETCH_ALLOW_PRIVATE_NETWORKS is off (an RSS-Bridge or RSSHub
   * beside Polywire): comma-separated, like `http://127.0.0.1:3001,http://rsshub:1200`.
   */
  FETCH_ALLOWED_PRIVATE_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(urlWithProtocols(['http:', 'https:'])))
    .default([]),
  /** Where the `polywire` CLI finds the API; default http://HOST:PORT. */
  POLYWIRE_API_URL: urlWithProtocols(['http:', 'https:']).optional(),
  /**
   * Serve Prometheus metrics at http://HOST:METRICS_PORT/metrics from this process (workers have no
   * other web server; the dashboard and the all-in-one also answer /metrics on PORT). Unset: off.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix of every BullMQ key, so several deployments (or test files) can share one Redis. */
  // Wrapped whole in braces (`{polywire}`), it is a Redis Cluster hash tag: BullMQ needs every key of a
  // queue in one slot (docs.bullmq.io/patterns/redis-cluster).
  QUEUE_PREFIX: z
    .string()
    .regex(/^(\{[\w.-]+\}|[\w.-]+)$/, 'letters, digits, _ . - only, optionally wrapped whole in {} (a Redis Cluster hash tag)')
    .default('polywire'),
  /** Seconds between two scheduler ticks. */
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
  /** Interval of a feed whose pace is not known yet (no dated items, no history). */
  FEED_INTERVAL_MINUTES: z.coerce.number().positive().default(30),
  /** Bounds of the adaptive schedule: the fastest and slowest a healthy feed is polled. */
  FEED_MIN_INTERVAL_MINUTES: z.coerce.number().positive().default(5),
  FEED_MAX_INTERVAL_HOURS: z.coerce.number().positive().default(24),
  /** Longest wait between two attempts at a failing feed (it is never switched off). */
  FEED_MAX_BACKOFF_HOURS: z.coerce.number().positive().default(24),
  FEED_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  ARTICLE_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(8),
  /**
   * How long a worker holds a job's lock. A worker killed with -9 leaves its active jobs locked this
   * long before another worker recovers them as stalled.
   */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Whole request, redirects and body included. */
  FETCH_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Longest silence while reading a body (slow-drip servers). */
  FETCH_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** A URL or e-mail address for publishers to reach the operator, sent in the User-Agent. */
  FETCH_CONTACT: z.string().min(3).max(200).optional(),
  FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 1024 * 1024),
  /**
   * Per-host politeness, shared by every process on the same Redis and QUEUE_PREFIX, feed and article
   * fetches alike: requests in flight to one host (hostname, without port)…
   */
  HOST_MAX_CONCURRENCY: z.coerce.number().int().positive().default(2),
  /** …the least time between the starts of two requests to one host (0: no gap)… */
  HOST_MIN_GAP_MS: z.coerce.number().int().min(0).default(1000),
  /** …and the longest pause a 429/503 Retry-After can impose on a host. */
  HOST_MAX_COOLDOWN_SECONDS: z.coerce.number().int().positive().default(3600),
  /**
   * Days an article keeps its stored full text (text, lead, summary); older ones keep only metadata
   * and fingerprints, so dedupe still recognises their copies. Unset: keep everything.
   */
  /**
   * The dashboard's secret: every page and API call but /healthz needs it (a login form for pages,
   * `Authorization: Bearer …` for the API). Required when HOST is not a loopback address.
   */
  DASHBOARD_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'letters, digits and . _ ~ + / - only (it is sent as a Bearer token)')
    .optional(),
  /** Instead of (or beside) the token: a user name and password (login form, or HTTP Basic for the API). */
  DASHBOARD_USER: z.string().min(1).max(200).optional(),
  DASHBOARD_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(200).optional(),
  /** Hide and refuse every change in the dashboard and the API (pages and queues can still be read). */
  DASHBOARD_READ_ONLY: booleanFromEnv.default(false),
  /**
   * Host names the dashboard answers to (the `Host` header, any port), besides localhost, 127.0.0.1,
   * [::1] and HOST: the names browsers use behind a proxy or a published port, comma-separated. `*`
   * accepts any name (only with a secret). Other names get 421, so that a DNS-rebinding page cannot
   * reach an open dashboard under its own name.
   */
  DASHBOARD_HOSTS: z
    .string()
    .transform((value, ctx) => {
      const names = value.split(',').map((name) => name.trim()).filter(Boolean);
      return names.map((name) => {
        const normalized = name === '*' ? name : hostName(name);
        if (normalized === null) ctx.addIssue({ code: 'custom', message: `${name} is not a host name (give names without scheme or port, comma-separated, or *)` });
        return normalized ?? '';
      });
    })
    .default([]),
  /**
   * The dashboard is behind one reverse proxy (a TLS terminator) that sets X-Forwarded-For and
   * X-Forwarded-Proto: the client address for sign-in limits comes from the former, Secure cookies from
   * the latter. Off, both headers are ignored (any client could send them).
   */
  DASHBOARD_TRUST_PROXY: booleanFromEnv.default(false),
  /**
   * Longest time a client may take to send a whole request, headers and body (Node's default is 300 s,
   * which lets a client that never finishes hold a connection that long).
   */
  DASHBOARD_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Largest request body but an OPML import (forms, sign-in, JSON API); larger ones get 413 unread. */
  DASHBOARD_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(16 * 1024),
  /** Failed sign-ins a client (IP address; IPv6 /64) gets before each further attempt must wait… */
  DASHBOARD_LOGIN_FREE_FAILURES: z.coerce.number().int().positive().default(5),
  /** …1 s, 2 s, 4 s … up to this, until a sign-in succeeds or a day passes. */
  DASHBOARD_LOGIN_MAX_DELAY_SECONDS: z.coerce.number().int().positive().default(900),
  /**
   * Failed sign-ins per hour from all clients together; beyond it only clients that signed in
   * successfully in the last 30 days may try, until the hour is over.
   */
  DASHBOARD_LOGIN_MAX_FAILURES_PER_HOUR: z.coerce.number().int().positive().default(300),
  RETENTION_DAYS: z.coerce.number({ message: 'must be a positive whole number of days' }).int('must be a positive whole number of days').positive('must be a positive whole number of days').optional(),
});

export type Config = Omit<z.infer<typeof envSchema>, 'DATA_DIR'> & {
  /** Absolute path of DATA_DIR. */
  DATA_DIR: string;
  /** The OPML file seeded on first start: FEEDS_FILE, or the bundled world list. */
  FEEDS_FILE: string;
  /** The FEED_*_INTERVAL / BACKOFF bounds in seconds. */
  feedSchedule: { minSeconds: number; maxSeconds: number; maxBackoffSeconds: number };
  /** Names Polywire and how to reach whoever runs it. */
  userAgent: string;
};

/**
 * A host name as a URL spells it (lower case, IPv6 in brackets), or null when `value` is not a bare
 * host name (a port, path, scheme or stray character).
 */
export function hostName(value: string): string | null {
  const bracketed = value.includes(':') && !value.startsWith('[') ? `[${value}]` : value;
  if (!URL.canParse(`http://${bracketed}/`)) return null;
  const url = new URL(`http://${bracketed}/`);
  return url.host === url.hostname && url.hostname === bracketed.toLowerCase() ? url.hostname : null;
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const defaultFeedsFile = path.resolve(import.meta.dirname, '../../../infra/feeds/world.opml');

/**
 * Parses the environment once at boot. Empty strings count as unset, so `REDIS_URL= pnpm start`
 * behaves like leaving the variable out.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${problems.join('\n')}`);
  }
  const values = parsed.data;
  if (values.FEED_MIN_INTERVAL_MINUTES * 60 > values.FEED_MAX_INTERVAL_HOURS * 3600) {
    throw new ConfigError('Invalid environment:\n  FEED_MIN_INTERVAL_MINUTES: must not exceed FEED_MAX_INTERVAL_HOURS');
  }
  if (values.REDIS_CLUSTER && !values.REDIS_URL) {
    throw new ConfigError('Invalid environment:\n  REDIS_CLUSTER: needs REDIS_URL, a node of the cluster (only a single local Redis is started for you)');
  }
  if (values.REDIS_CLUSTER && !values.QUEUE_PREFIX.startsWith('{')) {
    throw new ConfigError(
      'Invalid environment:\n  QUEUE_PREFIX: must be a hash tag such as {polywire} when REDIS_CLUSTER is on (every key of a queue must share a cluster slot)',
    );
  }
  if (Boolean(values.DASHBOARD_USER) !== Boolean(values.DASHBOARD_PASSWORD)) {
    const missing = values.DASHBOARD_USER ? 'DASHBOARD_PASSWORD' : 'DASHBOARD_USER';
    throw new ConfigError(`Invalid environment:\n  ${missing}: must be set together with ${missing === 'DASHBOARD_USER' ? 'DASHBOARD_PASSWORD' : 'DASHBOARD_USER'}`);
  }
  if (!isLoopbackHost(values.HOST) && !values.DASHBOARD_TOKEN && !values.DASHBOARD_USER) {
    throw new ConfigError(
      `Invalid environment:\n  HOST: ${values.HOST} is reachable from other machines; set DASHBOARD_TOKEN (or DASHBOARD_USER and DASHBOARD_PASSWORD) so that the dashboard and API are not open to them`,
    );
  }
  if (values.DASHBOARD_HOSTS.includes('*') && !values.DASHBOARD_TOKEN && !values.DASHBOARD_USER) {
    throw new ConfigError(
      'Invalid environment:\n  DASHBOARD_HOSTS: * needs DASHBOARD_TOKEN (or DASHBOARD_USER and DASHBOARD_PASSWORD): an open dashboard answering to any name can be reached by any web page through DNS rebinding',
    );
  }
  return {
    ...values,
    DATA_DIR: path.resolve(values.DATA_DIR),
    FEEDS_FILE: path.resolve(values.FEEDS_FILE ?? defaultFeedsFile),
    feedSchedule: {
      minSeconds: values.FEED_MIN_INTERVAL_MINUTES * 60,
      maxSeconds: values.FEED_MAX_INTERVAL_HOURS * 3600,
      maxBackoffSeconds: values.FEED_MAX_BACKOFF_HOURS * 3600,
    },
    userAgent: `Polywire/0.1 (news ingestion; +${values.FETCH_CONTACT ?? 'https://github.com/polywire'})`,
  };
}
