import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import { spawnServer, waitUntilServing } from './child.js';
import { freePort } from './port.js';

export class RedisServerMissingError extends Error {
  override name = 'RedisServerMissingError';
  constructor() {
    super(
      [
        'REDIS_URL is not set and no `redis-server` binary was found on PATH.',
        'Either install Redis:',
        '  Debian/Ubuntu: sudo apt-get install redis-server',
        '  macOS:         brew install redis',
        'or start one with Docker and point Polywire at it:',
        '  docker compose -f infra/compose.yaml up -d redis',
        '  REDIS_URL=redis://127.0.0.1:6379 pnpm start',
      ].join('\n'),
    );
  }
}

export interface LocalRedis {
  url: string;
  process: ChildProcess;
  /** SIGTERM (the default) flushes the append-only file and exits cleanly; SIGKILL is a crash. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export interface LocalRedisOptions {
  /** Where the AOF files live; the queues survive a restart of the all-in-one process. */
  dataDir?: string;
  /** Default true. Tests turn it off for speed. */
  persistent?: boolean;
  port?: number;
}

function findRedisServer(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new RedisServerMissingError();
  }
}

/**
 * Starts a private `redis-server` on a free loopback port, configured as BullMQ needs it (noeviction),
 * and stops it with the handle (or when this process exits).
 */
export async function startLocalRedis(options: LocalRedisOptions = {}): Promise<LocalRedis> {
  const binary = findRedisServer();
  const port = options.port ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--maxmemory-policy', 'noeviction', '--save', ''];
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('--dir', options.dataDir);
  }
  const persistent = options.persistent ?? true;
  args.push('--appendonly', persistent && options.dataDir ? 'yes' : 'no');
  const server = spawnServer(binary, args);
  const url = `redis://127.0.0.1:${port}`;
  await waitUntilServing(
    server,
    'redis-server',
    async () => {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        await probe.ping();
      } finally {
        probe.disconnect();
      }
    },
    { timeoutMs: 10_000 },
  );
  return {
    url,
    process: server.child,
    stop: (signal = 'SIGTERM') => server.stop(signal),
  };
}
