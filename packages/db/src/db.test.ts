import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testServices } from '@polywire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from './client.js';
import { listArticleEvents } from './queries/articles.js';
import {
  claimDueFeeds,
  claimFeedNow,
  getArticle,
  getFeed,
  listArticles,
  listFeeds,
  recordFeedFetch,
  seedFeedsIfEmpty,
  storeArticle,
  upsertFeed,
} from './index.js';

const drivers: [string, () => Promise<{ handle: DbHandle; cleanup: () => void }>][] = [
  [
    'PostgreSQL',
    async () => {
      const url = await createTestDatabase(testServices().postgresUrl);
      return { handle: createDb({ databaseUrl: url, dataDir: '/nonexistent' }), cleanup: () => {} };
    },
  ],
  [
    'PGlite',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'polywire-pglite-'));
      return { handle: createDb({ dataDir: dir }), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];

const article = (urlHash: string, title: string, language = 'en') => ({
  urlHash,
  url: `https://example.org/${urlHash}`,
  canonicalUrl: `https://example.org/${urlHash}`,
  title,
  text: `${title} body text`,
  language,
});

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
    const hash = 'a'.repeat(64);
    const results = await Promise.all([
      storeArticle(handle.db, article(hash, 'Story'), { feedId: one.id, itemKey: 'g1', itemUrl: 'https://x/1' }),
      storeArticle(handle.db, article(hash, 'Story'), { feedId: one.id, itemKey: 'g1', itemUrl: 'https://x/1' }),
    ]);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results.filter((result) => result.sourceAdded)).toHaveLength(1);
    const third = await storeArticle(handle.db, article(hash, 'Story'), {
      feedId: two.id,
      itemKey: 'other-guid',
      itemUrl: 'https://x/1?utm_source=two',
    });
    expect(third).toMatchObject({ created: false, sourceAdded: true, articleId: results[0]?.articleId });

    const detail = await getArticle(handle.db, third.articleId);
    expect(detail?.feedIds).toEqual([one.id, two.id]);
    expect(detail?.events.map((event) => event.kind)).toEqual(['stored', 'source_added', 'source_added']);
    expect((await listArticleEvents(handle.db, hash)).length).toBe(3);
    expect((await getFeed(handle.db, two.id))?.articleCount).toBe(1);
  });

  it('lists articles newest first with filters and a stable cursor', async () => {
    for (let index = 0; index < 5; index++) {
      await storeArticle(handle.db, article(index.toString(16).padStart(64, 'b'), `Page story ${index}`, index % 2 ? 'de' : 'en'), null);
    }
    const first = await listArticles(handle.db, { limit: 2, languages: ['en'] });
    expect(first.items.map((item) => item.title)).toEqual(['Page story 4', 'Page story 2']);
    expect(first.nextCursor).not.toBeNull();
    // A new article arriving between pages does not shift the next page.
    await storeArticle(handle.db, article('c'.repeat(64), 'Page story late'), null);
    const second = await listArticles(handle.db, { limit: 2, languages: ['en'], cursor: first.nextCursor! });
    expect(second.items.map((item) => item.title)).toEqual(['Page story 0', 'Story']);
    const german = await listArticles(handle.db, { limit: 10, languages: ['de'] });
    expect(german.items.map((item) => item.language)).toEqual(['de', 'de']);
    const search = await listArticles(handle.db, { limit: 10, q: 'late' });
    expect(search.items.map((item) => item.title)).toEqual(['Page story late']);
    expect('text' in (search.items[0] ?? {})).toBe(false);
  });
});
