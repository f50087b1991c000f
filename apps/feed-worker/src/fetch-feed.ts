import { createHash } from 'node:crypto';
import { addArticleEvents, type FeedFetchRecord, findStoredItemKeys, getFeed, recordFeedFetch } from '@polywire/db';
import { canonicalizeUrl, urlHash } from '@polywire/dedupe';
import { type FeedItem, FeedParseError, parseFeed } from '@polywire/feeds';
import { decodeBody, FetchError } from '@polywire/http';
import { type ArticleProcessPayload, enqueueArticles, type FeedFetchPayload } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import type { Logger } from '@polywire/config';

/** Media Cloud's cap: a feed with more items than this is cut, newest kept (feeds list newest first). */
const MAX_ITEMS_PER_FETCH = 2_000;
/** A failing feed backs off up to this, and is never switched off (Miniflux's top complaint). */
const MAX_BACKOFF_SECONDS = 24 * 3600;

export interface FeedFetchOutcome {
  outcome: FeedFetchRecord['outcome'];
  items: number;
  newItems: number;
  error?: string;
}

function articlePayload(feedId: number, item: FeedItem, link: string): ArticleProcessPayload {
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

/**
 * Fetches one feed and enqueues its items that no article holds yet. Problems of the feed itself (HTTP
 * errors, not a feed, blocked address) are recorded on the feed and end the job normally: the feed's
 * schedule is its retry. Problems of our own infrastructure (database, Redis) throw, so BullMQ retries.
 */
export async function fetchFeed(runtime: Runtime, payload: FeedFetchPayload, logger: Logger): Promise<FeedFetchOutcome> {
  const { db } = runtime.db;
  const feed = await getFeed(db, payload.feedId);
  if (!feed) return { outcome: 'error', items: 0, newItems: 0, error: 'feed deleted' };
  const baseInterval = feed.intervalSeconds || runtime.config.FEED_INTERVAL_MINUTES * 60;
  const startedAt = new Date();
  const record = (fields: Omit<FeedFetchRecord, 'feedId' | 'startedAt' | 'durationMs' | 'nextFetchInSeconds'>, next = baseInterval) =>
    recordFeedFetch(db, {
      feedId: feed.id,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      nextFetchInSeconds: next,
      ...fields,
    });

  let response: Awaited<ReturnType<Runtime['http']['fetch']>>;
  try {
    const headers: Record<string, string> = {};
    if (feed.etag) headers['if-none-match'] = feed.etag;
    if (feed.lastModified) headers['if-modified-since'] = feed.lastModified;
    response = await runtime.http.fetch(feed.url, {
      headers,
      accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    });
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    const backoff = Math.min(baseInterval * 2 ** Math.min(feed.consecutiveFailures, 6), MAX_BACKOFF_SECONDS);
    const next = Math.max(backoff, error.retryAfterSeconds ?? 0);
    await record({ outcome: 'error', httpStatus: error.status ?? null, error: error.message }, next);
    logger.info({ err: error.message, kind: error.kind, nextInSeconds: next }, 'feed fetch failed');
    return { outcome: 'error', items: 0, newItems: 0, error: error.message };
  }

  if (response.notModified) {
    await record({ outcome: 'not_modified', httpStatus: 304, bytes: 0 });
    return { outcome: 'not_modified', items: 0, newItems: 0 };
  }

  const bodyHash = createHash('sha256').update(response.body).digest('hex');
  const validators = { etag: response.headers.etag ?? null, lastModified: response.headers['last-modified'] ?? null, bodyHash };
  // Some servers send a fresh ETag with the same body (Media Cloud compares a body hash for this).
  if (bodyHash === feed.bodyHash) {
    await record({ outcome: 'not_modified', httpStatus: response.status, bytes: response.body.length, feedUpdate: validators });
    return { outcome: 'not_modified', items: 0, newItems: 0 };
  }

  let parsed: Awaited<ReturnType<typeof parseFeed>>;
  try {
    parsed = await parseFeed(decodeBody(response.body, response.contentType).text);
  } catch (error) {
    if (!(error instanceof FeedParseError)) throw error;
    const backoff = Math.min(baseInterval * 2 ** Math.min(feed.consecutiveFailures, 6), MAX_BACKOFF_SECONDS);
    await record({ outcome: 'error', httpStatus: response.status, bytes: response.body.length, error: error.message }, backoff);
    return { outcome: 'error', items: 0, newItems: 0, error: error.message };
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
  await addArticleEvents(
    db,
    fresh.map((candidate) => ({ urlHash: candidate.urlHash, kind: 'queued', feedId: feed.id, detail: { url: candidate.url } })),
  );
  await record({
    outcome: 'ok',
    httpStatus: response.status,
    bytes: response.body.length,
    items: parsed.items.length,
    newItems: fresh.length,
    feedUpdate: {
      ...validators,
      title: feed.title ?? parsed.title,
      siteUrl: feed.siteUrl ?? parsed.link,
      declaredLanguage: feed.declaredLanguage ?? parsed.language,
    },
  });
  return { outcome: 'ok', items: parsed.items.length, newItems: fresh.length };
}
