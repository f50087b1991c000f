import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articles, type DuplicateCandidate, findDuplicateCandidates, getArticle, type NewArticle, storeArticle } from './index.js';
import { drivers, testArticle, testDuplicates, useTestDb } from './testing/index.js';

/** The SimHash columns of a 16-hex-digit SimHash: the hash and its four 16-bit bands. */
const simhashColumns = (simhash: string) => ({
  simhash,
  simhashBand0: Number.parseInt(simhash.slice(0, 4), 16),
  simhashBand1: Number.parseInt(simhash.slice(4, 8), 16),
  simhashBand2: Number.parseInt(simhash.slice(8, 12), 16),
  simhashBand3: Number.parseInt(simhash.slice(12, 16), 16),
});

const byRule = (candidates: DuplicateCandidate[]) => [...candidates].sort((a, b) => a.rule.localeCompare(b.rule));

describe.each(drivers)('duplicate lookups on %s', (_name, open) => {
  const handle = useTestDb(open);

  /** Stores `article` as an original, ingested `daysAgo` days ago. */
  const storeOriginal = async (article: NewArticle, daysAgo = 0, lshBandKeys: number[] = []) => {
    const { articleId } = await storeArticle(handle().db, article, null, [], testDuplicates({ choose: () => null }, lshBandKeys));
    if (daysAgo > 0) await handle().db.update(articles).set({ ingestedAt: sql`now() - make_interval(days => ${daysAgo})` }).where(eq(articles.id, articleId));
    return articleId;
  };

  it('stores a copy at another URL as a duplicate of the original the policy chooses, and records the rule', async () => {
    const wire = { text: 'Wire story text', contentHash: 'c'.repeat(64) };
    const original = await storeArticle(handle().db, testArticle('wire-1', { ...wire, site: 'one.example' }), null, [], testDuplicates());
    let offered: DuplicateCandidate[] = [];
    const choosing = testDuplicates({
      choose: (candidates) => {
        offered = candidates;
        return candidates[0] ?? null;
      },
    });
    const copy = await storeArticle(handle().db, testArticle('wire-2', { ...wire, site: 'two.example' }), null, [], choosing);
    expect(offered).toEqual([{ articleId: original.articleId, rule: 'same_text' }]);
    expect(original.duplicateOf).toBeNull();
    expect(copy).toMatchObject({ created: true, duplicateOf: original.articleId });
    const detail = await getArticle(handle().db, copy.articleId);
    expect(detail?.events.map((event) => event.kind)).toEqual(['duplicate_of', 'stored']);
    expect(detail?.events[0]?.detail).toMatchObject({ originalId: original.articleId, rule: 'same_text' });
  });

  it('stores an original when the policy chooses none, and without a policy looks for nothing', async () => {
    const wire = { text: 'Agency text', contentHash: 'a'.repeat(64) };
    await storeOriginal(testArticle('agency-1', wire));
    const refused = await storeArticle(handle().db, testArticle('agency-2', wire), null, [], testDuplicates({ choose: () => null }));
    const unchecked = await storeArticle(handle().db, testArticle('agency-3', wire), null);
    expect(refused).toMatchObject({ created: true, duplicateOf: null });
    expect(unchecked).toMatchObject({ created: true, duplicateOf: null });
  });

  it('keeps one original when copies are stored at the same moment', async () => {
    // Ten stories, each arriving at the same moment from three outlets (PostgreSQL runs them on separate
    // connections; the advisory locks on the fingerprints serialize them).
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, story) =>
        Promise.all(
          ['x', 'y', 'z'].map((outlet) =>
            storeArticle(
              handle().db,
              testArticle(`race-${story}-${outlet}`, { contentHash: `race-${story}`.padEnd(64, '0'), site: `${outlet}.example` }),
              null,
              [],
              testDuplicates(),
            ),
          ),
        ),
      ),
    );
    for (const copies of results) {
      const originals = copies.filter((copy) => copy.duplicateOf === null);
      expect(originals).toHaveLength(1);
      for (const copy of copies) if (copy !== originals[0]) expect(copy.duplicateOf).toBe(originals[0]!.articleId);
    }
  });

  it('reports the earliest original each rule finds, and never a copy', async () => {
    const first = await storeOriginal(testArticle('rules-1', { contentHash: '1'.repeat(64), site: 'rules.example', titleHash: 't'.repeat(64) }));
    await storeOriginal(testArticle('rules-2', { contentHash: '1'.repeat(64), site: 'rules.example', titleHash: 't'.repeat(64) }));
    const near = await storeOriginal(testArticle('rules-3', simhashColumns('1234000000000000')));
    // A copy (of `first`) is never reported, even when it alone matches.
    await storeArticle(handle().db, testArticle('rules-4', { contentHash: '1'.repeat(64), ...simhashColumns('abcd000000000000') }), null, [], testDuplicates());

    const probe = testArticle('rules-probe', { contentHash: '1'.repeat(64), site: 'rules.example', titleHash: 't'.repeat(64), ...simhashColumns('1234000000000001') });
    expect(byRule(await findDuplicateCandidates(handle().db, probe, testDuplicates()))).toEqual([
      { articleId: near, rule: 'near_text' },
      { articleId: first, rule: 'same_site_title' },
      { articleId: first, rule: 'same_text' },
    ]);
    expect(await findDuplicateCandidates(handle().db, testArticle('rules-probe-2', simhashColumns('abcd000000000001')), testDuplicates())).toEqual([]);
  });

  it('finds near copies through the SimHash bands within the policy’s distance', async () => {
    const first = await storeOriginal(testArticle('simhash-1', simhashColumns('ffff0000ffff0000')));
    const found = async (simhash: string, maxSimhashDistance: number) =>
      (await findDuplicateCandidates(handle().db, testArticle(`simhash-${simhash}`, simhashColumns(simhash)), testDuplicates({ maxSimhashDistance }))).map(
        (candidate) => candidate.articleId,
      );
    expect(await found('ffff0003ffff0000', 3)).toEqual([first]); // 2 bits apart
    expect(await found('fff0000fffff0000', 3)).toEqual([]); // 8 bits apart, shares bands 2 and 3
    expect(await found('fff0000fffff0000', 8)).toEqual([first]);
    expect(await found('aaaabbbbccccdddd', 64)).toEqual([]); // shares no band: never looked at
  });

  it('finds near copies through the MinHash LSH bands when enough rows agree', async () => {
    const signature = Array.from({ length: 64 }, (_, row) => 1000 + row);
    const keys = Array.from({ length: 16 }, (_, band) => 5000 + band);
    const original = await storeOriginal(testArticle('minhash-1', { minhash: signature }), 0, keys);
    // 40 of 64 rows agree; the probe shares the first band's key only.
    const probe = testArticle('minhash-probe', { minhash: signature.map((value, row) => (row < 40 ? value : -value)) });
    const oneShared = keys.map((key, band) => (band === 0 ? key : key + 100_000));
    const found = async (minEqualMinhashRows: number, lshBandKeys: number[]) =>
      (await findDuplicateCandidates(handle().db, probe, testDuplicates({ minEqualMinhashRows }, lshBandKeys))).map((candidate) => candidate.articleId);
    expect(await found(40, oneShared)).toEqual([original]);
    expect(await found(41, oneShared)).toEqual([]);
    expect(await found(1, keys.map((key) => key + 100_000))).toEqual([]); // no band key shared: never looked at
  });

  it('looks back as far as the policy’s windows', async () => {
    const titled = await storeOriginal(testArticle('window-1', { site: 'window.example', titleHash: 'w'.repeat(64), ...simhashColumns('5555000000000000') }), 10);
    const probe = testArticle('window-probe', { site: 'window.example', titleHash: 'w'.repeat(64), ...simhashColumns('5555000000000000') });
    const rules = async (sameTitleWindowDays: number, nearTextWindowDays: number) =>
      byRule(await findDuplicateCandidates(handle().db, probe, testDuplicates({ sameTitleWindowDays, nearTextWindowDays }))).map((candidate) => candidate.rule);
    expect(await rules(7, 7)).toEqual([]);
    expect(await rules(14, 7)).toEqual(['same_site_title']);
    expect(await rules(7, 30)).toEqual(['near_text']);
    expect((await findDuplicateCandidates(handle().db, probe, testDuplicates({ sameTitleWindowDays: 14 })))[0]?.articleId).toBe(titled);
  });
});
