import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { spawnServer } from './child.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('spawnServer', () => {
  it('adds one exit listener however many servers it starts, and stop() ends them', async () => {
    const before = process.listenerCount('exit');
    const servers = [spawnServer('sleep', ['60']), spawnServer('sleep', ['60']), spawnServer('sleep', ['60'])];
    expect(process.listenerCount('exit') - before).toBeLessThanOrEqual(1);
    await Promise.all(servers.map((server) => server.stop('SIGTERM')));
    for (const server of servers) expect(server.child.signalCode).toBe('SIGTERM');
  });

  it('kills the servers a process leaves running when it exits', async () => {
    // A separate Node process starts a server and exits without stopping it.
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const script = `import { spawnServer } from ${JSON.stringify(new URL('./child.ts', import.meta.url).pathname)};
      console.log(spawnServer('sleep', ['60']).child.pid); process.exit(0);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', tsx, '--input-type=module', '-e', script]);
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(pid), `server ${pid} outlived the process that started it`).toBe(false);
  });
});
