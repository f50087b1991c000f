import { articles, clusterArticle, clusters, refreshStorySummary, storeArticle, upsertFeed } from '@polywire/db';
import { soundKey } from '@polywire/dedupe';
import { testArticle, testDuplicates } from '@polywire/db/testing';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../server.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const HOUR = 3_600_000;

/** Joins any cluster that shares two keys: which articles belong together is the fixture's choice, not a policy's. */
const policy = {
  windowHours: 48,
  minSharedKeys: 2,
  choose: (candidates: { clusterId: number }[]) => ({ clusterId: candidates[0]?.clusterId ?? null, score: 1, reason: 'test' }),
};

describe('story pages', () => {
  let runtime: Runtime;
  let app: ReturnType<typeof createDashboardApp>;
  let feedId: number;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await app.request(path, { headers });
    return { status: response.status, html: await response.text(), location: response.headers.get('location'), headers: response.headers };
  };

  /** An article stored and clustered the way the article worker does it. */
  const store = async (key: string, columns: { title: string; language: string; site: string; publishedAt: Date; contentHash?: string }, storyKeys: string[]) => {
    const stored = await storeArticle(
      runtime.db.db,
      testArticle(key, { ...columns, text: `The text of ${key}.`, contentHash: columns.contentHash ?? key.padEnd(64, '0') }),
      { feedId, itemKey: key, itemUrl: `https://example.org/${key}` },
      [],
      testDuplicates(),
    );
    const { clusterId } = await clusterArticle(runtime.db.db, stored.articleId, storyKeys, policy);
    return { ...stored, clusterId };
  };

  // The hour the quake story's first article was published in: its timeline runs over four hours.
  const firstHour = new Date(Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR);
  // The keys storyKeys gives: Malatya by its sound skeleton (nrt), which the story page shows by the word.
  const quakeKeys = [`w:${soundKey('Malatya')}`, 'n:14', 'n:230'];
  let quake: { english: number; german: number; french: number; copy: number; id: number };
  let hostileStory: number;
  let quietStory: number;
  let survivor: number;
  let absorbed: number;

  beforeAll(async () => {
    runtime = await createTestRuntime();
    app = createDashboardApp(runtime);
    ({
      feed: { id: feedId },
    } = await upsertFeed(runtime.db.db, { url: 'https://stories.example/rss', title: 'Stories feed' }));
    const at = (hours: number, minutes = 10) => new Date(firstHour.getTime() + hours * HOUR + minutes * 60_000);

    const english = await store('quake-en', { title: 'Quake hits Malatya', language: 'en', site: 'news.example', publishedAt: at(0), contentHash: 'c'.repeat(64) }, quakeKeys);
    const german = await store('quake-de', { title: 'Erdbeben in Malatya', language: 'de', site: 'zeitung.example', publishedAt: at(1) }, quakeKeys);
    const french = await store('quake-fr', { title: 'Séisme à Malatya', language: 'fr', site: 'journal.example', publishedAt: at(1, 40) }, quakeKeys);
    // Same text as the English original, on another site: a copy, folded under it.
    const copy = await store('quake-en-copy', { title: 'Quake hits Malatya (wire)', language: 'en', site: 'wire.example', publishedAt: at(3), contentHash: 'c'.repeat(64) }, quakeKeys);
    expect(copy.duplicateOf).toBe(english.articleId);
    expect(new Set([english.clusterId, german.clusterId, french.clusterId, copy.clusterId]).size).toBe(1);
    quake = { english: english.articleId, german: german.articleId, french: french.articleId, copy: copy.articleId, id: english.clusterId };

    const hostileKeys = ['w:<b>bold</b>', 'n:7771', 'n:7772'];
    const hostileOne = await store('hostile-1', { title: HOSTILE, language: 'en', site: '<i>site</i>', publishedAt: at(0) }, hostileKeys);
    await store('hostile-2', { title: `${HOSTILE} again`, language: 'en', site: 'other.example', publishedAt: at(0, 30) }, hostileKeys);
    hostileStory = hostileOne.clusterId;

    // A story nothing joined for four days is quiet.
    const old = await store('old-news', { title: 'Old news from the harbour', language: 'en', site: 'harbour.example', publishedAt: at(-100) }, ['w:harbour', 'n:9991']);
    quietStory = old.clusterId;
    const longAgo = new Date(Date.now() - 100 * HOUR).toISOString();
    await runtime.db.db.execute(`update articles set ingested_at = '${longAgo}' where cluster_id = ${quietStory}`);
    await refreshStorySummary(runtime.db.db, [quietStory]);

    // Two stories found to be one: the second's articles moved into the first, and its id points there.
    survivor = (await store('merge-a', { title: 'Bridge collapse in Genoa', language: 'it', site: 'a.example', publishedAt: at(0) }, ['w:genoa', 'n:4341'])).clusterId;
    absorbed = (await store('merge-b', { title: 'Brückeneinsturz in Genua', language: 'de', site: 'b.example', publishedAt: at(1) }, ['w:genua', 'n:4342'])).clusterId;
    expect(absorbed).not.toBe(survivor);
    await runtime.db.db.execute(`update articles set cluster_id = ${survivor} where cluster_id = ${absorbed}`);
    await runtime.db.db.execute(`update clusters set merged_into = ${survivor} where id = ${absorbed}`);
    await refreshStorySummary(runtime.db.db, [survivor, absorbed]);
  });
  afterAll(() => runtime.close());

  /** The rows of the Stories page's table, each as its HTML. */
  const rows = (html: string) => [...(/<table class="stories">.*?<tbody>(.*?)<\/tbody>/s.exec(html)?.[1] ?? '').matchAll(/<tr>(.*?)<\/tr>/gs)].map((match) => match[1] ?? '');
  const rowOf = (html: string, id: number) => rows(html).find((row) => row.includes(`href="/stories/${id}"`));

  it('lists stories rising first, with language chips, sources, times and the quiet marker', async () => {
    const page = await get('/stories');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<select name="sort"><option value="rising" selected="">rising<\/option>/);
    expect(page.html).toContain('<a href="/stories" aria-current="page">Stories</a>');
    const row = rowOf(page.html, quake.id);
    expect(row).toContain('Quake hits Malatya');
    expect(row).toContain('<li class="chip"><abbr title="English: 2 articles">en</abbr><span class="chip-count">2</span></li>');
    expect(row).toContain('<li class="chip"><abbr title="German: 1 article">de</abbr><span class="chip-count">1</span></li>');
    expect(row).toContain('<abbr title="French: 1 article">fr</abbr>');
    // Sources, then articles.
    expect(row).toMatch(/<td class="num">4<\/td><td class="num">4<\/td>/);
    expect(row).toMatch(/<time datetime="[^"]+"/);
    expect(row).not.toContain('quiet');
    expect(rowOf(page.html, quietStory)).toContain('<span class="badge quiet"');
    // An absorbed story is no row of its own.
    expect(rowOf(page.html, absorbed)).toBeUndefined();
  });

  it('applies the filters of the form and keeps them in it', async () => {
    const french = await get('/stories?lang=fr&sort=size');
    expect(rows(french.html)).toHaveLength(1);
    expect(rowOf(french.html, quake.id)).toBeDefined();
    expect(french.html).toContain('value="fr"');
    expect(french.html).toContain('<option value="size" selected="">');

    const multilingual = await get('/stories?min_languages=2');
    expect(rows(multilingual.html).map((row) => /href="\/stories\/(\d+)"/.exec(row)?.[1]).sort()).toEqual([String(quake.id), String(survivor)].sort());
    const wellSourced = await get('/stories?min_sources=3');
    expect(rows(wellSourced.html)).toHaveLength(1);
    expect(rowOf(wellSourced.html, quake.id)).toBeDefined();
    const bySite = await get('/stories?site=harbour.example&feed=&q=');
    expect(rows(bySite.html)).toHaveLength(1);
    expect(rowOf(bySite.html, quietStory)).toBeDefined();
    const byWords = await get('/stories?q=Erdbeben');
    expect(rows(byWords.html).length).toBe(1);
    expect(rowOf(byWords.html, quake.id)).toBeDefined();
    const recent = await get(`/stories?since=${encodeURIComponent(new Date(Date.now() - 24 * HOUR).toISOString())}`);
    expect(rowOf(recent.html, quake.id)).toBeDefined();
    expect(rowOf(recent.html, quietStory)).toBeUndefined();
    const byFirstSeen = await get(`/stories?until=${encodeURIComponent(new Date(Date.now() - 50 * HOUR).toISOString())}&by=first_seen`);
    expect(rows(byFirstSeen.html)).toHaveLength(1);
    expect(rowOf(byFirstSeen.html, quietStory)).toBeDefined();

    const refused = await get('/stories?since=yesterday');
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('since: must be an ISO 8601 date-time');
    expect((await get('/stories?min_languages=0')).html).toContain('min_languages: must be a number from 1 to');
    expect((await get('/stories?cursor=bm90LWEtY3Vyc29y')).html).toContain('cursor: is not a valid cursor');
  });

  it('titles a story in the reader’s language when an article of it has one', async () => {
    const german = await get('/stories', { 'accept-language': 'de-AT,de;q=0.9,en;q=0.5' });
    const row = rowOf(german.html, quake.id);
    expect(row).toContain('Erdbeben in Malatya');
    expect(row).toContain('<abbr title="German">de</abbr>');
    // No Korean article: the earliest original's title.
    expect(rowOf((await get('/stories', { 'accept-language': 'ko' })).html, quake.id)).toContain('Quake hits Malatya');
  });

  it('pages through the stories with a cursor, in every order', async () => {
    const inserted = await runtime.db.db
      .insert(clusters)
      .values(Array.from({ length: 51 }, (_, index) => ({ title: `Paging story ${index}` })))
      .returning({ id: clusters.id });
    await runtime.db.db.insert(articles).values(
      inserted.map(({ id }, index) =>
        testArticle(`paging-${index}`, { clusterId: id, site: 'paging.example', title: `Paging story ${index}`, ingestedAt: new Date(Date.now() - index * 60_000) }),
      ),
    );
    await refreshStorySummary(
      runtime.db.db,
      inserted.map(({ id }) => id),
    );
    for (const sort of ['rising', 'updated', 'size', 'languages']) {
      const first = await get(`/stories?site=paging.example&sort=${sort}`);
      expect(rows(first.html), sort).toHaveLength(50);
      const next = /<a href="([^"]+)" rel="next">/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
      expect(next, sort).toMatch(/^\/stories\?site=paging.example&sort=\w+&cursor=/);
      const second = await get(next!);
      expect(second.status, sort).toBe(200);
      expect(rows(second.html), sort).toHaveLength(1);
      expect(second.html, sort).not.toContain('rel="next"');
      const seen = [...first.html.matchAll(/href="\/stories\/(\d+)"/g), ...second.html.matchAll(/href="\/stories\/(\d+)"/g)].map((match) => match[1]);
      expect(new Set(seen).size, sort).toBe(51);
    }
  });

  it('shows a story: numbers, the timeline as bars, articles by language with copies folded, sites and evidence', async () => {
    const page = await get(`/stories/${quake.id}`);
    expect(page.status).toBe(200);
    const html = page.html;
    expect(html).toContain('<h1>Quake hits Malatya</h1>');
    for (const [label, value] of [['Articles', 4], ['Originals', 3], ['Languages', 3], ['Sources', 4]] as const) {
      expect(html).toContain(`<div><dt>${label}</dt><dd>${value}</dd></div>`);
    }
    // Four hours from the first article to the copy; the third hour had none, so three bars.
    const svg = /<svg class="chart timeline"[^>]*>(.*?)<\/svg>/s.exec(html)?.[1] ?? '';
    expect(svg).toContain('<title id="timeline-title">Articles per hour</title>');
    expect([...svg.matchAll(/<rect [^>]*class="bar-hour"/g)]).toHaveLength(3);
    const hour = (offset: number) => `${new Date(firstHour.getTime() + offset * HOUR).toISOString().slice(0, 13).replace('T', ' ')}:00 UTC`;
    expect(svg).toContain(`<title>${hour(1)}: 2 articles</title>`);
    const summary = `4 articles over 4 hours, from ${hour(0)} to ${hour(3)}; the busiest hour, ${hour(1)}, had 2 articles.`;
    expect(svg).toContain(`<desc id="timeline-desc">${summary}</desc>`);
    expect(html).toContain(`<figcaption class="muted">${summary}</figcaption>`);

    expect(html).toContain('<h3 id="lang-en">English (en) · 2 articles</h3>');
    expect(html).toContain('<h3 id="lang-de">German (de) · 1 article</h3>');
    expect(html).toContain('<a href="#lang-de"><abbr title="German: 1 article">de</abbr></a>');
    const english = /<h3 id="lang-en">.*?<\/ul><\/section>/s.exec(html)?.[0] ?? '';
    expect(english).toMatch(
      new RegExp(`<li><a href="/articles/${quake.english}">Quake hits Malatya</a>.*?<details class="copies"><summary>1 copy</summary><ul><li><a href="/articles/${quake.copy}">`, 's'),
    );
    for (const site of ['news.example', 'zeitung.example', 'journal.example', 'wire.example']) {
      expect(html).toContain(`<a href="/articles?cluster=${quake.id}&amp;site=${site}">${site}</a>`);
    }
    const evidence = /<table class="evidence">(.*?)<\/table>/s.exec(html)?.[1] ?? '';
    expect(evidence).toMatch(/<td><span title="w:nrt">Malatya<\/span><\/td><td>name<\/td><td class="num">3<\/td>/);
    expect(evidence).toMatch(/<td><span title="n:230">230<\/span><\/td><td>number<\/td><td class="num">3<\/td>/);
  });

  it('sends an absorbed story’s address to the story that took its articles', async () => {
    const page = await get(`/stories/${absorbed}`);
    expect(page.status).toBe(302);
    expect(page.location).toBe(`/stories/${survivor}`);
    const survivorPage = await get(`/stories/${survivor}`);
    expect(survivorPage.html).toContain('Brückeneinsturz in Genua');
    expect((await get('/stories/999999999')).status).toBe(404);
    expect((await get('/stories/nope')).status).toBe(400);
  });

  it('leads from an article to its story, and from the overview to the top stories of the day', async () => {
    const article = await get(`/articles/${quake.german}`);
    expect(article.html).toContain(`<a href="/stories/${quake.id}">Story #${quake.id}</a>`);
    expect((await get('/articles?lang=de')).html).toContain(`<a href="/stories/${quake.id}">story</a>`);

    const overview = await get('/');
    const top = /<h2>Top stories of the last 24 h<\/h2>(.*?)<\/section>/s.exec(overview.html)?.[1] ?? '';
    expect(top).toContain(`<a href="/stories/${quake.id}">Quake hits Malatya</a>`);
    expect(top).toContain(`<a href="/stories/${survivor}">`);
    // One language only, or quiet for days: not among them.
    expect(top).not.toContain(`/stories/${hostileStory}"`);
    expect(top).not.toContain(`/stories/${quietStory}"`);
    expect(top).toContain('<a href="/stories">All stories</a>');
  });

  it('shows hostile titles, sites and evidence as text', async () => {
    for (const path of ['/stories?site=other.example', `/stories/${hostileStory}`, '/']) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(page.html, path).not.toMatch(/<img src=x|<i>site|<b>bold/);
      expect(page.headers.get('content-security-policy'), path).toContain("default-src 'none'");
    }
    const story = (await get(`/stories/${hostileStory}`)).html;
    expect(story).toContain('<h1>&lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(story).toContain('&lt;i&gt;site&lt;/i&gt;');
    expect(story).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(rowOf((await get('/stories?site=other.example')).html, hostileStory)).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
