import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

// Works from src/ (tests, tsx) and from dist/ (node): both sit one level below the package root.
export const migrationsFolder = path.resolve(import.meta.dirname, '../drizzle');

/**
 * How every embedded database is opened. PostgreSQL's default 128 MB of shared buffers live in PGlite's
 * WebAssembly memory, which never shrinks, and all of it is touched at start (emscripten zero-fills the
 * "shared memory"): 150 MB of the all-in-one's resident memory. 16 MB holds the hot pages of a laptop's
 * database; a page that misses is read from the operating system's file cache, not from disk (PGlite
 * reads and writes the data folder through Node's fs). `pnpm bench memory` shows the difference.
 */
export const pgliteOptions: PGliteOptions = {
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
};

export async function migrateEmbedded(client: PGlite): Promise<void> {
  // PGlite is single-process by construction (and guarded by the lock file), so no lock is needed.
  await migrate(drizzle({ client, casing: 'snake_case' }), { migrationsFolder });
}

/** Where the child builds a new database before moving it into place. */
export const stagingDirectory = (directory: string) => `${directory}.creating`;

/**
 * Creates the embedded database in `directory` (initdb, then the migrations) in a short-lived child
 * process. PGlite 0.5 runs initdb in a second WebAssembly instance inside the opening process, and the
 * memory it grew to (about 800 MB) stays with that process for good: WebAssembly memory never shrinks
 * and V8 keeps the instances' pages. Done in a child, it goes back to the system when the child exits,
 * and this process then opens a finished database for about a third of that.
 *
 * The caller holds the folder's lock file (see lockDirectory in client.ts) while the child runs, so a
 * second Polywire process is refused as before; the child works on its owner's behalf and takes no lock.
 */
export async function createEmbeddedDatabase(directory: string): Promise<void> {
  // Under node the child is dist/pglite-create.js; from source (tests, tsx) it is the .ts file, run
  // through tsx's loader, so what runs is always the code beside this file.
  const fromSource = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(`./pglite-create.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const loader = fromSource ? ['--import', createRequire(import.meta.url).resolve('tsx')] : [];
  const child = spawn(process.execPath, [...loader, script, directory, String(process.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // If this process exits first (an error, process.exit), the child goes too: nobody would use its work.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    });
    if (code !== 0) {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      throw new Error(`creating the embedded database in ${directory} failed: the child process ${how}\n${stderr.trim().slice(-2_000)}`);
    }
  } finally {
    process.removeListener('exit', killChild);
  }
}
