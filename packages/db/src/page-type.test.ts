import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from './client.js';
import { getArticle, listArticles, storeArticle } from './index.js';
import { drivers, testArticle } from './testing/index.js';

describe.each(drivers)('page types on %s', (_name, open) => {
  let handle: DbHandle;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ handle, cleanup } = await open());
    await handle.migrate();
  });
  afterAll(async () => {
    await handle.close();
    cleanup();
  });

  it('stores the page type, and reads a row stored without one as an article', async () => {
    const front = await storeArticle(handle.db, testArticle('front', { text: '', pageType: 'front' }), null);
    const live = await storeArticle(handle.db, testArticle('live', { pageType: 'live' }), null);
    const plain = await storeArticle(handle.db, testArticle('plain'), null);
    // A row written without the column, as every row stored before migration 0013 was.
    await handle.db.execute(
      sql`insert into articles (url_hash, url, canonical_url, title) values ('legacy-page-type', 'https://example.org/legacy', 'https://example.org/legacy', 'Legacy')`,
    );
    expect((await getArticle(handle.db, front.articleId))?.pageType).toBe('front');
    expect((await getArticle(handle.db, live.articleId))?.pageType).toBe('live');
    expect((await getArticle(handle.db, plain.articleId))?.pageType).toBe('article');
    const all = await listArticles(handle.db, { limit: 10 });
    expect(all.items.map((item) => [item.title, item.pageType])).toEqual([
      ['Legacy', 'article'],
      ['Story plain', 'article'],
      ['Story live', 'live'],
      ['Story front', 'front'],
    ]);
  });

  it('filters a list by page type', async () => {
    const fronts = await listArticles(handle.db, { limit: 10, pageType: 'front' });
    expect(fronts.items.map((item) => item.title)).toEqual(['Story front']);
    const articles = await listArticles(handle.db, { limit: 10, pageType: 'article' });
    expect(articles.items.map((item) => item.title)).toEqual(['Legacy', 'Story plain']);
    expect((await listArticles(handle.db, { limit: 10, pageType: 'gallery' })).items).toEqual([]);
  });
});
