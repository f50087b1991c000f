import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testServices } from '@polywire/testing';
import { afterAll, beforeAll } from 'vitest';
import { createDb, type DbHandle } from '../client.js';

export type OpenTestDb = () => Promise<{ handle: DbHandle; cleanup: () => void }>;

/**
 * The two databases every database test runs on, for `describe.each(drivers)`: a fresh database on the
 * test run's PostgreSQL server, and a fresh embedded PGlite in a temporary folder.
 */
export const drivers: [string, OpenTestDb][] = [
  [
    'PostgreSQL',
    async () => {
      const url = await createTestDatabase(testServices().postgresUrl);
      return { handle: createDb({ databaseUrl: url, dataDir: '/nonexistent' }), cleanup: () => {} };
    },
  ],
  [
    'PGlite',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'polywire-pglite-'));
      return { handle: createDb({ dataDir: dir }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];

/**
 * A fresh, migrated database from `open`, opened before the suite's tests and closed after them, for
 * `describe.each(drivers)`: `const handle = useTestDb(open)`, then `handle().db` inside the tests.
 */
export function useTestDb(open: OpenTestDb): () => DbHandle {
  let opened: Awaited<ReturnType<OpenTestDb>> | undefined;
  beforeAll(async () => {
    opened = await open();
    await opened.handle.migrate();
  });
  afterAll(async () => {
    await opened?.handle.close();
    opened?.cleanup();
  });
  return () => {
    if (!opened) throw new Error('the test database opens in beforeAll: use it inside a hook or a test');
    return opened.handle;
  };
}
