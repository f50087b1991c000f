import { createRoute, z } from '@hono/zod-openapi';
import { deleteFeed, feedFetchOutcomes, feedStatuses, getFeed, listFeedFetches, listFeeds, setFeedPaused } from '@polywire/db';
import { writeOpml } from '@polywire/feeds';
import type { Runtime } from '@polywire/runtime';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  addFeed,
  BadRequest,
  fetchFeedNow,
  importOpml,
  isWebUrl,
  MAX_OPML_BYTES,
  MAX_OPML_FEEDS,
  newFeedBody,
} from '../feeds.js';
import { createApiApp, errorResponse, idParams, instant, invalidRequest, json, MAX_FEED_ID, notFound, nullableText } from './shared.js';

const XML_CONTENT_TYPE = /^(text\/xml|application\/xml|text\/x-opml|application\/[\w.+-]+\+xml)\s*(;|$)/i;
const NEW_FEED_EXAMPLE = '{"url": "https://…"}';

/** A feed as the API returns it: the stored row and the number of articles it delivered. */
const feedFields = {
  id: z.number().int().min(1).max(MAX_FEED_ID),
  url: z.string(),
  title: nullableText,
  siteUrl: nullableText.openapi({ description: "The feed's site: its own <link>, or an imported OPML file's htmlUrl" }),
  declaredLanguage: nullableText.openapi({ description: 'The language the feed declares (<language>, an OPML hint): a hint, not the truth' }),
  category: nullableText,
  etag: nullableText.openapi({ description: 'The ETag of the last answer, sent back as If-None-Match' }),
  lastModified: nullableText.openapi({ description: 'The Last-Modified of the last answer, sent back as If-Modified-Since' }),
  bodyHash: nullableText.openapi({ description: 'sha-256 of the last body (some servers change it without a new ETag)' }),
  intervalSeconds: z.number().int().openapi({ description: 'The polling interval the adaptive schedule set after the last good fetch' }),
  itemsPerDay: z.number().nullable().openapi({ description: 'The observed pace of new items' }),
  nextFetchAt: instant,
  status: z.enum(feedStatuses),
  consecutiveFailures: z.number().int().min(0),
  lastError: nullableText,
  lastFetchedAt: instant.nullable(),
  lastSuccessAt: instant.nullable(),
  lastNewItemAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
  articleCount: z.number().int().min(0),
};
const feed = z.object(feedFields).openapi('Feed');

const feedFetch = z
  .object({
    id: z.number().int().min(1),
    feedId: z.number().int().min(1),
    startedAt: instant,
    durationMs: z.number().int().min(0),
    outcome: z.enum(feedFetchOutcomes),
    httpStatus: z.number().int().nullable(),
    bytes: z.number().int().nullable(),
    items: z.number().int().nullable(),
    newItems: z.number().int().nullable(),
    error: nullableText,
  })
  .openapi('FeedFetch');

const feedDetail = z.object({ ...feedFields, fetches: z.array(feedFetch).max(50) }).openapi('FeedDetail');

const feedResponse = (description: string) => ({ description, content: json(feed) });

/** The body of `POST /api/feeds`: strict here (the page's form also sends `_csrf`). */
const newFeedRequest = newFeedBody.strict();

const opmlImportResult = z.object({
  added: z.number().int().min(0),
  existing: z.number().int().min(0),
  invalid: z.array(z.object({ url: z.string(), error: z.string() })),
});

/**
 * Reads the JSON body before the schema sees it. A body that is not JSON is a 400 saying what to
 * send, and one labelled as another media type a 415 (the document lists only application/json),
 * both `{"error"}` like every other refusal: the validator's own answers to these are plain text.
 */
const requireJsonBody: MiddlewareHandler = async (c, next) => {
  const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') return c.json({ error: `send the body as JSON, with content-type application/json, like ${NEW_FEED_EXAMPLE}` }, 415);
  await c.req.json().catch(() => {
    throw new BadRequest(`body must be JSON like ${NEW_FEED_EXAMPLE}`);
  });
  await next();
};

const listFeedsRoute = createRoute({
  method: 'get',
  path: '/api/feeds',
  summary: 'Every feed with its status and article count',
  responses: { 200: { description: 'The feeds', content: json(z.object({ items: z.array(feed) })) } },
});

const addFeedRoute = createRoute({
  method: 'post',
  path: '/api/feeds',
  summary: 'Add a feed (its first fetch is queued at once)',
  middleware: [requireJsonBody],
  request: { body: { required: true, content: json(newFeedRequest) } },
  responses: {
    200: feedResponse('The feed already existed'),
    201: feedResponse('The new feed'),
    400: invalidRequest,
    415: errorResponse('Not sent as application/json'),
  },
});

const importOpmlRoute = createRoute({
  method: 'post',
  path: '/api/feeds/import-opml',
  summary: `Import feeds from an OPML document (at most ${MAX_OPML_FEEDS.toLocaleString('en-US')} feeds, ${MAX_OPML_BYTES / 1024 / 1024} MiB)`,
  description: 'Only http(s) site links (`htmlUrl`) are kept.',
  // Its own, larger limit: server.tsx leaves this path out of DASHBOARD_MAX_BODY_BYTES.
  middleware: [
    bodyLimit({
      maxSize: MAX_OPML_BYTES,
      onError: (c) => c.json({ error: `the OPML document is larger than ${MAX_OPML_BYTES} bytes` }, 413),
    }),
  ],
  request: {
    body: { required: true, content: { 'text/xml': { schema: z.string() }, 'application/xml': { schema: z.string() } } },
  },
  responses: {
    200: { description: 'What was added', content: json(opmlImportResult) },
    400: invalidRequest,
    413: errorResponse('The document is too large'),
    415: errorResponse('Not sent as XML'),
  },
});

const exportOpmlRoute = createRoute({
  method: 'get',
  path: '/api/feeds/export.opml',
  summary: 'The feed list as OPML 2.0 (titles, categories, language hints)',
  description: 'Site links (`htmlUrl`) are written only when they are http(s) URLs.',
  responses: { 200: { description: 'OPML attachment', content: { 'text/x-opml': { schema: z.string() } } } },
});

const getFeedRoute = createRoute({
  method: 'get',
  path: '/api/feeds/{id}',
  summary: 'A feed with its last 50 fetches',
  request: { params: idParams('feed', MAX_FEED_ID) },
  responses: { 200: { description: 'The feed', content: json(feedDetail) }, 400: invalidRequest, 404: notFound },
});

const deleteFeedRoute = createRoute({
  method: 'delete',
  path: '/api/feeds/{id}',
  summary: 'Remove a feed, its fetch history and its sources',
  request: { params: idParams('feed', MAX_FEED_ID) },
  responses: { 204: { description: 'Removed' }, 400: invalidRequest, 404: notFound },
});

const fetchFeedRoute = createRoute({
  method: 'post',
  path: '/api/feeds/{id}/fetch',
  summary: 'Fetch a feed now',
  request: { params: idParams('feed', MAX_FEED_ID) },
  responses: {
    202: { description: 'Queued', content: json(z.object({ queued: z.literal(true), feedId: z.number().int() })) },
    400: invalidRequest,
    404: notFound,
    409: errorResponse('The feed is paused'),
  },
});

const setPausedRoute = <Action extends 'pause' | 'resume'>(action: Action, summary: string, answer: string) =>
  createRoute({
    method: 'post',
    path: `/api/feeds/{id}/${action}`,
    summary,
    request: { params: idParams('feed', MAX_FEED_ID) },
    responses: { 200: feedResponse(answer), 400: invalidRequest, 404: notFound },
  });
const pauseFeedRoute = setPausedRoute('pause', 'Pause a feed: the scheduler skips it until it is resumed', 'The paused feed');
const resumeFeedRoute = setPausedRoute('resume', 'Resume a paused feed: it is due at once', 'The resumed feed');

const feedNotFound = (id: number) => ({ error: `feed ${id} not found` });

/** The feed routes: the list, adding, removing, fetching now, pausing, and OPML in and out. */
export function feedRoutes(runtime: Runtime) {
  const { db } = runtime.db;
  /** The feed after pausing or resuming it; undefined when there is no such feed. */
  const setPaused = async (id: number, paused: boolean) => ((await setFeedPaused(db, id, paused)) ? getFeed(db, id) : undefined);

  return (
    createApiApp()
      .openapi(listFeedsRoute, async (c) => c.json({ items: await listFeeds(db) }, 200))
      .openapi(addFeedRoute, async (c) => {
        const { feed: added, created } = await addFeed(runtime, c.req.valid('json'));
        return created ? c.json(added, 201) : c.json(added, 200);
      })
      .openapi(importOpmlRoute, async (c) => {
        if (!XML_CONTENT_TYPE.test(c.req.header('content-type') ?? '')) {
          return c.json({ error: 'send the OPML document as the body, with content-type text/xml or application/xml' }, 415);
        }
        return c.json(await importOpml(runtime, await c.req.text()), 200);
      })
      // Before `/api/feeds/{id}`, which the path also matches.
      .openapi(exportOpmlRoute, async (c) => {
        const list = await listFeeds(db);
        // The site link comes from the feed itself (its <link>) or an imported OPML file: a feed reader
        // opening the export would follow a `javascript:` one, so only web links are passed on.
        const xml = writeOpml(
          list.map((listed) => ({
            url: listed.url,
            title: listed.title,
            siteUrl: isWebUrl(listed.siteUrl) ? listed.siteUrl : null,
            language: listed.declaredLanguage,
            category: listed.category,
          })),
          { title: 'Polywire feeds' },
        );
        return c.body(xml, 200, {
          'content-type': 'text/x-opml; charset=utf-8',
          'content-disposition': 'attachment; filename="polywire-feeds.opml"',
        });
      })
      .openapi(getFeedRoute, async (c) => {
        const { id } = c.req.valid('param');
        const found = await getFeed(db, id);
        if (!found) return c.json(feedNotFound(id), 404);
        return c.json({ ...found, fetches: await listFeedFetches(db, id) }, 200);
      })
      .openapi(deleteFeedRoute, async (c) => {
        const { id } = c.req.valid('param');
        if (!(await deleteFeed(db, id))) return c.json(feedNotFound(id), 404);
        return c.body(null, 204);
      })
      .openapi(fetchFeedRoute, async (c) => {
        const { id } = c.req.valid('param');
        const outcome = await fetchFeedNow(runtime, id);
        if (outcome === 'missing') return c.json(feedNotFound(id), 404);
        if (outcome === 'paused') return c.json({ error: `feed ${id} is paused` }, 409);
        return c.json({ queued: true as const, feedId: id }, 202);
      })
      .openapi(pauseFeedRoute, async (c) => {
        const { id } = c.req.valid('param');
        const paused = await setPaused(id, true);
        return paused ? c.json(paused, 200) : c.json(feedNotFound(id), 404);
      })
      .openapi(resumeFeedRoute, async (c) => {
        const { id } = c.req.valid('param');
        const resumed = await setPaused(id, false);
        return resumed ? c.json(resumed, 200) : c.json(feedNotFound(id), 404);
      })
  );
}

