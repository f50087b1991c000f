import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from './client.js';
import {
  claimDueFeeds,
  claimFeedNow,
  clusterArticle,
  getCluster,
  getArticle,
  getFeed,
  countArticlesByLanguage,
  listArticleEvents,
  listArticles,
  listDuplicatesOf,
  listFeeds,
  type NewArticle,
  recordFeedFetch,
  seedFeedsIfEmpty,
  setFeedPaused,
  storeArticle,
  upsertFeed,
} from './index.js';
import { drivers, testArticle, testDuplicates } from './testing/index.js';

describe.each(drivers)('db on %s', (_name, open) => {
  let handle: DbHandle;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ handle, cleanup } = await open());
    await handle.migrate();
    await handle.migrate(); // applying twice is a no-op
  });
  afterAll(async () => {
    await handle.close();
    await handle.close(); // safe twice
    cleanup();
  });

  it('adds a feed once per URL', async () => {
    const first = await upsertFeed(handle.db, { url: 'https://a.example/feed.xml', title: 'A' });
    const again = await upsertFeed(handle.db, { url: 'https://a.example/feed.xml', title: 'other' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.feed.id).toBe(first.feed.id);
    expect(again.feed.title).toBe('A');
  });

  it('seeds feeds only into an empty table', async () => {
    expect(await seedFeedsIfEmpty(handle.db, [{ url: 'https://seed.example/rss' }])).toBe(0);
    expect((await listFeeds(handle.db)).map((feed) => feed.url)).not.toContain('https://seed.example/rss');
  });

  it('lets one claimer take a due feed, and not again until it is due', async () => {
    const { feed } = await upsertFeed(handle.db, { url: 'https://due.example/rss' });
    const [a, b] = await Promise.all([claimDueFeeds(handle.db, 100, 600), claimDueFeeds(handle.db, 100, 600)]);
    const claims = [...a, ...b].filter((claim) => claim.id === feed.id);
    expect(claims).toHaveLength(1);
    expect((await claimDueFeeds(handle.db, 100, 600)).map((claim) => claim.id)).not.toContain(feed.id);
    // "fetch now" claims it regardless of the lease.
    expect(await claimFeedNow(handle.db, feed.id, 600)).toEqual({ id: feed.id, url: feed.url });
  });

  it('records fetch outcomes as feed health', async () => {
    const { feed } = await upsertFeed(handle.db, { url: 'https://health.example/rss' });
    await recordFeedFetch(handle.db, {
      feedId: feed.id,
      startedAt: new Date(),
      durationMs: 12,
      outcome: 'error',
      httpStatus: 404,
      error: 'HTTP 404 Not Found',
      nextFetchInSeconds: 60,
    });
    let stored = await getFeed(handle.db, feed.id);
    expect(stored?.status).toBe('failing');
    expect(stored?.lastError).toBe('HTTP 404 Not Found');
    expect(stored?.consecutiveFailures).toBe(1);
    await recordFeedFetch(handle.db, {
      feedId: feed.id,
      startedAt: new Date(),
      durationMs: 9,
      outcome: 'ok',
      items: 3,
      newItems: 3,
      nextFetchInSeconds: 60,
      feedUpdate: { title: 'Health news' },
    });
    stored = await getFeed(handle.db, feed.id);
    expect(stored).toMatchObject({ status: 'active', lastError: null, consecutiveFailures: 0, title: 'Health news' });
    expect(stored?.nextFetchAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  it('stores an article once and adds each delivering feed item as a source', async () => {
    const { feed: one } = await upsertFeed(handle.db, { url: 'https://one.example/rss' });
    const { feed: two } = await upsertFeed(handle.db, { url: 'https://two.example/rss' });
    const story = testArticle('once');
    const results = await Promise.all([
      storeArticle(handle.db, story, { feedId: one.id, itemKey: 'g1', itemUrl: 'https://x/1' }),
      storeArticle(handle.db, story, { feedId: one.id, itemKey: 'g1', itemUrl: 'https://x/1' }),
    ]);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results.filter((result) => result.sourceAdded)).toHaveLength(1);
    const third = await storeArticle(handle.db, story, {
      feedId: two.id,
      itemKey: 'other-guid',
      itemUrl: 'https://x/1?utm_source=two',
    });
    expect(third).toMatchObject({ created: false, sourceAdded: true, articleId: results[0]?.articleId });

    const detail = await getArticle(handle.db, third.articleId);
    expect(detail?.feedIds).toEqual([one.id, two.id]);
    expect(detail?.events.map((event) => event.kind)).toEqual(['stored', 'source_added', 'source_added']);
    expect((await listArticleEvents(handle.db, story.urlHash)).length).toBe(3);
    expect((await getFeed(handle.db, two.id))?.articleCount).toBe(1);
  });

  it('clusters stories by shared keys inside the window; copies follow their original', async () => {
    const joinBest = {
      windowHours: 48,
      minSharedKeys: 2,
      choose: (candidates: { clusterId: number }[]) => ({ clusterId: candidates[0]?.clusterId ?? null, score: 1, reason: 'shared keys' }),
    };
    const at = (hours: number) => new Date(Date.UTC(2026, 9, 3, hours));
    const put = async (n: string, publishedAt: Date, extra: Partial<NewArticle> = {}) =>
      (await storeArticle(handle.db, testArticle(`cluster-${n}`, { publishedAt, ...extra }), null, [], testDuplicates())).articleId;
    const first = await put('k1', at(5), { contentHash: 'k'.repeat(64) });
    const opened = await clusterArticle(handle.db, first, ['w:malatya', 'n:14', 'd:10-03'], joinBest);
    expect(opened).toMatchObject({ created: true, reason: 'no candidate' });
    const second = await put('k2', at(9));
    expect(await clusterArticle(handle.db, second, ['w:malatya', 'n:14', 'n:230'], joinBest)).toMatchObject({ clusterId: opened.clusterId, created: false });
    // One shared key is not enough; far outside the window is not a candidate.
    const weak = await put('k3', at(9));
    expect((await clusterArticle(handle.db, weak, ['w:malatya', 'n:99'], joinBest)).created).toBe(true);
    const late = await put('k4', at(24 * 10));
    expect((await clusterArticle(handle.db, late, ['w:malatya', 'n:14', 'n:230'], joinBest)).created).toBe(true);
    // A copy joins its original's cluster, whatever its keys.
    const copy = await put('k5', at(6), { contentHash: 'k'.repeat(64) });
    expect(await clusterArticle(handle.db, copy, [], joinBest)).toMatchObject({ clusterId: opened.clusterId, reason: `copy of article ${first}` });
    // Running it again changes nothing.
    expect(await clusterArticle(handle.db, second, ['w:malatya'], joinBest)).toMatchObject({ clusterId: opened.clusterId, reason: 'already clustered' });
    const cluster = await getCluster(handle.db, opened.clusterId);
    expect(cluster?.members.map((member) => member.id)).toEqual([first, second, copy]);
  });

  it('opens one cluster for two articles of one story clustered at the same moment', async () => {
    const joinAny = {
      windowHours: 48,
      minSharedKeys: 1,
      choose: (candidates: { clusterId: number }[]) => ({ clusterId: candidates[0]?.clusterId ?? null, score: 1, reason: 'any' }),
    };
    const ids = await Promise.all(
      ['r1', 'r2', 'r3'].map(async (n) => (await storeArticle(handle.db, testArticle(`race-${n}`, { publishedAt: new Date() }), null)).articleId),
    );
    const results = await Promise.all(ids.map((id) => clusterArticle(handle.db, id, ['w:racekey', 'n:4242'], joinAny)));
    expect(new Set(results.map((result) => result.clusterId)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
  });

  it('lists articles newest first with filters and a stable cursor', async () => {
    for (let index = 0; index < 5; index++) {
      await storeArticle(handle.db, testArticle(`page-${index}`, { title: `Page story ${index}`, language: index % 2 ? 'de' : 'en' }), null);
    }
    const first = await listArticles(handle.db, { limit: 2, languages: ['en'] });
    expect(first.items.map((item) => item.title)).toEqual(['Page story 4', 'Page story 2']);
    expect(first.nextCursor).not.toBeNull();
    // A new article arriving between pages does not shift the next page.
    await storeArticle(handle.db, testArticle('page-late', { title: 'Page story late' }), null);
    const second = await listArticles(handle.db, { limit: 2, languages: ['en'], cursor: first.nextCursor! });
    expect(second.items[0]?.title).toBe('Page story 0');
    expect(second.items[0]!.id).toBeLessThan(first.items.at(-1)!.id);
    const german = await listArticles(handle.db, { limit: 10, languages: ['de'] });
    expect(german.items.map((item) => item.language)).toEqual(['de', 'de']);
    const search = await listArticles(handle.db, { limit: 10, q: 'late' });
    expect(search.items.map((item) => item.title)).toEqual(['Page story late']);
    expect('text' in (search.items[0] ?? {})).toBe(false);
  });

  it('pauses a feed out of the schedule and resumes it as due at once', async () => {
    const { feed } = await upsertFeed(handle.db, { url: 'https://pause.example/rss' });
    expect(await setFeedPaused(handle.db, feed.id, true)).toBe(true);
    expect((await getFeed(handle.db, feed.id))?.status).toBe('paused');
    expect(await claimFeedNow(handle.db, feed.id, 60)).toBeUndefined();
    expect(await setFeedPaused(handle.db, feed.id, false)).toBe(true);
    const resumed = await getFeed(handle.db, feed.id);
    expect(resumed?.status).toBe('active');
    expect(resumed!.nextFetchAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(await setFeedPaused(handle.db, 987_654, true)).toBe(false);
  });

  it('counts articles ingested per language over a day and a week, and lists an article’s copies', async () => {
    const { feed } = await upsertFeed(handle.db, { url: 'https://volume.example/rss' });
    const store = (hash: string, language: string) =>
      storeArticle(handle.db, testArticle(`volume-${hash}`, { language }), { feedId: feed.id, itemKey: hash, itemUrl: `https://v/${hash}` });
    const first = await store('v1', 'tlh');
    await store('v2', 'tlh');
    await store('v3', 'sjn');
    const counts = await countArticlesByLanguage(handle.db);
    expect(counts.filter((row) => ['tlh', 'sjn'].includes(row.language))).toEqual([
      { language: 'tlh', last24h: 2, last7d: 2 },
      { language: 'sjn', last24h: 1, last7d: 1 },
    ]);
    // A week from now, today's articles fall out of both windows.
    const later = await countArticlesByLanguage(handle.db, new Date(Date.now() + 8 * 24 * 3600_000));
    expect(later.find((row) => row.language === 'tlh')).toBeUndefined();
    expect(await listDuplicatesOf(handle.db, first.articleId)).toEqual([]);
  });
});
