import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@polywire/local-services';
import { testEnvironment } from '@polywire/runtime/testing';
import { waitFor } from '@polywire/testing';

const repository = path.resolve(import.meta.dirname, '../../..');

/** Waits until the app serving `base` answers /healthz with 200 (it has migrated and connected). */
export function waitUntilHealthy(base: string, what = 'the dashboard', timeoutMs = 30_000): Promise<unknown> {
  return waitFor(() => fetch(`${base}/healthz`).then((response) => response.ok), { what, timeoutMs });
}

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code when the process ends by itself. */
  exited: Promise<number | null>;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, with no chance to clean up. */
  kill(): Promise<void>;
}

/**
 * V8's heap limit for every app, as in the apps' start scripts and the Dockerfile: below 2 GB V8 grows
 * the heap by less before a full collection (see the README's Memory section).
 */
const HEAP_FLAG = '--max-old-space-size=1024';

/** Runs a built app (`apps/<name>/dist/main.js`) as its own process, the way it is deployed. */
export function startApp(app: string, env: Record<string, string>): AppProcess {
  const script = path.join(repository, 'apps', app, 'dist', 'main.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`pnpm build\` first (pnpm test does)`);
  const child = spawn(process.execPath, [HEAP_FLAG, script], {
    cwd: repository,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs the built CLI once (`apps/polywire/dist/cli/main.js`) and returns its exit status and output. */
export function runCli(args: string[], options: { apiUrl?: string; input?: string; env?: Record<string, string> } = {}) {
  const script = path.join(repository, 'apps', 'polywire', 'dist', 'cli', 'main.js');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env };
  if (options.apiUrl) env.POLYWIRE_API_URL = options.apiUrl;
  const result = spawnSync(process.execPath, [script, ...args], {
    input: options.input,
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A dashboard process on a fresh test database and queue prefix, on a free port, once it is healthy. */
export async function startDashboard(overrides: Record<string, string> = {}): Promise<{ api: string; env: Record<string, string>; dashboard: AppProcess }> {
  const port = await freePort();
  const env = await testEnvironment({ PORT: String(port), LOG_LEVEL: 'warn', ...overrides });
  const api = `http://127.0.0.1:${port}`;
  const dashboard = startApp('dashboard', env);
  await waitUntilHealthy(api);
  return { api, env, dashboard };
}
