import { getFeed, postponeFeed, setFeedPaused, upsertFeed } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueDueFeeds, enqueueFeedNow, FEED_CLAIM_LEASE_SECONDS } from './enqueue-feeds.js';

describe('enqueueing feed fetches', () => {
  let runtime: Runtime;
  beforeEach(async () => {
    runtime = await createTestRuntime();
  });
  afterEach(async () => {
    await runtime.close();
  });

  it('enqueues each due feed once, even with two schedulers ticking together', async () => {
    for (let index = 0; index < 30; index++) await upsertFeed(runtime.db.db, { url: `https://feeds.example/${index}.xml` });
    const counts = await Promise.all([enqueueDueFeeds(runtime), enqueueDueFeeds(runtime)]);
    expect(counts[0] + counts[1]).toBe(30);
    expect(await Promise.all([enqueueDueFeeds(runtime), enqueueDueFeeds(runtime)])).toEqual([0, 0]); // nothing is due any more
    const jobs = await runtime.queues.feedFetch.getWaiting(0, 100);
    expect(jobs).toHaveLength(30);
    expect(new Set(jobs.map((job) => job.data.feedId)).size).toBe(30);
  });

  it('fetches a feed now whatever its schedule, and keeps it off the schedule for the same lease', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://feeds.example/later.xml' });
    await postponeFeed(runtime.db.db, feed.id, 3600);
    expect(await enqueueDueFeeds(runtime)).toBe(0);

    expect(await enqueueFeedNow(runtime, feed.id)).toBe(true);
    expect((await runtime.queues.feedFetch.getWaiting()).map((job) => job.data)).toEqual([{ feedId: feed.id, url: feed.url }]);
    const leaseSeconds = ((await getFeed(runtime.db.db, feed.id))!.nextFetchAt.getTime() - Date.now()) / 1000;
    expect(leaseSeconds).toBeGreaterThan(FEED_CLAIM_LEASE_SECONDS - 30);
    expect(leaseSeconds).toBeLessThanOrEqual(FEED_CLAIM_LEASE_SECONDS);
    // Asked again while its job waits: still one job.
    expect(await enqueueFeedNow(runtime, feed.id)).toBe(true);
    expect(await runtime.queues.feedFetch.getWaitingCount()).toBe(1);
  });

  it('does not fetch a paused or missing feed now', async () => {
    const { feed } = await upsertFeed(runtime.db.db, { url: 'https://feeds.example/paused.xml' });
    await setFeedPaused(runtime.db.db, feed.id, true);
    expect(await enqueueFeedNow(runtime, feed.id)).toBe(false);
    expect(await enqueueFeedNow(runtime, 987_654)).toBe(false);
    expect(await runtime.queues.feedFetch.getWaitingCount()).toBe(0);
  });
});
