import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@polywire/local-services';
import { testEnvironment } from '@polywire/runtime/testing';
import { waitFor } from '@polywire/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Farm, startFarm } from './farm.js';
import { type AppProcess, startApp, waitUntilHealthy } from './processes.js';

const execFileAsync = promisify(execFile);

interface FeedJson {
  id: number;
  url: string;
  status: string;
  lastError: string | null;
  articleCount: number;
}
interface ArticleJson {
  id: number;
  url: string;
  title: string;
  language: string | null;
  feedIds: number[];
}

/**
 * The deployed shape: dashboard, feed worker and article worker as three processes on one Redis and
 * one PostgreSQL, ingesting a local farm of two feeds (English and Japanese), with the workers killed
 * half-way.
 */
describe('pipeline end to end, as separate processes', () => {
  const ITEMS = 12;
  let farm: Farm;
  let env: Record<string, string>;
  let api: string;
  let dashboard: AppProcess;
  let workers: AppProcess[] = [];
  const processes: AppProcess[] = [];

  const start = (app: string) => {
    const process = startApp(app, env);
    processes.push(process);
    return process;
  };
  const json = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${api}${path}`, init);
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const articles = async () => (await json<{ items: ArticleJson[] }>('/api/articles?limit=500')).items;
  const addFeed = (url: string) =>
    json<FeedJson>('/api/feeds', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });

  beforeAll(async () => {
    farm = await startFarm(ITEMS, 150);
    const port = await freePort();
    env = await testEnvironment({
      PORT: String(port),
      LOG_LEVEL: 'warn',
      // A killed worker's jobs are recovered after this lock expires (30 s in production).
      JOB_LOCK_MS: '2000',
      SCHEDULER_INTERVAL_SECONDS: '1',
      ARTICLE_WORKER_CONCURRENCY: '2',
    });
    api = `http://127.0.0.1:${port}`;
    dashboard = start('dashboard');
    await waitUntilHealthy(api);
  });

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.kill()));
    await farm?.close();
  });

  it('ingests both feeds exactly once through a crash of the workers', async () => {
    workers = [start('feed-worker'), start('article-worker')];
    const en = await addFeed(farm.feedUrls.en);
    const ja = await addFeed(farm.feedUrls.ja);

    // Kill both workers with SIGKILL while pages are still being fetched.
    // Two cold processes under CPU load took more than 20 s to store their first articles.
    await waitFor(async () => (await articles()).length >= 4, { what: 'the first articles', timeoutMs: 60_000 });
    await Promise.all(workers.map((worker) => worker.kill()));
    const before = (await articles()).length;
    expect(before).toBeLessThan(2 * ITEMS);

    workers = [start('feed-worker'), start('article-worker')];
    const stored = await waitFor(
      async () => {
        const list = await articles();
        return list.length >= 2 * ITEMS && list;
      },
      { what: `all ${2 * ITEMS} articles`, timeoutMs: 60_000 },
    );

    expect(stored).toHaveLength(2 * ITEMS);
    expect(new Set(stored.map((article) => article.url)).size).toBe(2 * ITEMS);
    for (const article of stored) expect(article.feedIds).toHaveLength(1);
    const japanese = stored.filter((article) => article.feedIds[0] === ja.id);
    expect(japanese).toHaveLength(ITEMS);
    expect(new Set(japanese.map((article) => article.language))).toEqual(new Set(['ja']));
    expect(new Set(stored.filter((article) => article.feedIds[0] === en.id).map((article) => article.language))).toEqual(
      new Set(['en']),
    );

    const detail = await json<{ text: string; title: string; events: { kind: string }[]; sources: unknown[] }>(
      `/api/articles/${japanese[0]?.id}`,
    );
    expect(detail.title).toMatch(/^議会のニュース \d+$/);
    expect(detail.text).toContain('市議会は長い議論の末');
    expect(detail.text).not.toContain('Home');
    expect(detail.sources).toHaveLength(1);
    expect(detail.events.map((event) => event.kind)).toEqual(expect.arrayContaining(['queued', 'fetched', 'extracted', 'stored']));
    // Above its two waits (60 s each), so a slow machine fails on what it waited for, not on the clock.
  }, 150_000);

  it('adds nothing when the feeds are fetched again', async () => {
    const feeds = (await json<{ items: FeedJson[] }>('/api/feeds')).items;
    for (const feed of feeds) {
      const response = await fetch(`${api}/api/feeds/${feed.id}/fetch`, { method: 'POST' });
      expect(response.status).toBe(202);
    }
    await waitFor(
      async () => {
        const details = await Promise.all(feeds.map((feed) => json<{ fetches: unknown[] }>(`/api/feeds/${feed.id}`)));
        return details.every((detail) => detail.fetches.length >= 2);
      },
      { what: 'the second fetch of each feed' },
    );
    expect(await articles()).toHaveLength(2 * ITEMS);

    const db = new pg.Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query(
        'select (select count(*)::int from articles) as articles, (select count(*)::int from article_sources) as sources',
      );
      expect(rows[0]).toEqual({ articles: 2 * ITEMS, sources: 2 * ITEMS });
    } finally {
      await db.end();
    }
  });

  it('shows a feed that answers 404 or is not a feed as failing, and keeps running', async () => {
    const missing = await addFeed(farm.feedUrls.missing);
    const notAFeed = await addFeed(farm.feedUrls.notAFeed);
    const [missingState, notAFeedState] = await waitFor(
      async () => {
        const feeds = (await json<{ items: FeedJson[] }>('/api/feeds')).items;
        const states = [missing, notAFeed].map((feed) => feeds.find((candidate) => candidate.id === feed.id));
        return states.every((state) => state?.lastError) && states;
      },
      { what: 'the failing feeds to show their errors' },
    );
    expect(missingState).toMatchObject({ status: 'failing', lastError: 'HTTP 404 Not Found' });
    expect(notAFeedState?.status).toBe('failing');
    expect(notAFeedState?.lastError).toMatch(/^not a feed/);

    const invalid = await fetch(`${api}/api/feeds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'javascript:alert(1)' }),
    });
    expect(invalid.status).toBe(400);
    for (const process of [dashboard, ...workers]) expect(process.child.exitCode).toBeNull();
  });

  it('answers the polywire CLI', async () => {
    const cli = (...args: string[]) =>
      execFileAsync(process.execPath, [path.resolve(import.meta.dirname, '../dist/cli/main.js'), ...args], {
        env: { PATH: process.env.PATH, POLYWIRE_API_URL: api },
      }).then((result) => result.stdout);
    const japanese = (await cli('articles', 'list', '--lang', 'ja', '--json')).trim().split('\n').map((line) => JSON.parse(line));
    expect(japanese).toHaveLength(ITEMS);
    expect(new Set(japanese.map((article) => article.language))).toEqual(new Set(['ja']));
    expect(await cli('articles', 'list', '--lang', 'en', '--limit', '3')).toMatch(/^\d+ +en +2026-11-03 \d\d:00 +Council story \d+$/m);

    expect(await cli('feeds', 'add', farm.feedUrls.en)).toMatch(/^already present: feed \d+ /);
    const table = await cli('feeds', 'list');
    expect(table).toContain(farm.feedUrls.ja);
    expect(table).toContain('error: HTTP 404 Not Found');
    await expect(cli('feeds', 'add', 'not-a-url')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('polywire: url: must be an http(s) URL') });
    await expect(cli('frobnicate')).rejects.toMatchObject({ code: 2 });
    // Six CLI processes one after another: each loads Node and the CLI, seconds apiece under CPU load.
  }, 90_000);

  it('shuts every process down cleanly on SIGTERM', async () => {
    const codes = await Promise.all([dashboard, ...workers].map((process) => process.stop()));
    expect(codes).toEqual([0, 0, 0]);
  });
});
