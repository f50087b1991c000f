import { type ChildProcess, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ServerProcess, spawnServer, waitUntilServing } from './child.js';
import { freePort } from './port.js';
import pg from 'pg';

export interface LocalPostgres {
  /** Superuser URL of the `postgres` database. */
  url: string;
  /** The running server (a new one after `start()`). */
  process: ChildProcess;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
  /** Stops the server (fast shutdown, as for maintenance) and keeps its data, on the same port. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same data and port. */
  start(): Promise<void>;
}

/** Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/<major>/bin. */
function findPostgresBinDir(): string {
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const majors = readdirSync(debianRoot)
      .filter((entry) => existsSync(path.join(debianRoot, entry, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return path.join(debianRoot, majors[0], 'bin');
  }
  try {
    return path.dirname(execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error('PostgreSQL server binaries (initdb, postgres) not found: apt-get install postgresql');
  }
}

/** initdb and postgres refuse to run as root: run them as the `postgres` user then. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * A throwaway PostgreSQL server: initdb into a temporary folder, started on a free loopback port with
 * durability off (tests do not need it), removed by stop(). halt()/start() stop and restart it in
 * place, so fault tests can take the database away under running workers.
 */
export async function startLocalPostgres(): Promise<LocalPostgres> {
  const binDir = findPostgresBinDir();
  const user = serverUser();
  const root = mkdtempSync(path.join(os.tmpdir(), 'polywire-pg-'));
  const dataDir = path.join(root, 'data');
  if (user) chownSync(root, user.uid, user.gid);
  execFileSync(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C'], {
    stdio: 'pipe',
    ...user,
  });
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const launch = async () => {
    const server = spawnServer(
      path.join(binDir, 'postgres'),
      // Durability off: test data need not survive a crash, and fsync dominates a test run's time.
      ['-D', dataDir, '-p', String(port), '-k', root, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']
        .concat(['-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300']),
      user ?? {},
    );
    await waitUntilServing(server, 'postgres', async () => {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        // Ours, not another server that holds this port (see the same check in redis.ts).
        const { rows } = await client.query<{ dir: string }>("select current_setting('data_directory') as dir");
        if (path.resolve(rows[0]!.dir) !== path.resolve(dataDir)) throw new Error(`port ${port} is served by another PostgreSQL (${rows[0]!.dir})`);
      } finally {
        await client.end().catch(() => {});
      }
    });
    return server;
  };
  let server: ServerProcess | undefined = await launch();
  const handle: LocalPostgres = {
    url,
    process: server.child,
    async halt() {
      await server?.stop('SIGINT'); // fast shutdown: sessions are ended, as in a maintenance restart
      server = undefined;
    },
    async start() {
      if (server) return;
      server = await launch();
      handle.process = server.child;
    },
    async stop() {
      await handle.halt();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return handle;
}

/** Creates an empty database on the server and returns its URL: one per test file keeps them apart. */
export async function createTestDatabase(serverUrl: string, name = `t_${Math.random().toString(36).slice(2, 10)}`) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
