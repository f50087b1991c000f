import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testServices } from '@polywire/testing';
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
