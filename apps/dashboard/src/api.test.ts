import { clusterArticle, storeArticle, upsertFeed } from '@polywire/db';
import { parseOpml } from '@polywire/feeds';
import { createRedis, createQueues } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp } from './server.js';

describe('dashboard API', () => {
  let runtime: Runtime;
  let app: Hono;
  const post = (path: string, body: unknown) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  beforeAll(async () => {
    runtime = await createTestRuntime();
    app = createDashboardApp(runtime);
  });
  afterAll(() => runtime.close());

  it('reports health', async () => {
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', redis: 'ok', db: 'ok' });
  });

  it('adds a feed with 201, returns it with 200 the second time, and queues its first fetch', async () => {
    const created = await post('/api/feeds', { url: 'https://news.example/rss.xml', title: 'News' });
    expect(created.status).toBe(201);
    const feed = (await created.json()) as { id: number; url: string; title: string; status: string };
    expect(feed).toMatchObject({ url: 'https://news.example/rss.xml', title: 'News', status: 'active' });
    const again = await post('/api/feeds', { url: 'https://news.example/rss.xml' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: number }).id).toBe(feed.id);
    expect(await runtime.queues.feedFetch.getJob(`feed-${feed.id}`)).toBeDefined();

    const list = (await (await app.request('/api/feeds')).json()) as { items: Record<string, unknown>[] };
    expect(list.items).toHaveLength(1);
    expect(Object.keys(list.items[0]!)).toEqual(
      expect.arrayContaining(['id', 'url', 'title', 'status', 'lastFetchedAt', 'lastError', 'articleCount']),
    );
  });

  it.each([
    [{ url: 'not a url' }, 'url: must be an http(s) URL'],
    [{ url: 'ftp://example.com/feed' }, 'url: must be an http(s) URL'],
    [{ url: `https://example.com/${'a'.repeat(3000)}` }, 'url: is longer than 2048 characters'],
    [{}, 'url: is required'],
    ['{not json', 'body must be JSON'],
  ])('refuses %j with 400', async (body, message) => {
    const response = await post('/api/feeds', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain(message);
  });

  it('fetches a feed on demand, and says 404 for an unknown one', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://other.example/rss' });
    expect((await post(`/api/feeds/${feed.id}/fetch`, {})).status).toBe(202);
    expect((await post('/api/feeds/999999/fetch', {})).status).toBe(404);
    expect((await post('/api/feeds/abc/fetch', {})).status).toBe(400);
  });

  it('lists, filters and pages articles, and shows one with its sources and events', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://articles.example/rss' });
    for (const [index, language] of ['en', 'de', 'en', 'ja'].entries()) {
      const hash = String(index).repeat(64);
      await storeArticle(
        runtime.db.db,
        { urlHash: hash, url: `https://articles.example/${index}`, canonicalUrl: `https://articles.example/${index}`, title: `Title ${index}`, text: `Body ${index}`, language, publishedAt: new Date(Date.UTC(2026, 10, index + 1)) },
        { feedId: feed.id, itemKey: `g${index}`, itemUrl: `https://articles.example/${index}` },
      );
    }
    const page = (await (await app.request('/api/articles?lang=en&limit=1')).json()) as { items: { title: string; feedIds: number[] }[]; nextCursor: string };
    expect(page.items.map((item) => item.title)).toEqual(['Title 2']);
    expect(page.items[0]?.feedIds).toEqual([feed.id]);
    const next = (await (await app.request(`/api/articles?lang=en&limit=1&cursor=${page.nextCursor}`)).json()) as { items: { title: string }[]; nextCursor: string | null };
    expect(next.items.map((item) => item.title)).toEqual(['Title 0']);
    expect(next.nextCursor).toBeNull();

    const several = (await (await app.request('/api/articles?lang=de&lang=ja')).json()) as { items: { language: string }[] };
    expect(several.items.map((item) => item.language).sort()).toEqual(['de', 'ja']);
    const since = (await (await app.request(`/api/articles?since=2026-11-03T00:00:00Z&feed=${feed.id}`)).json()) as { items: unknown[] };
    expect(since.items).toHaveLength(2);

    const list = (await (await app.request('/api/articles?q=Body')).json()) as { items: { id: number }[] };
    const detail = (await (await app.request(`/api/articles/${list.items[0]?.id}`)).json()) as { text: string; sources: unknown[]; events: { kind: string }[] };
    expect(detail.text).toBe('Body 3');
    expect(detail.sources).toHaveLength(1);
    expect(detail.events.map((event) => event.kind)).toEqual(['stored']);
    expect((await app.request('/api/articles/424242')).status).toBe(404);
  });

  it('shows a story cluster with its members, and filters articles by it', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://cluster.example/rss' });
    const policy = { windowHours: 48, minSharedKeys: 2, choose: (candidates: { clusterId: number }[]) => ({ clusterId: candidates[0]?.clusterId ?? null, score: 1, reason: 'test' }) };
    const ids: number[] = [];
    for (const [index, language] of ['en', 'de'].entries()) {
      const hash = `c${index}`.padEnd(64, '7');
      const { articleId } = await storeArticle(
        runtime.db.db,
        { urlHash: hash, url: `https://cluster.example/${index}`, canonicalUrl: `https://cluster.example/${index}`, title: `Quake ${index}`, text: 'x', language, site: 'cluster.example' },
        { feedId: feed.id, itemKey: `c${index}`, itemUrl: `https://cluster.example/${index}` },
      );
      await clusterArticle(runtime.db.db, articleId, ['w:malatya', 'n:14', 'n:230'], policy);
      ids.push(articleId);
    }
    const article = (await (await app.request(`/api/articles/${ids[1]}`)).json()) as { clusterId: number };
    const cluster = (await (await app.request(`/api/clusters/${article.clusterId}`)).json()) as {
      languages: string[];
      members: { id: number; language: string; feedIds: number[] }[];
    };
    expect(cluster.members.map((member) => member.id)).toEqual(ids);
    expect(cluster.languages).toEqual(['en', 'de']);
    expect(cluster.members[0]?.feedIds).toEqual([feed.id]);
    const filtered = (await (await app.request(`/api/articles?cluster=${article.clusterId}`)).json()) as { items: { id: number }[] };
    expect(filtered.items.map((item) => item.id).sort()).toEqual([...ids].sort());
    expect((await app.request('/api/clusters/999999')).status).toBe(404);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=abc', 'limit: must be a number'],
    ['since=yesterday', 'since: must be an ISO 8601 date-time'],
    ['lang=<script>', 'lang.0: must be a language tag'],
    ['feed=-3', 'feed'],
    ['cursor=x', 'cursor: must be a number'],
  ])('refuses ?%s with a 400 naming %s', async (query, message) => {
    const response = await app.request(`/api/articles?${query}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain(message);
  });

  it('shows queue counts', async () => {
    const body = (await (await app.request('/api/queues')).json()) as { queues: { name: string; waiting: number }[] };
    expect(body.queues.map((queue) => queue.name)).toEqual(['feed.fetch', 'article.process']);
    expect(body.queues[0]?.waiting).toBeGreaterThanOrEqual(2);
  });

  it('escapes feed-supplied text in the HTML page', async () => {
    await upsertFeed(runtime.db.db, { url: 'https://evil.example/rss', title: '<img src=x onerror=alert(1)>' });
    const page = await (await app.request('/')).text();
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img src=x');
  });

  it('answers 503 and names Redis when Redis is unreachable', async () => {
    const deadRedis = createRedis('redis://127.0.0.1:1', 'producer');
    const degraded = createDashboardApp({ ...runtime, redis: deadRedis, queues: createQueues(deadRedis, 'dead') });
    const response = await degraded.request('/healthz');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { redis: string; db: string };
    expect(body.redis).toMatch(/^down: /);
    expect(body.db).toBe('ok');
    deadRedis.disconnect();
  });
  describe('OPML import, export and feed removal', () => {
    const importOpml = (body: string, contentType = 'text/xml') =>
      app.request('/api/feeds/import-opml', { method: 'POST', headers: { 'content-type': contentType }, body });
    const opml = (outlines: string) => `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>${outlines}</body></opml>`;

    it('imports feeds in bulk, counts the ones already there, and lists the invalid ones', async () => {
      await upsertFeed(runtime.db.db, { url: 'https://opml-old.example/rss' });
      const response = await importOpml(
        opml(`<outline text="Asia &amp; &lt;Pacific&gt;">
            <outline type="rss" text="東京 &quot;news&quot;" xmlUrl="https://opml-a.example/rss" htmlUrl="https://opml-a.example/" language="ja"/>
            <outline type="rss" text="Old" xmlUrl="https://opml-old.example/rss"/>
          </outline>
          <outline type="rss" text="Bad" xmlUrl="ftp://opml-bad.example/feed"/>
          <outline type="rss" text="Long" xmlUrl="https://opml-long.example/${'a'.repeat(3000)}"/>
          <outline type="rss" text="Top" xmlUrl="https://opml-b.example/feed" language="pt-BR"/>`),
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { added: number; existing: number; invalid: { url: string; error: string }[] };
      expect(body).toMatchObject({ added: 2, existing: 1 });
      expect(body.invalid).toEqual([
        { url: 'ftp://opml-bad.example/feed', error: 'url: must be an http(s) URL' },
        { url: expect.stringMatching(/^https:\/\/opml-long/), error: 'url: is longer than 2048 characters' },
      ]);
      const list = (await (await app.request('/api/feeds')).json()) as { items: Record<string, unknown>[] };
      expect(list.items.find((feed) => feed.url === 'https://opml-a.example/rss')).toMatchObject({
        title: '東京 "news"',
        siteUrl: 'https://opml-a.example/',
        declaredLanguage: 'ja',
        category: 'Asia & <Pacific>',
        status: 'active',
      });

      const again = (await (await importOpml(opml('<outline text="x" xmlUrl="https://opml-a.example/rss"/>'), 'application/xml; charset=utf-8')).json()) as object;
      expect(again).toEqual({ added: 0, existing: 1, invalid: [] });
    });

    it.each([
      ['not xml at all', 'text/xml', 400, 'not an OPML document'],
      ['<rss><channel/></rss>', 'application/xml', 400, 'not an OPML document'],
      ['<opml/>', 'application/json', 415, 'content-type text/xml'],
    ])('refuses %j (%s) with %i', async (body, contentType, status, message) => {
      const response = await importOpml(body, contentType);
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toContain(message);
    });

    it('exports every feed as an OPML attachment that reads back', async () => {
      const response = await app.request('/api/feeds/export.opml');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.opml"$/);
      const exported = parseOpml(await response.text());
      const list = (await (await app.request('/api/feeds')).json()) as { items: { url: string }[] };
      expect(exported.map((feed) => feed.url).sort()).toEqual(list.items.map((feed) => feed.url).sort());
      expect(exported.find((feed) => feed.url === 'https://opml-a.example/rss')).toEqual({
        url: 'https://opml-a.example/rss',
        title: '東京 "news"',
        siteUrl: 'https://opml-a.example/',
        language: 'ja',
        category: 'Asia & <Pacific>',
      });
      expect(exported.find((feed) => feed.url === 'https://opml-b.example/feed')).toMatchObject({ language: 'pt-BR', category: null });
    });

    it('removes a feed with 204, then says 404; a bad id is a 400', async () => {
      const { feed } = await upsertFeed(runtime.db.db, { url: 'https://opml-remove.example/rss' });
      expect((await app.request(`/api/feeds/${feed.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await app.request(`/api/feeds/${feed.id}`)).status).toBe(404);
      const again = await app.request(`/api/feeds/${feed.id}`, { method: 'DELETE' });
      expect(again.status).toBe(404);
      expect(((await again.json()) as { error: string }).error).toBe(`feed ${feed.id} not found`);
      expect((await app.request('/api/feeds/abc', { method: 'DELETE' })).status).toBe(400);
    });
  });
});
