import { z } from '@hono/zod-openapi';
import type { StoryFilters } from '@polywire/db';
import { type ArticleSearch, articleQuery, articleSearch } from '../api/article-search.js';
import { wholeNumber } from '../api/shared.js';
import { storyQuery, storySearch } from '../api/stories.js';
import { BadRequest, parseOrThrow } from '../feeds.js';
import { DEFAULT_FEED_ENTRIES, MAX_FEED_ENTRIES } from './params.js';

// The query parameters of the feeds out: those of the API's lists, less paging (a feed is its first
// page) and the export format (the path says the format), plus the feed key.

const feedLimit = wholeNumber(1, MAX_FEED_ENTRIES).optional();
/** Checked by access.ts before the feed is read; here it is only let through. */
const feedKey = z.string().optional();

/** Each parameter once (only `lang` repeats), named; as the API reads a query string. */
function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const names = [...new Set(params.keys())];
  for (const name of names) {
    if (name !== 'lang' && params.getAll(name).length > 1) throw new BadRequest(`${name}: must be given once`);
  }
  if (names.includes('')) throw new BadRequest(': unknown parameter');
  return Object.fromEntries(names.map((name) => [name, name === 'lang' ? params.getAll(name) : params.get(name)!]));
}

export const articleFeedQuery = articleQuery.omit({ format: true, cursor: true, limit: true }).extend({ limit: feedLimit, key: feedKey }).strict();

/** The article search a feed's query asks for (a BadRequest naming what is wrong). */
export function parseArticleFeed(params: URLSearchParams): { filters: ArticleSearch['filters']; limit: number } {
  const { key: _key, limit, ...query } = parseOrThrow(articleFeedQuery, queryObject(params));
  return { filters: articleSearch(query).filters, limit: limit ?? DEFAULT_FEED_ENTRIES };
}

export const storyFeedQuery = storyQuery.omit({ cursor: true, limit: true }).extend({ limit: feedLimit, key: feedKey }).strict();

/** The story list a feed's query asks for: as `GET /api/stories`, latest update first unless `sort` says otherwise. */
export function parseStoryFeed(params: URLSearchParams): Omit<StoryFilters, 'now'> {
  const { key: _key, limit, ...query } = parseOrThrow(storyFeedQuery, queryObject(params));
  return { ...storySearch(query), limit: limit ?? DEFAULT_FEED_ENTRIES };
}
