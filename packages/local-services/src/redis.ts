import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { Redis } from 'ioredis';
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
  stop(): Promise<void>;
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
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${stderr.trim()}`);
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${url}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      probe.disconnect();
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    process: child,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        // SIGTERM makes redis-server flush the AOF and exit cleanly.
        child.kill('SIGTERM');
      });
      return stopping;
    },
  };
}
