import {
  claimFeedNow,
  deleteFeed,
  getArticle,
  getCluster,
  getFeed,
  listArticles,
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

type NewFeedRow = Parameters<typeof importFeeds>[1][number];

/** Lease of a "fetch now" claim; the same as the scheduler's. */
const FETCH_NOW_LEASE_SECONDS = 300;
const MAX_URL_LENGTH = 2048;
/** One OPML import: one insert statement, well under PostgreSQL's 65,535 parameters. */
export const MAX_OPML_FEEDS = 10_000;
const MAX_OPML_BYTES = 10 * 1024 * 1024;
const MAX_TITLE_LENGTH = 500;
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

const articleQuery = z.object({
  lang: z
    .array(z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like en or zh-Hant'))
    .max(20),
  feed: positiveId.optional(),
  cluster: positiveId.optional(),
  q: z.string().trim().min(1).max(500).optional(),
  since: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  until: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  limit: z.coerce.number({ message: 'must be a number' }).int().min(1).max(500).default(50),
  cursor: positiveId.optional(),
});

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
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
    const query = parseOrThrow(articleQuery, {
      ...c.req.query(),
      lang: (c.req.queries('lang') ?? []).flatMap((value) => value.split(',')).filter(Boolean),
    });
    const page = await listArticles(db, {
      languages: query.lang,
      feedId: query.feed,
      clusterId: query.cluster,
      q: query.q,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
      limit: query.limit,
      cursor: query.cursor,
    });
    return c.json({ items: page.items, nextCursor: page.nextCursor === null ? null : String(page.nextCursor) });
  });

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
