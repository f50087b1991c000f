import { createHash } from 'node:crypto';
import type { Logger } from '@polywire/config';
import {
  addArticleEvents,
  type Feed,
  type FeedFetchRecord,
  findStoredItemKeys,
  getFeed,
  isDatabaseUnavailable,
  moveFeedUrl,
  observedItemsPerDay,
  postponeFeed,
  recordFeedFetch,
} from '@polywire/db';
import { canonicalizeUrl, urlHash } from '@polywire/dedupe';
import { type FeedItem, FeedParseError, type ParsedFeed, parseFeedBytes } from '@polywire/feeds';
import { FetchError, type FetchResult } from '@polywire/http';
import { type ArticleProcessPayload, enqueueArticles, type FeedFetchPayload, feedFetchJobId, HostBusyError, isRedisUnavailable } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { cutText, storableText } from '@polywire/text';
import {
  cacheLifetimeSeconds,
  itemsPerDayFromDates,
  nextIntervalAfterFailure,
  nextIntervalAfterSuccess,
} from './schedule.js';

/** Media Cloud's cap: a feed with more items than this is cut, newest kept (feeds list newest first). */
const MAX_ITEMS_PER_FETCH = 2_000;
/** A sitemap index can list thousands of sitemaps; the newest few hold the news. */
const MAX_CHILD_SITEMAPS = 3;

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export interface RefreshFeedResult {
  /** `postponed`: the host is busy or cooling down; nothing was fetched and nothing counts as failed. */
  outcome: FeedFetchRecord['outcome'] | 'postponed';
  items: number;
  newItems: number;
  error?: string;
}

/** The article job of a feed item: shared with the pipeline bench's in-process loop. */
export function articlePayload(feedId: number, item: FeedItem, link: string): ArticleProcessPayload {
  return {
    url: link,
    urlHash: urlHash(canonicalizeUrl(link)),
    feedId,
    itemKey: item.key,
    item: {
      title: item.title,
      summary: item.summary,
      contentHtml: item.contentHtml,
      publishedAt: item.publishedAt?.toISOString() ?? null,
      authors: item.authors,
      language: item.language,
    },
  };
}

function usableLink(item: FeedItem, base: string): string | null {
  const candidate = item.link ?? (item.guid && /^https?:\/\//.test(item.guid) ? item.guid : null);
  if (!candidate) return null;
  try {
    const url = new URL(candidate, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** The URL a chain of redirects permanently moved the feed to, if every hop was permanent. */
function permanentTarget(response: FetchResult): string | null {
  if (response.redirects.length === 0) return null;
  return response.redirects.every((hop) => hop.status === 301 || hop.status === 308) ? response.url : null;
}

/** Longest error text kept on a feed and in its fetch history. */
const MAX_ERROR_CHARS = 1_000;
/** An error message as the feeds table can hold it: storable (it may quote the feed's own bytes), cut. */
const storableError = (message: string) => cutText(storableText(message), MAX_ERROR_CHARS);

/**
 * The errors of refreshFeed that are an outage of our own infrastructure, not a problem of the feed:
 * PostgreSQL down, or Redis refusing the enqueue of the items (the queues use the fail-fast producer
 * connection). refreshFeed throws them; its job is tried again once the service is back, without
 * spending one of its attempts.
 */
export const isFeedRefreshOutage = (error: unknown): boolean => isDatabaseUnavailable(error) || isRedisUnavailable(error);

/**
 * Fetches one feed and enqueues its items that no article holds yet. Problems of the feed itself (HTTP
 * errors, not a feed, blocked address) are recorded on the feed and end the job normally: the feed's
 * schedule is its retry. An outage of our own infrastructure (database or Redis unreachable, see
 * isFeedRefreshOutage) throws, so the job runs again once it is over. Any other error (a value the
 * database refuses, a bug) is recorded on the feed like a problem of the feed, so that it shows in the
 * feed's health and history rather than only in a log: a JSON Feed with a NUL in its title once failed
 * every fetch while its feed stayed `active` (issue 15).
 */
export async function refreshFeed(runtime: Runtime, payload: FeedFetchPayload, logger: Logger): Promise<RefreshFeedResult> {
  const feed = await getFeed(runtime.db.db, payload.feedId);
  if (!feed) return { outcome: 'error', items: 0, newItems: 0, error: 'feed deleted' };
  const startedAt = new Date();
  try {
    return await fetchKnownFeed(runtime, feed, startedAt, logger);
  } catch (error) {
    if (isFeedRefreshOutage(error)) throw error;
    const message = `unexpected error: ${describeError(error)}`;
    logger.warn({ err: error }, 'feed fetch failed unexpectedly');
    await recordFailure(runtime, feed, startedAt, storableError(message));
    return { outcome: 'error', items: 0, newItems: 0, error: message };
  }
}

/**
 * What went wrong, from the innermost cause: the database driver's own message ("violates check
 * constraint …") rather than its wrapper's, which quotes the whole statement and its parameters.
 */
function describeError(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause instanceof Error; depth++) current = current.cause;
  return current instanceof Error ? `${current.name}: ${current.message}` : String(current);
}

/** Records a failed fetch: one row of history, the error and a backoff on the feed. */
async function recordFailure(
  runtime: Runtime,
  feed: Feed,
  startedAt: Date,
  error: string,
  fields: Partial<FeedFetchRecord> & { retryAfterSeconds?: number | null } = {},
): Promise<void> {
  const { retryAfterSeconds = null, ...rest } = fields;
  const nextFetchInSeconds = nextIntervalAfterFailure({
    consecutiveFailures: feed.consecutiveFailures + 1,
    retryAfterSeconds,
    bounds: runtime.config.feedSchedule,
  });
  await recordFeedFetch(runtime.db.db, {
    feedId: feed.id,
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    outcome: 'error',
    error,
    nextFetchInSeconds,
    ...rest,
  });
}

async function fetchKnownFeed(runtime: Runtime, feed: Feed, startedAt: Date, logger: Logger): Promise<RefreshFeedResult> {
  const { db } = runtime.db;
  const record = (fields: Omit<FeedFetchRecord, 'feedId' | 'startedAt' | 'durationMs'>) =>
    recordFeedFetch(db, { feedId: feed.id, startedAt, durationMs: Date.now() - startedAt.getTime(), ...fields });
  const failure = async (error: string, fields: Partial<FeedFetchRecord> & { retryAfterSeconds?: number | null } = {}) => {
    await recordFailure(runtime, feed, startedAt, storableError(error), fields);
    logger.info({ err: error }, 'feed fetch failed');
    return { outcome: 'error' as const, items: 0, newItems: 0, error };
  };

  let response: FetchResult;
  try {
    const headers: Record<string, string> = {};
    if (feed.etag) headers['if-none-match'] = feed.etag;
    if (feed.lastModified) headers['if-modified-since'] = feed.lastModified;
    response = await runtime.metrics.time('feed_fetch', () =>
      runtime.http.fetch(feed.url, { headers, accept: FEED_ACCEPT, logContext: logContextOf(feed.id) }),
    );
  } catch (error) {
    if (error instanceof HostBusyError) {
      // Our own politeness, not the feed's fault: try again when the host is free.
      const seconds = Math.max(60, Math.ceil((error.retryAfterMs ?? 0) / 1000));
      await postponeFeed(db, feed.id, seconds);
      logger.info({ host: error.host, inSeconds: seconds }, 'feed fetch postponed: host busy');
      return { outcome: 'postponed', items: 0, newItems: 0 };
    }
    if (!(error instanceof FetchError)) throw error;
    return failure(error.message, {
      httpStatus: error.status ?? null,
      gone: error.status === 410,
      retryAfterSeconds: error.retryAfterSeconds ?? null,
    });
  }

  const moved = permanentTarget(response);
  if (moved && moved !== feed.url) {
    const done = await moveFeedUrl(db, feed.id, moved);
    logger.info({ from: feed.url, to: moved, done }, done ? 'feed moved permanently' : 'feed moved to a URL another feed has');
  }

  const cacheSeconds = cacheLifetimeSeconds(response.headers, startedAt);
  const unchanged = (status: number) =>
    record({
      outcome: 'not_modified',
      httpStatus: status,
      bytes: response.body.length,
      nextFetchInSeconds: nextInterval(runtime, feed.itemsPerDay, cacheSeconds),
      feedUpdate: validatorsOf(response),
    });
  if (response.notModified) {
    await unchanged(304);
    return { outcome: 'not_modified', items: 0, newItems: 0 };
  }
  // Some servers send a fresh ETag with the same body (Media Cloud compares a body hash for this).
  const bodyHash = createHash('sha256').update(response.body).digest('hex');
  if (bodyHash === feed.bodyHash) {
    await unchanged(response.status);
    return { outcome: 'not_modified', items: 0, newItems: 0 };
  }

  let parsed: ParsedFeed;
  try {
    parsed = await runtime.metrics.time('feed_parse', () => parseFeedBytes(response.body, response.contentType));
    if (parsed.format === 'sitemap-index') parsed = await readChildSitemaps(runtime, feed.id, parsed, logger);
  } catch (error) {
    if (!(error instanceof FeedParseError)) throw error;
    return failure(error.message, { httpStatus: response.status, bytes: response.body.length });
  }
  if (parsed.warnings.length > 0) logger.info({ warnings: parsed.warnings.slice(0, 20) }, 'feed parsed with warnings');

  const candidates = new Map<string, ArticleProcessPayload>();
  for (const item of parsed.items.slice(0, MAX_ITEMS_PER_FETCH)) {
    const link = usableLink(item, response.url);
    if (link && !candidates.has(item.key)) candidates.set(item.key, articlePayload(feed.id, item, link));
  }
  const stored = await findStoredItemKeys(db, feed.id, [...candidates.keys()]);
  const fresh = [...candidates.values()].filter((candidate) => !stored.has(candidate.itemKey));
  await enqueueArticles(runtime.queues, fresh);
  // The article jobs' ids are `article-<urlHash>`: this line links the feed's fetch to each article's log.
  if (fresh.length > 0) logger.debug({ urlHashes: fresh.map((candidate) => candidate.urlHash) }, 'articles enqueued');
  await addArticleEvents(
    db,
    fresh.map((candidate) => ({ urlHash: candidate.urlHash, kind: 'queued', feedId: feed.id, detail: { url: candidate.url } })),
  );

  const fromDates = itemsPerDayFromDates(
    parsed.items.map((item) => item.publishedAt ?? item.updatedAt),
    startedAt,
  );
  const fromHistory = await observedItemsPerDay(db, feed.id);
  const itemsPerDay = fromDates === null && fromHistory === null ? null : Math.max(fromDates ?? 0, fromHistory ?? 0);
  const lowerBound = Math.max(cacheSeconds ?? 0, parsed.ttlSeconds ?? 0) || null;
  await record({
    outcome: 'ok',
    httpStatus: response.status,
    bytes: response.body.length,
    items: parsed.items.length,
    newItems: fresh.length,
    nextFetchInSeconds: nextInterval(runtime, itemsPerDay, lowerBound),
    feedUpdate: {
      ...validatorsOf(response),
      bodyHash,
      itemsPerDay,
      title: feed.title ?? parsed.title,
      siteUrl: feed.siteUrl ?? parsed.link,
      declaredLanguage: feed.declaredLanguage ?? parsed.language,
    },
  });
  return { outcome: 'ok', items: parsed.items.length, newItems: fresh.length };
}

/** The feed's job id (deterministic: one job per feed at a time), so the HTTP client's lines carry it too. */
const logContextOf = (feedId: number) => ({ jobId: feedFetchJobId(feedId), feedId });

function nextInterval(runtime: Runtime, itemsPerDay: number | null, lowerBound: number | null) {
  return nextIntervalAfterSuccess({
    itemsPerDay,
    defaultSeconds: runtime.config.FEED_INTERVAL_MINUTES * 60,
    lowerBoundSeconds: lowerBound,
    bounds: runtime.config.feedSchedule,
  });
}

const validatorsOf = (response: FetchResult) => ({
  etag: response.headers.etag ?? null,
  lastModified: response.headers['last-modified'] ?? null,
});

/**
 * A sitemap index lists sitemaps rather than articles: read the newest few (by lastmod) and merge
 * their items. A child that fails is skipped with a warning; the index itself is the feed.
 */
async function readChildSitemaps(runtime: Runtime, feedId: number, index: ParsedFeed, logger: Logger): Promise<ParsedFeed> {
  const newest = [...index.sitemaps]
    .sort((a, b) => (b.lastmod?.getTime() ?? 0) - (a.lastmod?.getTime() ?? 0))
    .slice(0, MAX_CHILD_SITEMAPS);
  const items: FeedItem[] = [];
  const warnings = [...index.warnings];
  for (const sitemap of newest) {
    try {
      const response = await runtime.http.fetch(sitemap.url, {
        accept: 'application/xml, text/xml;q=0.9, */*;q=0.5',
        logContext: logContextOf(feedId),
      });
      const child = await parseFeedBytes(response.body, response.contentType);
      items.push(...child.items);
      warnings.push(...child.warnings);
    } catch (error) {
      if (!(error instanceof FetchError || error instanceof FeedParseError)) throw error;
      warnings.push(`child sitemap ${sitemap.url}: ${error.message}`);
      logger.info({ sitemap: sitemap.url, err: error.message }, 'child sitemap skipped');
    }
  }
  return { ...index, items, warnings };
}
