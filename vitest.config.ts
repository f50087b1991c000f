import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// One run for the whole workspace: the global setup starts one redis-server and one PostgreSQL server,
// and every package is a project named after it. `pnpm --filter X test` runs one project.
const root = import.meta.dirname;
const workspaces = ['apps', 'packages'].flatMap((group) =>
  readdirSync(path.join(root, group)).map((dir) => path.join(group, dir)),
);

const manifests = workspaces.map((dir) => ({
  dir,
  manifest: JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as {
    name: string;
    exports?: Record<string, string | Record<string, string>>;
  },
}));

// Tests run workspace packages from their TypeScript source: every export whose map has a
// `@polywire/source` entry is aliased to that file, so no build is needed before `vitest`.
const alias = manifests.flatMap(({ dir, manifest }) =>
  Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
    const source = typeof target === 'string' ? target : target['@polywire/source'];
    if (!source) return [];
    const specifier = path.posix.join(manifest.name, subpath);
    return [{ find: new RegExp(`^${specifier}$`), replacement: path.join(root, dir, source) }];
  }),
);

export default defineConfig({
  resolve: { alias },
  test: {
    globalSetup: [path.join(root, 'packages/testing/src/global-setup.ts')],
    reporters: ['default', ['json', { outputFile: path.join(root, '.vitest-report.json') }]],
    projects: manifests.map(({ dir, manifest }) => ({
      extends: true,
      test: {
        name: manifest.name,
        root: path.join(root, dir),
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 60_000,
      },
    })),
  },
});
