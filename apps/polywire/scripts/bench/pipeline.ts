/**
 * The pipeline against its own ceiling, and the load run: `pnpm bench pipeline [--feeds=200]
 * [--items=50] [--workers=1,3] [--baseline=2000] [--rate=0]` (the issue's load run: `--feeds=2000
 * --items=50 --workers=1`).
 *
 * A generated farm on 127.0.0.1 serves `feeds` RSS feeds of `items` items each in ten languages, with
 * their article pages. The texts are built from the sentences of the dedupe evaluation set (written for
 * Polywire), eight drawn per page, so pages read as real text in their language and are rarely near
 * copies of each other. Then, in one run:
 *
 * 1. In-process ceiling: the same stage functions the workers call (feed parse, then per item
 *    ingestArticle: extract → tag → fingerprints → store → cluster), in a plain loop with the workers'
 *    concurrency, pages handed over from memory: no queue, no network.
 * 2. For each worker count N: one feed-worker and N article-worker processes (the built apps, as
 *    deployed) on a fresh database and queue prefix ingest the whole farm; the rate is articles over the
 *    time from the first fetch to the last article stored.
 *
 * By default every feed is due at once, so the latency measures how long a backlog takes to drain;
 * `--rate=R` subscribes feeds over time instead, R articles a second, for the latency of a pipeline
 * that keeps up (R below its rate).
 *
 * It prints both rates and their ratio, the latency from an item being queued to its article being
 * queryable (p50/p99), Redis memory, database size and each worker's peak RSS, and the article
 * workers' RSS over time (first and last quarter of the run), to show whether it trends upward.
 * BENCH_NODE_OPTIONS is passed to the worker processes as NODE_OPTIONS (V8 memory flags, profiling).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@polywire/config';
import { upsertFeed } from '@polywire/db';
import { parseFeedBytes } from '@polywire/feeds';
import { type AttemptInfo, articlePayload, ingestArticle } from '@polywire/pipeline';
import type { ArticleProcessPayload } from '@polywire/queue';
import { createTestDatabase, startLocalPostgres, startLocalRedis } from '@polywire/local-services';
import { createRuntime, type Runtime } from '@polywire/runtime';
import { seededRandom, startHttpServer } from '@polywire/testing';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type AppProcess, startApp } from '../../test/processes.js';

const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '200' },
    items: { type: 'string', default: '50' },
    workers: { type: 'string', default: '1,3' },
    baseline: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '0' },
  },
});
const FEEDS = Number(values.feeds);
const ITEMS = Number(values.items);
const WORKER_COUNTS = values.workers.split(',').filter(Boolean).map(Number); // `--workers=` : the in-process loop only
const BASELINE_ARTICLES = Math.min(Number(values.baseline), FEEDS * ITEMS);
const TOTAL = FEEDS * ITEMS;
/** Articles offered per second (feeds subscribed over time); 0: every feed at once. */
const RATE = Number(values.rate);
const repository = path.resolve(import.meta.dirname, '../../../..');

// ---- The farm ------------------------------------------------------------------------------------

/** Sentences per language from the dedupe evaluation set (text written for Polywire). */
function sentencePools(): Map<string, { sentences: string[]; titles: string[] }> {
  const dir = path.join(repository, 'packages/dedupe/eval-set');
  const pools = new Map<string, { sentences: string[]; titles: string[] }>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    for (const article of JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { language: string; title: string; text: string }[]) {
      const pool = pools.get(article.language) ?? { sentences: [], titles: [] };
      pool.titles.push(article.title);
      for (const line of article.text.split('\n')) {
        pool.sentences.push(...line.split(/(?<=[.!?。！？])\s*/).filter((sentence) => sentence.length >= 30));
      }
      pools.set(article.language, pool);
    }
  }
  return pools;
}
const pools = sentencePools();
const languages = [...pools.keys()].sort();


function story(feed: number, item: number): { language: string; title: string; paragraphs: string[] } {
  const language = languages[feed % languages.length]!;
  const pool = pools.get(language)!;
  const random = seededRandom(feed * 100_003 + item);
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const sentences = Array.from({ length: 8 }, () => pick(pool.sentences));
  const separator = language === 'zh' || language === 'ja' ? '' : ' ';
  return {
    language,
    title: `${pick(pool.titles)} (${feed}-${item})`,
    paragraphs: [0, 2, 4, 6].map((start) => sentences.slice(start, start + 2).join(separator)),
  };
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function feedXml(base: string, feed: number): string {
  const language = languages[feed % languages.length]!;
  const items = Array.from({ length: ITEMS }, (_, item) => {
    const { title } = story(feed, item);
    const published = new Date(Date.UTC(2026, 10, 1) + item * 3_600_000).toUTCString();
    return `<item><title>${xmlEscape(title)}</title><link>${base}/a/${feed}/${item}.html</link><guid>${base}/a/${feed}/${item}.html</guid><pubDate>${published}</pubDate></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed ${feed}</title><link>${base}/</link><language>${language}</language>${items.join('')}</channel></rss>`;
}

function pageHtml(feed: number, item: number): string {
  const { language, title, paragraphs } = story(feed, item);
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${xmlEscape(title)} | Farm</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>${xmlEscape(title)}</h1>
    ${paragraphs.map((paragraph) => `<p>${xmlEscape(paragraph)}</p>`).join('\n')}</article><footer>© Farm</footer></body></html>`;
}

// ---- Measuring -----------------------------------------------------------------------------------

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** VmRSS and VmHWM (peak) of a process, in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function runLoop<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const redisServer = await startLocalRedis({ persistent: true, dataDir: `/tmp/polywire-bench-redis-${process.pid}` });
const postgres = await startLocalPostgres();
const farm = await startHttpServer((request, response) => {
  const url = request.url ?? '/';
  const feed = /^\/feeds\/(\d+)\.xml$/.exec(url);
  if (feed) {
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feedXml(farm.url, Number(feed[1])));
    return;
  }
  const page = /^\/a\/(\d+)\/(\d+)\.html$/.exec(url);
  if (page) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml(Number(page[1]), Number(page[2])));
    return;
  }
  response.writeHead(404).end();
});
const baseEnv = (databaseUrl: string, prefix: string): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisServer.url,
  QUEUE_PREFIX: prefix,
  FETCH_ALLOWED_PRIVATE_ORIGINS: farm.url,
  LOG_LEVEL: 'warn',
  // One host serves the whole farm: production politeness (2 in flight, 1 s apart) would measure the
  // limiter, not the pipeline.
  HOST_MAX_CONCURRENCY: '1000',
  HOST_MIN_GAP_MS: '0',
  SCHEDULER_INTERVAL_SECONDS: '1',
  ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
});

try {
  console.log(`farm: ${FEEDS.toLocaleString('en')} feeds × ${ITEMS} items = ${TOTAL.toLocaleString('en')} articles in ${languages.length} languages (${languages.join(' ')})`);

  // 1. The in-process ceiling.
  const baselineEnv = baseEnv(await createTestDatabase(postgres.url, 'bench_inprocess'), 'bench-inprocess');
  const runtime = await createRuntime(loadConfig(baselineEnv));
  await runtime.db.migrate();
  const fromMemory: Runtime['http'] = {
    async fetch(url) {
      const [, feed, item] = /\/a\/(\d+)\/(\d+)\.html$/.exec(url)!;
      const body = Buffer.from(pageHtml(Number(feed), Number(item)));
      return { url, status: 200, notModified: false, redirects: [], headers: {}, contentType: 'text/html; charset=utf-8', body };
    },
    close: async () => {},
  };
  const inProcess: Runtime = { ...runtime, http: fromMemory };
  const concurrency = runtime.config.ARTICLE_WORKER_CONCURRENCY;
  const baselineStart = performance.now();
  const payloads: ArticleProcessPayload[] = [];
  for (let feed = 0; payloads.length < BASELINE_ARTICLES; feed++) {
    const { feed: row } = await upsertFeed(runtime.db.db, { url: `${farm.url}/feeds/${feed}.xml`, title: `Feed ${feed}` });
    const parsed = await parseFeedBytes(Buffer.from(feedXml(farm.url, feed)), 'application/rss+xml; charset=utf-8');
    payloads.push(...parsed.items.slice(0, BASELINE_ARTICLES - payloads.length).map((item) => articlePayload(row.id, item, item.link!)));
  }
  // One loop over every item, so the workers' concurrency is never idle between feeds.
  await runLoop(payloads, concurrency, (payload) =>
    ingestArticle(inProcess, payload, { jobId: `bench-${payload.urlHash}`, attempt: 1, lastAttempt: true } satisfies AttemptInfo),
  );
  const processed = payloads.length;
  const inProcessRate = processed / ((performance.now() - baselineStart) / 1000);
  await runtime.close();
  console.log(`in-process loop (concurrency ${concurrency}, no queue, no network): ${processed.toLocaleString('en')} articles, ${inProcessRate.toFixed(0)} articles/s`);

  // 2. The deployed shape, for each worker count.
  for (const workers of WORKER_COUNTS) {
    const databaseUrl = await createTestDatabase(postgres.url, `bench_pipeline_${workers}`);
    const env = baseEnv(databaseUrl, `bench-${workers}`);
    const sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    const processes: AppProcess[] = [startApp('article-worker', env)];
    // The first process migrates; the others start once the schema is there.
    while (!(await sql.query("select to_regclass('public.feeds') as t")).rows[0].t) await new Promise((resolve) => setTimeout(resolve, 200));
    for (let n = 1; n < workers; n++) processes.push(startApp('article-worker', env));
    const redis = new Redis(redisServer.url);
    await redis.config('RESETSTAT');
    const memorySamples = new Map<number, number[]>();
    const sampler = setInterval(() => {
      for (const process of processes) {
        if (process.child.pid && process.child.exitCode === null) {
          memorySamples.set(process.child.pid, [...(memorySamples.get(process.child.pid) ?? []), memoryOf(process.child.pid).rss]);
        }
      }
    }, 2_000);
    const feedRows = Array.from({ length: FEEDS }, (_, feed) => `('${farm.url}/feeds/${feed}.xml', 'Feed ${feed}')`);
    let subscribed = 0;
    /** Subscribes the feeds up to `count`, 1,000 to a statement. */
    const subscribeUpTo = async (count: number) => {
      for (; subscribed < count; subscribed = Math.min(count, subscribed + 1_000)) {
        await sql.query(`insert into feeds (url, title) values ${feedRows.slice(subscribed, Math.min(count, subscribed + 1_000)).join(',')}`);
      }
    };
    if (RATE <= 0) await subscribeUpTo(FEEDS);
    const feedWorker = startApp('feed-worker', env);
    processes.push(feedWorker);
    const wallStart = performance.now();
    let stored = 0;
    let lastProgress = 0;
    while (stored < TOTAL) {
      if (RATE > 0) await subscribeUpTo(Math.min(FEEDS, Math.ceil((((performance.now() - wallStart) / 1000) * RATE) / ITEMS)));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      stored = Number((await sql.query('select count(*) as n from articles')).rows[0].n);
      for (const process of processes) if (process.child.exitCode !== null) throw new Error(`a worker exited:\n${process.output().slice(-2_000)}`);
      if (performance.now() - lastProgress > 30_000) {
        console.log(`  … ${stored.toLocaleString('en')} of ${TOTAL.toLocaleString('en')} stored after ${((performance.now() - wallStart) / 1000).toFixed(0)} s`);
        lastProgress = performance.now();
      }
    }
    clearInterval(sampler);
    const timing = (
      await sql.query(`
        select extract(epoch from max(a.ingested_at) - (select min(started_at) from feed_fetches)) as seconds,
               percentile_cont(array[0.5, 0.99]) within group (order by extract(epoch from a.ingested_at - q.at)) as latency
        from articles a join lateral (select min(e.at) as at from article_events e where e.url_hash = a.url_hash and e.kind = 'queued') q on true`)
    ).rows[0] as { seconds: number; latency: number[] };
    const rate = TOTAL / Number(timing.seconds);
    const redisMemory = /used_memory_peak:(\d+)/.exec(await redis.info('memory'))?.[1];
    const databaseSize = Number((await sql.query('select pg_database_size(current_database()) as size')).rows[0].size);
    const peaks = processes.map((process, index) => `${index === processes.length - 1 ? 'feed' : `article#${index + 1}`} ${mib(memoryOf(process.child.pid!).peak)}`);
    const trends = [...memorySamples.entries()].slice(0, workers).map(([, samples]) => {
      const quarter = Math.max(1, Math.floor(samples.length / 4));
      const average = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;
      return `${mib(average(samples.slice(0, quarter)))} → ${mib(average(samples.slice(-quarter)))}`;
    });
    console.log(`pipeline, 1 feed worker + ${workers} article worker${workers > 1 ? 's' : ''}: ${TOTAL.toLocaleString('en')} articles in ${Number(timing.seconds).toFixed(1)} s, ${rate.toFixed(0)} articles/s, ${RATE > 0 ? 'the offered rate (no ratio: --rate paces the input)' : `ratio to in-process ${(rate / inProcessRate).toFixed(2)} (target ≥ 0.7)`}`);
    console.log(`  queued → queryable${RATE > 0 ? ` (${RATE} articles/s offered)` : ' (every feed due at once: a backlog drains)'} p50 ${Number(timing.latency[0]).toFixed(1)} s, p99 ${Number(timing.latency[1]).toFixed(1)} s`);
    console.log(`  Redis peak memory ${mib(Number(redisMemory))}, database ${mib(databaseSize)}, peak RSS ${peaks.join(', ')}`);
    console.log(`  article workers' RSS, first → last quarter of the run: ${trends.join('; ')}`);
    await Promise.all(processes.map((process) => process.stop()));
    redis.disconnect();
    await sql.end();
  }
} finally {
  await farm.close();
  await redisServer.stop();
  await postgres.stop();
}
