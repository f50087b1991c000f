import type { FeedKind } from '@polywire/db';
import { listArticles, listStories } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import { type Context, Hono } from 'hono';
import type { DashboardEnv } from '../auth.js';
import { clientOf } from '../client.js';
import { ATOM_CONTENT_TYPE, renderAtom } from './atom.js';
import { articleEntry, storyEntry } from './entries.js';
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from './json-feed.js';
import type { OutEntry, OutFeed } from './model.js';
import { canonicalFeedParams, type FeedFormat, feedFormats, feedPath, feedQueryString } from './params.js';
import { parseArticleFeed, parseStoryFeed } from './queries.js';

/** The address the client reached the dashboard at: https behind a trusted TLS proxy. */
export function publicOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  return `${clientOf(c, trustProxy).https ? 'https:' : url.protocol}//${url.host}`;
}

const render: Record<FeedFormat, { contentType: string; write: (feed: OutFeed) => string }> = {
  atom: { contentType: ATOM_CONTENT_TYPE, write: renderAtom },
  json: { contentType: JSON_FEED_CONTENT_TYPE, write: renderJsonFeed },
};

/** `lang=de,en, min_languages=3`: what a feed's title says it holds. */
const describeParams = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');

/**
 * The feeds out: `/feeds/articles.{atom,json}` (the parameters of `GET /api/articles`) and
 * `/feeds/stories.{atom,json}` (those of `GET /api/stories`), newest first, at most 100 entries.
 * Access is the dashboard's (server.tsx), or a feed key (access.ts).
 */
export function feedOutRoutes(runtime: Runtime) {
  const { db } = runtime.db;
  const trustProxy = runtime.config.DASHBOARD_TRUST_PROXY;
  const app = new Hono<DashboardEnv>();

  const entriesOf: Record<FeedKind, (params: URLSearchParams, origin: string, now: Date) => Promise<OutEntry[]>> = {
    async articles(params, origin) {
      const { filters, limit } = parseArticleFeed(params);
      const page = await listArticles(db, { ...filters, limit });
      return page.items.map((article) => articleEntry(article, origin));
    },
    async stories(params, origin, now) {
      const filters = parseStoryFeed(params);
      const page = await listStories(db, { ...filters, now });
      return page.items.map((story) => storyEntry(story, origin, now));
    },
  };

  for (const kind of ['articles', 'stories'] as const) {
    for (const format of feedFormats) {
      app.get(feedPath(kind, format), async (c) => {
        const url = new URL(c.req.url);
        const now = new Date();
        const origin = publicOrigin(c, trustProxy);
        const entries = await entriesOf[kind](url.searchParams, origin, now);
        const params = canonicalFeedParams(url.searchParams);
        const { limit: _limit, ...listParams } = params;
        const feed: OutFeed = {
          id: `${origin}${feedPath(kind, format)}${feedQueryString(params)}`,
          title: `Polywire ${kind}${Object.keys(params).length ? ` (${describeParams(params)})` : ''}`,
          selfUrl: `${origin}${url.pathname}${url.search}`,
          homeUrl: `${origin}/${kind}${feedQueryString(kind === 'stories' ? storyPageParams(listParams) : listParams)}`,
          updated: entries.length ? new Date(Math.max(...entries.map((entry) => entry.updated.getTime()))) : now,
          entries,
        };
        // Private: a keyed feed is one reader's; short, since the feed changes as articles arrive.
        return c.body(render[format].write(feed), 200, { 'content-type': render[format].contentType, 'cache-control': 'private, max-age=60' });
      });
    }
  }
  return app;
}

/** The Stories page names two of the API's parameters its own way, and reads the reader's language from the browser. */
function storyPageParams(params: Record<string, string>): Record<string, string> {
  const { min_languages: minLanguages, min_sources: minSources, ui_lang: _uiLang, ...rest } = params;
  return { ...rest, ...(minLanguages ? { minLanguages } : {}), ...(minSources ? { minSources } : {}) };
}
