// `node scripts/build-quietly.mjs`: builds the workspace (`turbo run build`) before `pnpm start` and the
// other root scripts that then run Polywire, printing nothing unless the build fails, and then everything
// it printed, so a build error is never hidden. A newcomer's `pnpm start` shows Polywire's messages only,
// not turbo's run header and summary.
//
// Telemetry is off here as in every root script (TURBO_TELEMETRY_DISABLED, see package.json): turbo 2.11
// has no turbo.json key for it, only that variable or a per-machine `turbo telemetry disable`, and without
// it a machine's first run prints turbo's telemetry notice. Update notices are off in turbo.json.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const turbo = createRequire(import.meta.url).resolve('turbo/bin/turbo');
const child = spawn(process.execPath, [turbo, 'run', 'build', '--output-logs=errors-only'], {
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  stdio: ['inherit', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));
// A first build takes a minute or more: say why nothing else is happening yet.
const slow = setTimeout(() => process.stderr.write('Building Polywire (first run, or sources changed)…\n'), 3_000);
child.on('close', (code) => {
  clearTimeout(slow);
  if (code !== 0) process.stderr.write(output);
  process.exit(code ?? 1);
});
