import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { articles, getArticle, type NewArticle, pruneArticleContent, storeArticle } from './index.js';
import { drivers, testArticle, testDuplicates, useTestDb } from './testing/index.js';

const article = (key: string, extra: Partial<NewArticle> = {}) =>
  testArticle(key, {
    url: `https://retention.example/${key}`,
    title: `Harbour story ${key}`,
    lead: `The lead of ${key}`,
    summary: `The summary of ${key}`,
    text: `Fishermen in the harbour ${key} counted their catch`,
    site: 'retention.example',
    contentHash: `content-${key}`.padEnd(64, 'c'),
    titleHash: `title-${key}`.padEnd(64, 't'),
    simhash: '0123456789abcdef',
    simhashBand0: 0x0123,
    simhashBand1: 0x4567,
    simhashBand2: 0x89ab,
    simhashBand3: 0xcdef,
    minhash: Array.from({ length: 64 }, (_, index) => index),
    ...extra,
  });

describe.each(drivers)('retention on %s', (_name, open) => {
  const handle = useTestDb(open);
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    // Five articles 40 days old (one of them without any text), one 10 days old, one new.
    for (const [key, age] of [['old1', 40], ['old2', 40], ['old3', 40], ['old4', 40], ['bare', 40], ['mid', 10], ['new', 0]] as const) {
      const extra = key === 'bare' ? { text: null, lead: null, summary: null, contentHash: null } : {};
      const stored = await storeArticle(handle().db, article(key, extra), null);
      ids[key] = stored.articleId;
      await handle().db
        .update(articles)
        .set({ ingestedAt: sql`now() - make_interval(days => ${age})` })
        .where(eq(articles.id, stored.articleId));
    }
  });

  it('drops text, lead and summary of articles ingested more than N days ago, in batches', async () => {
    const before = await handle().db.select({ id: articles.id, hasVector: sql<boolean>`search_vector @@ to_tsquery('english', 'catch')` }).from(articles);
    expect(before.filter((row) => row.hasVector)).toHaveLength(6);

    // Four old articles with content, batches of three: 3, then 1, then nothing left.
    expect(await pruneArticleContent(handle().db, 30, 3)).toBe(3);
    expect(await pruneArticleContent(handle().db, 30, 3)).toBe(1);
    expect(await pruneArticleContent(handle().db, 30, 3)).toBe(0);

    const rows = await handle().db.select().from(articles).where(inArray(articles.id, Object.values(ids)));
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const key of ['old1', 'old2', 'old3', 'old4']) {
      const row = byId.get(ids[key]!)!;
      expect({ text: row.text, lead: row.lead, summary: row.summary }).toEqual({ text: null, lead: null, summary: null });
      // Metadata and fingerprints stay.
      expect(row).toMatchObject({
        title: `Harbour story ${key}`,
        url: `https://retention.example/${key}`,
        language: 'en',
        site: 'retention.example',
        contentHash: `content-${key}`.padEnd(64, 'c'),
        titleHash: `title-${key}`.padEnd(64, 't'),
        simhash: '0123456789abcdef',
        simhashBand0: 0x0123,
        simhashBand3: 0xcdef,
      });
      expect(row.minhash).toHaveLength(64);
    }
    for (const key of ['mid', 'new']) {
      expect(byId.get(ids[key]!)).toMatchObject({ text: `Fishermen in the harbour ${key} counted their catch`, lead: `The lead of ${key}`, summary: `The summary of ${key}` });
    }
    // The generated search vector follows: the pruned bodies no longer match, the titles still do.
    const matches = await handle().db.select({ id: articles.id }).from(articles).where(sql`search_vector @@ to_tsquery('english', 'catch')`);
    expect(matches.map((row) => row.id).sort()).toEqual([ids.mid, ids.new].sort());
    const byTitle = await handle().db.select({ id: articles.id }).from(articles).where(sql`search_vector @@ to_tsquery('english', 'harbour')`);
    expect(byTitle).toHaveLength(7);
    expect((await getArticle(handle().db, ids.old1!))?.title).toBe('Harbour story old1');

    // A shorter retention reaches the 10-day-old article too, never the new one.
    expect(await pruneArticleContent(handle().db, 5, 100)).toBe(1);
    const [recent] = await handle().db.select({ text: articles.text }).from(articles).where(eq(articles.id, ids.new!));
    expect(recent?.text).toBe('Fishermen in the harbour new counted their catch');
  });

  it('still recognises a copy of a pruned article as a duplicate', async () => {
    const copy = await storeArticle(
      handle().db,
      article('copy-of-old1', { contentHash: `content-old1`.padEnd(64, 'c'), text: 'Fishermen in the harbour old1 counted their catch', site: 'elsewhere.example' }),
      null,
      [],
      testDuplicates(),
    );
    expect(copy).toMatchObject({ created: true, duplicateOf: ids.old1 });
  });

  it('refuses nonsense arguments', async () => {
    await expect(pruneArticleContent(handle().db, 0, 10)).rejects.toThrow(RangeError);
    await expect(pruneArticleContent(handle().db, 30, 0)).rejects.toThrow(RangeError);
  });
});
