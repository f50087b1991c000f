import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@polywire/local-services';
import { testServices } from '@polywire/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb, DatabaseInUseError, isDatabaseUnavailable } from './client.js';
import { feeds } from './schema/index.js';

describe('isDatabaseUnavailable', () => {
  it('tells a database that cannot be reached from a query that is wrong', async () => {
    const down = createDb({ databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/none`, dataDir: '' });
    const up = createDb({ databaseUrl: testServices().postgresUrl, dataDir: '' });
    try {
      const unreachable = await down.db.execute(sql`select 1`).catch((error: unknown) => error);
      expect(unreachable).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(unreachable)).toBe(true);
      const wrong = await up.db.execute(sql`select * from no_such_table`).catch((error: unknown) => error);
      expect(wrong).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(wrong)).toBe(false);
    } finally {
      await Promise.all([down.close(), up.close()]);
    }
  });

  it('recognises a session ended by a server shutdown, also when wrapped', () => {
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(isDatabaseUnavailable(new Error('Failed query: insert …', { cause: shutdown }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable('not an error')).toBe(false);
  });
});

describe('the embedded database', () => {
  it('refuses to open a folder another live process has open, and takes over a dead one’s', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'polywire-lock-'));
    const lockFile = path.join(dataDir, 'pglite.lock');
    try {
      // Our parent (the test runner) stands in for a running `pnpm start`.
      writeFileSync(lockFile, String(process.ppid));
      expect(() => createDb({ dataDir })).toThrow(DatabaseInUseError);
      expect(() => createDb({ dataDir })).toThrow(`open in process ${process.ppid}`);

      // A process that has exited (killed with -9, say) holds nothing.
      const gone = spawnSync(process.execPath, ['-e', '0']).pid;
      writeFileSync(lockFile, String(gone));
      const handle = createDb({ dataDir });
      await handle.ping();
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
      await handle.close();
      expect(existsSync(lockFile)).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is created by a child process, under the lock, and put in place only once it is complete', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'polywire-create-'));
    const directory = path.join(dataDir, 'pglite');
    // What a start killed while creating the database leaves behind.
    mkdirSync(`${directory}.creating`);
    writeFileSync(path.join(`${directory}.creating`, 'PG_VERSION'), '17');
    const handle = createDb({ dataDir });
    try {
      const ready = handle.ping();
      // While the child works, this process owns the lock (another Polywire process would be refused),
      // and the folder it will open holds no half-made database.
      expect(readFileSync(`${directory}.lock`, 'utf8')).toBe(String(process.pid));
      expect(existsSync(path.join(directory, 'PG_VERSION'))).toBe(false);
      await ready;
      expect(existsSync(`${directory}.creating`)).toBe(false);
      // The child applied the migrations too: the schema is there before migrate() is called.
      expect(await handle.db.select().from(feeds)).toEqual([]);
      await handle.migrate();
    } finally {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(existsSync(`${directory}.lock`)).toBe(false);
  }, 120_000);

  it('says why it could not create the database, and never replaces a folder that is not one', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'polywire-create-'));
    const directory = path.join(dataDir, 'pglite');
    mkdirSync(directory);
    writeFileSync(path.join(directory, 'notes.txt'), 'not a database');
    const handle = createDb({ dataDir });
    try {
      const error = await handle.ping().catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/creating the embedded database in .*pglite failed: the child process exited with code 1/);
      expect((error as Error).message).toContain('ENOTEMPTY');
      expect(readFileSync(path.join(directory, 'notes.txt'), 'utf8')).toBe('not a database');
    } finally {
      await handle.close();
      expect(existsSync(`${directory}.lock`)).toBe(false);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
