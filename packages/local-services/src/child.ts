import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

export interface ServerProcess {
  child: ChildProcess;
  /** What the server wrote to stderr so far, for error messages. */
  stderr(): string;
  /** Sends `signal` and resolves when the process has exited. Safe to call twice. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Servers still running, killed by one 'exit' listener. The set lives on globalThis, not in this
 * module: a test runner evaluates the module afresh for every test file in the same process, and a
 * listener per evaluation (or per server, before) tripped Node's MaxListenersExceededWarning.
 */
const RUNNING = Symbol.for('polywire.local-services.running');
type WithRunning = typeof globalThis & { [RUNNING]?: Set<ChildProcess> };

function killOnExit(child: ChildProcess): Set<ChildProcess> {
  const scope = globalThis as WithRunning;
  let running = scope[RUNNING];
  if (!running) {
    const servers = new Set<ChildProcess>();
    process.once('exit', () => {
      for (const server of servers) server.kill('SIGKILL');
    });
    running = scope[RUNNING] = servers;
  }
  running.add(child);
  return running;
}

/**
 * Spawns a server that must not outlive this process: it is killed if we exit without stopping it
 * (a crash, process.exit), so no orphaned redis-server or postgres keeps a port and a data folder.
 */
export function spawnServer(command: string, args: string[], options: SpawnOptions = {}): ServerProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const running = killOnExit(child);
  // A server that ends by itself (crashed, or killed by a fault test) leaves the set.
  child.once('exit', () => running.delete(child));
  let stopping: Promise<void> | undefined;
  return {
    child,
    stderr: () => stderr,
    stop(signal) {
      stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
      return stopping;
    },
  };
}

/** Polls `probe` until it succeeds, the server exits, or `timeoutMs` passes. */
export async function waitUntilServing(
  server: ServerProcess,
  name: string,
  probe: () => Promise<void>,
  { timeoutMs = 30_000, intervalMs = 50 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { exitCode } = server.child;
    if (exitCode !== null) throw new Error(`${name} exited with ${exitCode}: ${server.stderr().slice(-2000).trim()}`);
    try {
      await probe();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        await server.stop('SIGKILL');
        throw new Error(`${name} did not start in ${timeoutMs} ms: ${(error as Error).message}\n${server.stderr().slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
