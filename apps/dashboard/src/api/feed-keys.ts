import { createRoute, z } from '@hono/zod-openapi';
import { createFeedKey, type FeedKeyInfo, type FeedKind, feedKinds, listFeedKeys, revokeFeedKey } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import type { MiddlewareHandler } from 'hono';
import { atMostChars, BadRequest, NO_NUL, NO_NUL_MESSAGE } from '../feeds.js';
import { canonicalFeedParams, type FeedFormat, feedPath, feedQueryString } from '../feeds-out/params.js';
import { parseArticleFeed, parseStoryFeed } from '../feeds-out/queries.js';
import { publicOrigin } from '../feeds-out/routes.js';
import { createApiApp, errorResponse, idParams, instant, invalidRequest, json, notFound } from './shared.js';

// Read-only keys of the feeds out (feeds-out/access.ts): made, listed and revoked here, with the
// dashboard's own credential. The key is answered once, in the feed's URLs.

const MAX_LABEL = 200;
const MAX_FEED_KEY_ID = 2_147_483_647;
const EXAMPLE = '{"kind": "stories", "params": {"min_languages": "3"}, "label": "my reader"}';

const feedUrls = z
  .object({ atom: z.string(), json: z.string() })
  .openapi({ description: 'The feed in each format: Atom 1.0 and JSON Feed 1.1' });

const feedKeyFields = {
    id: z.number().int().min(1).max(MAX_FEED_KEY_ID),
    kind: z.enum(feedKinds as [FeedKind, ...FeedKind[]]),
    params: z.record(z.string(), z.string()).openapi({ description: "The feed's query parameters, canonical: sorted, `lang` values sorted, no key or format" }),
    label: z.string().nullable(),
    createdAt: instant,
    lastUsedAt: instant.nullable().openapi({ description: 'The last time a feed reader used it' }),
    revokedAt: instant.nullable(),
    paths: feedUrls.openapi({ description: "The feed's paths on this dashboard, without the key" }),
};
const feedKey = z.object(feedKeyFields).openapi('FeedKey');

// Its own object rather than an extension of FeedKey, which the document would write as an allOf.
const createdFeedKey = z
  .object({
    ...feedKeyFields,
    key: z.string().openapi({ description: 'The key itself: shown this once, only its hash is kept' }),
    urls: feedUrls.openapi({ description: 'The feed URLs with the key, ready for a feed reader' }),
  })
  .openapi('CreatedFeedKey');

const newFeedKeyRequest = z
  .object({
    kind: z.enum(feedKinds as [FeedKind, ...FeedKind[]], { message: 'must be articles or stories' }),
    params: z
      .record(z.string(), z.union([z.string(), z.array(z.string())]))
      .optional()
      .openapi({ description: 'The query parameters of the feed (those of `GET /api/articles` or `GET /api/stories`, with `limit` up to 100, no cursor or format)' }),
    label: z
      .string()
      .refine(atMostChars(MAX_LABEL), `is longer than ${MAX_LABEL} characters`)
      .regex(NO_NUL, NO_NUL_MESSAGE)
      .trim()
      .optional()
      .openapi({ type: 'string', maxLength: MAX_LABEL, pattern: NO_NUL.source, description: 'What the key is for (which reader, whose)' }),
  })
  .strict();

/** As feeds.ts's: a body that is not JSON is a 400 saying what to send, another media type a 415. */
const requireJsonBody: MiddlewareHandler = async (c, next) => {
  const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') return c.json({ error: `send the body as JSON, with content-type application/json, like ${EXAMPLE}` }, 415);
  await c.req.json().catch(() => {
    throw new BadRequest(`body must be JSON like ${EXAMPLE}`);
  });
  await next();
};

const createFeedKeyRoute = createRoute({
  method: 'post',
  path: '/api/feed-keys',
  summary: 'Make a read-only key for one feed out, and get its URLs',
  description:
    'A feed reader cannot send headers, so the key rides in the URL (`?key=…`). It opens that feed only, with exactly these parameters (in either format), never the dashboard or its API; revoke it with `DELETE /api/feed-keys/{id}`. The parameters are checked as the feed checks them: a 400 names a bad one.',
  middleware: [requireJsonBody],
  request: { body: { required: true, content: json(newFeedKeyRequest) } },
  responses: {
    201: { description: 'The new key, shown this once', content: json(createdFeedKey) },
    400: invalidRequest,
    415: errorResponse('Not sent as application/json'),
  },
});

const listFeedKeysRoute = createRoute({
  method: 'get',
  path: '/api/feed-keys',
  summary: 'Every feed key, revoked ones too (never the keys themselves)',
  responses: { 200: { description: 'The keys, oldest first', content: json(z.object({ items: z.array(feedKey) })) } },
});

const revokeFeedKeyRoute = createRoute({
  method: 'delete',
  path: '/api/feed-keys/{id}',
  summary: 'Revoke a feed key for good (again: no change)',
  request: { params: idParams('feed key', MAX_FEED_KEY_ID) },
  responses: { 200: { description: 'The revoked key', content: json(feedKey) }, 400: invalidRequest, 404: notFound },
});

const pathsOf = (kind: FeedKind, params: Record<string, string>, key?: string, origin = '') =>
  Object.fromEntries((['atom', 'json'] as FeedFormat[]).map((format) => [format, `${origin}${feedPath(kind, format)}${feedQueryString(params, key)}`])) as Record<
    FeedFormat,
    string
  >;
const described = (row: FeedKeyInfo) => ({ ...row, paths: pathsOf(row.kind, row.params) });

/** Creating, listing and revoking feed keys. */
export function feedKeyRoutes(runtime: Runtime) {
  const { db } = runtime.db;
  const trustProxy = runtime.config.DASHBOARD_TRUST_PROXY;

  return createApiApp()
    .openapi(createFeedKeyRoute, async (c) => {
      const { kind, params = {}, label } = c.req.valid('json');
      if ('key' in params) throw new BadRequest('params.key: a feed key is not a parameter of its feed');
      // As the feed will read them: a key for a feed that can only answer 400 is refused now.
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(params)) for (const one of [value].flat()) search.append(name, one);
      try {
        if (kind === 'articles') parseArticleFeed(search);
        else parseStoryFeed(search);
      } catch (error) {
        if (error instanceof BadRequest) throw new BadRequest(`params.${error.message}`);
        throw error;
      }
      const canonical = canonicalFeedParams(search);
      const { key, feedKey: row } = await createFeedKey(db, { kind, params: canonical, label: label || null });
      return c.json({ ...described(row), key, urls: pathsOf(kind, canonical, key, publicOrigin(c, trustProxy)) }, 201);
    })
    .openapi(listFeedKeysRoute, async (c) => c.json({ items: (await listFeedKeys(db)).map(described) }, 200))
    .openapi(revokeFeedKeyRoute, async (c) => {
      const { id } = c.req.valid('param');
      const revoked = await revokeFeedKey(db, id);
      if (!revoked) return c.json({ error: `feed key ${id} not found` }, 404);
      return c.json(described(revoked), 200);
    });
}
