import { articles, getArticle, storeArticle } from '@polywire/db';
import { drivers, useTestDb } from '@polywire/db/testing';
import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, urlHash } from './canonical-url.js';
import { articleFingerprints } from './fingerprints.js';
import { chineseStory, unrelatedStory, wireStory } from './fixtures/articles.js';

// The policy as the article pipeline applies it: articleFingerprints' `near` passed to the store.
describe.each(drivers)('duplicatePolicy through the store on %s', (_name, open) => {
  const handle = useTestDb(open);
  let stored = 0;

  const store = async (title: string, text: string, site: string) => {
    const canonicalUrl = canonicalizeUrl(`https://${site}/story-${++stored}`);
    const fingerprints = articleFingerprints(title, text, site);
    const columns = { urlHash: urlHash(canonicalUrl), url: canonicalUrl, canonicalUrl, title, text, site, ...fingerprints.columns };
    return storeArticle(handle().db, columns, null, [], fingerprints.near);
  };
  const ruleOf = async (articleId: number) =>
    (await getArticle(handle().db, articleId))?.events.find((event) => event.kind === 'duplicate_of')?.detail?.rule;

  // The tests share one database, in order: each adds to what the earlier ones stored.
  let treaty: number;
  let forecast: number;

  it('stores the same text at another site, under another title, as a copy of the first', async () => {
    treaty = (await store('Plastics treaty agreed', wireStory, 'one.example')).articleId;
    const copy = await store('Ocean deal reached after two weeks', wireStory, 'two.example');
    expect(copy.duplicateOf).toBe(treaty);
    expect(await ruleOf(copy.articleId)).toBe('same_text');
  });

  it('stores a lightly edited copy as a copy of the original, not of the other copy', async () => {
    const edited = wireStory
      .replace('ending two weeks of talks', 'concluding two weeks of negotiations')
      .replace('Environmental groups gave the agreement a cautious welcome.', 'Campaigners were cautious.');
    const copy = await store('Draft treaty on plastics', edited, 'three.example');
    expect(copy.duplicateOf).toBe(treaty);
    expect(await ruleOf(copy.articleId)).toMatch(/^near_text/);
  });

  it('stores another story as an original', async () => {
    const other = await store('Growth forecast raised', unrelatedStory, 'one.example');
    forecast = other.articleId;
    expect(other.duplicateOf).toBeNull();
  });

  it('takes the original of the same text over the same site’s same title', async () => {
    const chinese = await store('条约草案达成一致', chineseStory, 'four.example');
    expect(chinese.duplicateOf).toBeNull();
    const copy = await store('Growth forecast raised', chineseStory, 'one.example');
    expect(copy.duplicateOf).toBe(chinese.articleId);
    expect(copy.duplicateOf).not.toBe(forecast);
  });

  it('stores a teaser under the same site’s same title as a copy within a week, and as an original after', async () => {
    const teaser = await store('Harbour reopens after storm', 'Read more on our site.', 'five.example');
    const again = await store('Harbour reopens after storm', 'The full story follows.', 'five.example');
    const elsewhere = await store('Harbour reopens after storm', 'Read more on our site.', 'six.example');
    expect(again.duplicateOf).toBe(teaser.articleId);
    expect(await ruleOf(again.articleId)).toBe('same_site_title');
    expect(elsewhere.duplicateOf).toBeNull();

    // Everything stored so far is now eight days old: past the title's week, within the 30 days of near text.
    await handle().db.update(articles).set({ ingestedAt: new Date(Date.now() - 8 * 86_400_000) });
    expect((await store('Harbour reopens after storm', 'A new season begins.', 'five.example')).duplicateOf).toBeNull();
    expect((await store('Treaty text', wireStory.replace('Saturday', 'Sunday'), 'seven.example')).duplicateOf).toBe(treaty);
  });
});
