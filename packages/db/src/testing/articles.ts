import { createHash } from 'node:crypto';
import type { DuplicateCandidate, DuplicateLookup, DuplicatePolicy } from '../queries/duplicates.js';
import type { NewArticle } from '../schema/index.js';

/**
 * An article row for tests, from a key unique within the test: URL `https://example.org/<key>` (the
 * urlHash is its sha-256, as the pipeline makes it), a title, a short English text; `columns` replaces
 * any of them (a given `canonicalUrl` or `url` gives the hash). No fingerprints unless given, so two
 * fixtures are never copies of each other by accident.
 */
export function testArticle(key: string, columns: Partial<NewArticle> = {}): NewArticle {
  const url = columns.url ?? `https://example.org/${key}`;
  const canonicalUrl = columns.canonicalUrl ?? url;
  return {
    urlHash: createHash('sha256').update(canonicalUrl).digest('hex'),
    url,
    canonicalUrl,
    title: `Story ${key}`,
    text: `The text of story ${key}.`,
    language: 'en',
    ...columns,
  };
}

/**
 * What storeArticle takes to look for copies, for tests that need copies stored as copies without
 * @polywire/dedupe (whose duplicatePolicy decides them in the product): the earliest original any
 * lookup finds is taken. The windows and thresholds are a week, 30 days, 3 bits and 32 of 64 rows
 * unless `policy` says otherwise; tests of what counts as a copy belong in @polywire/dedupe.
 */
export function testDuplicates(policy: Partial<DuplicatePolicy> = {}, lshBandKeys: number[] = []): DuplicateLookup {
  return {
    lshBandKeys,
    policy: {
      sameTitleWindowDays: 7,
      nearTextWindowDays: 30,
      maxSimhashDistance: 3,
      minEqualMinhashRows: 32,
      choose: (candidates: DuplicateCandidate[]) =>
        candidates.reduce<DuplicateCandidate | null>((earliest, candidate) => (earliest && earliest.articleId <= candidate.articleId ? earliest : candidate), null),
      ...policy,
    },
  };
}
