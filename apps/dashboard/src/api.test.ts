import { articleSources, articles, clusterArticle, feeds, storeArticle, upsertFeed } from '@polywire/db';
import { parseOpml } from '@polywire/feeds';
import { SUPPORTED_LANGUAGES } from '@polywire/lang';
import { createRedis, createQueues } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleQuery } from './api/article-search.js';
import { exportOptions } from './export.js';
import { createDashboardApp } from './server.js';

/** The parts of the served OpenAPI document these tests read. */
interface JsonSchema {
  type?: string | string[];
  enum?: string[];
  pattern?: string;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}
interface ServedDocument {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; description?: string; schema: JsonSchema }[] }>>;
  components: { schemas: Record<string, JsonSchema> };
}

describe('dashboard API', () => {
  let runtime: Runtime;
  let app: ReturnType<typeof createDashboardApp>;
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
    ['cursor=x', 'cursor: is not a valid cursor'],
    [`cursor=${Buffer.from('{"sort":"ingested","id":-1}').toString('base64url')}`, 'cursor: is not a valid cursor'],
    [`cursor=${Buffer.from('{"sort":"published","id":3,"key":"soon"}').toString('base64url')}`, 'cursor: is not a valid cursor'],
    [`sort=published&cursor=${Buffer.from('{"sort":"ingested","id":3}').toString('base64url')}`, 'cursor: belongs to sort=ingested'],
    ['sort=best', 'sort: must be ingested, published or relevance'],
    ['sort=relevance', 'sort: relevance needs a query'],
    ['by=ingested', 'by: needs since or until'],
    ['by=created&since=2026-01-01T00:00:00Z', 'by: must be published or ingested'],
    ['format=xml', 'format: must be json, jsonl or csv'],
    ['format=csv&limit=5', 'limit: an export'],
    ['site=', 'site: must not be empty'],
    ['page_type=blog', 'page_type: must be article, front, gallery, video, live'],
    ['colour=red', 'colour: unknown parameter'],
    ['feed=1&feed=2', 'feed: must be given once'],
    ['since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z', 'until: is before since'],
    // Found by fuzzing (issue 15): each of these was a 500 from PostgreSQL.
    ['feed=2147483648', 'feed: must be a number from 1 to 2147483647'],
    ['feed=9007199254740993', 'feed: must be a number from 1 to 2147483647'],
    ['cluster=9007199254740992', 'cluster: must be a number from 1 to 9007199254740991'],
    ['q=a%00b', 'q: must not contain NUL'],
    ['site=%00', 'site: must not contain NUL'],
    ['since=0000-01-01T00:00:00Z', 'since: must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z'],
    ['until=0001-01-01T00:30:00%2B01:00', 'until: must be between'],
    [`sort=published&cursor=CUR{"sort":"published","id":3,"key":"0000-06-01T00:00:00Z"}`, 'cursor: is not a valid cursor'],
    [`sort=published&cursor=CUR{"sort":"published","id":3,"key":"2026-06-01T00:00:00+20:00"}`, 'cursor: is not a valid cursor'],
    [`cursor=CUR{"sort":"ingested","id":9007199254740992}`, 'cursor: is not a valid cursor'],
    // What the document forbids is refused, and what it allows is not (see the next test).
    ['cursor=', 'cursor: must not be empty'],
    ['q=%20%20', 'q: must not be empty'],
    ['limit=1e2', 'limit: must be a number from 1 to 500'],
    ['feed=0x10', 'feed: must be a number'],
  ])('refuses ?%s with a 400 naming %s', async (query, message) => {
    const cursor = (json: string) => Buffer.from(json).toString('base64url');
    const response = await app.request(`/api/articles?${query.replace(/CUR(\{.*\})/, (_, json: string) => cursor(json))}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain(message);
  });

  it.each([
    'feed=2147483647',
    'cluster=9007199254740991',
    'since=0001-01-01T00:00:00Z&until=9999-12-31T23:59:59Z',
    `cursor=${Buffer.from('{"sort":"ingested","id":9007199254740991}').toString('base64url')}`,
    'q=%F0%9F%93%B0',
  ])('takes ?%s, at the edges the document allows', async (query) => {
    const response = await app.request(`/api/articles?${query}`);
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it.each([
    ['GET', '/api/feeds/2147483648'],
    ['DELETE', '/api/feeds/9007199254740993'],
    ['POST', '/api/feeds/2147483648/fetch'],
    ['POST', '/api/feeds/2147483648/pause'],
    ['GET', '/api/articles/9007199254740992'],
    ['GET', '/api/clusters/1e3'],
  ])('refuses %s %s, an id out of range, with a 400 naming it', async (method, path) => {
    const response = await app.request(path, { method });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^id: must be a number from 1 to \d+$/);
  });

  it('says 404, not 500, for the largest ids there can be', async () => {
    expect((await app.request('/api/feeds/2147483647')).status).toBe(404);
    expect((await app.request('/api/articles/9007199254740991')).status).toBe(404);
    expect((await app.request('/api/clusters/9007199254740991')).status).toBe(404);
  });

  it.each([
    [{ url: 'https://nul.example/\u0000' }, 'url: must not contain NUL (U+0000)'],
    [{ url: 'https://nul.example/rss', title: 'a\u0000b' }, 'title: must not contain NUL (U+0000)'],
    [{ url: 'https://keys.example/rss', colour: 'red' }, 'colour: unknown parameter'],
    [{ url: 'https://long.example/rss', title: 'x'.repeat(501) }, 'title: is longer than 500 characters'],
  ])('refuses the feed %j with a 400 naming the field', async (body, message) => {
    const response = await post('/api/feeds', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe(message);
  });

  it('answers 405 with Allow for a method an API path does not have, and 404 for a path it does not know', async () => {
    for (const [method, path, allow] of [
      ['PATCH', '/api/feeds', 'GET, POST, HEAD'],
      ['PUT', '/api/feeds/12', 'GET, DELETE, HEAD'],
      ['GET', '/api/feeds/12/fetch', 'POST'],
      ['DELETE', '/api/openapi.json', 'GET, HEAD'],
      ['POST', '/healthz', 'GET, HEAD'],
    ] as const) {
      const response = await app.request(path, { method });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(((await response.json()) as { error: string }).error).toBe(`${method} is not allowed on ${path}; allowed: ${allow}`);
    }
    expect((await app.request('/api/nothing-here', { method: 'PATCH' })).status).toBe(404);
    expect((await app.request('/metrics')).status).toBe(200);
    expect((await app.request('/api/feeds', { method: 'HEAD' })).status).toBe(200);
  });

  it('lists the supported languages with their names, scripts and search configurations', async () => {
    const response = await app.request('/api/languages');
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: { tag: string; name: string; script: string; scriptName: string; searchConfig: string }[] };
    expect(items.map((item) => item.tag)).toEqual(SUPPORTED_LANGUAGES.map((language) => language.tag));
    expect(items.find((item) => item.tag === 'hu')).toEqual({ tag: 'hu', name: 'Hungarian', script: 'Latn', scriptName: 'Latin', searchConfig: 'hungarian' });
    expect(items.find((item) => item.tag === 'sr-Cyrl')).toEqual({ tag: 'sr-Cyrl', name: 'Serbian (Cyrillic)', script: 'Cyrl', scriptName: 'Cyrillic', searchConfig: 'serbian' });
    expect(items.find((item) => item.tag === 'az-Latn')).toMatchObject({ name: 'Azerbaijani', script: 'Latn', searchConfig: 'simple' });
    expect(items.find((item) => item.tag === 'zh-Hant')).toMatchObject({ script: 'Hant', scriptName: 'Traditional Han', searchConfig: 'simple' });
    expect(items.find((item) => item.tag === 'fa-AF')).toMatchObject({ name: 'Dari', script: 'Arab', scriptName: 'Arabic' });

    // Every item fits the documented schema: its tag and configuration among the enums, every field there.
    const documented = ((await (await app.request('/api/openapi.json')).json()) as ServedDocument).components.schemas.Language!;
    expect(documented.properties!.tag!.enum).toEqual(items.map((item) => item.tag));
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual([...documented.required!].sort());
      expect(documented.properties!.searchConfig!.enum).toContain(item.searchConfig);
      expect(item.script).toMatch(new RegExp(documented.properties!.script!.pattern!));
      expect(item.scriptName).toMatch(/^\p{Lu}[\p{L} ]+$/u);
    }
  });

  it('points the lang parameter at the language list, and takes any well-formed tag', async () => {
    const document = (await (await app.request('/api/openapi.json')).json()) as ServedDocument;
    const lang = document.paths['/api/articles']!.get!.parameters!.find((parameter) => parameter.name === 'lang')!;
    expect(lang.description).toContain('GET /api/languages');
    const pattern = new RegExp(lang.schema.items!.pattern!);
    for (const tag of ['hu', 'az-Latn', 'sr-Cyrl', 'zh-Hans', 'pcm', 'fa-AF', 'xx']) {
      expect(tag).toMatch(pattern);
      expect((await app.request(`/api/articles?lang=${tag}`)).status).toBe(200);
    }
    for (const tag of ['hungarian!', 'h', 'zh_Hant', '-hu']) {
      expect(tag).not.toMatch(pattern);
      const refused = await app.request(`/api/articles?lang=${encodeURIComponent(tag)}`);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toContain('GET /api/languages');
    }
  });

  it('shows queue counts, and whether each queue is paused, as its document says', async () => {
    const body = (await (await app.request('/api/queues')).json()) as { queues: { name: string; waiting: number; paused: unknown }[] };
    expect(body.queues.map((queue) => queue.name)).toEqual(['feed.fetch', 'article.process']);
    expect(body.queues[0]?.waiting).toBeGreaterThanOrEqual(2);
    await runtime.queues.articleProcess.pause();
    const paused = (await (await app.request('/api/queues')).json()) as typeof body;
    await runtime.queues.articleProcess.resume();
    expect(paused.queues.map((queue) => queue.paused)).toEqual([false, true]);
    const documented = ((await (await app.request('/api/openapi.json')).json()) as ServedDocument).components.schemas.Queue!;
    expect(documented.properties!.paused!.type).toBe('boolean');
  });

  it('escapes feed-supplied text in the feeds page', async () => {
    await upsertFeed(runtime.db.db, { url: 'https://evil.example/rss', title: '<img src=x onerror=alert(1)>' });
    const page = await (await app.request('/feeds')).text();
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

  describe('query API', () => {
    type Page = { items: { id: number; title: string; site: string | null; publishedAt: string | null }[]; nextCursor: string | null };
    const getJson = async <T = Page>(path: string): Promise<T> => {
      const response = await app.request(path);
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as T;
    };
    let seq = 0;
    const row = (site: string, overrides: Partial<typeof articles.$inferInsert> = {}) => {
      seq++;
      const key = `${site}-${seq}`;
      return { urlHash: key.padEnd(64, 'q'), url: `https://${site}/${seq}`, canonicalUrl: `https://${site}/${seq}`, title: `Story ${seq}`, text: 'text', language: 'en', site, ...overrides };
    };
    const insert = (rows: (typeof articles.$inferInsert)[]) => runtime.db.db.insert(articles).values(rows).returning({ id: articles.id });

    it('filters by site, and by ingested time with by=ingested', async () => {
      const [a, b] = await insert([
        row('site-a.example'),
        row('site-b.example', { ingestedAt: new Date('2020-01-01T00:00:00Z'), publishedAt: new Date('2026-06-01T00:00:00Z') }),
      ]);
      const page = await getJson('/api/articles?site=site-a.example');
      expect(page.items.map((item) => item.id)).toEqual([a!.id]);
      const old = await getJson('/api/articles?by=ingested&until=2020-01-02T00:00:00Z');
      expect(old.items.map((item) => item.id)).toEqual([b!.id]);
      const published = await getJson('/api/articles?until=2020-01-02T00:00:00Z&site=site-b.example');
      expect(published.items).toEqual([]);
      const recent = await getJson('/api/articles?by=ingested&since=2021-01-01T00:00:00Z&site=site-b.example');
      expect(recent.items).toEqual([]);
    });

    it('filters by page type, and says which type each article is', async () => {
      const site = 'page-types.example';
      const [story, front] = await insert([row(site), row(site, { pageType: 'front', text: '' })]);
      const all = await getJson<{ items: { id: number; pageType: string }[] }>(`/api/articles?site=${site}`);
      expect(all.items.map((item) => [item.id, item.pageType])).toEqual([
        [front!.id, 'front'],
        [story!.id, 'article'],
      ]);
      expect((await getJson(`/api/articles?site=${site}&page_type=article`)).items.map((item) => item.id)).toEqual([story!.id]);
      expect((await getJson(`/api/articles?site=${site}&page_type=front`)).items.map((item) => item.id)).toEqual([front!.id]);
      expect((await getJson<{ pageType: string }>(`/api/articles/${front!.id}`)).pageType).toBe('front');
    });

    it('sorts by published time, undated last, with pages that stay stable when articles arrive', async () => {
      const site = 'published.example';
      const at = (day: number) => new Date(Date.UTC(2026, 0, day, 12, 0, 0, day));
      // Two on the same instant (ties broken by id), one undated.
      await insert([
        row(site, { publishedAt: at(3) }),
        row(site, { publishedAt: at(5) }),
        row(site, { publishedAt: null }),
        row(site, { publishedAt: at(4) }),
        row(site, { publishedAt: at(4) }),
        row(site, { publishedAt: at(1) }),
      ]);
      const all = await getJson(`/api/articles?site=${site}&sort=published&limit=50`);
      const expected = all.items.map((item) => item.id);
      expect(all.items.map((item) => item.publishedAt)).toEqual([at(5), at(4), at(4), at(3), at(1), null].map((d) => d?.toISOString() ?? null));
      const first = await getJson(`/api/articles?site=${site}&sort=published&limit=3`);
      expect(first.items.map((item) => item.id)).toEqual(expected.slice(0, 3));
      expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
      // Newer and older articles arrive between the pages: the next page neither repeats nor skips.
      await insert([row(site, { publishedAt: at(9) }), row(site, { publishedAt: at(2) })]);
      const ids = [...first.items.map((item) => item.id)];
      let cursor = first.nextCursor;
      while (cursor) {
        const next = await getJson(`/api/articles?site=${site}&sort=published&limit=3&cursor=${cursor}`);
        ids.push(...next.items.map((item) => item.id));
        cursor = next.nextCursor;
      }
      const after = await getJson(`/api/articles?site=${site}&sort=published&limit=50`);
      const older = after.items.filter((item) => item.publishedAt === at(2).toISOString()).map((item) => item.id);
      // The one dated later than the first page's end (day 9) is not on later pages; the one dated day 2 is, in place.
      expect(older).toHaveLength(1);
      expect(ids).toEqual([...expected.slice(0, 4), ...older, ...expected.slice(4)]);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('sorts by relevance to q: a title match ranks above a body match, across pages', async () => {
      const site = 'relevance.example';
      const [body, title] = await insert([
        row(site, { title: 'Weather report', text: 'Long text that mentions the zeppelin once among many other words here.' }),
        row(site, { title: 'Zeppelin lands in Berlin', text: 'A short text.' }),
      ]);
      const page = await getJson(`/api/articles?site=${site}&q=zeppelin&sort=relevance`);
      expect(page.items.map((item) => item.id)).toEqual([title!.id, body!.id]);
      const first = await getJson(`/api/articles?site=${site}&q=zeppelin&sort=relevance&limit=1`);
      expect(first.items.map((item) => item.id)).toEqual([title!.id]);
      const second = await getJson(`/api/articles?site=${site}&q=zeppelin&sort=relevance&limit=1&cursor=${first.nextCursor}`);
      expect(second.items.map((item) => item.id)).toEqual([body!.id]);
      expect(second.nextCursor).toBeNull();
    });

    describe('exports', () => {
      const site = 'export.example';
      let ids: number[] = [];
      beforeAll(async () => {
        const { feed } = await upsertFeed(runtime.db.db, { url: 'https://export.example/rss' });
        const rows = Array.from({ length: 25 }, (_, index) =>
          row(site, { title: index === 7 ? 'Says "hi", then\nleaves' : `Export ${index}`, publishedAt: new Date(Date.UTC(2026, 1, 1 + index)), languageConfidence: 0.5 }),
        );
        ids = (await insert(rows)).map((inserted) => inserted.id);
        await runtime.db.db.insert(articleSources).values(ids.map((id) => ({ articleId: id, feedId: feed.id, itemKey: `k${id}`, itemUrl: `https://${site}/k${id}` })));
        exportOptions.pageSize = 4;
      });
      afterAll(() => {
        exportOptions.pageSize = 1_000;
      });

      it('streams every match as JSON lines, across many internal pages', async () => {
        const response = await app.request(`/api/articles?site=${site}&format=jsonl`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/x-ndjson');
        const lines = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as { id: number; title: string; feedIds: number[] });
        expect(lines.map((line) => line.id)).toEqual([...ids].reverse());
        expect(lines.find((line) => line.id === ids[7])?.title).toBe('Says "hi", then\nleaves');
        expect(lines[0]?.feedIds).toHaveLength(1);
        const sorted = await app.request(`/api/articles?site=${site}&format=jsonl&sort=published&since=2026-02-10T00:00:00Z`);
        expect((await sorted.text()).trimEnd().split('\n')).toHaveLength(16);
      });

      it('streams CSV with a header row and RFC 4180 quoting', async () => {
        const response = await app.request(`/api/articles?site=${site}&format=csv`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        const text = await response.text();
        const [header, ...rest] = text.split('\r\n');
        expect(header).toBe('id,url,canonicalUrl,title,language,languageConfidence,declaredLanguage,site,publishedAt,ingestedAt,feedIds,duplicateOf,clusterId');
        expect(rest.at(-1)).toBe('');
        expect(rest).toHaveLength(26);
        const quoted = rest.find((line) => line.startsWith(`${ids[7]},`));
        expect(quoted).toContain(',"Says ""hi"", then\nleaves",en,0.5,,export.example,2026-02-08T00:00:00.000Z,');
        expect(rest[0]).toMatch(new RegExp(`^${ids.at(-1)},https://export\\.example/\\d+,https://export\\.example/\\d+,Export 24,en,0\\.5,,export\\.example,2026-02-25T00:00:00\\.000Z,[^,]+,\\d+,,$`));
      });

      it('exports an empty match as just the header', async () => {
        const response = await app.request('/api/articles?site=nowhere.example&format=csv');
        expect(await response.text()).toBe('id,url,canonicalUrl,title,language,languageConfidence,declaredLanguage,site,publishedAt,ingestedAt,feedIds,duplicateOf,clusterId\r\n');
      });
    });

    it('describes every route and every articles parameter in its OpenAPI document', async () => {
      const response = await app.request('/api/openapi.json');
      expect(response.status).toBe(200);
      const document = (await response.json()) as ServedDocument;
      expect(document.openapi).toBe('3.1.0');
      const paths = document.paths;
      const registered = new Set(
        app.routes
          // The JSON API and the probes; the HTML pages are not part of it.
          .filter((route) => route.method !== 'ALL' && (route.path.startsWith('/api/') || ['/healthz', '/metrics'].includes(route.path)))
          .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
      );
      const documented = new Set(Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`)));
      expect([...registered].sort()).toEqual([...documented].sort());
      const accepted = Object.keys(articleQuery.shape).sort();
      const parameters = (paths['/api/articles']!.get as { parameters: { name: string; in: string }[] }).parameters;
      expect(parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name).sort()).toEqual(accepted);
      for (const [path, methods] of Object.entries(paths)) {
        const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        for (const operation of Object.values(methods) as { parameters?: { name: string; in: string }[] }[]) {
          expect((operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name)).toEqual(names);
        }
      }
    });
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

    it('exports only http(s) site links, whoever stored them', async () => {
      // The feed worker stores a feed's own <link> as its site: a hostile feed chooses it.
      const hostile = ['javascript:alert(document.cookie)', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)'];
      for (const [index, siteUrl] of hostile.entries()) {
        await runtime.db.db.insert(feeds).values({ url: `https://hostile-${index}.example/rss`, siteUrl });
      }
      await runtime.db.db.insert(feeds).values({ url: 'https://fine.example/rss', siteUrl: 'https://fine.example/' });
      const xml = await (await app.request('/api/feeds/export.opml')).text();
      expect(xml).not.toMatch(/javascript:|data:text|vbscript:/i);
      const exported = parseOpml(xml);
      for (const index of hostile.keys()) {
        expect(exported.find((feed) => feed.url === `https://hostile-${index}.example/rss`)).toMatchObject({ siteUrl: null });
      }
      expect(exported.find((feed) => feed.url === 'https://fine.example/rss')).toMatchObject({ siteUrl: 'https://fine.example/' });
    });

    it('imports only http(s) site links, and drops NUL from what it stores', async () => {
      const response = await importOpml(
        // Raw NULs: the OPML reader drops them where the document enters (@polywire/feeds).
        opml(`<outline type="rss" text="Evil\u0000title" xmlUrl="https://opml-js.example/rss" htmlUrl="javascript:alert(1)"/>
          <outline type="rss" text="Nul" xmlUrl="https://opml-nul.example/\u0000rss"/>`),
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { added: number; invalid: { url: string; error: string }[] };
      expect(body).toMatchObject({ added: 2, invalid: [] });
      const list = (await (await app.request('/api/feeds')).json()) as { items: Record<string, unknown>[] };
      expect(list.items.find((feed) => feed.url === 'https://opml-js.example/rss')).toMatchObject({ siteUrl: null, title: 'Eviltitle' });
      expect(list.items.some((feed) => feed.url === 'https://opml-nul.example/rss')).toBe(true);
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
