import { LANGUAGE_MODEL_VERSION } from '@polywire/lang';
import { getArticle, listArticles, type NewArticle, storeArticle } from '@polywire/db';
import { drivers, useTestDb } from '@polywire/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { redecideLanguage, retagArticles } from './retag.js';

/** Hungarian news, each long enough for any detector to be sure. */
const HUNGARIAN = [
  [
    'Emelkednek a nyugdíjak jövőre',
    'A kormány bejelentette, hogy jövőre emeli a nyugdíjakat és a családi pótlékot. A pénzügyminiszter szerint a költségvetés ezt lehetővé teszi, az ellenzék azonban bírálta a tervet, mert szerintük az infláció mindent elvisz.',
  ],
  [
    'Új hidat építenek a Dunán',
    'Budapest déli részén új közúti híd épül a Duna fölött. A beruházás három évig tart, és a fővárosi közgyűlés csütörtökön döntött a finanszírozásról. A lakók örülnek, mert a reggeli dugók végre enyhülhetnek.',
  ],
  [
    'Kigyulladt egy raktár Debrecenben',
    'Hajnalban kigyulladt egy raktárépület Debrecen ipari negyedében. A tűzoltók több órán át dolgoztak a lángok megfékezésén, sérült nincs. A rendőrség vizsgálja, mi okozta a tüzet, és a környéken lakókat arra kérték, tartsák zárva az ablakokat.',
  ],
] as const;
const ENGLISH = [
  'Harbour reopens after the storm',
  'The harbour reopened on Monday after the storm had kept every ship at anchor for a week. Fishermen said the damage to the piers was smaller than they had feared, and the council promised to repair the lighthouse before winter.',
] as const;

let seq = 0;
const article = (title: string, text: string | null, extra: Partial<NewArticle> = {}): NewArticle => {
  const key = `retag-${++seq}`;
  return {
    urlHash: key.padEnd(64, 'r'),
    url: `https://hirek.example/${key}`,
    canonicalUrl: `https://hirek.example/${key}`,
    title,
    text,
    ...extra,
  };
};

describe.each(drivers)('re-tagging stored articles on %s', (_name, open) => {
  const handle = useTestDb(open);
  const ids = { hungarian: [] as number[], english: 0, pruned: 0, current: 0, settled: 0 };
  const OLD = 'lang-old';

  const row = async (id: number) => {
    const stored = (await getArticle(handle().db, id))!;
    return {
      language: stored.language,
      confidence: stored.languageConfidence,
      titleLanguage: stored.titleLanguage,
      version: stored.languageModelVersion,
      searchConfig: stored.searchConfig,
    };
  };
  const versions = async () => (await listArticles(handle().db, { limit: 50 })).items.map((item) => [item.id, item.languageModelVersion]);

  beforeAll(async () => {
    // Hungarian texts that an older model stored as Slovak.
    for (const [title, text] of HUNGARIAN) {
      ids.hungarian.push((await storeArticle(handle().db, article(title, text, { language: 'sk', languageConfidence: 0.61, titleLanguage: 'sk', languageModelVersion: OLD }), null)).articleId);
    }
    // Right already, with an old confidence: rewritten, but its language stays.
    ids.english = (await storeArticle(handle().db, article(ENGLISH[0], ENGLISH[1], { language: 'en', languageConfidence: 0.123, titleLanguage: 'en' }), null)).articleId;
    // Retention dropped its text; its title alone says nothing: the stored tag stays.
    ids.pruned = (await storeArticle(handle().db, article('2026 · 12:30', null, { language: 'de', languageConfidence: 0.9 }), null)).articleId;
    // Tagged by the current version already (even wrongly): not selected.
    ids.current = (await storeArticle(handle().db, article(HUNGARIAN[0][0], `${HUNGARIAN[0][1]} Ma.`, { language: 'sk', languageModelVersion: LANGUAGE_MODEL_VERSION }), null)).articleId;
    // Stored exactly as the current decision would store it, by an older version: only its version changes.
    const settled = article(ENGLISH[0], `${ENGLISH[1]} More to follow.`, { languageModelVersion: OLD });
    const decided = redecideLanguage({ id: 0, title: settled.title!, text: settled.text!, lead: null, summary: null, canonicalUrl: settled.canonicalUrl, declaredLanguage: null, language: null, languageConfidence: null, titleLanguage: null });
    ids.settled = (await storeArticle(handle().db, { ...settled, language: decided.language, languageConfidence: decided.languageConfidence, titleLanguage: decided.titleLanguage }, null)).articleId;
  });

  it('counts in a dry run and writes nothing', async () => {
    const before = await versions();
    const summary = await retagArticles(handle().db, { dryRun: true, batchSize: 2 });
    expect(summary).toMatchObject({ dryRun: true, stopped: false, total: 6, done: 6, changed: 3, updated: 4 });
    expect(summary.changes).toEqual([{ from: 'sk', to: 'hu', count: 3 }]);
    expect(await versions()).toEqual(before);
    expect((await row(ids.hungarian[0]!)).language).toBe('sk');
  });

  it('re-tags only the languages asked for', async () => {
    const summary = await retagArticles(handle().db, { languages: ['en'] });
    expect(summary).toMatchObject({ total: 2, done: 2, changed: 0, updated: 1 });
    expect(await row(ids.english)).toMatchObject({ language: 'en', titleLanguage: 'en', version: LANGUAGE_MODEL_VERSION });
    expect((await row(ids.english)).confidence).toBeGreaterThan(0.5);
    expect(await row(ids.settled)).toMatchObject({ version: LANGUAGE_MODEL_VERSION });
    expect((await row(ids.hungarian[0]!)).version).toBe(OLD);
  });

  it('resumes a run stopped after one batch, then finds nothing left to do', async () => {
    // Before: the Hungarian texts are indexed as Slovak (no stemmer), so another form of a word misses them.
    expect((await listArticles(handle().db, { limit: 10, q: 'nyugdíj' })).items).toEqual([]);

    const stop = new AbortController();
    const first = await retagArticles(handle().db, {
      batchSize: 2,
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });
    // Left: three Hungarian articles and the pruned one; the first batch took two of them (in id order).
    expect(first).toMatchObject({ total: 4, done: 2, changed: 2, stopped: true });
    expect((await row(ids.hungarian[2]!)).language).toBe('sk');

    const progress: number[] = [];
    const second = await retagArticles(handle().db, { batchSize: 2, onProgress: (step) => progress.push(step.done) });
    expect(second).toMatchObject({ total: 2, done: 2, changed: 1, stopped: false, changes: [{ from: 'sk', to: 'hu', count: 1 }] });
    expect(progress).toEqual([2]);

    for (const id of ids.hungarian) {
      expect(await row(id)).toMatchObject({ language: 'hu', titleLanguage: 'hu', searchConfig: 'hungarian', version: LANGUAGE_MODEL_VERSION });
      expect((await row(id)).confidence).toBeGreaterThan(0.5);
    }
    // The generated search columns followed: Hungarian stemming finds another form of the word.
    expect((await listArticles(handle().db, { limit: 10, q: 'nyugdíj' })).items.map((item) => item.id)).toEqual([ids.hungarian[0]]);
    expect((await listArticles(handle().db, { limit: 10, q: 'nyugdíj', languages: ['hu'] })).items.map((item) => item.id)).toEqual([ids.hungarian[0]]);
    expect(await row(ids.pruned)).toMatchObject({ language: 'de', confidence: expect.closeTo(0.9, 5), version: LANGUAGE_MODEL_VERSION });
    expect(await row(ids.current)).toMatchObject({ language: 'sk' });

    const again = await retagArticles(handle().db, { batchSize: 2 });
    expect(again).toMatchObject({ total: 0, done: 0, updated: 0, changed: 0, changes: [] });
    expect(new Set((await versions()).map(([, version]) => version))).toEqual(new Set([LANGUAGE_MODEL_VERSION]));
  });

  it('refuses a batch size that is not a positive integer or too large for one statement', async () => {
    await expect(retagArticles(handle().db, { batchSize: 0 })).rejects.toThrow(RangeError);
    await expect(retagArticles(handle().db, { batchSize: 2.5 })).rejects.toThrow(RangeError);
    await expect(retagArticles(handle().db, { batchSize: 10_001 })).rejects.toThrow('from 1 to 10000');
  });
});
