import { getFeed, listArticleEvents, listFeedFetches, upsertFeed } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { startHttpServer, type TestServer } from '@polywire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshFeed } from './refresh-feed.js';

const rss = (base: string, ids: number[]) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local news</title><link>${base}/</link><language>en</language>
${ids.map((id) => `<item><title>Story ${id}</title><link>${base}/a/${id}?utm_source=rss</link><guid>story-${id}</guid></item>`).join('\n')}
</channel></rss>`;

describe('refreshFeed', () => {
  let runtime: Runtime;
  let server: TestServer;
  let items = [1, 2, 3];
  const logger = { info() {}, debug() {}, warn() {} } as never;

  beforeAll(async () => {
    runtime = await createTestRuntime();
    server = await startHttpServer((request, response) => {
      if (request.url === '/feed.xml') {
        const body = rss(server.url, items);
        const etag = `"${items.join('-')}"`;
        if (request.headers['if-none-match'] === etag) {
          response.writeHead(304).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
      } else if (request.url === '/same-body.xml') {
        // A server that changes its ETag on every response while the body stays the same.
        response.writeHead(200, { 'content-type': 'text/xml', etag: `"${Math.random()}"` }).end(rss(server.url, [9]));
      } else if (request.url === '/old.xml') {
        response.writeHead(301, { location: '/moved.xml' }).end();
      } else if (request.url === '/moved.xml') {
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(server.url, [20]));
      } else if (request.url === '/temporary.xml') {
        response.writeHead(302, { location: '/moved.xml' }).end();
      } else if (request.url === '/gone.xml') {
        response.writeHead(410).end('gone');
      } else if (request.url === '/dated.xml') {
        // Ten items over the last three hours, and a server that asks for no more than one fetch an hour.
        const now = Date.now();
        const items = Array.from({ length: 10 }, (_, index) => {
          const date = new Date(now - index * 20 * 60_000).toUTCString();
          return `<item><guid>d${index}</guid><link>${server.url}/d/${index}</link><pubDate>${date}</pubDate></item>`;
        });
        response
          .writeHead(200, { 'content-type': 'application/rss+xml', 'cache-control': 'max-age=60' })
          .end(`<rss version="2.0"><channel><title>Dated</title>${items.join('')}</channel></rss>`);
      } else if (request.url === '/ttl.xml') {
        response
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(`<rss version="2.0"><channel><title>T</title><ttl>180</ttl><item><guid>t1</guid><link>${server.url}/t/1</link></item></channel></rss>`);
      } else if (request.url === '/nul.json') {
        // A JSON Feed whose title holds U+0000, which PostgreSQL text cannot store (issue 15).
        const feed = { version: 'https://jsonfeed.org/version/1.1', title: 'Breaking\u0000 news', items: [{ id: 'n1', url: `${server.url}/n/1`, title: 'One\u0000' }] };
        response.writeHead(200, { 'content-type': 'application/feed+json' }).end(JSON.stringify(feed));
      } else if (request.url === '/refused.xml') {
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>Refused title</title></channel></rss>');
      } else if (request.url === '/page.html') {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Not a feed</body></html>');
      } else {
        response.writeHead(404).end('not found');
      }
    });
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
  });

  it('enqueues the new items once, records the fetch, and learns the feed title', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: `${server.url}/feed.xml` });
    const first = await refreshFeed(runtime, { feedId: feed.id, url: feed.url }, logger);
    expect(first).toEqual({ outcome: 'ok', items: 3, newItems: 3 });
    const jobs = await runtime.queues.articleProcess.getWaiting();
    expect(jobs.map((job) => job.data.url).sort()).toEqual([1, 2, 3].map((id) => `${server.url}/a/${id}?utm_source=rss`));
    const job = jobs[0]!;
    expect(job.id).toBe(`article-${job.data.urlHash}`);
    expect((await listArticleEvents(runtime.db.db, job.data.urlHash)).map((event) => event.kind)).toEqual(['queued']);

    const stored = await getFeed(runtime.db.db, feed.id);
    expect(stored).toMatchObject({ title: 'Local news', declaredLanguage: 'en', status: 'active', etag: '"1-2-3"' });
    expect(stored!.nextFetchAt.getTime()).toBeGreaterThan(Date.now() + 60_000);

    // Unchanged: the server answers 304 to the validator we kept.
    expect(await refreshFeed(runtime, { feedId: feed.id, url: feed.url }, logger)).toMatchObject({ outcome: 'not_modified' });
    expect(server.requests.at(-1)).toBe('GET /feed.xml');

    // One more item. None is stored yet, so all four pass the stored-item filter, but the URL-hash job
    // ids keep one job per URL: only the new item adds a job.
    items = [1, 2, 3, 4];
    expect(await refreshFeed(runtime, { feedId: feed.id, url: feed.url }, logger)).toEqual({ outcome: 'ok', items: 4, newItems: 4 });
    expect(await runtime.queues.articleProcess.getWaitingCount()).toBe(4);
    expect((await listFeedFetches(runtime.db.db, feed.id)).map((fetch) => fetch.outcome)).toEqual(['ok', 'not_modified', 'ok']);
  });

  it('treats a body it has already seen as not modified, whatever the ETag says', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: `${server.url}/same-body.xml` });
    expect((await refreshFeed(runtime, { feedId: feed.id, url: feed.url }, logger)).outcome).toBe('ok');
    expect((await refreshFeed(runtime, { feedId: feed.id, url: feed.url }, logger)).outcome).toBe('not_modified');
  });

  it.each([
    ['/missing.xml', 'HTTP 404 Not Found'],
    ['/page.html', 'not a feed'],
  ])('records %s as a failing feed with its error, and backs off', async (path, error) => {
    const { feed } = await upsertFeed(runtime.db.db, { url: `${server.url}${path}` });
    const outcome = await refreshFeed(runtime, { feedId: feed.id, url: feed.url }, logger);
    expect(outcome.outcome).toBe('error');
    await refreshFeed(runtime, { feedId: feed.id, url: feed.url }, logger);
    const stored = await getFeed(runtime.db.db, feed.id);
    expect(stored?.status).toBe('failing');
    expect(stored?.lastError).toContain(error);
    expect(stored?.consecutiveFailures).toBe(2);
    // Second failure: twice the minimum interval (5 min), ±10% jitter.
    const waitSeconds = (stored!.nextFetchAt.getTime() - Date.now()) / 1000;
    expect(waitSeconds).toBeGreaterThan(0.9 * 600 - 5);
    expect(waitSeconds).toBeLessThan(1.1 * 600);
  });

  const secondsUntilNextFetch = async (feedId: number) =>
    ((await getFeed(runtime.db.db, feedId))!.nextFetchAt.getTime() - Date.now()) / 1000;

  it('follows a permanent redirect by moving the feed, and not a temporary one', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: `${server.url}/old.xml` });
    expect((await refreshFeed(runtime, { feedId: feed.id, url: feed.url }, logger)).outcome).toBe('ok');
    expect((await getFeed(runtime.db.db, feed.id))?.url).toBe(`${server.url}/moved.xml`);
    const { feed: temporary } = await upsertFeed(runtime.db.db, { url: `${server.url}/temporary.xml` });
    await refreshFeed(runtime, { feedId: temporary.id, url: temporary.url }, logger);
    expect((await getFeed(runtime.db.db, temporary.id))?.url).toBe(`${server.url}/temporary.xml`);
  });

  it('marks a feed that answers 410 as gone', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: `${server.url}/gone.xml` });
    await refreshFeed(runtime, { feedId: feed.id, url: feed.url }, logger);
    expect(await getFeed(runtime.db.db, feed.id)).toMatchObject({ status: 'gone', lastError: 'HTTP 410 Gone' });
  });

  it('waits as long as Retry-After asks', async () => {
    // A runtime of its own (own queue prefix, so own host limits): the 503 also cools the host down.
    const isolated = await createTestRuntime();
    const busy = await startHttpServer((_request, response) => response.writeHead(503, { 'retry-after': '7200' }).end());
    try {
      const { feed } = await upsertFeed(isolated.db.db, { url: `${busy.url}/busy.xml` });
      await refreshFeed(isolated, { feedId: feed.id, url: feed.url }, logger);
      const stored = await getFeed(isolated.db.db, feed.id);
      expect((stored!.nextFetchAt.getTime() - Date.now()) / 1000).toBeGreaterThan(0.9 * 7200 - 5);
    } finally {
      await busy.close();
      await isolated.close();
    }
  });

  it('polls a busy feed often, but not more often than the feed asks', async () => {
    const { feed: dated } = await upsertFeed(runtime.db.db, { url: `${server.url}/dated.xml` });
    await refreshFeed(runtime, { feedId: dated.id, url: dated.url }, logger);
    const stored = await getFeed(runtime.db.db, dated.id);
    // 9 gaps in 3 hours: 72 items a day, one every 20 minutes (cache max-age=60 is below that).
    expect(stored?.itemsPerDay).toBeCloseTo(72, 0);
    expect(stored?.intervalSeconds).toBeGreaterThan(0.9 * 1200 - 5);
    expect(stored?.intervalSeconds).toBeLessThan(1.1 * 1200 + 5);

    const { feed: ttl } = await upsertFeed(runtime.db.db, { url: `${server.url}/ttl.xml` });
    await refreshFeed(runtime, { feedId: ttl.id, url: ttl.url }, logger);
    // <ttl>180</ttl>: three hours at least, although the pace is unknown (default 30 minutes).
    expect(await secondsUntilNextFetch(ttl.id)).toBeGreaterThan(0.9 * 3 * 3600 - 5);
  });

  it('stores a JSON Feed whose title holds U+0000, without the NUL', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: `${server.url}/nul.json` });
    expect(await refreshFeed(runtime, { feedId: feed.id, url: feed.url }, logger)).toEqual({ outcome: 'ok', items: 1, newItems: 1 });
    expect(await getFeed(runtime.db.db, feed.id)).toMatchObject({ title: 'Breaking news', status: 'active', lastError: null });
    expect((await listFeedFetches(runtime.db.db, feed.id)).map((fetch) => fetch.outcome)).toEqual(['ok']);
  });

  it('records an unexpected error, such as a write the database refuses, in the feed health and history', async () => {
    // A database of its own, which refuses one feed title: any write PostgreSQL rejects (a NUL, a value
    // out of range) fails the same way.
    const isolated = await createTestRuntime();
    try {
      await isolated.db.db.execute("alter table feeds add constraint no_refused_title check (title is distinct from 'Refused title')");
      const { feed } = await upsertFeed(isolated.db.db, { url: `${server.url}/refused.xml` });
      const outcome = await refreshFeed(isolated, { feedId: feed.id, url: feed.url }, logger);
      expect(outcome).toMatchObject({ outcome: 'error', error: expect.stringContaining('unexpected error') });
      const stored = await getFeed(isolated.db.db, feed.id);
      expect(stored).toMatchObject({ status: 'failing', consecutiveFailures: 1, title: null });
      expect(stored?.lastError).toMatch(/unexpected error: .*no_refused_title/);
      expect(stored!.nextFetchAt.getTime()).toBeGreaterThan(Date.now());
      const history = await listFeedFetches(isolated.db.db, feed.id);
      expect(history.map((fetch) => [fetch.outcome, fetch.error])).toEqual([['error', stored?.lastError]]);
    } finally {
      await isolated.close();
    }
  });

  it('refuses private addresses unless they are allowed', async () => {
    const strict = await createTestRuntime({ FETCH_ALLOW_PRIVATE_NETWORKS: 'false' });
    try {
      const { feed } = await upsertFeed(strict.db.db, { url: `${server.url}/feed.xml` });
      expect((await refreshFeed(strict, { feedId: feed.id, url: feed.url }, logger)).error).toMatch(/blocked|private|not allowed/i);
    } finally {
      await strict.close();
    }
  });
});
