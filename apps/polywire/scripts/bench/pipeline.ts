/**
 * Pipeline throughput against its own ceiling: `pnpm bench pipeline [--feeds=40] [--items=25] [--workers=1,3]`.
 *
 * One generated farm on 127.0.0.1 (feeds in English and Japanese with their pages, test/farm.ts) is
 * ingested twice over:
 *
 * - in-process: the feeds and pages are downloaded once beforehand; then one loop parses each feed and
 *   runs every item through the article worker's own stage functions (processArticle: extract, tag,
 *   fingerprint, store, cluster) on a PostgreSQL database, with the pages served from memory. No queue,
 *   no network: the ceiling of this machine for these stages.
 * - the pipeline: W feed-worker and W article-worker processes (the built dist, as deployed) on a
 *   private redis-server and the same PostgreSQL server, fetching over loopback; timed from the moment
 *   the feeds are inserted (due now) until every article is stored.
 *
 * Prints articles per second for each, and the pipeline's rate as a share of the in-process rate. Run it
 * on a quiet machine: it measures, it asserts nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { processArticle } from '@polywire/article-worker';
import { loadConfig } from '@polywire/config';
import { createDb, upsertFeed } from '@polywire/db';
import { canonicalizeUrl, urlHash } from '@polywire/dedupe';
import { parseFeedBytes } from '@polywire/feeds';
import type { FetchResult, HttpClient } from '@polywire/http';
import { createTestDatabase, startLocalPostgres, startLocalRedis } from '@polywire/local-services';
import { createRuntime } from '@polywire/runtime';
import pg from 'pg';
import { startFarm } from '../../test/farm.js';

const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '40' },
    items: { type: 'string', default: '25' },
    workers: { type: 'string', default: '1,3' },
    concurrency: { type: 'string', default: '8' },
  },
});
const feedCount = Number(values.feeds);
const itemsPerFeed = Number(values.items);
const workerCounts = values.workers.split(',').map(Number);
const concurrency = Number(values.concurrency);
const total = feedCount * itemsPerFeed;
const repository = path.resolve(import.meta.dirname, '../../../..');

const feedNames = Array.from({ length: feedCount }, (_, index) => [`f${index}`, index % 2 === 0 ? 'en' : 'ja'] as const);

const [redis, postgres] = await Promise.all([startLocalRedis({ persistent: false }), startLocalPostgres()]);
const farm = await startFarm(itemsPerFeed, 0);
const children: ChildProcess[] = [];

/** A fresh database with the farm's feeds in it, due now; returns its URL and the feeds' ids. */
async function freshDatabase(): Promise<{ url: string; feedIds: Map<string, number> }> {
  const url = await createTestDatabase(postgres.url);
  const db = createDb({ databaseUrl: url, dataDir: '' });
  await db.migrate();
  const feedIds = new Map<string, number>();
  for (const [name, language] of feedNames) {
    const { feed } = await upsertFeed(db.db, { url: farm.feedUrl(name, language) });
    feedIds.set(farm.feedUrl(name, language), feed.id);
  }
  await db.close();
  return { url, feedIds };
}

async function inProcess(): Promise<number> {
  // Download everything first: the loop below measures the stages, not the network.
  const feeds = await Promise.all(
    feedNames.map(async ([name, language]) => {
      const url = farm.feedUrl(name, language);
      return { url, body: Buffer.from(await (await fetch(url)).arrayBuffer()) };
    }),
  );
  const pages = new Map<string, Buffer>();
  for (const [name, language] of feedNames) {
    await Promise.all(
      farm.articleUrls(name, language).map(async (url) => pages.set(url, Buffer.from(await (await fetch(url)).arrayBuffer()))),
    );
  }
  const memoryHttp: HttpClient = {
    async fetch(url): Promise<FetchResult> {
      const body = pages.get(url.split('?')[0] ?? url) ?? Buffer.alloc(0);
      const contentType = 'text/html; charset=utf-8';
      return { url, status: 200, notModified: false, redirects: [], headers: { 'content-type': contentType }, contentType, body };
    },
    close: async () => {},
  };
  const { url, feedIds } = await freshDatabase();
  const runtime = await createRuntime(
    loadConfig({ DATABASE_URL: url, REDIS_URL: redis.url, QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'warn' }),
  );
  const stageRuntime = { ...runtime, http: memoryHttp };
  const startedAt = performance.now();
  const work: (() => Promise<unknown>)[] = [];
  for (const feed of feeds) {
    const parsed = await parseFeedBytes(feed.body, 'application/rss+xml; charset=utf-8');
    for (const item of parsed.items) {
      if (!item.link) continue;
      const link = item.link;
      const hash = urlHash(canonicalizeUrl(link));
      const payload = {
        url: link,
        urlHash: hash,
        feedId: feedIds.get(feed.url) ?? 0,
        itemKey: item.key,
        item: {
          title: item.title,
          summary: item.summary,
          contentHtml: item.contentHtml,
          publishedAt: item.publishedAt?.toISOString() ?? null,
          authors: item.authors,
          language: item.language,
        },
      };
      work.push(() => processArticle(stageRuntime, payload, { jobId: `article-${hash}`, attempt: 1, lastAttempt: false }));
    }
  }
  // As many in flight as one article worker runs, so database round trips overlap as they do there.
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < work.length) await work[next++]?.();
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  await runtime.close();
  return total / seconds;
}

async function pipeline(workers: number): Promise<number> {
  const database = await freshDatabase();
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
    HOST_MAX_CONCURRENCY: '1000',
    HOST_MIN_GAP_MS: '0',
    SCHEDULER_INTERVAL_SECONDS: '1',
    ARTICLE_WORKER_CONCURRENCY: String(concurrency),
    // info, for the "runtime ready" line each process prints once connected and migrated.
    LOG_LEVEL: 'info',
  };
  // The feeds are due already: hold them back until every process is up, so start-up is not timed.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`update feeds set next_fetch_at = now() + interval '1 hour'`);
  const started: Promise<void>[] = [];
  for (let index = 0; index < workers; index++) {
    for (const app of ['feed-worker', 'article-worker']) {
      const child = spawn(process.execPath, [path.join(repository, 'apps', app, 'dist', 'main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      started.push(
        new Promise((resolve, reject) => {
          let output = '';
          child.stderr?.on('data', (chunk) => {
            output += chunk;
            if (output.includes('"runtime ready"')) resolve();
          });
          child.once('exit', (code) => reject(new Error(`${app} exited with ${code}: ${output.slice(-2000)}`)));
        }),
      );
    }
  }
  await Promise.all(started);
  const startedAt = performance.now();
  await client.query('update feeds set next_fetch_at = now()');
  for (;;) {
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from articles');
    if ((rows[0]?.n ?? 0) >= total) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - startedAt) / 1000;
  await client.end();
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  return total / seconds;
}

try {
  console.log(`${feedCount} feeds × ${itemsPerFeed} items = ${total} articles; ${concurrency} jobs in flight per article worker`);
  const ceiling = await inProcess();
  console.log(`in-process stages:           ${ceiling.toFixed(1)} articles/s`);
  for (const workers of workerCounts) {
    const rate = await pipeline(workers);
    console.log(`pipeline, ${workers} + ${workers} processes:   ${rate.toFixed(1)} articles/s  (${(rate / ceiling).toFixed(2)} of in-process)`);
  }
} finally {
  for (const child of children) child.kill('SIGKILL');
  await farm.close();
  await Promise.all([redis.stop(), postgres.stop()]);
}
