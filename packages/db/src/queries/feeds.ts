import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { type Feed, type FeedFetchOutcome, feedFetches, feeds, type NewFeed } from '../schema/index.js';

export type FeedWithCounts = Feed & { articleCount: number };

// Written out in full: drizzle leaves columns unqualified in a one-table select, which would make
// `feed_id = id` compare two columns of the subquery's own table.
const articleCount = sql<number>`(select count(*)::int from article_sources s where s.feed_id = "feeds"."id")`;

/** Adds a feed, or returns the one with the same URL. `created` tells which. */
export async function upsertFeed(db: Database, feed: NewFeed): Promise<{ feed: Feed; created: boolean }> {
  const [inserted] = await db.insert(feeds).values(feed).onConflictDoNothing({ target: feeds.url }).returning();
  if (inserted) return { feed: inserted, created: true };
  const [existing] = await db.select().from(feeds).where(eq(feeds.url, feed.url));
  if (!existing) throw new Error(`feed ${feed.url} vanished between insert and select`);
  return { feed: existing, created: false };
}

/** Seeds the feed list on first start only: a database that has ever had a feed is left alone. */
export async function seedFeedsIfEmpty(db: Database, list: NewFeed[]): Promise<number> {
  if (list.length === 0) return 0;
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(feeds);
  if ((row?.n ?? 0) > 0) return 0;
  const inserted = await db.insert(feeds).values(list).onConflictDoNothing({ target: feeds.url }).returning({ id: feeds.id });
  return inserted.length;
}

/**
 * Adds many feeds in one statement; URLs already stored are left as they are. Returns the feeds
 * actually inserted. Keep a call under ~10,000 feeds (PostgreSQL allows 65,535 parameters).
 */
export async function importFeeds(db: Database, list: NewFeed[]): Promise<{ id: number; url: string }[]> {
  if (list.length === 0) return [];
  return db.insert(feeds).values(list).onConflictDoNothing({ target: feeds.url }).returning({ id: feeds.id, url: feeds.url });
}

export async function listFeeds(db: Database): Promise<FeedWithCounts[]> {
  return db
    .select({ feed: feeds, articleCount })
    .from(feeds)
    .orderBy(asc(feeds.id))
    .then((rows) => rows.map((row) => ({ ...row.feed, articleCount: row.articleCount })));
}

export async function getFeed(db: Database, id: number): Promise<FeedWithCounts | undefined> {
  const [row] = await db.select({ feed: feeds, articleCount }).from(feeds).where(eq(feeds.id, id));
  return row && { ...row.feed, articleCount: row.articleCount };
}

export async function findFeedByUrl(db: Database, url: string): Promise<Feed | undefined> {
  const [row] = await db.select().from(feeds).where(eq(feeds.url, url));
  return row;
}

export async function deleteFeed(db: Database, id: number): Promise<boolean> {
  const deleted = await db.delete(feeds).where(eq(feeds.id, id)).returning({ id: feeds.id });
  return deleted.length > 0;
}

export interface ClaimedFeed {
  id: number;
  url: string;
}

/**
 * Claims up to `limit` feeds that are due and pushes their `next_fetch_at` a lease ahead, in one
 * statement. `FOR UPDATE SKIP LOCKED` lets any number of schedulers tick at once: each due feed is
 * claimed by exactly one of them, and a claimed feed is not due again until its fetch records the real
 * next time or the lease runs out (a crashed fetch is retried then).
 */
export async function claimDueFeeds(db: Database, limit: number, leaseSeconds: number): Promise<ClaimedFeed[]> {
  // Both drivers (pg and PGlite) answer raw statements with `{ rows }`.
  const result = (await db.execute(sql`
    update ${feeds} set next_fetch_at = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
    where ${feeds.id} in (
      select ${feeds.id} from ${feeds}
      where ${feeds.status} <> 'paused' and ${feeds.nextFetchAt} <= now()
      order by ${feeds.nextFetchAt}
      limit ${limit}
      for update skip locked)
    returning ${feeds.id}, ${feeds.url}`)) as unknown as { rows: { id: number; url: string }[] };
  return result.rows.map((row) => ({ id: Number(row.id), url: String(row.url) }));
}

/** Claims one feed now, whatever its schedule ("fetch now"), unless it is paused or missing. */
export async function claimFeedNow(db: Database, id: number, leaseSeconds: number): Promise<ClaimedFeed | undefined> {
  const [row] = await db
    .update(feeds)
    .set({ nextFetchAt: sql`now() + make_interval(secs => ${leaseSeconds})`, updatedAt: sql`now()` })
    .where(and(eq(feeds.id, id), sql`${feeds.status} <> 'paused'`))
    .returning({ id: feeds.id, url: feeds.url });
  return row;
}

export interface FeedFetchRecord {
  feedId: number;
  startedAt: Date;
  durationMs: number;
  outcome: FeedFetchOutcome;
  httpStatus?: number | null;
  bytes?: number | null;
  items?: number | null;
  newItems?: number | null;
  error?: string | null;
  /** Seconds until the next fetch. */
  nextFetchInSeconds: number;
  /** The server said 410 Gone. */
  gone?: boolean;
  /** Fields learnt from this fetch (title, validators, body hash, pace…). */
  feedUpdate?: Partial<
    Pick<Feed, 'title' | 'siteUrl' | 'declaredLanguage' | 'etag' | 'lastModified' | 'bodyHash' | 'itemsPerDay'>
  >;
}

/** Records one fetch in the history and the feed's health and schedule, atomically. */
export async function recordFeedFetch(db: Database, record: FeedFetchRecord): Promise<void> {
  const failed = record.outcome === 'error';
  await db.transaction(async (tx) => {
    await tx.insert(feedFetches).values({
      feedId: record.feedId,
      startedAt: record.startedAt,
      durationMs: record.durationMs,
      outcome: record.outcome,
      httpStatus: record.httpStatus ?? null,
      bytes: record.bytes ?? null,
      items: record.items ?? null,
      newItems: record.newItems ?? null,
      error: record.error ?? null,
    });
    const update = Object.fromEntries(Object.entries(record.feedUpdate ?? {}).filter(([, value]) => value !== undefined));
    await tx
      .update(feeds)
      .set({
        ...update,
        // A paused feed stays paused; otherwise the outcome decides.
        status: sql`case when ${feeds.status} = 'paused' then 'paused' else ${record.gone ? 'gone' : failed ? 'failing' : 'active'} end`,
        // The interval is the pace of a healthy feed; a backoff after a failure is not.
        ...(failed ? {} : { intervalSeconds: record.nextFetchInSeconds }),
        consecutiveFailures: failed ? sql`${feeds.consecutiveFailures} + 1` : 0,
        lastError: failed ? (record.error ?? 'unknown error') : null,
        lastFetchedAt: record.startedAt,
        ...(failed ? {} : { lastSuccessAt: record.startedAt }),
        ...(record.newItems ? { lastNewItemAt: record.startedAt } : {}),
        nextFetchAt: sql`now() + make_interval(secs => ${record.nextFetchInSeconds})`,
        updatedAt: sql`now()`,
      })
      .where(eq(feeds.id, record.feedId));
  });
}

/** Puts a feed's next fetch off without counting a failure (its host asked us to wait). */
export async function postponeFeed(db: Database, id: number, seconds: number): Promise<void> {
  await db
    .update(feeds)
    .set({ nextFetchAt: sql`now() + make_interval(secs => ${seconds})`, updatedAt: sql`now()` })
    .where(eq(feeds.id, id));
}

/**
 * Moves a feed to the URL it permanently redirects to (301/308). Refused, and false, when another
 * feed already has that URL: the two are then the same feed, which is for a person to merge.
 */
export async function moveFeedUrl(db: Database, id: number, url: string): Promise<boolean> {
  try {
    const moved = await db
      .update(feeds)
      .set({ url, updatedAt: sql`now()` })
      .where(and(eq(feeds.id, id), sql`not exists (select 1 from feeds other where other.url = ${url})`))
      .returning({ id: feeds.id });
    return moved.length > 0;
  } catch (error) {
    // Two workers moving two feeds onto one URL at the same moment: the unique index decides.
    if ((error as { code?: string }).code === '23505') return false;
    throw error;
  }
}

/**
 * New items per day seen by this feed's fetches over the last week. The first successful fetch ever
 * is left out: it brings the feed's whole backlog, not its pace. Null until the history spans an hour.
 */
export async function observedItemsPerDay(db: Database, feedId: number): Promise<number | null> {
  const result = (await db.execute(sql`
    with first_success as (
      select min(started_at) as at from feed_fetches where feed_id = ${feedId} and outcome = 'ok')
    select coalesce(sum(new_items) filter (where started_at > (select at from first_success)), 0)::float8 as new_items,
           extract(epoch from now() - min(started_at))::float8 as span_seconds
    from feed_fetches
    where feed_id = ${feedId} and outcome <> 'error' and started_at > now() - interval '7 days'`)) as unknown as {
    rows: { new_items: number | null; span_seconds: number | null }[];
  };
  const row = result.rows[0];
  if (!row?.span_seconds || row.span_seconds < 3600) return null;
  return (Number(row.new_items) / row.span_seconds) * 86_400;
}

export async function listFeedFetches(db: Database, feedId: number, limit = 50) {
  return db.select().from(feedFetches).where(eq(feedFetches.feedId, feedId)).orderBy(desc(feedFetches.id)).limit(limit);
}

/**
 * Pauses a feed (the scheduler skips it, its history stays) or resumes it: a resumed feed is `active`
 * again and due at once; its next fetch sets its health. False for an unknown feed.
 */
export async function setFeedPaused(db: Database, id: number, paused: boolean): Promise<boolean> {
  const updated = await db
    .update(feeds)
    .set(
      paused
        ? { status: 'paused', updatedAt: sql`now()` }
        : { status: 'active', nextFetchAt: sql`now()`, updatedAt: sql`now()` },
    )
    .where(and(eq(feeds.id, id), paused ? sql`true` : eq(feeds.status, 'paused')))
    .returning({ id: feeds.id });
  if (updated.length > 0) return true;
  return (await db.select({ id: feeds.id }).from(feeds).where(eq(feeds.id, id))).length > 0;
}

/** How many feeds are in each health status (`active`, `failing`, `gone`, `paused`), for metrics. */
export async function countFeedsByStatus(db: Database): Promise<{ status: Feed['status']; feeds: number }[]> {
  return db
    .select({ status: feeds.status, feeds: sql<number>`count(*)::int` })
    .from(feeds)
    .groupBy(feeds.status);
}
