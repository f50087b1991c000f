import { addArticleEvents, clusterArticle, getFeed, recordFeedFetch, storeArticle, upsertFeed } from '@polywire/db';
import { testDuplicates } from '@polywire/db/testing';
import { SUPPORTED_LANGUAGES } from '@polywire/lang';
import { articleProcess, createRedis, createWorker, UnrecoverableError } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { testServices, waitFor } from '@polywire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp } from './server.js';

type App = ReturnType<typeof createDashboardApp>;
const ORIGIN = 'http://localhost';
const HOSTILE = '<img src=x onerror=alert(1)>';

/**
 * A browser stand-in over `app.request`: keeps the cookies it is given, sends the Origin header a
 * browser sends with a form post, and remembers the CSRF token of the last page it read.
 */
function browser(app: App) {
  const cookies = new Map<string, string>();
  let csrfToken = '';
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attributes.some((attribute) => /max-age=0/i.test(attribute.trim()));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  };
  const headers = () => ({ cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') });
  return {
    cookies,
    get csrfToken() {
      return csrfToken;
    },
    async get(path: string) {
      const response = await app.request(path, { headers: headers() });
      remember(response);
      const html = await response.text();
      csrfToken = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? csrfToken;
      return { status: response.status, html, location: response.headers.get('location'), headers: response.headers };
    },
    async post(path: string, fields: Record<string, string>, options: { origin?: string; csrf?: string | null } = {}) {
      const body = new URLSearchParams(fields);
      const token = options.csrf === undefined ? csrfToken : options.csrf;
      if (token !== null) body.set('_csrf', token);
      const response = await app.request(path, {
        method: 'POST',
        headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded', origin: options.origin ?? ORIGIN },
        body,
      });
      remember(response);
      return { status: response.status, html: await response.text(), location: response.headers.get('location') };
    },
    async upload(path: string, form: FormData) {
      form.set('_csrf', csrfToken);
      const response = await app.request(path, { method: 'POST', headers: { ...headers(), origin: ORIGIN }, body: form });
      remember(response);
      return { status: response.status, location: response.headers.get('location') };
    },
  };
}

const TOKEN = 'test-token-0123456789abcdef';
const USER = 'ops';
const PASSWORD = 'correct horse battery staple';

describe('dashboard access with DASHBOARD_TOKEN and a user and password', () => {
  let runtime: Runtime;
  let app: App;
  beforeAll(async () => {
    runtime = await createTestRuntime({ DASHBOARD_TOKEN: TOKEN, DASHBOARD_USER: USER, DASHBOARD_PASSWORD: PASSWORD });
    app = createDashboardApp(runtime);
  });
  afterAll(() => runtime.close());

  it('leaves /healthz open and asks for a credential everywhere else', async () => {
    expect((await app.request('/healthz')).status).toBe(200);
    for (const path of ['/', '/feeds', '/articles', '/queues', '/queues/feed.fetch', '/articles/1']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    for (const path of ['/api/feeds', '/api/articles', '/api/queues', '/api/openapi.json']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
    }
    const post = await app.request('/api/feeds', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url":"https://x.example/rss"}' });
    expect(post.status).toBe(401);
  });

  it('takes the token as a Bearer credential and the user and password as Basic, and nothing else', async () => {
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    expect((await app.request('/api/feeds', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await app.request('/api/feeds', { headers: { authorization: basic(USER, PASSWORD) } })).status).toBe(200);
    expect((await app.request('/api/feeds', { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await app.request('/api/feeds', { headers: { authorization: basic(USER, `${PASSWORD}x`) } })).status).toBe(401);
    expect((await app.request('/api/feeds', { headers: { authorization: basic('root', PASSWORD) } })).status).toBe(401);
    const created = await app.request('/api/feeds', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://bearer.example/rss' }),
    });
    expect(created.status).toBe(201);
  });

  it('signs a browser in with the token, and a wrong token gets no session', async () => {
    const visitor = browser(app);
    const form = await visitor.get('/login?next=/queues');
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="token"');
    const wrong = await visitor.post('/login', { token: 'not-the-token-at-all', next: '/queues' });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('did not match');
    expect(visitor.cookies.size).toBe(0);

    const right = await visitor.post('/login', { token: TOKEN, next: '/queues' });
    expect(right.status).toBe(303);
    expect(right.location).toBe('/queues');
    const queues = await visitor.get('/queues');
    expect(queues.status).toBe(200);
    expect(queues.html).toContain('article.process');
  });

  it('makes the session cookie HttpOnly and SameSite=Strict, and refuses a tampered one', async () => {
    const response = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ user: USER, password: PASSWORD }),
    });
    expect(response.status).toBe(303);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('polywire_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const value = cookie.split(';')[0]!.split('=').slice(1).join('=');
    expect((await app.request('/feeds', { headers: { cookie: `polywire_session=${value}` } })).status).toBe(200);
    const forged = value.replace(/^[^.]+/, 'someone-else');
    expect((await app.request('/feeds', { headers: { cookie: `polywire_session=${forged}` } })).status).toBe(303);
  });

  it('lets a signed-in browser read the API but not change anything through it', async () => {
    const visitor = browser(app);
    await visitor.post('/login', { token: TOKEN });
    const cookie = [...visitor.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    expect((await app.request('/api/feeds', { headers: { cookie } })).status).toBe(200);
    expect((await app.request('/api/feeds/export.opml', { headers: { cookie } })).status).toBe(200);
    const change = await app.request('/api/feeds', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://cookie.example/rss' }),
    });
    expect(change.status).toBe(401);
    expect(((await change.json()) as { error: string }).error).toContain('Authorization header');
  });

  it('only sends a browser to a local path after signing in', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const response = await browser(app).post('/login', { token: TOKEN, next });
      expect(response.location, next).toBe('/');
    }
  });

  it('signs out, after which the pages ask for the token again', async () => {
    const visitor = browser(app);
    await visitor.post('/login', { token: TOKEN });
    await visitor.get('/');
    const out = await visitor.post('/logout', {});
    expect(out.status).toBe(303);
    expect((await visitor.get('/')).location).toBe('/login?next=%2F');
  });
});

describe('dashboard pages', () => {
  let runtime: Runtime;
  let app: App;
  let visitor: ReturnType<typeof browser>;
  beforeAll(async () => {
    runtime = await createTestRuntime();
    app = createDashboardApp(runtime);
    visitor = browser(app);
    await visitor.get('/feeds');
  });
  afterAll(() => runtime.close());

  const feedStatus = async (id: number) => (await getFeed(runtime.db.db, id))?.status;

  it('refuses a form post without this session’s CSRF token, or from another site', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://csrf.example/rss' });
    expect(visitor.csrfToken).toMatch(/^[\w-]{20,}$/);
    expect((await visitor.post(`/feeds/${feed.id}/pause`, {}, { csrf: null })).status).toBe(403);
    expect((await visitor.post(`/feeds/${feed.id}/pause`, {}, { csrf: 'forged' })).status).toBe(403);
    const other = browser(app);
    await other.get('/feeds');
    expect(other.csrfToken).not.toBe(visitor.csrfToken);
    expect((await visitor.post(`/feeds/${feed.id}/pause`, {}, { csrf: other.csrfToken })).status).toBe(403);
    expect((await visitor.post(`/feeds/${feed.id}/pause`, {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect(await feedStatus(feed.id)).toBe('active');

    const paused = await visitor.post(`/feeds/${feed.id}/pause`, {});
    expect(paused.status).toBe(303);
    expect(await feedStatus(feed.id)).toBe('paused');
  });

  it('refuses an API change sent by a browser from another site', async () => {
    const response = await app.request('/api/feeds/import-opml', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: '<opml version="2.0"><body><outline xmlUrl="https://evil.example/rss"/></body></opml>',
    });
    expect(response.status).toBe(403);
  });

  it('adds a feed from the form, queues its first fetch and says so on the next page', async () => {
    const added = await visitor.post('/feeds', { url: 'https://form.example/rss.xml', title: 'From the form' }, {});
    expect(added.status).toBe(303);
    const list = await visitor.get('/feeds');
    expect(list.html).toMatch(/Feed #\d+ added; its first fetch is queued\./);
    const id = Number(/Feed #(\d+) added/.exec(list.html)?.[1]);
    expect(await runtime.queues.feedFetch.getJob(`feed-${id}`)).toBeDefined();
    expect(list.html).toContain('From the form');
    // The notice shows once.
    expect((await visitor.get('/feeds')).html).not.toContain('added; its first fetch');

    const bad = await visitor.post('/feeds', { url: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('url: must be an http(s) URL');
  });

  it('imports an OPML file, and fetches, pauses, resumes and deletes a feed', async () => {
    const form = new FormData();
    const opml = '<?xml version="1.0"?><opml version="2.0"><body><outline text="Imported" xmlUrl="https://opml-page.example/rss"/><outline xmlUrl="ftp://nope"/></body></opml>';
    form.set('opml', new File([opml], 'feeds.opml', { type: 'text/x-opml' }));
    expect((await visitor.upload('/feeds/import', form)).status).toBe(303);
    const list = await visitor.get('/feeds');
    expect(list.html).toContain('Imported 1 new feeds, 0 already there; 1 refused');
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://opml-page.example/rss' });

    expect((await visitor.post(`/feeds/${feed.id}/fetch`, {})).status).toBe(303);
    expect(await runtime.queues.feedFetch.getJob(`feed-${feed.id}`)).toBeDefined();
    await visitor.post(`/feeds/${feed.id}/pause`, {});
    expect(await feedStatus(feed.id)).toBe('paused');
    const pausedPage = await visitor.get(`/feeds/${feed.id}`);
    expect(pausedPage.html).toContain(`action="/feeds/${feed.id}/resume"`);
    expect(pausedPage.html).not.toContain(`action="/feeds/${feed.id}/fetch"`);
    await visitor.post(`/feeds/${feed.id}/resume`, {});
    expect(await feedStatus(feed.id)).toBe('active');
    const deleted = await visitor.post(`/feeds/${feed.id}/delete`, {});
    expect(deleted.location).toBe('/feeds');
    expect(await getFeed(runtime.db.db, feed.id)).toBeUndefined();
    expect((await visitor.get(`/feeds/${feed.id}`)).status).toBe(404);
  });

  it('shows every text from feeds as text, with a policy that allows no script', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://hostile.example/rss', title: `<script>alert("feed")</script>` });
    const { articleId } = await storeArticle(
      runtime.db.db,
      {
        urlHash: 'h'.repeat(64),
        url: 'https://hostile.example/a"><script>alert(2)</script>',
        canonicalUrl: 'https://hostile.example/a',
        title: HOSTILE,
        lead: `<b onmouseover=alert(3)>lead</b>`,
        text: `Body with ${HOSTILE} inside`,
        authors: ['<svg onload=alert(4)>'],
        site: '<i>site</i>',
        language: 'en',
      },
      { feedId: feed.id, itemKey: 'x', itemUrl: 'https://hostile.example/a' },
    );
    await addArticleEvents(runtime.db.db, [{ urlHash: 'h'.repeat(64), kind: 'failed', detail: { error: HOSTILE } }]);
    // A fetch error quotes the server's answer, so it is hostile text too.
    await recordFeedFetch(runtime.db.db, { feedId: feed.id, startedAt: new Date(), durationMs: 1, outcome: 'error', error: HOSTILE, nextFetchInSeconds: 60 });
    for (const path of ['/', '/feeds', `/feeds/${feed.id}`, '/articles', `/articles/${articleId}`, '/articles?q=Body']) {
      const page = await visitor.get(path);
      expect(page.status, path).toBe(200);
      expect(page.html, path).not.toMatch(/<img src=x|<script>alert|<b onmouseover|<svg onload|<i>site/);
      expect(page.headers.get('content-security-policy'), path).toContain("default-src 'none'");
    }
    const article = await visitor.get(`/articles/${articleId}`);
    expect(article.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(article.html).toContain('&lt;svg onload=alert(4)&gt;');
    expect(article.html).toContain('href="https://hostile.example/a&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"');
    expect((await visitor.get('/')).html).toContain('&lt;script&gt;alert(&quot;feed&quot;)&lt;/script&gt;');
  });

  it('shows an article’s languages, sources, copies, story in other languages and breadcrumbs', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://story.example/rss', title: 'Story feed' });
    const policy = { windowHours: 48, minSharedKeys: 2, choose: (candidates: { clusterId: number }[]) => ({ clusterId: candidates[0]?.clusterId ?? null, score: 1, reason: 'test' }) };
    const store = async (key: string, language: string, declared: string, contentHash: string) => {
      const stored = await storeArticle(
        runtime.db.db,
        { urlHash: key.padEnd(64, 's'), url: `https://story.example/${key}`, canonicalUrl: `https://story.example/${key}`, title: `Quake ${key}`, text: `Text ${key}`, language, languageConfidence: 0.93, declaredLanguage: declared, contentHash, site: 'story.example' },
        { feedId: feed.id, itemKey: key, itemUrl: `https://story.example/${key}` },
        [],
        testDuplicates(),
      );
      await clusterArticle(runtime.db.db, stored.articleId, ['w:malatya', 'n:14', 'n:230'], policy);
      return stored;
    };
    const original = await store('en1', 'en', 'en', 'c'.repeat(64));
    const german = await store('de1', 'de', 'en', 'd'.repeat(64));
    const copy = await store('en2', 'en', 'en', 'c'.repeat(64));
    expect(copy.duplicateOf).toBe(original.articleId);
    await addArticleEvents(runtime.db.db, [{ urlHash: 'de1'.padEnd(64, 's'), kind: 'fetch_failed', attempt: 1, jobId: 'article-x', detail: { error: 'HTTP 503' } }]);

    const page = (await visitor.get(`/articles/${original.articleId}`)).html;
    expect(page).toContain('detected English (en), confidence 0.93');
    expect(page).toContain('Story feed');
    expect(page).toContain('Copies stored as duplicates (1)');
    expect(page).toContain(`href="/articles/${copy.articleId}"`);
    expect(page).toMatch(/In other languages \(1\)<\/h3><ul><li><span class="badge"><abbr title="German">de<\/abbr><\/span> <a href="\/articles\/\d+">Quake de1/);
    expect(page).toContain(': 3 articles in English (en), German (de)');
    expect(page).toContain('stored');

    const germanPage = (await visitor.get(`/articles/${german.articleId}`)).html;
    // The declared tag disagrees with the detected one, and is shown as such.
    expect(germanPage).toContain('<span class="failing">declared English (en)</span>');
    expect(germanPage).toContain('fetch failed');
    expect(germanPage).toContain('HTTP 503');
    expect(germanPage).toContain('href="/queues/article.process/jobs/article-x"');

    const search = (await visitor.get(`/articles?lang=de&feed=${feed.id}&site=`)).html;
    expect(search).toContain('Quake de1');
    expect(search).not.toContain('Quake en1');
    expect(search).toMatch(/Quake de1<\/a><\/td><td>German \(de\)<\/td>/);
    const refused = await visitor.get('/articles?since=yesterday');
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('since: must be an ISO 8601 date-time');
  });

  it('marks a page that is not an article, and filters the list by page type', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://fronts.example/rss' });
    const ids: Record<string, number> = {};
    for (const [key, pageType] of [['story', 'article'], ['front', 'front'], ['live', 'live']] as const) {
      const stored = await storeArticle(
        runtime.db.db,
        { urlHash: `type-${key}`.padEnd(64, 't'), url: `https://fronts.example/${key}`, canonicalUrl: `https://fronts.example/${key}`, title: `Page ${key}`, text: 'x', pageType },
        { feedId: feed.id, itemKey: key, itemUrl: `https://fronts.example/${key}` },
      );
      ids[key] = stored.articleId;
    }
    const list = (await visitor.get(`/articles?feed=${feed.id}`)).html;
    expect(list).toMatch(/Page front<\/a><span class="badge"[^>]*>section front<\/span><\/td>/);
    expect(list).toMatch(/Page live<\/a><span class="badge"[^>]*>live blog<\/span><\/td>/);
    // An article has no badge.
    expect(list).toMatch(/Page story<\/a><\/td>/);
    const articlesOnly = (await visitor.get(`/articles?feed=${feed.id}&page_type=article`)).html;
    expect(articlesOnly).toContain('Page story');
    expect(articlesOnly).not.toContain('Page front');
    expect(articlesOnly).toContain('<option value="article" selected="">article</option>');
    const detail = (await visitor.get(`/articles/${ids.front}`)).html;
    expect(detail).toContain('<dt>Page type</dt><dd>section front');
  });

  it('offers the supported languages in the search form, and still takes any typed tag', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://languages.example/rss' });
    for (const [key, language] of [['hu', 'hu'], ['sr', 'sr-Latn'], ['xx', 'xx'], ['none', null]] as const) {
      await storeArticle(
        runtime.db.db,
        { urlHash: `lang-${key}`.padEnd(64, 'l'), url: `https://languages.example/${key}`, canonicalUrl: `https://languages.example/${key}`, title: `Story ${key}`, text: 'x', language },
        { feedId: feed.id, itemKey: key, itemUrl: `https://languages.example/${key}` },
      );
    }
    const form = (await visitor.get('/articles')).html;
    expect(form).toContain('<input type="text" name="lang" value="" placeholder="de,fr" size="8" list="supported-languages"');
    const datalist = /<datalist id="supported-languages">(.*?)<\/datalist>/s.exec(form)?.[1] ?? '';
    const options = [...datalist.matchAll(/<option value="([^"]+)">([^<]+)<\/option>/g)].map((match) => [match[1], match[2]]);
    expect(options).toHaveLength(SUPPORTED_LANGUAGES.length);
    expect(options).toEqual(expect.arrayContaining([['hu', 'Hungarian'], ['sr-Latn', 'Serbian (Latin)'], ['pcm', 'Nigerian Pidgin'], ['fa-AF', 'Dari']]));

    const hungarian = await visitor.get(`/articles?lang=hu&feed=${feed.id}`);
    expect(hungarian.html).toMatch(/Story hu<\/a><\/td><td>Hungarian \(hu\)<\/td>/);
    expect(hungarian.html).not.toContain('Story sr');
    // A family and a tag no one supports, typed by hand, comma-separated.
    const typed = (await visitor.get(`/articles?lang=sr,xx&feed=${feed.id}`)).html;
    expect(typed).toMatch(/Story sr<\/a><\/td><td>Serbian \(Latin\) \(sr-Latn\)<\/td>/);
    expect(typed).toMatch(/Story xx<\/a><\/td><td>xx<\/td>/);
    expect(typed).toContain('value="sr,xx"');
  });

  it('charts the articles of the last day and week per language on the overview', async () => {
    const page = (await visitor.get('/')).html;
    expect(page).toMatch(/<text[^>]*class="chart-label">German \(de\)<\/text>/);
    expect(page).toMatch(/<text[^>]*class="chart-label">Serbian \(Latin\) \(sr-Latn\)<\/text>/);
    expect(page).toMatch(/<text[^>]*class="chart-label">Unknown \(und\)<\/text>/);
    expect(page).toMatch(/Articles ingested per language: \d+ in the last 24 hours/);
    expect(page).toContain('Failing feeds (1 of');
  });

  describe('queues', () => {
    const queueName = articleProcess.name;
    const payload = (n: number) => ({
      url: `https://jobs.example/${n}`,
      urlHash: String(n).padStart(64, '0'),
      feedId: 1,
      itemKey: `j${n}`,
      item: { title: null, summary: null, contentHtml: null, publishedAt: null, authors: [], language: null },
    });

    beforeAll(async () => {
      // A real worker whose every job fails for good, like an item with neither text nor title.
      const connection = createRedis(testServices().redisUrl, 'worker');
      const worker = createWorker(
        articleProcess,
        async (_payload, job) => {
          await job.log('looked at the page');
          throw new UnrecoverableError('neither the page nor the feed item has any text or title');
        },
        { connection, prefix: runtime.config.QUEUE_PREFIX, concurrency: 1, lockDurationMs: 30_000 },
      );
      for (const n of [1, 2, 3]) await runtime.queues.articleProcess.add(queueName, payload(n), { jobId: `article-${n}` });
      await waitFor(async () => (await runtime.queues.articleProcess.getFailedCount()) === 3, { what: 'three failed jobs' });
      await worker.close();
      await connection.quit();
    });

    it('lists failed jobs with their reason, and shows a job’s data, attempts, logs and stack trace', async () => {
      const list = await visitor.get(`/queues/${queueName}?state=failed`);
      expect(list.html).toContain('failed (3)');
      expect(list.html).toContain('neither the page nor the feed item has any text or title');
      expect(list.html).toContain('https://jobs.example/1');
      const job = (await visitor.get(`/queues/${queueName}/jobs/article-1`)).html;
      expect(job).toContain('https://jobs.example/1');
      expect(job).toContain('1 made of 4');
      expect(job).toContain('looked at the page');
      expect(job).toMatch(/Stack traces \(1\)<\/h2><pre class="json">UnrecoverableError: neither the page/);
      expect((await visitor.get(`/queues/${queueName}/jobs?id=article-2`)).location).toBe(`/queues/${queueName}/jobs/article-2`);
      expect((await visitor.get(`/queues/${queueName}/jobs/nope`)).status).toBe(404);
      expect((await visitor.get('/queues/unknown.queue')).status).toBe(404);
    });

    it('retries and removes a failed job, refuses to retry one that has not failed, and cleans the rest', async () => {
      await visitor.get(`/queues/${queueName}/jobs/article-1`);
      expect((await visitor.post(`/queues/${queueName}/jobs/article-1/retry`, {})).status).toBe(303);
      expect(await (await runtime.queues.articleProcess.getJob('article-1'))?.getState()).toBe('waiting');
      const again = await visitor.post(`/queues/${queueName}/jobs/article-1/retry`, {});
      expect(again.status).toBe(400);
      expect(again.html).toContain('job article-1 is waiting, not failed');

      expect((await visitor.post(`/queues/${queueName}/jobs/article-2/remove`, {})).status).toBe(303);
      expect(await runtime.queues.articleProcess.getJob('article-2')).toBeUndefined();

      expect((await visitor.post(`/queues/${queueName}/clean`, { state: 'failed' })).status).toBe(303);
      expect(await runtime.queues.articleProcess.getFailedCount()).toBe(0);
      expect((await visitor.post(`/queues/${queueName}/clean`, { state: 'active' })).status).toBe(400);
    });

    it('pauses and resumes a queue', async () => {
      await visitor.post(`/queues/${queueName}/pause`, {});
      expect(await runtime.queues.articleProcess.isPaused()).toBe(true);
      expect((await visitor.get('/queues')).html).toContain('<span class="badge">paused</span>');
      await visitor.post(`/queues/${queueName}/resume`, {});
      expect(await runtime.queues.articleProcess.isPaused()).toBe(false);
    });
  });
});

describe('dashboard in read-only mode', () => {
  let runtime: Runtime;
  let app: App;
  beforeAll(async () => {
    runtime = await createTestRuntime({ DASHBOARD_READ_ONLY: 'true' });
    app = createDashboardApp(runtime);
  });
  afterAll(() => runtime.close());

  it('shows every page without a single form that changes something, and refuses changes', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://read-only.example/rss' });
    const visitor = browser(app);
    for (const path of ['/', '/feeds', `/feeds/${feed.id}`, '/articles', '/queues', '/queues/feed.fetch']) {
      const page = await visitor.get(path);
      expect(page.status, path).toBe(200);
      expect(page.html, path).not.toContain('method="post"');
      expect(page.html, path).toContain('read-only');
    }
    // Refused before anything looks at the form.
    const response = await app.request(`/feeds/${feed.id}/pause`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: '',
    });
    expect(response.status).toBe(403);
    expect((await app.request(`/api/feeds/${feed.id}`, { method: 'DELETE' })).status).toBe(403);
    const add = await app.request('/api/feeds', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url":"https://ro.example/rss"}' });
    expect(add.status).toBe(403);
    expect(((await add.json()) as { error: string }).error).toContain('DASHBOARD_READ_ONLY');
    expect((await getFeed(runtime.db.db, feed.id))?.status).toBe('active');
    expect((await app.request('/api/feeds')).status).toBe(200);
  });
});
