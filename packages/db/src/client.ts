import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { createEmbeddedDatabase, migrateEmbedded, migrationsFolder, pgliteOptions } from './pglite.js';
import * as schema from './schema/index.js';

/** The drizzle database, whichever driver is underneath: queries are written once for both. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Applies the committed migrations (idempotent; serialized across processes on PostgreSQL). */
  migrate(): Promise<void>;
  /** Cheap liveness probe for /healthz. */
  ping(): Promise<void>;
  /** Safe to call twice. */
  close(): Promise<void>;
}

export interface DbOptions {
  /** `postgres://…`: a real server through a pool. Unset: embedded PGlite under `dataDir/pglite`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
}

// Any constant shared by every Polywire process: it serializes concurrent migrations.
const MIGRATION_LOCK_KEY = 7_316_500_412;

export function createDb(options: DbOptions): DbHandle {
  return options.databaseUrl ? createPostgresDb(options.databaseUrl, options.poolSize ?? 10) : createPgliteDb(options.dataDir);
}

function createPostgresDb(databaseUrl: string, poolSize: number): DbHandle {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server emits 'error' on the pool; without a listener that kills the
  // process. The next query reports the outage instead.
  pool.on('error', () => {});
  // The pool listens for errors only on idle clients. A checked-out client whose server goes away
  // between two queries (a transaction awaiting the app, PostgreSQL stopped or restarted) emits 'error'
  // on itself, and with no listener that crashed the worker: found by the fault test that stops
  // PostgreSQL during ingestion (node-postgres #1324, #3083). The query in flight, or the next one,
  // fails instead and the job is retried; the pool discards the broken client on release.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = drizzleNodePg({ client: pool, schema, casing: 'snake_case' });
  let closed = false;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // Two processes starting together must not both apply a migration: hold a session-level advisory
      // lock on one connection for the whole run.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migrateNodePg(drizzleNodePg({ client, casing: 'snake_case' }), { migrationsFolder });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** The embedded database is open in another live process. */
export class DatabaseInUseError extends Error {
  constructor(
    readonly directory: string,
    readonly pid: number,
  ) {
    super(`the embedded database in ${directory} is open in process ${pid} (a running \`pnpm start\`?): stop that process first, or set DATABASE_URL`);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite takes no lock on its folder, and a second process that opens it works on its own copy of the
 * pages: tried with PGlite 0.5, the second process did not see a table the first had created, and
 * whichever closes last overwrites the other's writes. So the folder gets a lock file holding its
 * owner's pid; a second opener is refused while that process lives. A crashed owner's file is taken
 * over, and so is one naming our own pid (a container's process 1, restarted).
 */
function lockDirectory(directory: string): () => void {
  const lockFile = `${directory}.lock`;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    if (owner > 0 && owner !== process.pid && isRunning(owner)) throw new DatabaseInUseError(directory, owner);
    rmSync(lockFile, { force: true });
  }
}

function createPgliteDb(dataDir: string): DbHandle {
  const directory = path.join(dataDir, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDirectory(directory);
  // Opened on first use: a new database is first created by a child process (createEmbeddedDatabase),
  // which this synchronous factory cannot wait for.
  let opening: Promise<PGlite> | undefined;
  const open = () =>
    (opening ??= (async () => {
      if (!existsSync(path.join(directory, 'PG_VERSION'))) await createEmbeddedDatabase(directory);
      const client = new PGlite(directory, pgliteOptions);
      await client.waitReady;
      return client;
    })());
  // drizzle calls these two methods of its client only; they wait for the database to be open.
  const client = {
    query: async (...args: Parameters<PGlite['query']>) => (await open()).query(...args),
    transaction: async (callback: Parameters<PGlite['transaction']>[0]) => (await open()).transaction(callback),
  };
  const db = drizzlePglite({ client: client as unknown as PGlite, schema, casing: 'snake_case' }) as unknown as Database;
  let closed = false;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      await migrateEmbedded(await open());
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        // A database that failed to open has nothing to close; the lock is released either way.
        const opened = await opening?.catch(() => undefined);
        await opened?.close();
      } finally {
        unlock();
      }
    },
  };
}

/** node-postgres and PostgreSQL error codes that mean "the server cannot be reached or is going away". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|the database system is (starting up|shutting down)/;

/**
 * True when `error` (or an error it wraps: drizzle puts the driver's error in `cause`) says the database
 * is unreachable rather than that the query was wrong: connection refused or reset, a session ended by
 * a server shutdown (SQLSTATE 57P01–57P03), too many connections (53300), or any connection exception
 * (class 08). Such a failure is the database's, not the job's: workers wait for it instead of spending
 * the job's attempts on it.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || /^(08|57P0[123]$|53300$)/.test(code))) return true;
    if (UNAVAILABLE_MESSAGES.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
