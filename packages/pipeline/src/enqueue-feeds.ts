import { type ClaimedFeed, claimDueFeeds, claimFeedNow } from '@polywire/db';
import { enqueueFeedFetches } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';

/**
 * How long a claimed feed stays off the schedule while its fetch job waits and runs. Once it ends, a feed
 * whose fetch never recorded its next time (Redis refused the enqueue, the fetch crashed) is due again.
 */
export const FEED_CLAIM_LEASE_SECONDS = 300;
const CLAIM_BATCH = 500;

/**
 * One scheduler tick: claims the due feeds and enqueues their fetches; returns how many were enqueued.
 * Postgres decides what is due (`next_fetch_at`). Claims are atomic (see claimDueFeeds), so several
 * schedulers may run side by side. If Redis refuses the enqueue, this throws and the claimed feeds come
 * back when their lease ends.
 */
export async function enqueueDueFeeds(runtime: Pick<Runtime, 'db' | 'queues'>): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await claimDueFeeds(runtime.db.db, CLAIM_BATCH, FEED_CLAIM_LEASE_SECONDS);
    if (claimed.length === 0) break;
    await enqueueFetches(runtime, claimed);
    total += claimed.length;
    if (claimed.length < CLAIM_BATCH) break;
  }
  return total;
}

/**
 * "Fetch now": claims one feed whatever its schedule and enqueues its fetch. False when the feed is
 * missing or paused. A feed whose fetch is still waiting or running keeps that one job.
 */
export async function enqueueFeedNow(runtime: Pick<Runtime, 'db' | 'queues'>, feedId: number): Promise<boolean> {
  const claimed = await claimFeedNow(runtime.db.db, feedId, FEED_CLAIM_LEASE_SECONDS);
  if (!claimed) return false;
  await enqueueFetches(runtime, [claimed]);
  return true;
}

const enqueueFetches = (runtime: Pick<Runtime, 'queues'>, feeds: ClaimedFeed[]) =>
  enqueueFeedFetches(
    runtime.queues,
    feeds.map((feed) => ({ feedId: feed.id, url: feed.url })),
  );
