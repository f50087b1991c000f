import { type FeedKeyRefusal, verifyFeedKey } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import type { Context, MiddlewareHandler } from 'hono';
import { sameSecret } from '../auth.js';
import { canonicalFeedParams, feedOutOf } from './params.js';

/**
 * Access to a feed out by its key (`?key=…`), in place of the dashboard's own access middleware:
 * feed readers cannot send an Authorization header or sign in. A key is checked whenever one is
 * given, with or without a dashboard secret, so a revoked key is refused everywhere; it opens only
 * the feed it was made for (kind and canonical parameters; the format is free), only to read
 * (GET, HEAD), and never the dashboard or its API. The dashboard's own secret is never taken from a
 * URL, where proxies, logs and browser histories keep it.
 */
export function createFeedKeyAccess(runtime: Pick<Runtime, 'config' | 'db'>) {
  const { db } = runtime.db;
  const { DASHBOARD_TOKEN, DASHBOARD_PASSWORD } = runtime.config;
  const refuse = (c: Context, message: string) => c.json({ error: message }, 403);
  const refusals: Record<FeedKeyRefusal, string> = {
    unknown: 'this feed key is not known: create one with POST /api/feed-keys (or `polywire feed-keys create`)',
    revoked: 'this feed key was revoked',
    'other-feed': "this feed key belongs to another feed: a key opens only the feed (and parameters) it was made for",
  };

  /** Whether this request asks for a feed with a key, and so is this gate's to settle. */
  const carriesKey = (c: Context) =>
    (c.req.method === 'GET' || c.req.method === 'HEAD') && feedOutOf(c.req.path) !== null && new URL(c.req.url).searchParams.has('key');

  const middleware: MiddlewareHandler = async (c, next) => {
    const feed = feedOutOf(c.req.path)!;
    const params = new URL(c.req.url).searchParams;
    const keys = params.getAll('key');
    if (keys.length !== 1 || !keys[0]) return refuse(c, 'key: give one feed key');
    const key = keys[0];
    const isSecret = (secret: string | undefined) => secret !== undefined && sameSecret(key, secret);
    if (isSecret(DASHBOARD_TOKEN) || isSecret(DASHBOARD_PASSWORD)) {
      return refuse(c, "the dashboard's own secret is never accepted in a URL: create a feed key (POST /api/feed-keys) and use that");
    }
    const verdict = await verifyFeedKey(db, key, { kind: feed.kind, params: canonicalFeedParams(params) });
    if (!verdict.ok) return refuse(c, refusals[verdict.reason]);
    // No session, so no form token: nothing this request reaches has a form.
    c.set('csrfToken', '');
    await next();
  };

  return { carriesKey, middleware };
}
