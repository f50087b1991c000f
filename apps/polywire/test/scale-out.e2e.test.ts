import { freePort } from '@polywire/local-services';
import { testEnvironment } from '@polywire/runtime/testing';
import { waitFor } from '@polywire/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Farm, startFarm, subscribe } from './farm.js';
import { type AppProcess, startApp } from './processes.js';

const ITEMS = 20;
const FEEDS = [
  ['alpha', 'en'],
  ['beta', 'ja'],
  ['gamma', 'en'],
  ['delta', 'ja'],
] as const;

interface Stored {
  articles: { canonical_url: string; language: string; title: string }[];
  sources: number;
}

/**
 * Scale-out: the same farm ingested by one feed worker and one article worker, then, into a fresh
 * database and queue prefix on the same Redis and PostgreSQL, by three of each. Per-host limits, the
 * scheduler's SKIP LOCKED claims and the idempotent store must give the same stored result.
 */
describe('three workers of each kind store what one does', () => {
  let farm: Farm;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    farm = await startFarm(ITEMS, 50);
  });
  afterAll(async () => {
    await Promise.all(processes.map((child) => child.kill()));
    await farm?.close();
  });

  /** Ingests the farm with `replicas` processes of each worker; `extra` env for the first article worker. */
  async function ingest(replicas: number, firstArticleWorker: Record<string, string> = {}) {
    const env = await testEnvironment({
      LOG_LEVEL: 'warn',
      SCHEDULER_INTERVAL_SECONDS: '1',
      ARTICLE_WORKER_CONCURRENCY: '2',
      FEED_WORKER_CONCURRENCY: '2',
    });
    await subscribe(
      env,
      FEEDS.map(([name, language]) => farm.feedUrl(name, language)),
    );
    const started: AppProcess[] = [];
    for (let replica = 0; replica < replicas; replica++) {
      started.push(startApp('feed-worker', env), startApp('article-worker', replica === 0 ? { ...env, ...firstArticleWorker } : env));
    }
    processes.push(...started);

    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const expected = FEEDS.length * ITEMS;
      await waitFor(
        async () => {
          const { rows } = await client.query<{ n: number }>('select count(*)::int as n from articles');
          return (rows[0]?.n ?? 0) >= expected;
        },
        { what: `${expected} articles with ${replicas} workers of each kind`, timeoutMs: 60_000 },
      );
      const { rows: articles } = await client.query<Stored['articles'][number]>(
        'select canonical_url, language, title from articles order by canonical_url',
      );
      const { rows } = await client.query<{ n: number }>('select count(*)::int as n from article_sources');
      return { stored: { articles, sources: rows[0]?.n ?? 0 }, started };
    } finally {
      await client.end();
    }
  }

  it('gets the same articles, once each, from three workers of each kind as from one', async () => {
    const one = await ingest(1, { LOG_LEVEL: 'debug' });
    expect(one.stored.articles).toHaveLength(FEEDS.length * ITEMS);
    expect(one.stored.sources).toBe(FEEDS.length * ITEMS);
    expect(await Promise.all(one.started.map((child) => child.stop()))).toEqual(one.started.map(() => 0));

    // One article can be followed through the logs: every line about article processing names its job
    // and URL hash.
    const lines = (one.started[1]?.output() ?? '')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const articleLines = lines.filter((line) => line.component === 'article-worker' || line.component === 'polite-http');
    expect(articleLines.filter((line) => line.msg === 'article stored' || line.msg === 'article already stored')).toHaveLength(FEEDS.length * ITEMS);
    for (const line of articleLines.filter((candidate) => candidate.msg !== 'worker connection error')) {
      expect(line).toMatchObject({ jobId: expect.stringMatching(/^article-[0-9a-f]{64}$/), urlHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }

    const metricsPort = await freePort();
    const three = await ingest(3, { METRICS_PORT: String(metricsPort) });
    expect(three.stored).toEqual(one.stored);
    expect(new Set(three.stored.articles.map((article) => article.canonical_url)).size).toBe(FEEDS.length * ITEMS);

    // Each worker process serves its own metrics: this one stored some of the articles, and timed each stage.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    // The farm's pages share their paragraphs, so most are stored as near-duplicates of an earlier one.
    const outcomes = [...metrics.matchAll(/^polywire_articles_total\{outcome="(\w+)"\} (\d+)$/gm)];
    expect(outcomes.filter(([, outcome]) => outcome === 'stored' || outcome === 'duplicate').reduce((sum, [, , n]) => sum + Number(n), 0)).toBeGreaterThan(0);
    for (const stage of ['fetch', 'extract', 'tag', 'dedupe', 'store']) {
      expect(metrics).toMatch(new RegExp(`^polywire_stage_duration_seconds_count\\{stage="${stage}"\\} [1-9]`, 'm'));
    }
    expect(metrics).toMatch(/^polywire_queue_jobs\{queue="article.process",state="completed"\} \d+$/m);
    expect(await Promise.all(three.started.map((child) => child.stop()))).toEqual(three.started.map(() => 0));
  }, 150_000);
});
