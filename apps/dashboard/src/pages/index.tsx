import {
  countArticlesByLanguage,
  deleteFeed,
  getArticle,
  getCluster,
  getFeed,
  getStory,
  listArticleEvents,
  listArticles,
  listDuplicatesOf,
  listFeedFetches,
  listFeeds,
  listStories,
  type StoryListItem,
  setFeedPaused,
  storySorts,
} from '@polywire/db';
import { nameLabels } from '@polywire/dedupe';
import { articleProcess } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { encodeCursor, parseArticleSearch } from '../api/article-search.js';
import { encodeStoryCursor } from '../api/stories.js';
import { feedId as feedIds, rowId as articleIds } from '../api/shared.js';
import { dashboardCss } from '../assets.js';
import { type Access, type DashboardEnv, requireCsrfToken, safeNextPath, waitMessage } from '../auth.js';
import { addFeed, BadRequest, fetchFeedNow, importOpml, MAX_OPML_BYTES, newFeedBody, parseOrThrow } from '../feeds.js';
import { cleanableStates, findQueue, getJobDetail, jobStates, listJobs, summarizeQueue } from '../queues.js';
import { ArticlePage, ArticlesPage, type SearchFields } from './articles.js';
import { FeedPage, FeedsPage } from './feeds.js';
import { LoginPage } from './login.js';
import { OverviewPage } from './overview.js';
import { JobPage, QueuePage, QueuesPage } from './queues.js';
import { parseStoryPageSearch, readerLanguage, StoriesPage, StoryPage, type StoryFields, storyFieldNames } from './stories.js';
import type { PageContext } from './ui.js';

const NOTICE_COOKIE = 'polywire_notice';
const ARTICLES_PER_PAGE = 50;
const STORIES_PER_PAGE = 50;
/** The overview's top stories: the fastest-growing ones in two languages or more, of the last 24 hours. */
const TOP_STORIES = 5;
const TOP_STORIES_HOURS = 24;
const searchFieldNames = ['q', 'lang', 'feed', 'site', 'cluster', 'since', 'until', 'by', 'sort', 'page_type'] as const;

const pageNumber = z.coerce.number().int().min(1).max(10_000).catch(1);
const cleanForm = z.object({ state: z.enum(cleanableStates, { message: 'state: must be completed, failed, delayed or wait' }) });

/** The server-rendered pages: read with GET, change with POST forms (each carrying its CSRF token). */
export function createPages(runtime: Runtime, access: Access): Hono<DashboardEnv> {
  const { db } = runtime.db;
  const pages = new Hono<DashboardEnv>();

  // The one-time message of the previous action ("Feed paused"), read once and dropped.
  const context = (c: Context<DashboardEnv>): PageContext => {
    const notice = getCookie(c, NOTICE_COOKIE) ?? null;
    if (notice) deleteCookie(c, NOTICE_COOKIE, { path: '/' });
    return { csrfToken: c.var.csrfToken, readOnly: access.readOnly, signedIn: access.required, notice };
  };
  /** After a change, back to the page the form was on (same origin only), with a notice. */
  const done = (c: Context<DashboardEnv>, notice: string, fallback: string) => {
    setCookie(c, NOTICE_COOKIE, notice, { path: '/', httpOnly: true, sameSite: 'Strict', maxAge: 60 });
    const referer = c.req.header('referer');
    let target = fallback;
    if (referer && URL.canParse(referer)) {
      const from = new URL(referer);
      if (from.origin === new URL(c.req.url).origin) target = from.pathname + from.search;
    }
    return c.redirect(target, 303);
  };
  const notFound = (what: string) => new HTTPException(404, { message: `${what} not found` });
  // Feeds have 32-bit ids, articles 53-bit ones (see api/shared.ts).
  const idOf = (c: Context, range: typeof feedIds) => parseOrThrow(range, c.req.param('id'));

  pages.get('/assets/dashboard.css', (c) =>
    c.body(dashboardCss, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' }),
  );

  // --- signing in and out -------------------------------------------------------------------------
  pages.get('/login', (c) => {
    if (!access.required) return c.redirect('/', 303);
    return c.html(<LoginPage login={access.login} next={safeNextPath(c.req.query('next'))} error={null} />);
  });
  pages.post('/login', async (c) => {
    if (!access.required) return c.redirect('/', 303);
    const form = await c.req.parseBody();
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    const next = safeNextPath(text('next'));
    const outcome = await access.signIn(c, { token: text('token'), user: text('user'), password: text('password') });
    if (outcome.kind === 'wait') {
      c.header('retry-after', String(outcome.seconds));
      return c.html(<LoginPage login={access.login} next={next} error={waitMessage(outcome)} />, 429);
    }
    if (outcome.kind === 'refused') {
      return c.html(<LoginPage login={access.login} next={next} error="That did not match. Try again." />, 401);
    }
    await access.startSession(c);
    return c.redirect(next, 303);
  });

  // Every other form post must carry the session's CSRF token. The OPML upload's size is capped first,
  // since reading the form for its token reads the whole body.
  pages.use('/feeds/import', bodyLimit({ maxSize: MAX_OPML_BYTES, onError: () => new HTTPException(413, { message: `the OPML file is larger than ${MAX_OPML_BYTES} bytes` }).getResponse() }));
  pages.on('POST', ['/logout', '/feeds', '/feeds/*', '/queues/*'], requireCsrfToken);

  pages.post('/logout', async (c) => {
    await access.endSession(c);
    return c.redirect(access.required ? '/login' : '/', 303);
  });

  // --- overview ------------------------------------------------------------------------------------
  pages.get('/', async (c) => {
    const now = new Date();
    const [volumes, queues, feeds, topStories] = await Promise.all([
      countArticlesByLanguage(db),
      Promise.all(runtime.queues.all.map(summarizeQueue)),
      listFeeds(db),
      listStories(db, {
        since: new Date(now.getTime() - TOP_STORIES_HOURS * 3_600_000),
        by: 'updated',
        minLanguages: 2,
        sort: 'rising',
        uiLanguage: readerLanguage(c.req.header('accept-language')),
        now,
        limit: TOP_STORIES,
      }),
    ]);
    const failing = feeds.filter((feed) => feed.status === 'failing' || feed.status === 'gone');
    return c.html(
      <OverviewPage ctx={context(c)} volumes={volumes} queues={queues} failing={failing} feedCount={feeds.length} topStories={topStories.items} />,
    );
  });

  // --- feeds ---------------------------------------------------------------------------------------
  pages.get('/feeds', async (c) => c.html(<FeedsPage ctx={context(c)} feeds={await listFeeds(db)} />));

  pages.post('/feeds', async (c) => {
    const form = await c.req.parseBody();
    const input = parseOrThrow(newFeedBody, { url: form.url, title: typeof form.title === 'string' && form.title.trim() ? form.title : undefined });
    const { feed, created } = await addFeed(runtime, input);
    return done(c, created ? `Feed #${feed.id} added; its first fetch is queued.` : `Feed #${feed.id} was already there.`, '/feeds');
  });

  pages.post('/feeds/import', async (c) => {
    const file = (await c.req.parseBody()).opml;
    if (!(file instanceof File)) throw new BadRequest('choose an OPML file to import');
    const result = await importOpml(runtime, await file.text());
    const invalid = result.invalid.length ? `; ${result.invalid.length} refused (first: ${result.invalid[0]?.url}: ${result.invalid[0]?.error})` : '';
    return done(c, `Imported ${result.added} new feeds, ${result.existing} already there${invalid}.`, '/feeds');
  });

  pages.get('/feeds/:id', async (c) => {
    const feedId = idOf(c, feedIds);
    const feed = await getFeed(db, feedId);
    if (!feed) throw notFound(`feed ${feedId}`);
    const [fetches, articles] = await Promise.all([listFeedFetches(db, feedId), listArticles(db, { feedId, limit: 20 })]);
    return c.html(<FeedPage ctx={context(c)} feed={feed} fetches={fetches} articles={articles.items} />);
  });

  pages.post('/feeds/:id/fetch', async (c) => {
    const feedId = idOf(c, feedIds);
    const outcome = await fetchFeedNow(runtime, feedId);
    if (outcome === 'missing') throw notFound(`feed ${feedId}`);
    return done(c, outcome === 'paused' ? `Feed #${feedId} is paused: resume it first.` : `Feed #${feedId}: fetch queued.`, `/feeds/${feedId}`);
  });

  for (const action of ['pause', 'resume'] as const) {
    pages.post(`/feeds/:id/${action}`, async (c) => {
      const feedId = idOf(c, feedIds);
      if (!(await setFeedPaused(db, feedId, action === 'pause'))) throw notFound(`feed ${feedId}`);
      return done(c, `Feed #${feedId} ${action === 'pause' ? 'paused' : 'resumed: it is fetched on the next tick'}.`, `/feeds/${feedId}`);
    });
  }

  pages.post('/feeds/:id/delete', async (c) => {
    const feedId = idOf(c, feedIds);
    if (!(await deleteFeed(db, feedId))) throw notFound(`feed ${feedId}`);
    // Not back to the feed's own page, which is gone.
    setCookie(c, NOTICE_COOKIE, `Feed #${feedId} deleted, with its fetch history.`, { path: '/', httpOnly: true, sameSite: 'Strict', maxAge: 60 });
    return c.redirect('/feeds', 303);
  });

  // --- articles ------------------------------------------------------------------------------------
  pages.get('/articles', async (c) => {
    const url = new URL(c.req.url);
    const fields: SearchFields = {};
    const params = new URLSearchParams();
    // An empty form field means "any", where the API would refuse an empty value.
    for (const name of searchFieldNames) {
      const value = url.searchParams.get(name)?.trim();
      if (!value) continue;
      fields[name] = value;
      params.set(name, value);
    }
    const cursorParam = url.searchParams.get('cursor');
    if (cursorParam) params.set('cursor', cursorParam);
    let error: string | null = null;
    let items: Awaited<ReturnType<typeof listArticles>>['items'] = [];
    let nextHref: string | null = null;
    try {
      const { filters, cursor } = parseArticleSearch(params);
      const page = await listArticles(db, { ...filters, cursor, limit: ARTICLES_PER_PAGE });
      items = page.items;
      if (page.nextKey) {
        const next = new URLSearchParams(params);
        next.set('cursor', encodeCursor(filters.sort, page.nextKey));
        nextHref = `/articles?${next}`;
      }
    } catch (caught) {
      if (!(caught instanceof BadRequest)) throw caught;
      error = caught.message;
    }
    return c.html(<ArticlesPage ctx={context(c)} fields={fields} error={error} articles={items} nextHref={nextHref} />, error ? 400 : 200);
  });

  pages.get('/articles/:id', async (c) => {
    const articleId = idOf(c, articleIds);
    const article = await getArticle(db, articleId);
    if (!article) throw notFound(`article ${articleId}`);
    const [feeds, duplicates, cluster] = await Promise.all([
      Promise.all([...new Set(article.feedIds)].map((feedId) => getFeed(db, feedId))),
      listDuplicatesOf(db, articleId),
      article.clusterId === null ? null : getCluster(db, article.clusterId),
    ]);
    const feedTitles = new Map(feeds.flatMap((feed) => (feed ? [[feed.id, feed.title ?? feed.url] as const] : [])));
    return c.html(<ArticlePage ctx={context(c)} article={article} feedTitles={feedTitles} duplicates={duplicates} cluster={cluster ?? null} />);
  });

  // --- stories -------------------------------------------------------------------------------------
  pages.get('/stories', async (c) => {
    const url = new URL(c.req.url);
    const fields: StoryFields = {};
    const params = new URLSearchParams();
    // An empty form field means "any", as on the Articles page.
    for (const name of storyFieldNames) {
      const value = url.searchParams.get(name)?.trim();
      if (!value) continue;
      fields[name] = value;
      params.set(name, value);
    }
    const cursorParam = url.searchParams.get('cursor');
    if (cursorParam) params.set('cursor', cursorParam);
    let error: string | null = null;
    let items: StoryListItem[] = [];
    let nextHref: string | null = null;
    try {
      const filters = parseStoryPageSearch(params);
      const page = await listStories(db, { ...filters, uiLanguage: readerLanguage(c.req.header('accept-language')), limit: STORIES_PER_PAGE });
      items = page.items;
      if (page.nextCursor) {
        const next = new URLSearchParams(params);
        next.set('cursor', encodeStoryCursor(filters.sort, page.nextCursor));
        nextHref = `/stories?${next}`;
      }
    } catch (caught) {
      if (!(caught instanceof BadRequest)) throw caught;
      error = caught.message;
    }
    const sort = storySorts.find((each) => each === fields.sort) ?? 'rising';
    return c.html(<StoriesPage ctx={context(c)} fields={fields} sort={sort} error={error} stories={items} nextHref={nextHref} />, error ? 400 : 200);
  });

  pages.get('/stories/:id', async (c) => {
    const storyId = idOf(c, articleIds);
    const story = await getStory(db, storyId, { uiLanguage: readerLanguage(c.req.header('accept-language')), nameLabels });
    if (!story) throw notFound(`story ${storyId}`);
    // An absorbed story lives on in the one that took its articles.
    if (story.requestedId !== story.id) return c.redirect(`/stories/${story.id}`, 302);
    return c.html(<StoryPage ctx={context(c)} story={story} />);
  });

  // --- queues --------------------------------------------------------------------------------------
  const queueOf = (c: Context) => {
    const queue = findQueue(runtime.queues, c.req.param('name') ?? '');
    if (!queue) throw notFound(`queue ${c.req.param('name')}`);
    return queue;
  };

  pages.get('/queues', async (c) => c.html(<QueuesPage ctx={context(c)} queues={await Promise.all(runtime.queues.all.map(summarizeQueue))} />));

  pages.get('/queues/:name', async (c) => {
    const queue = queueOf(c);
    const stateParam = c.req.query('state') ?? 'failed';
    const state = jobStates.find((each) => each === stateParam);
    if (!state) throw new BadRequest(`state: must be one of ${jobStates.join(', ')}`);
    const page = pageNumber.parse(c.req.query('page'));
    const [summary, jobs] = await Promise.all([summarizeQueue(queue), listJobs(queue, state, page)]);
    return c.html(<QueuePage ctx={context(c)} queue={summary} state={state} page={page} jobs={jobs} />);
  });

  // The job-id box of a queue page: a GET form, so it redirects to the job's own address.
  pages.get('/queues/:name/jobs', (c) => {
    const queue = queueOf(c);
    const jobId = c.req.query('id')?.trim();
    if (!jobId) return c.redirect(`/queues/${encodeURIComponent(queue.name)}`, 303);
    return c.redirect(`/queues/${encodeURIComponent(queue.name)}/jobs/${encodeURIComponent(jobId)}`, 303);
  });

  pages.get('/queues/:name/jobs/:id', async (c) => {
    const queue = queueOf(c);
    const detail = await getJobDetail(queue, c.req.param('id'));
    if (!detail) throw notFound(`job ${c.req.param('id')} in ${queue.name}`);
    // An article job's URL hash leads to its breadcrumbs, even when no article was stored.
    const urlHash = (detail.job.data as { urlHash?: unknown }).urlHash;
    const events = queue.name === articleProcess.name && typeof urlHash === 'string' ? await listArticleEvents(db, urlHash) : null;
    return c.html(<JobPage ctx={context(c)} queue={queue.name} detail={detail} events={events} />);
  });

  pages.post('/queues/:name/pause', async (c) => {
    const queue = queueOf(c);
    await queue.pause();
    return done(c, `Queue ${queue.name} paused: workers take no new job from it.`, `/queues/${encodeURIComponent(queue.name)}`);
  });
  pages.post('/queues/:name/resume', async (c) => {
    const queue = queueOf(c);
    await queue.resume();
    return done(c, `Queue ${queue.name} resumed.`, `/queues/${encodeURIComponent(queue.name)}`);
  });
  pages.post('/queues/:name/retry-failed', async (c) => {
    const queue = queueOf(c);
    await queue.retryJobs({ state: 'failed' });
    return done(c, `Every failed job of ${queue.name} is queued again.`, `/queues/${encodeURIComponent(queue.name)}`);
  });
  pages.post('/queues/:name/clean', async (c) => {
    const queue = queueOf(c);
    const { state } = parseOrThrow(cleanForm, await c.req.parseBody());
    const removed = await queue.clean(0, 0, state);
    return done(c, `Removed ${removed.length} ${state} jobs from ${queue.name}.`, `/queues/${encodeURIComponent(queue.name)}`);
  });

  pages.post('/queues/:name/jobs/:id/:action{retry|promote|remove}', async (c) => {
    const queue = queueOf(c);
    const jobId = c.req.param('id');
    const job = await queue.getJob(jobId);
    if (!job) throw notFound(`job ${jobId} in ${queue.name}`);
    const action = c.req.param('action');
    const state = await job.getState();
    // BullMQ throws on a job in the wrong state (retrying a waiting job, removing a locked one); the
    // page says so in words instead.
    if (action === 'retry' && state !== 'failed') throw new BadRequest(`job ${jobId} is ${state}, not failed: nothing to retry`);
    if (action === 'promote' && state !== 'delayed') throw new BadRequest(`job ${jobId} is ${state}, not delayed`);
    if (action === 'remove' && state === 'active') throw new BadRequest(`job ${jobId} is running: wait for it to finish`);
    if (action === 'retry') await job.retry('failed');
    else if (action === 'promote') await job.promote();
    else await job.remove();
    const queuePage = `/queues/${encodeURIComponent(queue.name)}`;
    if (action === 'remove') {
      setCookie(c, NOTICE_COOKIE, `Job ${jobId} removed.`, { path: '/', httpOnly: true, sameSite: 'Strict', maxAge: 60 });
      return c.redirect(`${queuePage}?state=${state}`, 303);
    }
    return done(c, `Job ${jobId} ${action === 'retry' ? 'queued again' : 'runs now'}.`, `${queuePage}/jobs/${encodeURIComponent(jobId)}`);
  });

  return pages;
}
