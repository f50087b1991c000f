import {
  deleteFeed,
  getArticle,
  getCluster,
  getFeed,
  listArticles,
  type ArticleCursor,
  type ArticleFilters,
  type ArticleSort,
  articleSorts,
  listFeedFetches,
  listFeeds,
  setFeedPaused,
} from '@polywire/db';
import { writeOpml } from '@polywire/feeds';
import { getQueueCounts } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { closeAfterFlush, exportContentTypes, type ExportFormat, exportFormats, exportStream } from './export.js';
import { addFeed, atMostChars, BadRequest, fetchFeedNow, importOpml, isWebUrl, MAX_OPML_BYTES, NO_NUL, NO_NUL_MESSAGE, newFeedBody, parseOrThrow } from './feeds.js';
import { languageTag, supportedLanguages } from './languages.js';
import {
  CURSOR_PATTERN,
  MAX_CURSOR_LENGTH,
  MAX_FEED_ID,
  MAX_PAGE_SIZE,
  MAX_ROW_ID,
  MAX_SEARCH_TEXT,
  openApiDocument,
} from './openapi.js';

export { BadRequest } from './feeds.js';
export { MAX_OPML_FEEDS } from './feeds.js';

const DEFAULT_PAGE_SIZE = 50;
const XML_CONTENT_TYPE = /^(text\/xml|application\/xml|text\/x-opml|application\/[\w.+-]+\+xml)\s*(;|$)/i;

/**
 * A whole number in decimal digits from `min` to `max`, as in the query string or path. Digits only:
 * `1e3`, `0x10` or ` 5` are no integers to the OpenAPI document, so they are none here either.
 */
const wholeNumber = (min: number, max: number) => {
  const message = `must be a number from ${min} to ${max}`;
  return z
    .string({ message })
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));
};

export const feedId = wholeNumber(1, MAX_FEED_ID);
export const rowId = wholeNumber(1, MAX_ROW_ID);
/**
 * The instants a query can take: drizzle sends a Date as `toISOString()`, which writes 1 BC as year
 * 0000 (PostgreSQL has no year 0: the query failed, a 500) and years past 9999 as `+010000`.
 */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');
const isoDateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
  .refine((value) => {
    const instant = Date.parse(value);
    return instant >= FIRST_INSTANT && instant <= LAST_INSTANT;
  }, 'must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z');

/** A cursor's published time goes to PostgreSQL as text, which takes UTC offsets up to ±15:59. */
const cursorTime = isoDateTime.refine((value) => !/[+-](1[6-9]|2\d):\d\d$/.test(value), 'has an offset PostgreSQL cannot take');
const cursorId = z.number().int().min(1).max(MAX_ROW_ID);

/** The opaque cursor: base64url JSON of the sort it belongs to, the last row's id and its sort key. */
const cursorPayload = z.discriminatedUnion('sort', [
  z.object({ sort: z.literal('ingested'), id: cursorId }).strict(),
  z.object({ sort: z.literal('published'), id: cursorId, key: z.union([cursorTime, z.null()]) }).strict(),
  z.object({ sort: z.literal('relevance'), id: cursorId, key: z.number().finite() }).strict(),
]);
type CursorPayload = z.infer<typeof cursorPayload>;

export function encodeCursor(sort: ArticleSort, next: ArticleCursor): string {
  const payload = sort === 'ingested' ? { sort, id: next.id } : { sort, id: next.id, key: next.key ?? null };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeCursor(value: string): CursorPayload | null {
  try {
    const parsed = cursorPayload.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `site` and `q`: trimmed, not blank, no NUL (PostgreSQL text cannot hold one). */
const searchText = z
  .string()
  .refine(atMostChars(MAX_SEARCH_TEXT), `is longer than ${MAX_SEARCH_TEXT} characters`)
  .regex(NO_NUL, NO_NUL_MESSAGE)
  .trim()
  .min(1, 'must not be empty');

/** The query parameters of `GET /api/articles`; anything else is refused. openapi.ts documents the same limits. */
export const articleQuery = z
  .object({
    lang: z.array(languageTag).max(20),
    feed: feedId.optional(),
    site: searchText.optional(),
    cluster: rowId.optional(),
    q: searchText.optional(),
    since: isoDateTime.optional(),
    until: isoDateTime.optional(),
    by: z.enum(['published', 'ingested'], { message: 'must be published or ingested' }).optional(),
    sort: z.enum(articleSorts as [ArticleSort, ...ArticleSort[]], { message: 'must be ingested, published or relevance' }).optional(),
    format: z.enum(['json', ...exportFormats], { message: 'must be json, jsonl or csv' }).optional(),
    limit: wholeNumber(1, MAX_PAGE_SIZE).optional(),
    cursor: z
      .string()
      .min(1, 'must not be empty (leave it out for the first page)')
      .max(MAX_CURSOR_LENGTH, 'is not a valid cursor')
      .regex(CURSOR_PATTERN, 'is not a valid cursor (pass nextCursor of the previous page)')
      .optional(),
  })
  .strict();

export interface ArticleSearch {
  filters: Omit<ArticleFilters, 'limit' | 'cursor'> & { sort: ArticleSort };
  cursor: ArticleCursor | undefined;
  format: 'json' | ExportFormat;
  limit: number | undefined;
}

/** Reads and checks the article search parameters; the API and the Articles page share it. */
export function parseArticleSearch(params: URLSearchParams): ArticleSearch {
  const names = [...new Set(params.keys())];
  for (const name of names) {
    if (name !== 'lang' && params.getAll(name).length > 1) throw new BadRequest(`${name}: must be given once`);
  }
  const single = Object.fromEntries(names.filter((name) => name !== 'lang').map((name) => [name, params.get(name)]));
  const query = parseOrThrow(articleQuery, {
    ...single,
    lang: params.getAll('lang').flatMap((value) => value.split(',')).filter(Boolean),
  });
  const sort: ArticleSort = query.sort ?? 'ingested';
  if (sort === 'relevance' && !query.q) throw new BadRequest('sort: relevance needs a query (q)');
  if (query.by && !query.since && !query.until) throw new BadRequest('by: needs since or until');
  if (query.since && query.until && Date.parse(query.since) > Date.parse(query.until)) throw new BadRequest('until: is before since');
  let cursor: ArticleCursor | undefined;
  if (query.cursor !== undefined) {
    const decoded = decodeCursor(query.cursor);
    if (!decoded) throw new BadRequest('cursor: is not a valid cursor (pass nextCursor of the previous page)');
    if (decoded.sort !== sort) throw new BadRequest(`cursor: belongs to sort=${decoded.sort}, not sort=${sort}`);
    cursor = decoded.sort === 'ingested' ? { id: decoded.id } : { id: decoded.id, key: decoded.key };
  }
  const filters = {
    languages: query.lang,
    feedId: query.feed,
    clusterId: query.cluster,
    site: query.site,
    q: query.q,
    since: query.since ? new Date(query.since) : undefined,
    until: query.until ? new Date(query.until) : undefined,
    by: query.by,
    sort,
  };
  return { filters, cursor, format: query.format ?? 'json', limit: query.limit };
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return `down: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

/** The JSON API. Names and shapes are the contract later issues extend. */
export function createApi(runtime: Runtime): Hono {
  const { db } = runtime.db;
  const logger = runtime.logger.child({ component: 'api' });
  const api = new Hono();

  api.get('/healthz', async (c) => {
    const [redis, database] = await Promise.all([
      probe(() => runtime.redis.ping(), 2_000),
      probe(() => runtime.db.ping(), 2_000),
    ]);
    const ok = redis === 'ok' && database === 'ok';
    return c.json({ status: ok ? 'ok' : 'degraded', redis, db: database }, ok ? 200 : 503);
  });

  api.post('/api/feeds', async (c) => {
    const body = await c.req.json().catch(() => {
      throw new BadRequest('body must be JSON like {"url": "https://…"}');
    });
    // Strict here (the document says additionalProperties: false); the page's form also sends `_csrf`.
    const { feed, created } = await addFeed(runtime, parseOrThrow(newFeedBody.strict(), body));
    return c.json(feed, created ? 201 : 200);
  });

  api.get('/api/feeds', async (c) => c.json({ items: await listFeeds(db) }));

  api.delete('/api/feeds/:id', async (c) => {
    const id = parseOrThrow(feedId, c.req.param('id'), 'id');
    if (!(await deleteFeed(db, id))) return c.json({ error: `feed ${id} not found` }, 404);
    return c.body(null, 204);
  });

  api.post(
    '/api/feeds/import-opml',
    bodyLimit({
      maxSize: MAX_OPML_BYTES,
      onError: (c) => c.json({ error: `the OPML document is larger than ${MAX_OPML_BYTES} bytes` }, 413),
    }),
    async (c) => {
      const contentType = c.req.header('content-type') ?? '';
      if (!XML_CONTENT_TYPE.test(contentType)) {
        return c.json({ error: 'send the OPML document as the body, with content-type text/xml or application/xml' }, 415);
      }
      return c.json(await importOpml(runtime, await c.req.text()));
    },
  );

  api.get('/api/feeds/export.opml', async (c) => {
    const list = await listFeeds(db);
    // The site link comes from the feed itself (its <link>) or an imported OPML file: a feed reader
    // opening the export would follow a `javascript:` one, so only web links are passed on.
    const xml = writeOpml(
      list.map((feed) => ({
        url: feed.url,
        title: feed.title,
        siteUrl: isWebUrl(feed.siteUrl) ? feed.siteUrl : null,
        language: feed.declaredLanguage,
        category: feed.category,
      })),
      { title: 'Polywire feeds' },
    );
    return c.body(xml, 200, {
      'content-type': 'text/x-opml; charset=utf-8',
      'content-disposition': 'attachment; filename="polywire-feeds.opml"',
    });
  });

  api.get('/api/feeds/:id', async (c) => {
    const id = parseOrThrow(feedId, c.req.param('id'), 'id');
    const feed = await getFeed(db, id);
    if (!feed) return c.json({ error: `feed ${id} not found` }, 404);
    return c.json({ ...feed, fetches: await listFeedFetches(db, id) });
  });

  api.post('/api/feeds/:id/fetch', async (c) => {
    const id = parseOrThrow(feedId, c.req.param('id'), 'id');
    const outcome = await fetchFeedNow(runtime, id);
    if (outcome === 'missing') return c.json({ error: `feed ${id} not found` }, 404);
    if (outcome === 'paused') return c.json({ error: `feed ${id} is paused` }, 409);
    return c.json({ queued: true, feedId: id }, 202);
  });

  for (const action of ['pause', 'resume'] as const) {
    api.post(`/api/feeds/:id/${action}`, async (c) => {
      const id = parseOrThrow(feedId, c.req.param('id'), 'id');
      if (!(await setFeedPaused(db, id, action === 'pause'))) return c.json({ error: `feed ${id} not found` }, 404);
      return c.json(await getFeed(db, id));
    });
  }

  api.get('/api/articles', async (c) => {
    const { filters, cursor, format, limit } = parseArticleSearch(new URL(c.req.url).searchParams);
    if (format !== 'json') {
      if (limit !== undefined) throw new BadRequest(`limit: an export (format=${format}) streams every match; leave limit out`);
      const socket = (c.env as Partial<HttpBindings> | undefined)?.outgoing?.socket;
      const stream = exportStream(format, filters, cursor, (page) => listArticles(db, page), {
        onError: (error, rows) => logger.error({ err: error, format, rows }, 'article export failed part-way'),
        closeConnection: socket ? () => closeAfterFlush(socket) : undefined,
      });
      return c.body(stream, 200, {
        'content-type': exportContentTypes[format],
        'content-disposition': `attachment; filename="polywire-articles.${format}"`,
      });
    }
    const page = await listArticles(db, { ...filters, limit: limit ?? DEFAULT_PAGE_SIZE, cursor });
    return c.json({ items: page.items, nextCursor: page.nextKey ? encodeCursor(filters.sort, page.nextKey) : null });
  });

  api.get('/api/openapi.json', (c) => c.json(openApiDocument));

  api.get('/api/languages', (c) => c.json({ items: supportedLanguages() }));

  api.get('/api/articles/:id', async (c) => {
    const id = parseOrThrow(rowId, c.req.param('id'), 'id');
    const article = await getArticle(db, id);
    if (!article) return c.json({ error: `article ${id} not found` }, 404);
    return c.json(article);
  });

  api.get('/api/clusters/:id', async (c) => {
    const id = parseOrThrow(rowId, c.req.param('id'), 'id');
    const cluster = await getCluster(db, id);
    if (!cluster) return c.json({ error: `cluster ${id} not found` }, 404);
    return c.json(cluster);
  });

  api.get('/api/queues', async (c) => c.json({ queues: await getQueueCounts(runtime.queues) }));

  // Registered last, so it sees only requests no route above answered. An API path asked with a
  // method it does not have is a 405 naming the ones it has (RFC 9110 §15.5.6), not a 404 that says
  // the path does not exist. Other paths pass on (to the pages, /metrics or the 404).
  api.all('*', async (c, next) => {
    const allowed = allowedMethods(c.req.path);
    if (!allowed || allowed.includes(c.req.method)) return next();
    const allow = allowed.join(', ');
    return c.json({ error: `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allow}` }, 405, { allow });
  });

  return api;
}

/** Each documented path as a pattern, with its methods; a path parameter is one segment. */
const documentedPaths = Object.entries(openApiDocument.paths).map(([template, operations]) => {
  const methods = Object.keys(operations).map((method) => method.toUpperCase());
  const pattern = template.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+');
  return { pattern: new RegExp(`^${pattern}$`), methods: methods.includes('GET') ? [...methods, 'HEAD'] : methods };
});

/** The methods of the documented paths `path` matches (`/api/feeds/export.opml` also matches `/api/feeds/{id}`), or null. */
export function allowedMethods(path: string): string[] | null {
  const matching = documentedPaths.filter((documented) => documented.pattern.test(path));
  if (!matching.length) return null;
  return [...new Set(matching.flatMap((documented) => documented.methods))];
}
