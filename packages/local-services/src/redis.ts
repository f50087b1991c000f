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
  /** Start as a Redis Cluster node (its node table goes to `nodes-<port>.conf` in dataDir, which it needs). */
  clusterNode?: boolean;
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
  if (options.clusterNode) {
    if (!options.dataDir) throw new Error('a cluster node needs a dataDir for its nodes.conf');
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`);
  }
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
        // Ours, not another redis-server that holds this port: a restart on the same port (a fault test)
        // can find it taken by a test run beside this one, whose workers would then share our queues.
        const pid = /process_id:(\d+)/.exec(await probe.info('server'))?.[1];
        if (Number(pid) !== server.child.pid) throw new Error(`port ${port} is served by another redis-server (pid ${pid})`);
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

export interface LocalRedisCluster {
  /** The first node; an ioredis Cluster seeded with it discovers the others. */
  url: string;
  nodes: LocalRedis[];
  stop(): Promise<void>;
}

/**
 * Starts a Redis Cluster of `primaries` `redis-server` processes on loopback (no replicas), with the
 * 16,384 slots split evenly, and resolves once every node reports `cluster_state:ok`. The same steps as
 * `redis-cli --cluster create`, done with CLUSTER ADDSLOTSRANGE and CLUSTER MEET.
 */
export async function startLocalRedisCluster(dataDir: string, primaries = 3): Promise<LocalRedisCluster> {
  const nodes: LocalRedis[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    for (let index = 0; index < primaries; index++) {
      nodes.push(await startLocalRedis({ dataDir, persistent: false, clusterNode: true }));
    }
    const clients = nodes.map((node) => new Redis(node.url, { maxRetriesPerRequest: 1 }));
    try {
      const slots = 16_384;
      await Promise.all(
        clients.map((client, index) =>
          client.call('CLUSTER', 'ADDSLOTSRANGE', String(Math.floor((index * slots) / primaries)), String(Math.floor(((index + 1) * slots) / primaries) - 1)),
        ),
      );
      for (const node of nodes.slice(1)) await clients[0]!.call('CLUSTER', 'MEET', '127.0.0.1', new URL(node.url).port);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const states = await Promise.all(clients.map((client) => client.call('CLUSTER', 'INFO') as Promise<string>));
        if (states.every((info) => /cluster_state:ok/.test(info) && new RegExp(`cluster_known_nodes:${primaries}\\b`).test(info))) break;
        if (Date.now() > deadline) throw new Error(`Redis Cluster not ready after 20 s:\n${states[0]}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      for (const client of clients) client.disconnect();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: nodes[0]!.url, nodes, stop };
}
