/**
 * The all-in-one's idle memory: `pnpm bench memory`.
 *
 * Starts the built all-in-one (`apps/polywire/dist/main.js`, as `pnpm start` does) twice on one fresh
 * DATA_DIR: once creating the embedded database, once reopening it. Each time it adds one feed from a
 * farm on 127.0.0.1 (the feed list file is empty, so nothing goes to the internet) and waits until its
 * articles are stored, so the language model is loaded and every part has run once; then until the
 * process is idle (/healthz ok, every queue empty) and samples its resident memory (VmRSS) for a few
 * seconds. It prints the median of those samples and the peak (VmHWM) against the goal, and the V8 heap
 * from /metrics, which tells the JavaScript share from the rest (PGlite's WebAssembly memory and code,
 * the language model's arrays).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@polywire/local-services';
import { startHttpServer, waitFor } from '@polywire/testing';
import { type AppProcess, startApp } from '../../test/processes.js';

/** Issue 15's goal for the idle all-in-one, language model loaded. */
const GOAL_MB = 400;
const ITEMS = 3;
const SAMPLES = 10;
const SAMPLE_INTERVAL_MS = 500;
/** Each start gets this long to become healthy and idle (the first includes creating the database). */
const PHASE_TIMEOUT_MS = 180_000;

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** VmRSS and VmHWM (peak) of a process, in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

// A farm of one page per item, in English: enough text for the language model to be asked.
const farm = await startHttpServer((request, response) => {
  const feed = /^\/(start\d+)\.xml$/.exec(request.url ?? '');
  if (feed) {
    const items = Array.from({ length: ITEMS }, (_, n) => `<item><title>Council budget, part ${n + 1}</title><link>${farm.url}/${feed[1]}/${n + 1}.html</link></item>`);
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    response.end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Local</title><link>${farm.url}/</link>${items.join('')}</channel></rss>`);
    return;
  }
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><html lang="en"><head><title>Council budget</title></head><body><article><h1>Council budget</h1>
    <p>The council met on Tuesday evening to discuss the budget for the coming year, and after a long debate the members agreed on most of the points raised by the finance committee.</p>
    <p>Residents who attended asked about the library's opening hours and the repairs to the bridge on the river road, which the mayor promised to put on the agenda of the next meeting.</p></article></body></html>`);
});
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'polywire-bench-memory-'));
const feedsFile = path.join(dataDir, 'feeds.opml');
writeFileSync(feedsFile, '<?xml version="1.0"?><opml version="2.0"><head><title>none</title></head><body></body></opml>');
let app: AppProcess | undefined;

/** One start: ready, one feed ingested, idle; returns the median idle RSS in MB. */
async function measureStart(label: string, start: number): Promise<number> {
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  app = startApp('polywire', {
    DATA_DIR: dataDir,
    FEEDS_FILE: feedsFile,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    FETCH_ALLOWED_PRIVATE_ORIGINS: farm.url,
    SCHEDULER_INTERVAL_SECONDS: '1',
  });
  const running = app;
  const alive = () => {
    if (running.child.exitCode !== null) throw new Error(`the all-in-one exited (${running.child.exitCode}):\n${running.output().slice(-3_000)}`);
  };
  await waitFor(
    async () => {
      alive();
      return (await fetch(`${api}/healthz`)).ok;
    },
    { what: `${label}: /healthz`, timeoutMs: PHASE_TIMEOUT_MS },
  );
  const readySeconds = (performance.now() - startedAt) / 1000;
  const added = await fetch(`${api}/api/feeds`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${farm.url}/start${start}.xml` }),
  });
  if (added.status !== 201) throw new Error(`${label}: adding the feed answered ${added.status}: ${await added.text()}`);
  await waitFor(
    async () => {
      alive();
      const articles = (await (await fetch(`${api}/api/articles?limit=100`)).json()) as { items: unknown[] };
      const { queues } = (await (await fetch(`${api}/api/queues`)).json()) as { queues: { waiting: number; active: number; delayed: number }[] };
      return articles.items.length >= ITEMS * start && queues.every((queue) => queue.waiting + queue.active + queue.delayed === 0);
    },
    { what: `${label}: the feed's articles stored and the queues empty`, timeoutMs: PHASE_TIMEOUT_MS, intervalMs: 250 },
  );
  const samples: number[] = [];
  for (let n = 0; n < SAMPLES; n++) {
    await sleep(SAMPLE_INTERVAL_MS);
    alive();
    samples.push(memoryOf(running.child.pid!).rss);
  }
  const { peak } = memoryOf(running.child.pid!);
  const metrics = await (await fetch(`${api}/metrics`)).text();
  const heapUsed = Number(/^nodejs_heap_size_used_bytes (\d+)/m.exec(metrics)?.[1] ?? 0);
  const rss = mb(median(samples));
  const verdict = rss <= GOAL_MB ? 'within' : 'OVER';
  console.log(
    `${label}: idle RSS ${rss} MB (${verdict} the ${GOAL_MB} MB goal), peak ${mb(peak)} MB, V8 heap used ${mb(heapUsed)} MB; healthy after ${readySeconds.toFixed(1)} s`,
  );
  const code = await running.stop();
  if (code !== 0) throw new Error(`${label}: the all-in-one exited with ${code} on SIGTERM:\n${running.output().slice(-3_000)}`);
  return rss;
}

try {
  console.log('all-in-one (node --max-old-space-size=1024 apps/polywire/dist/main.js), fresh DATA_DIR, one local feed per start');
  await measureStart('first start (creates the database)', 1);
  await measureStart('reopened', 2);
} finally {
  await app?.kill();
  await farm.close();
  rmSync(dataDir, { recursive: true, force: true });
}
