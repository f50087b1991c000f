/**
 * `node pglite-create.js <directory> <owner pid>`: the child process of createEmbeddedDatabase (see
 * pglite.ts). Builds a new database with every migration applied, then moves it into `directory`.
 *
 * It is built beside the target and renamed into place as the last step, so a crash or a kill part-way
 * (the first start takes several seconds) leaves no half-made database that a later start would open:
 * `directory` is either absent, empty, or a complete database. A leftover staging folder is from such a
 * crash, and the owner's lock file says no one else is building here now, so it is discarded.
 */
import { renameSync, rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { migrateEmbedded, pgliteOptions, stagingDirectory } from './pglite.js';

const [directory, owner] = process.argv.slice(2);
if (!directory || !owner) throw new Error('usage: pglite-create <directory> <owner pid>');
const staging = stagingDirectory(directory);
rmSync(staging, { recursive: true, force: true });
const client = new PGlite(staging, pgliteOptions);
await migrateEmbedded(client);
await client.close();
// The owner holds the lock; if it died meanwhile, another process may have taken the lock over and be
// building its own copy. Only a live owner's child puts its database in place.
if (process.ppid !== Number(owner)) {
  rmSync(staging, { recursive: true, force: true });
  throw new Error(`process ${owner}, which asked for the database, has exited`);
}
// Fails (ENOTEMPTY) rather than replace a folder holding something that is not a finished database.
renameSync(staging, directory);
