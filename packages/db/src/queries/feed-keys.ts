import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { feedKeys } from '../schema/index.js';

// Read-only keys of feeds out: a feed reader cannot send headers, so the key rides in the URL
// (`/feeds/stories.atom?min_languages=3&key=…`). Only its sha-256 is stored; the key is shown once.

/** What a key can be bound to: the article search feed or the stories feed. */
export type FeedKind = 'articles' | 'stories';
export const feedKinds: readonly FeedKind[] = ['articles', 'stories'];

/** A key as listed: everything but its hash. */
export interface FeedKeyInfo {
  id: number;
  kind: FeedKind;
  /** The feed's canonical query parameters (sorted by name, without `key` and `format`). */
  params: Record<string, string>;
  label: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Why a key does not open a feed. */
export type FeedKeyRefusal = 'unknown' | 'revoked' | 'other-feed';

/** Keys start with a prefix, so one found in a log or a config file is recognizable (as GitHub's `ghp_`). */
export const FEED_KEY_PREFIX = 'pwf_';

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

const infoColumns = {
  id: feedKeys.id,
  kind: feedKeys.kind,
  params: feedKeys.params,
  label: feedKeys.label,
  createdAt: feedKeys.createdAt,
  lastUsedAt: feedKeys.lastUsedAt,
  revokedAt: feedKeys.revokedAt,
};
const asInfo = (row: Omit<FeedKeyInfo, 'kind'> & { kind: string }): FeedKeyInfo => ({ ...row, kind: row.kind as FeedKind });

/** The canonical form of a feed's parameters: names sorted, so that equal feeds compare equal as text too. */
function sortedParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Makes a key for one feed and returns it with its row: the only time the key itself is seen. 32
 * random bytes (256 bits) make guessing hopeless, so verification needs no attempt limit.
 */
export async function createFeedKey(
  db: Database,
  feed: { kind: FeedKind; params: Record<string, string>; label?: string | null },
): Promise<{ key: string; feedKey: FeedKeyInfo }> {
  const key = `${FEED_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [row] = await db
    .insert(feedKeys)
    .values({ keyHash: hashOf(key), kind: feed.kind, params: sortedParams(feed.params), label: feed.label ?? null })
    .returning(infoColumns);
  return { key, feedKey: asInfo(row!) };
}

/** Every key, oldest first; revoked ones too unless `activeOnly`. */
export async function listFeedKeys(db: Database, options: { activeOnly?: boolean } = {}): Promise<FeedKeyInfo[]> {
  const rows = await db
    .select(infoColumns)
    .from(feedKeys)
    .where(options.activeOnly ? isNull(feedKeys.revokedAt) : undefined)
    .orderBy(asc(feedKeys.id));
  return rows.map(asInfo);
}

/**
 * Revokes a key for good; revoking it again keeps the first time. Null when there is no such key.
 */
export async function revokeFeedKey(db: Database, id: number): Promise<FeedKeyInfo | null> {
  const [row] = await db
    .update(feedKeys)
    .set({ revokedAt: sql`coalesce(${feedKeys.revokedAt}, now())` })
    .where(eq(feedKeys.id, id))
    .returning(infoColumns);
  return row ? asInfo(row) : null;
}

/**
 * Whether `key` opens the feed of `kind` with these canonical parameters, and only that feed; a key
 * that does is marked used now. One statement in the common case (the key is right); the refusal's
 * reason costs a second look-up.
 */
export async function verifyFeedKey(
  db: Database,
  key: string,
  feed: { kind: FeedKind; params: Record<string, string> },
): Promise<{ ok: true; id: number } | { ok: false; reason: FeedKeyRefusal }> {
  const keyHash = hashOf(key);
  // jsonb equality ignores the order of keys, so the stored and the asked parameters compare as sets.
  const [used] = await db
    .update(feedKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(feedKeys.keyHash, keyHash),
        isNull(feedKeys.revokedAt),
        eq(feedKeys.kind, feed.kind),
        sql`${feedKeys.params} = ${JSON.stringify(sortedParams(feed.params))}::jsonb`,
      ),
    )
    .returning({ id: feedKeys.id });
  if (used) return { ok: true, id: used.id };
  const [found] = await db.select({ revokedAt: feedKeys.revokedAt }).from(feedKeys).where(eq(feedKeys.keyHash, keyHash));
  if (!found) return { ok: false, reason: 'unknown' };
  return { ok: false, reason: found.revokedAt ? 'revoked' : 'other-feed' };
}
