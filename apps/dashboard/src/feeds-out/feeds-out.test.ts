import { articles, clusterArticle, storeArticle } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp, type DashboardServer, startDashboard } from '../server.js';
import { atomProblems, jsonFeedProblems } from './testing/validators.js';

// The feeds out on a running dashboard (real PostgreSQL and Redis), read over HTTP on 127.0.0.1 as
// feed readers read them: rss-parser for both formats, the RFC 4287 grammar for Atom, the JSON Feed
// 1.1 schema for JSON.

const TOKEN = 'feeds-out-test-token-0123456789';
const bearer = { authorization: `Bearer ${TOKEN}` };

interface JsonFeed {
  version: string;
  feed_url: string;
  items: { id: string; url: string; title: string; language?: string; content_html?: string; summary?: string }[];
}
interface CreatedKey {
  id: number;
  key: string;
  kind: string;
  params: Record<string, string>;
  urls: { atom: string; json: string };
  paths: { atom: string; json: string };
}

/** Each entry's xml:lang (null without one) and title, in order, read from the document as written. */
const entryLanguages = (xml: string) => [...xml.matchAll(/<entry( xml:lang="([^"]*)")?>/g)].map((match) => match[2] ?? null);

/** Every Atom and JSON feed a test reads is checked against its grammar or schema on the way. */
async function readAtom(response: Response): Promise<string> {
  expect(response.status, (await response.clone().text()).slice(0, 300)).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  const xml = await response.text();
  expect(await atomProblems(xml)).toEqual([]);
  return xml;
}
async function readJsonFeed(response: Response): Promise<JsonFeed> {
  expect(response.status, (await response.clone().text()).slice(0, 300)).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
  const document = (await response.json()) as JsonFeed;
  expect(jsonFeedProblems(document)).toEqual([]);
  return document;
}

const policy = {
  windowHours: 48,
  minSharedKeys: 2,
  choose: (candidates: { clusterId: number }[]) => ({ clusterId: candidates[0]?.clusterId ?? null, score: 1, reason: 'test' }),
};

/** Stores articles of one story in several languages, clustered by shared keys. */
async function storeStory(runtime: Runtime, name: string, members: { language: string; title: string; site: string }[], keys: string[]) {
  for (const [index, member] of members.entries()) {
    const url = `https://${member.site}/${name}-${index}`;
    const { articleId } = await storeArticle(
      runtime.db.db,
      {
        urlHash: `${name}-${index}`.padEnd(64, 'f'),
        url,
        canonicalUrl: url,
        title: member.title,
        text: `${member.title}. ${name} ${index}`,
        language: member.language,
        site: member.site,
        publishedAt: new Date(Date.now() - (members.length - index) * 60_000),
      },
      null,
    );
    await clusterArticle(runtime.db.db, articleId, keys, policy);
  }
}

describe('feeds out with a dashboard token', () => {
  let runtime: Runtime;
  let server: DashboardServer;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, server.url), { headers });
  const createKey = async (kind: string, params: Record<string, string | string[]>, label?: string) => {
    const response = await fetch(new URL('/api/feed-keys', server.url), {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ kind, params, label }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as CreatedKey;
  };

  beforeAll(async () => {
    runtime = await createTestRuntime({ PORT: '0', DASHBOARD_TOKEN: TOKEN });
    server = await startDashboard(runtime);
    await storeStory(
      runtime,
      'quake',
      [
        { language: 'en', title: 'Earthquake hits Malatya', site: 'news-en.example' },
        { language: 'de', title: 'Erdbeben erschüttert Malatya', site: 'news-de.example' },
        { language: 'tr', title: 'Malatya’da deprem', site: 'news-tr.example' },
        { language: 'ja', title: 'マラティヤで地震', site: 'news-ja.example' },
      ],
      ['w:malatya', 'n:14', 'n:230'],
    );
    await storeStory(
      runtime,
      'budget',
      [
        { language: 'en', title: 'Budget passes', site: 'news-en.example' },
        { language: 'en', title: 'Parliament passes the budget', site: 'other-en.example' },
      ],
      ['w:budget', 'n:2027', 'p:3.5'],
    );
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await runtime?.close();
  });

  it('serves an article search as Atom with each entry in its own language, as a real client reads it', async () => {
    const xml = await readAtom(await get('/feeds/articles.atom?sort=published', bearer));
    const feed = await new Parser().parseString(xml);
    const titles = feed.items.map((item) => item.title);
    expect(titles).toEqual(expect.arrayContaining(['Earthquake hits Malatya', 'マラティヤで地震', 'Budget passes']));
    const languageOf = Object.fromEntries(feed.items.map((item, index) => [item.title, entryLanguages(xml)[index]]));
    expect(languageOf).toMatchObject({ 'Earthquake hits Malatya': 'en', 'Erdbeben erschüttert Malatya': 'de', 'Malatya’da deprem': 'tr', 'マラティヤで地震': 'ja' });
    expect(feed.items.find((item) => item.title === 'Erdbeben erschüttert Malatya')?.link).toBe('https://news-de.example/quake-1');

    const german = await new Parser().parseString(await readAtom(await get('/feeds/articles.atom?lang=de', bearer)));
    expect(german.items.map((item) => item.title)).toEqual(['Erdbeben erschüttert Malatya']);
  });

  it('serves the same search as JSON Feed 1.1 with a language per item', async () => {
    const document = await readJsonFeed(await get('/feeds/articles.json?lang=ja,tr&sort=ingested', bearer));
    expect(document.items.map((item) => [item.title, item.language])).toEqual([
      ['マラティヤで地震', 'ja'],
      ['Malatya’da deprem', 'tr'],
    ]);
    expect(document.feed_url).toBe(`${server.url}/feeds/articles.json?lang=ja,tr&sort=ingested`);
    const parsed = await new Parser().parseString(JSON.stringify(document)).catch(() => null);
    // rss-parser reads XML only: JSON Feed clients parse JSON, as the schema check above did.
    expect(parsed).toBeNull();
  });

  it('serves stories in several languages, each linking to its page and summing up languages and sources', async () => {
    const xml = await readAtom(await get('/feeds/stories.atom?min_languages=3', bearer));
    const feed = await new Parser().parseString(xml);
    expect(feed.items).toHaveLength(1);
    const [story] = feed.items;
    expect(story?.link).toMatch(new RegExp(`^${server.url}/stories/\\d+$`));
    expect(story?.title).toBe('Earthquake hits Malatya');
    expect(entryLanguages(xml)).toEqual(['en']);
    expect(story?.summary).toBe(
      '4 articles from 4 sources in 4 languages: de 1, en 1, ja 1, tr 1. Sources: news-de.example, news-en.example, news-ja.example, news-tr.example.',
    );
    const page = await fetch(story!.link!, { headers: bearer });
    expect(page.status).toBe(200);

    const document = await readJsonFeed(await get('/feeds/stories.json?lang=de&ui_lang=de', bearer));
    expect(document.items.map((item) => [item.title, item.language, item.url])).toEqual([['Erdbeben erschüttert Malatya', 'de', story?.link]]);
    expect(document.items[0]?.content_html).toContain('<li lang="ja">ja (1): マラティヤで地震</li>');
    const all = await readJsonFeed(await get('/feeds/stories.json', bearer));
    expect(all.items).toHaveLength(2);
  });

  it('carries up to 100 entries and says which parameter is wrong', async () => {
    const { db } = runtime.db;
    await db.insert(articles).values(
      Array.from({ length: 120 }, (_, index) => ({
        urlHash: `many-${index}`.padEnd(64, 'm'),
        url: `https://many.example/${index}`,
        canonicalUrl: `https://many.example/${index}`,
        title: `Item ${index}`,
        language: 'pt',
        site: 'many.example',
      })),
    );
    const document = await readJsonFeed(await get('/feeds/articles.json?site=many.example&limit=100', bearer));
    expect(document.items).toHaveLength(100);
    expect((await readJsonFeed(await get('/feeds/articles.json?site=many.example', bearer))).items).toHaveLength(50);
    for (const [path, message] of [
      ['/feeds/articles.atom?limit=101', 'limit: must be a number from 1 to 100'],
      ['/feeds/articles.atom?cursor=abc', 'cursor: unknown parameter'],
      ['/feeds/stories.json?min_languages=0', 'min_languages: must be a number from 1 to 1000'],
      ['/feeds/stories.atom?sort=relevance', 'sort: must be updated, size, languages or rising'],
    ]) {
      const response = await get(path!, bearer);
      expect(response.status, path).toBe(400);
      expect(await response.json()).toEqual({ error: message });
    }
  });

  it('writes hostile titles (controls, markup, CDATA ends, non-characters) as well-formed feeds', async () => {
    const titles = ['BEL\u0007 ESC\u001b and U+FFFE \uFFFE', 'a ]]> end <![CDATA[ x', '<script>alert(1)</script> & <b>', 'CR\r LF\n tab\t'];
    await runtime.db.db.insert(articles).values(
      titles.map((title, index) => ({
        urlHash: `hostile-${index}`.padEnd(64, 'h'),
        url: `https://hostile.example/${index}?a=1&b=<2>`,
        canonicalUrl: `https://hostile.example/${index}`,
        title,
        lead: title,
        language: 'en',
        site: 'hostile.example',
      })),
    );
    const xml = await readAtom(await get('/feeds/articles.atom?site=hostile.example&sort=ingested', bearer));
    const feed = await new Parser().parseString(xml);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these; they are dropped.
    const kept = (text: string) => text.replace(/[\u0007\u001b\uFFFE]/g, '');
    expect(feed.items.map((item) => item.title)).toEqual(titles.map(kept).reverse());
    expect(feed.items[0]?.link).toBe('https://hostile.example/3?a=1&b=%3C2%3E');
    const document = await readJsonFeed(await get('/feeds/articles.json?site=hostile.example&sort=ingested', bearer));
    expect(document.items.map((item) => item.title)).toEqual([...titles].reverse());
  });

  it('asks a reader without a credential for one, in JSON, never with the login page', async () => {
    const response = await get('/feeds/stories.atom');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="polywire"');
    expect(await response.json()).toEqual({ error: expect.stringContaining('Authorization') });
  });

  it('opens a feed by its key alone, in either format, and marks the key used', async () => {
    const created = await createKey('stories', { min_languages: '3', lang: ['tr', 'de'] }, 'phone');
    expect(created.params).toEqual({ lang: 'de,tr', min_languages: '3' });
    expect(created.urls.atom).toBe(`${server.url}/feeds/stories.atom?lang=de,tr&min_languages=3&key=${created.key}`);
    expect(created.paths.json).toBe('/feeds/stories.json?lang=de,tr&min_languages=3');

    // rss-parser fetches the URL itself, as a feed reader would: no header, no cookie.
    const feed = await new Parser().parseURL(created.urls.atom);
    expect(feed.items.map((item) => item.title)).toEqual(['Earthquake hits Malatya']);
    expect((await readJsonFeed(await fetch(created.urls.json))).items).toHaveLength(1);
    // The same feed written otherwise is the same feed.
    expect((await get(`/feeds/stories.atom?min_languages=3&lang=tr&lang=de&key=${created.key}`)).status).toBe(200);

    const listed = (await (await get('/api/feed-keys', bearer)).json()) as { items: (CreatedKey & { lastUsedAt: string | null; label: string })[] };
    const row = listed.items.find((item) => item.id === created.id);
    expect(row).toMatchObject({ label: 'phone', kind: 'stories', lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it("refuses a key for any other feed, and it never opens the dashboard or its API", async () => {
    const created = await createKey('articles', { lang: 'de' });
    const key = `key=${created.key}`;
    expect((await get(`/feeds/articles.atom?lang=de&${key}`)).status).toBe(200);
    for (const path of [`/feeds/articles.atom?lang=en&${key}`, `/feeds/articles.atom?${key}`, `/feeds/stories.atom?lang=de&${key}`, `/feeds/articles.atom?lang=de&limit=5&${key}`]) {
      const response = await get(path);
      expect(response.status, path).toBe(403);
      expect(await response.json()).toEqual({ error: expect.stringContaining('belongs to another feed') });
    }
    for (const path of [`/api/articles?lang=de&${key}`, `/api/feed-keys?${key}`, `/?${key}`]) {
      const response = await fetch(new URL(path, server.url), { redirect: 'manual' });
      expect(response.status, path).toBe(path === `/?${key}` ? 303 : 401);
    }
    const unknown = await get('/feeds/articles.atom?lang=de&key=pwf_not-a-key');
    expect(unknown.status).toBe(403);
    // Only reads: a change with the key is the dashboard's to refuse.
    expect((await fetch(new URL(`/feeds/articles.atom?lang=de&${key}`, server.url), { method: 'POST' })).status).toBe(401);
  });

  it('refuses a revoked key from then on', async () => {
    const created = await createKey('stories', {});
    expect((await fetch(created.urls.json)).status).toBe(200);
    const revoked = await fetch(new URL(`/api/feed-keys/${created.id}`, server.url), { method: 'DELETE', headers: bearer });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).toEqual(expect.any(String));
    const refused = await fetch(created.urls.json);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'this feed key was revoked' });
    expect((await fetch(new URL('/api/feed-keys/2147483647', server.url), { method: 'DELETE', headers: bearer })).status).toBe(404);
  });

  it("never takes the dashboard's token from a URL", async () => {
    const asKey = await get(`/feeds/stories.atom?key=${TOKEN}`);
    expect(asKey.status).toBe(403);
    expect(await asKey.json()).toEqual({ error: expect.stringContaining('never accepted in a URL') });
    for (const name of ['token', 'access_token', 'auth']) expect((await get(`/feeds/stories.atom?${name}=${TOKEN}`)).status).toBe(401);
  });

  it('refuses a key for a feed that could only fail, naming the parameter', async () => {
    const response = await fetch(new URL('/api/feed-keys', server.url), {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'stories', params: { min_languages: 'three' } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'params.min_languages: must be a number from 1 to 1000' });
  });
});

describe('feeds out on a dashboard without a secret (loopback)', () => {
  let runtime: Runtime;
  let app: ReturnType<typeof createDashboardApp>;

  beforeAll(async () => {
    runtime = await createTestRuntime();
    app = createDashboardApp(runtime);
  }, 60_000);
  afterAll(() => runtime?.close());

  it('serves feeds openly, like the rest of it, and still checks a key that is given', async () => {
    expect((await app.request('/feeds/articles.atom')).status).toBe(200);
    const created = await app.request('/api/feed-keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'articles' }) });
    const { id, key } = (await created.json()) as CreatedKey;
    expect((await app.request(`/feeds/articles.atom?key=${key}`)).status).toBe(200);
    await app.request(`/api/feed-keys/${id}`, { method: 'DELETE' });
    expect((await app.request(`/feeds/articles.atom?key=${key}`)).status).toBe(403);
    expect((await app.request(`/feeds/articles.atom?lang=en&key=${key}`)).status).toBe(403);
  });
});
