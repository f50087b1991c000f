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
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:']).optional(),
  FEEDS_FILE: z.string().min(1).optional(),
  FETCH_ALLOW_PRIVATE_NETWORKS: booleanFromEnv.default(false),
  /** Where the `polywire` CLI finds the API; default http://HOST:PORT. */
  POLYWIRE_API_URL: urlWithProtocols(['http:', 'https:']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix of every BullMQ key, so several deployments (or test files) can share one Redis. */
  QUEUE_PREFIX: z.string().regex(/^[\w.-]+$/, 'letters, digits, _ . - only').default('polywire'),
  /** Seconds between two scheduler ticks. */
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
  /** Minutes between two fetches of one feed until issue-3's adaptive schedule replaces it. */
  FEED_INTERVAL_MINUTES: z.coerce.number().positive().default(30),
  FEED_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  ARTICLE_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(8),
  /**
   * How long a worker holds a job's lock. A worker killed with -9 leaves its active jobs locked this
   * long before another worker recovers them as stalled.
   */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  FETCH_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 1024 * 1024),
});

export type Config = Omit<z.infer<typeof envSchema>, 'DATA_DIR'> & {
  /** Absolute path of DATA_DIR. */
  DATA_DIR: string;
  /** The OPML file seeded on first start: FEEDS_FILE, or the bundled world list. */
  FEEDS_FILE: string;
};

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
  return {
    ...parsed.data,
    DATA_DIR: path.resolve(parsed.data.DATA_DIR),
    FEEDS_FILE: path.resolve(parsed.data.FEEDS_FILE ?? defaultFeedsFile),
  };
}
