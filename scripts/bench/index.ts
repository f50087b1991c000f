/**
 * `pnpm bench [NAME...]`: runs every benchmark of the workspace, or those whose file name matches a
 * NAME. A benchmark is a script at `packages/<pkg>/scripts/bench/<name>.ts` (or under apps/), run from
 * its package so that its imports resolve as in the package, with workspace packages read from source.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const passThrough = process.argv.slice(2).filter((arg) => arg.startsWith('-'));
const tsx = path.join(root, 'node_modules/.bin/tsx');

const benchmarks = ['apps', 'packages'].flatMap((group) =>
  readdirSync(path.join(root, group)).flatMap((name) => {
    const dir = path.join(root, group, name, 'scripts/bench');
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({ name: `${name}/${file.replace(/\.ts$/, '')}`, cwd: path.join(root, group, name), file: path.join(dir, file) }));
  }),
);

const selected = benchmarks.filter((bench) => filters.length === 0 || filters.some((filter) => bench.name.includes(filter)));
if (selected.length === 0) {
  console.error(`no benchmark matches ${filters.join(' ')}; there are: ${benchmarks.map((bench) => bench.name).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const bench of selected) {
  console.log(`\n== ${bench.name} ==`);
  const run = spawnSync(tsx, ['--conditions=@polywire/source', bench.file, ...passThrough], { cwd: bench.cwd, stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
