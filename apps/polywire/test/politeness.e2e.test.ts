import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@polywire/config';
import { upsertFeed } from '@polywire/db';
import { createRuntime, type Runtime } from '@polywire/runtime';
import { testEnvironment } from '@polywire/runtime/testing';
import { startHttpServer, type TestServer, waitFor } from '@polywire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp } from './processes.js';

const PAGES = 12;
/**
 * Jobs run first and not measured. A worker process's first fetch reaches the server a few hundred ms
 * after it took its slot (cold code paths, a new connection), which shows up as two arrivals closer
 * than the gap although their starts were not.
 */
const WARM_UP_PAGES = 8;
const MAX_CONCURRENCY = 2;
const MIN_GAP_MS = 200;
// Longer than MAX_CONCURRENCY × MIN_GAP_MS: with a shorter page the gap alone would keep requests under
// the concurrency limit, and the in-flight assertion below could not fail.
const PAGE_MS = 500;
/**
 * How much shorter than the gap two arrivals may look. The limiter spaces the starts on Redis's clock;
 * the server sees a request once its worker has been scheduled to send it, and stamps it once its own
 * event loop gets to it. Under CPU contention either lags by tens of milliseconds (a gap of 100 ms was
 * seen as 45 ms, one of 200 ms as 78 ms, with two test runs side by side on two cores), and no limiter
 * can space what happens after it answers. A late request shortens one gap and lengthens the next.
 */
const CLOCK_SLACK_MS = 10;

interface Arrival {
  path: string;
  at: number;
  inFlight: number;
}

const text = (n: number) =>
  `Page ${n}: the harbour authority published its yearly report on shipping, dredging and the new ferry terminal. `.repeat(3);

/**
 * The test: two article-worker processes on one Redis, a dozen article jobs for pages on one
 * host, and a server that records when each request arrived. Politeness is per host across processes,
 * so the server must never see more than HOST_MAX_CONCURRENCY requests at once, nor two starts closer
 * than HOST_MIN_GAP_MS, although the two workers could run 8 jobs at once between them.
 */
describe('per-host politeness across worker processes', () => {
  let server: TestServer;
  let runtime: Runtime;
  const workers: AppProcess[] = [];
  const arrivals: Arrival[] = [];
  let inFlight = 0;

  beforeAll(async () => {
    server = await startHttpServer((request, response) => {
      const page = /^\/(news|warm-up)\/(\d+)\.html$/.exec(request.url ?? '');
      if (!page) {
        response.writeHead(404).end();
        return;
      }
      inFlight++;
      arrivals.push({ path: request.url ?? '', at: performance.now(), inFlight });
      response.on('close', () => inFlight--);
      const title = `${page[1]} ${page[2]}`;
      setTimeout(() => {
        response
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${text(Number(page[2]))}</p></article></body></html>`);
      }, PAGE_MS);
    });
    const env = await testEnvironment({
      HOST_MAX_CONCURRENCY: String(MAX_CONCURRENCY),
      HOST_MIN_GAP_MS: String(MIN_GAP_MS),
      ARTICLE_WORKER_CONCURRENCY: '4',
      // Each worker logs the id of every job it stored at debug level: that is how we tell who did what.
      LOG_LEVEL: 'debug',
    });
    // This process's runtime migrates the database, and gives the queues and database to enqueue with.
    runtime = await createRuntime(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
    workers.push(startApp('article-worker', env), startApp('article-worker', env));
    await waitFor(async () => (await runtime.queues.articleProcess.getWorkersCount()) >= 2, {
      what: 'both article workers to listen',
    });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await runtime?.close();
    await server?.close();
  });

  /** Enqueues one article job per page (as the feed worker would) and waits until all are done. */
  async function processPages(feedId: number, urls: string[]): Promise<Set<string>> {
    const jobIds = new Set<string>();
    await runtime.queues.articleProcess.addBulk(
      urls.map((url) => {
        const urlHash = createHash('sha256').update(url).digest('hex');
        jobIds.add(`article-${urlHash}`);
        return {
          name: 'article.process',
          data: {
            url,
            urlHash,
            feedId,
            itemKey: url,
            item: { title: null, summary: null, contentHtml: null, publishedAt: null, authors: [], language: 'en' },
          },
          opts: { jobId: `article-${urlHash}` },
        };
      }),
    );
    await waitFor(
      async () => {
        const jobs = await Promise.all([...jobIds].map((id) => runtime.queues.articleProcess.getJob(id)));
        const failed = jobs.find((job) => job?.failedReason);
        if (failed) throw new Error(`article job ${failed.id} failed: ${failed.failedReason}`);
        return jobs.every((job) => job?.finishedOn);
      },
      { what: `${urls.length} article jobs to complete`, timeoutMs: 30_000 },
    );
    return jobIds;
  }
  const pageUrls = (kind: string, count: number) =>
    Array.from({ length: count }, (_, index) => `${server.url}/${kind}/${index + 1}.html`);

  it('never exceeds the host’s limits, however many workers run, and both workers do work', async () => {
    const feed = (await upsertFeed(runtime.db.db, { url: `${server.url}/feed.xml` })).feed;
    await processPages(feed.id, pageUrls('warm-up', WARM_UP_PAGES));
    arrivals.length = 0;

    const urls = pageUrls('news', PAGES);
    const jobIds = await processPages(feed.id, urls);

    // Every page fetched, once.
    expect(arrivals.map((arrival) => arrival.path).sort()).toEqual(urls.map((url) => new URL(url).pathname).sort());

    // Never more than the limit in flight at the server, and the limit was reached (so it was what bound).
    expect(Math.max(...arrivals.map((arrival) => arrival.inFlight))).toBe(MAX_CONCURRENCY);

    // Consecutive starts spaced by the gap, as the server saw them: the typical gap is the gap, and none is
    // near zero. Without the gap, two workers with two slots send pairs at once: half the gaps near 0.
    const gaps = arrivals
      .slice(1)
      .map((arrival, index) => arrival.at - arrivals[index]!.at)
      .sort((a, b) => a - b);
    expect(gaps[Math.floor(gaps.length / 2)]).toBeGreaterThanOrEqual(MIN_GAP_MS - CLOCK_SLACK_MS);
    expect(gaps[0]).toBeGreaterThanOrEqual(MIN_GAP_MS / 4);

    // Both shut down cleanly (which also flushes their logs).
    expect(await Promise.all(workers.map((worker) => worker.stop()))).toEqual([0, 0]);

    // Both processes stored some of the measured pages, and between them all of them.
    const storedBy = workers.map(
      (worker) =>
        new Set(
          worker
            .output()
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as { msg?: string; jobId?: string; created?: boolean })
            .filter((entry) => entry.msg === 'article stored' && entry.created && jobIds.has(String(entry.jobId)))
            .map((entry) => String(entry.jobId)),
        ),
    );
    for (const stored of storedBy) expect(stored.size).toBeGreaterThan(0);
    expect(new Set(storedBy.flatMap((stored) => [...stored]))).toEqual(jobIds);
  }, 90_000);
});
