import {
  claimFeedNow,
  deleteFeed,
  getArticle,
  getCluster,
  getFeed,
  listArticles,
  type ArticleCursor,
  type ArticleSort,
  articleSorts,
  listFeedFetches,
  importFeeds,
  listFeeds,
  upsertFeed,
} from '@polywire/db';
import { OpmlParseError, parseOpml, writeOpml } from '@polywire/feeds';
import { enqueueFeedFetches, getQueueCounts } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { exportContentTypes, exportFormats, exportStream } from './export.js';
import { openApiDocument } from './openapi.js';

type NewFeedRow = Parameters<typeof importFeeds>[1][number];

/** Lease of a "fetch now" claim; the same as the scheduler's. */
const FETCH_NOW_LEASE_SECONDS = 300;
const MAX_URL_LENGTH = 2048;
/** One OPML import: one insert statement, well under PostgreSQL's 65,535 parameters. */
export const MAX_OPML_FEEDS = 10_000;
const MAX_OPML_BYTES = 10 * 1024 * 1024;
const MAX_TITLE_LENGTH = 500;
const DEFAULT_PAGE_SIZE = 50;
const XML_CONTENT_TYPE = /^(text\/xml|application\/xml|text\/x-opml|application\/[\w.+-]+\+xml)\s*(;|$)/i;

export class BadRequest extends Error {
  override name = 'BadRequest';
}

const webUrl = z
  .string({ message: 'is required' })
  .trim()
  .max(MAX_URL_LENGTH, `is longer than ${MAX_URL_LENGTH} characters`)
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }));

const newFeedBody = z.object({
  url: webUrl,
  title: z.string().trim().max(MAX_TITLE_LENGTH).optional(),
});

const positiveId = z.coerce.number({ message: 'must be a number' }).int().positive().max(Number.MAX_SAFE_INTEGER);

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/** The opaque cursor: base64url JSON of the sort it belongs to, the last row's id and its sort key. */
const cursorPayload = z.discriminatedUnion('sort', [
  z.object({ sort: z.literal('ingested'), id: z.number().int().positive() }).strict(),
  z.object({ sort: z.literal('published'), id: z.number().int().positive(), key: z.union([isoDateTime, z.null()]) }).strict(),
  z.object({ sort: z.literal('relevance'), id: z.number().int().positive(), key: z.number().finite() }).strict(),
]);
type CursorPayload = z.infer<typeof cursorPayload>;

export function encodeCursor(sort: ArticleSort, next: ArticleCursor): string {
  const payload = sort === 'ingested' ? { sort, id: next.id } : { sort, id: next.id, key: next.key ?? null };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeCursor(value: string): CursorPayload | null {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return null;
  try {
    const parsed = cursorPayload.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The query parameters of `GET /api/articles`; anything else is refused. */
export const articleQuery = z
  .object({
    lang: z
      .array(z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like en or zh-Hant'))
      .max(20),
    feed: positiveId.optional(),
    site: z.string().trim().min(1, 'must not be empty').max(500).optional(),
    cluster: positiveId.optional(),
    q: z.string().trim().min(1).max(500).optional(),
    since: isoDateTime.optional(),
    until: isoDateTime.optional(),
    by: z.enum(['published', 'ingested'], { message: 'must be published or ingested' }).optional(),
    sort: z.enum(articleSorts as [ArticleSort, ...ArticleSort[]], { message: 'must be ingested, published or relevance' }).optional(),
    format: z.enum(['json', ...exportFormats], { message: 'must be json, jsonl or csv' }).optional(),
    limit: z.coerce.number({ message: 'must be a number' }).int().min(1).max(500).optional(),
    cursor: z.string().max(1000, 'is not a valid cursor').optional(),
  })
  .strict();

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new BadRequest(`${issue.keys.join(', ')}: unknown parameter${issue.keys.length > 1 ? 's' : ''}`);
  }
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new BadRequest(`${where}${issue?.message ?? 'invalid request'}`);
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
    const input = parseOrThrow(newFeedBody, body);
    const { feed, created } = await upsertFeed(db, { url: input.url, title: input.title ?? null });
    if (created) {
      // Fetch at once rather than on the next tick; if Redis is down the scheduler does it later.
      const claimed = await claimFeedNow(db, feed.id, FETCH_NOW_LEASE_SECONDS);
      if (claimed) {
        await enqueueFeedFetches(runtime.queues, [{ feedId: claimed.id, url: claimed.url }]).catch((error: unknown) =>
          runtime.logger.warn({ err: error, feedId: feed.id }, 'could not enqueue the new feed'),
        );
      }
    }
    return c.json(created ? { ...feed, articleCount: 0 } : await getFeed(db, feed.id), created ? 201 : 200);
  });

  api.get('/api/feeds', async (c) => c.json({ items: await listFeeds(db) }));

  api.delete('/api/feeds/:id', async (c) => {
    const id = parseOrThrow(positiveId, c.req.param('id'));
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
      let outlines: ReturnType<typeof parseOpml>;
      try {
        outlines = parseOpml(await c.req.text());
      } catch (error) {
        if (error instanceof OpmlParseError) throw new BadRequest(error.message);
        throw new BadRequest(`cannot read the OPML document: ${(error as Error).message}`);
      }
      if (outlines.length > MAX_OPML_FEEDS) {
        throw new BadRequest(`the OPML document has ${outlines.length} feeds; send at most ${MAX_OPML_FEEDS} per request`);
      }
      const invalid: { url: string; error: string }[] = [];
      const valid = new Map<string, NewFeedRow>();
      for (const outline of outlines) {
        const checked = webUrl.safeParse(outline.url);
        if (!checked.success) {
          invalid.push({ url: outline.url, error: `url: ${checked.error.issues[0]?.message ?? 'invalid'}` });
          continue;
        }
        if (valid.has(checked.data)) continue;
        valid.set(checked.data, {
          url: checked.data,
          title: outline.title?.slice(0, MAX_TITLE_LENGTH) ?? null,
          siteUrl: outline.siteUrl && URL.canParse(outline.siteUrl) ? outline.siteUrl.slice(0, MAX_URL_LENGTH) : null,
          declaredLanguage: outline.language?.slice(0, 35) ?? null,
          category: outline.category?.slice(0, MAX_TITLE_LENGTH) ?? null,
        });
      }
      // New feeds are due at once: the scheduler's next tick fetches them.
      const inserted = await importFeeds(db, [...valid.values()]);
      return c.json({ added: inserted.length, existing: valid.size - inserted.length, invalid });
    },
  );

  api.get('/api/feeds/export.opml', async (c) => {
    const list = await listFeeds(db);
    const xml = writeOpml(
      list.map((feed) => ({ url: feed.url, title: feed.title, siteUrl: feed.siteUrl, language: feed.declaredLanguage, category: feed.category })),
      { title: 'Polywire feeds' },
    );
    return c.body(xml, 200, {
      'content-type': 'text/x-opml; charset=utf-8',
      'content-disposition': 'attachment; filename="polywire-feeds.opml"',
    });
  });

  api.get('/api/feeds/:id', async (c) => {
    const id = parseOrThrow(positiveId, c.req.param('id'));
    const feed = await getFeed(db, id);
    if (!feed) return c.json({ error: `feed ${id} not found` }, 404);
    return c.json({ ...feed, fetches: await listFeedFetches(db, id) });
  });

  api.post('/api/feeds/:id/fetch', async (c) => {
    const id = parseOrThrow(positiveId, c.req.param('id'));
    const feed = await getFeed(db, id);
    if (!feed) return c.json({ error: `feed ${id} not found` }, 404);
    if (feed.status === 'paused') return c.json({ error: `feed ${id} is paused` }, 409);
    const claimed = await claimFeedNow(db, id, FETCH_NOW_LEASE_SECONDS);
    if (claimed) await enqueueFeedFetches(runtime.queues, [{ feedId: claimed.id, url: claimed.url }]);
    return c.json({ queued: true, feedId: id }, 202);
  });

  api.get('/api/articles', async (c) => {
    const raw = c.req.queries();
    for (const [name, values] of Object.entries(raw)) {
      if (name !== 'lang' && values.length > 1) throw new BadRequest(`${name}: must be given once`);
    }
    const query = parseOrThrow(articleQuery, {
      ...c.req.query(),
      lang: (c.req.queries('lang') ?? []).flatMap((value) => value.split(',')).filter(Boolean),
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
    const format = query.format ?? 'json';
    if (format !== 'json') {
      if (query.limit !== undefined) throw new BadRequest(`limit: an export (format=${format}) streams every match; leave limit out`);
      return c.body(exportStream(format, filters, cursor, (page) => listArticles(db, page)), 200, {
        'content-type': exportContentTypes[format],
        'content-disposition': `attachment; filename="polywire-articles.${format}"`,
      });
    }
    const page = await listArticles(db, { ...filters, limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor });
    return c.json({ items: page.items, nextCursor: page.nextKey ? encodeCursor(sort, page.nextKey) : null });
  });

  api.get('/api/openapi.json', (c) => c.json(openApiDocument));

  api.get('/api/articles/:id', async (c) => {
    const id = parseOrThrow(positiveId, c.req.param('id'));
    const article = await getArticle(db, id);
    if (!article) return c.json({ error: `article ${id} not found` }, 404);
    return c.json(article);
  });

  api.get('/api/clusters/:id', async (c) => {
    const id = parseOrThrow(positiveId, c.req.param('id'));
    const cluster = await getCluster(db, id);
    if (!cluster) return c.json({ error: `cluster ${id} not found` }, 404);
    return c.json(cluster);
  });

  api.get('/api/queues', async (c) => c.json({ queues: await getQueueCounts(runtime.queues) }));

  return api;
}
