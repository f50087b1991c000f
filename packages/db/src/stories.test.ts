import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  articleSources,
  articleStoryKeys,
  articles,
  clusters,
  describeStoryKey,
  getStory,
  listStories,
  type NewArticle,
  refreshStorySummary,
  type StoryFilters,
  type StorySort,
  upsertFeed,
} from './index.js';
import { drivers, testArticle, useTestDb } from './testing/index.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');
/** `hours` before NOW (negative: in the past). */
const at = (hours: number) => new Date(NOW.getTime() + hours * 3600_000);

describe('story keys as evidence', () => {
  it('reads each kind of key', () => {
    expect(describeStoryKey('n:1200')).toEqual({ kind: 'number', label: '1,200' });
    expect(describeStoryKey('n:18400000000')).toEqual({ kind: 'number', label: '18,400,000,000' });
    expect(describeStoryKey('n:2.75')).toEqual({ kind: 'number', label: '2.75' });
    expect(describeStoryKey('p:3.5')).toEqual({ kind: 'percentage', label: '3.5 %' });
    expect(describeStoryKey('d:03-15')).toEqual({ kind: 'date', label: '15 March' });
    expect(describeStoryKey('w:putin')).toEqual({ kind: 'name', label: 'putin' });
    expect(describeStoryKey('c:DE')).toEqual({ kind: 'place', label: 'Germany' });
    expect(describeStoryKey('c:@America/New_York')).toEqual({ kind: 'place', label: 'New York' });
    expect(describeStoryKey('k:erdogan')).toEqual({ kind: 'name', label: 'erdogan' });
    expect(describeStoryKey('z:something new')).toEqual({ kind: 'name', label: 'something new' });
    expect(describeStoryKey('d:13-40')).toEqual({ kind: 'name', label: '13-40' });
  });
});

describe.each(drivers)('stories on %s', (_name, open) => {
  const handle = useTestDb(open);
  let counter = 0;
  const ids = { A: 0, B: 0, C: 0, E: 0, F: 0, D: 0, D2: 0, empty: 0, cycleX: 0, cycleY: 0 };
  const members: Record<string, number> = {};
  let feedId = 0;

  /** A cluster with these members (stored in order), its summary refreshed. */
  async function story(label: string, rows: (Partial<NewArticle> & { name?: string; copyOf?: string })[]): Promise<number> {
    const { db } = handle();
    const [cluster] = await db.insert(clusters).values({ title: `opened ${label}` }).returning({ id: clusters.id });
    for (const { name, copyOf, ...columns } of rows) {
      const [row] = await db
        .insert(articles)
        .values(testArticle(`stories-${++counter}`, { clusterId: cluster!.id, duplicateOf: copyOf ? members[copyOf] : null, ...columns }))
        .returning({ id: articles.id });
      if (name) members[name] = row!.id;
    }
    await refreshStorySummary(db, [cluster!.id]);
    return cluster!.id;
  }

  beforeAll(async () => {
    const { db } = handle();
    feedId = (await upsertFeed(db, { url: 'https://zeitung.example/rss' })).feed.id;
    // A: a quake in three languages, all of it in the last hour; its earliest original is not its
    // first row, and one copy claims an earlier date than its original.
    ids.A = await story('A', [
      { name: 'a2', language: 'de', site: 'zeitung.example', title: 'Erdbeben erschüttert die Stadt', text: 'Ein schweres Erdbeben hat die Stadt erschüttert.', publishedAt: at(-2.5), ingestedAt: at(-0.4) },
      { name: 'a3', language: 'zh-Hant', site: 'news-tw.example', title: '地震襲擊城市', text: '強烈地震襲擊城市。', publishedAt: at(-2), ingestedAt: at(-0.3) },
      { name: 'a1', language: 'en', site: 'news-a.example', title: 'Quake hits the city', text: 'A strong quake hit the city.', publishedAt: at(-3), ingestedAt: at(-0.5) },
      { name: 'a4', copyOf: 'a1', language: 'en', site: 'copy.example', title: 'Quake hits the city (copied)', publishedAt: at(-4), ingestedAt: at(-0.2) },
      { name: 'a5', copyOf: 'a4', language: 'en', site: 'copy2.example', title: 'Quake copied again', publishedAt: null, ingestedAt: at(-0.1) },
    ]);
    // B: an election, two members an hour for 11.5 hours (2 an hour), then 6 in the last hour: rising 3.
    ids.B = await story('B', [
      ...Array.from({ length: 23 }, (_, k) => ({
        language: k % 2 ? 'fr' : 'en',
        site: `site${k % 3}.example`,
        title: k % 2 ? 'Résultats des élections' : 'Election results',
        text: k % 2 ? 'Les élections ont eu lieu.' : 'The elections took place.',
        publishedAt: at(-12.5 + k * 0.5),
        ingestedAt: at(-12.5 + k * 0.5),
      })),
      ...[-0.9, -0.8, -0.7, -0.6, -0.5, -0.45].map((hours, k) => ({
        language: 'en',
        site: `site${(23 + k) % 3}.example`,
        title: 'Election results',
        publishedAt: at(hours),
        ingestedAt: at(hours),
      })),
    ]);
    // C: quiet for 99 hours.
    ids.C = await story('C', [
      { language: 'en', site: 'old.example', title: 'An old story', publishedAt: at(-100), ingestedAt: at(-100) },
      { language: 'en', site: 'old.example', title: 'An old story again', publishedAt: at(-99), ingestedAt: at(-99) },
    ]);
    // E: younger than an hour, two members: rising 2.
    ids.E = await story('E', [
      { language: 'es', site: 'diario.example', title: 'Una historia nueva', publishedAt: at(-0.5), ingestedAt: at(-0.5) },
      { language: 'pt', site: 'jornal.example', title: 'Uma história nova', publishedAt: at(-0.25), ingestedAt: at(-0.25) },
    ]);
    // F: yesterday's, nothing recent: rising 0.
    ids.F = await story(
      'F',
      [-20, -19, -18].map((hours, k) => ({ language: 'ru', site: `ru${k}.example`, title: 'Вчерашняя история', publishedAt: at(hours), ingestedAt: at(hours) })),
    );
    // Absorbed clusters (D into A, D2 into D: a chain), an empty one, and a broken chain (a cycle).
    ids.D = await story('D', []);
    ids.D2 = await story('D2', []);
    ids.empty = await story('empty', []);
    ids.cycleX = await story('X', []);
    ids.cycleY = await story('Y', []);
    await db.update(clusters).set({ mergedInto: ids.A }).where(eq(clusters.id, ids.D));
    await db.update(clusters).set({ mergedInto: ids.D }).where(eq(clusters.id, ids.D2));
    await db.update(clusters).set({ mergedInto: ids.cycleY }).where(eq(clusters.id, ids.cycleX));
    await db.update(clusters).set({ mergedInto: ids.cycleX }).where(eq(clusters.id, ids.cycleY));

    const otherFeedId = (await upsertFeed(db, { url: 'https://news-a.example/rss' })).feed.id;
    await db.insert(articleSources).values([
      { articleId: members.a2!, feedId, itemKey: 'erdbeben', itemUrl: 'https://zeitung.example/erdbeben' },
      { articleId: members.a1!, feedId: otherFeedId, itemKey: 'quake', itemUrl: 'https://news-a.example/quake' },
    ]);
    const keys: [string, string[]][] = [
      ['n:1200', ['a1', 'a2', 'a3']],
      ['w:malatya', ['a1', 'a2']],
      ['p:3.5', ['a1', 'a3']],
      ['d:03-15', ['a2', 'a3']],
      ['c:DE', ['a1', 'a2']],
      ['x:foo', ['a1', 'a3']],
      ['k:erdogan', ['a1']],
    ];
    await db.insert(articleStoryKeys).values(keys.flatMap(([key, names]) => names.map((name) => ({ key, articleId: members[name]! }))));
  });

  const list = (filters: Partial<StoryFilters> = {}) => listStories(handle().db, { limit: 50, now: NOW, ...filters });
  const idsOf = async (filters: Partial<StoryFilters> = {}) => (await list(filters)).items.map((item) => item.id);

  it('lists the stories newest update first, without absorbed or empty clusters', async () => {
    expect(await idsOf()).toEqual([ids.A, ids.E, ids.B, ids.F, ids.C]);
  });

  it('orders by size, by languages and by rising, ties by newest id', async () => {
    expect(await idsOf({ sort: 'size' })).toEqual([ids.B, ids.A, ids.F, ids.E, ids.C]);
    expect(await idsOf({ sort: 'languages' })).toEqual([ids.A, ids.E, ids.B, ids.F, ids.C]);
    const rising = await list({ sort: 'rising' });
    expect(rising.items.map((item) => [item.id, item.rising])).toEqual([
      [ids.A, 5],
      [ids.B, 3],
      [ids.E, 2],
      [ids.F, 0],
      [ids.C, 0],
    ]);
    // Other orders leave it out.
    expect((await list()).items.every((item) => item.rising === null)).toBe(true);
  });

  it('ranks rising as of its clock: an hour later, only what came in that hour counts', async () => {
    // At NOW + 1 h nothing joined in the last hour: every story rises 0, newest id first.
    const later = await list({ sort: 'rising', now: at(1) });
    expect(later.items.map((item) => [item.id, item.rising])).toEqual([ids.F, ids.E, ids.C, ids.B, ids.A].map((id) => [id, 0]));
    // At NOW − 0.35 h, A had a1 and a2 (not a3, a4, a5): 2 recent, younger than its window.
    const earlier = await list({ sort: 'rising', now: at(-0.35) });
    expect(earlier.items.find((item) => item.id === ids.A)?.rising).toBe(2);
  });

  it.each(['updated', 'size', 'languages', 'rising'] satisfies StorySort[])('pages sort=%s stably and completely', async (sort) => {
    const all = await idsOf({ sort });
    for (const limit of [1, 2, 3]) {
      const seen: number[] = [];
      let cursor: StoryFilters['cursor'];
      for (let page = 0; page < 10; page++) {
        const result = await list({ sort, limit, cursor });
        seen.push(...result.items.map((item) => item.id));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen, `limit ${limit}`).toEqual(all);
    }
  });

  it('keeps the first page’s clock on a rising cursor', async () => {
    const first = await list({ sort: 'rising', limit: 2 });
    expect(first.nextCursor?.now).toEqual(NOW);
    // Asked later (another `now`), the next page still continues NOW's ranking.
    const second = await list({ sort: 'rising', limit: 2, cursor: first.nextCursor!, now: at(5) });
    expect(second.items.map((item) => [item.id, item.rising])).toEqual([
      [ids.E, 2],
      [ids.F, 0],
    ]);
  });

  it('filters by time, first seen or updated', async () => {
    expect(await idsOf({ since: at(-24) })).toEqual([ids.A, ids.E, ids.B, ids.F]);
    expect(await idsOf({ since: at(-24), until: at(-10) })).toEqual([ids.F]);
    expect(await idsOf({ by: 'first_seen', since: at(-13) })).toEqual([ids.A, ids.E, ids.B]);
    expect(await idsOf({ by: 'first_seen', until: at(-19) })).toEqual([ids.F, ids.C]);
  });

  it('filters by language, a primary tag taking its family', async () => {
    expect(await idsOf({ languages: ['zh'] })).toEqual([ids.A]);
    expect(await idsOf({ languages: ['zh-Hant'] })).toEqual([ids.A]);
    expect(await idsOf({ languages: ['zh-Hans'] })).toEqual([]);
    expect(await idsOf({ languages: ['fr'] })).toEqual([ids.B]);
    expect(await idsOf({ languages: ['es', 'ru'] })).toEqual([ids.E, ids.F]);
  });

  it('filters by counts of languages and sources', async () => {
    expect(await idsOf({ minLanguages: 2 })).toEqual([ids.A, ids.E, ids.B]);
    expect(await idsOf({ minLanguages: 3 })).toEqual([ids.A]);
    expect(await idsOf({ minSources: 3 })).toEqual([ids.A, ids.B, ids.F]);
    expect(await idsOf({ minSources: 4 })).toEqual([ids.A]);
  });

  it('finds words in any member, each in its own language', async () => {
    // German stemming finds "Erdbeben"; English stemming finds "quakes" in "Quake".
    expect(await idsOf({ q: 'Erdbeben' })).toEqual([ids.A]);
    expect(await idsOf({ q: 'quakes' })).toEqual([ids.A]);
    expect(await idsOf({ q: 'élection' })).toEqual([ids.B]);
    expect(await idsOf({ q: 'Erdbeben', languages: ['de'] })).toEqual([ids.A]);
    // With languages, the matching member is one of those languages.
    expect(await idsOf({ q: 'Erdbeben', languages: ['en'] })).toEqual([]);
    expect(await idsOf({ q: 'nothingmatchesthis' })).toEqual([]);
  });

  it('filters by feed and site', async () => {
    expect(await idsOf({ feedId })).toEqual([ids.A]);
    expect(await idsOf({ feedId: feedId + 1000 })).toEqual([]);
    expect(await idsOf({ site: 'zeitung.example' })).toEqual([ids.A]);
    expect(await idsOf({ site: 'site2.example' })).toEqual([ids.B]);
  });

  it('shows the earliest original’s title, or one in the reader’s language, and one title per language', async () => {
    const item = async (uiLanguage?: string) => (await list({ uiLanguage })).items.find((found) => found.id === ids.A)!;
    expect(await item()).toMatchObject({ title: 'Quake hits the city', titleLanguage: 'en' });
    expect(await item('de')).toMatchObject({ title: 'Erdbeben erschüttert die Stadt', titleLanguage: 'de' });
    expect(await item('zh')).toMatchObject({ title: '地震襲擊城市', titleLanguage: 'zh-Hant' });
    expect(await item('ja')).toMatchObject({ title: 'Quake hits the city', titleLanguage: 'en' });
    expect((await item()).titles).toEqual({ en: 'Quake hits the city', de: 'Erdbeben erschüttert die Stadt', 'zh-Hant': '地震襲擊城市' });
  });

  it('summarizes each story: counts, languages, sites by members, quiet', async () => {
    const items = new Map((await list()).items.map((item) => [item.id, item]));
    expect(items.get(ids.A)).toMatchObject({
      articleCount: 5,
      originalCount: 3,
      languageCount: 3,
      sourceCount: 5,
      languages: { en: 3, de: 1, 'zh-Hant': 1 },
      firstSeenAt: at(-4),
      lastUpdatedAt: at(-0.1),
      quiet: false,
    });
    expect(items.get(ids.B)!.sites).toEqual(['site0.example', 'site1.example', 'site2.example']);
    expect(items.get(ids.C)!.quiet).toBe(true);
    expect(items.get(ids.F)!.quiet).toBe(false);
  });

  it('shows a story with its members by language, copies folded under their original', async () => {
    const detail = (await getStory(handle().db, ids.A, { now: NOW }))!;
    expect(detail).toMatchObject({ id: ids.A, requestedId: ids.A, absorbedIds: [ids.D], title: 'Quake hits the city', quiet: false });
    const shape = detail.membersByLanguage.map((group) => ({
      language: group.language,
      members: group.members.map((member) => ({ id: member.id, copies: member.copies.map((copy) => copy.id) })),
    }));
    expect(shape).toEqual([
      { language: 'en', members: [{ id: members.a1, copies: [members.a4, members.a5] }] },
      { language: 'de', members: [{ id: members.a2, copies: [] }] },
      { language: 'zh-Hant', members: [{ id: members.a3, copies: [] }] },
    ]);
    expect(detail.membersByLanguage[1]!.members[0]).toMatchObject({ site: 'zeitung.example', feedIds: [feedId], ingestedAt: at(-0.4) });
    expect(detail.membersByLanguage[0]!.members[0]!.feedIds).not.toContain(feedId);
    expect(detail.membersByLanguage[2]!.members[0]!.feedIds).toEqual([]);
  });

  it('counts members per hour, empty hours included', async () => {
    const detail = (await getStory(handle().db, ids.A))!;
    // a4 08:00, a1 09:00, a2 09:30, a3 10:00, a5 (undated: ingested) 11:54.
    expect(detail.timeline.map((hour) => [hour.hour.toISOString(), hour.articles])).toEqual([
      ['2026-03-15T08:00:00.000Z', 1],
      ['2026-03-15T09:00:00.000Z', 2],
      ['2026-03-15T10:00:00.000Z', 1],
      ['2026-03-15T11:00:00.000Z', 1],
    ]);
    const old = (await getStory(handle().db, ids.C))!;
    expect(old.timeline).toHaveLength(2);
  });

  it('gives the keys two or more members share as evidence, most shared first', async () => {
    const detail = (await getStory(handle().db, ids.A))!;
    expect(detail.evidence).toEqual([
      { kind: 'number', key: 'n:1200', label: '1,200', members: 3 },
      { kind: 'place', key: 'c:DE', label: 'Germany', members: 2 },
      { kind: 'date', key: 'd:03-15', label: '15 March', members: 2 },
      { kind: 'percentage', key: 'p:3.5', label: '3.5 %', members: 2 },
      { kind: 'name', key: 'w:malatya', label: 'malatya', members: 2 },
      { kind: 'name', key: 'x:foo', label: 'foo', members: 2 },
    ]);
  });

  it('answers an absorbed id with the story it went into, through a chain', async () => {
    const viaD = (await getStory(handle().db, ids.D))!;
    expect(viaD).toMatchObject({ id: ids.A, requestedId: ids.D, articleCount: 5 });
    const viaD2 = (await getStory(handle().db, ids.D2, { uiLanguage: 'de' }))!;
    expect(viaD2).toMatchObject({ id: ids.A, requestedId: ids.D2, title: 'Erdbeben erschüttert die Stadt' });
    expect((await getStory(handle().db, ids.D))!.absorbedIds).toEqual([ids.D]);
  });

  it('answers nothing for an unknown id or a merge chain that never ends', async () => {
    expect(await getStory(handle().db, 9_999_999)).toBeUndefined();
    expect(await getStory(handle().db, ids.cycleX)).toBeUndefined();
  });

  it('filters by members too many to read up front (a common word, a busy site)', async () => {
    const { db } = handle();
    const [cluster] = await db.insert(clusters).values({ title: 'big' }).returning({ id: clusters.id });
    const big = cluster!.id;
    const rows = Array.from({ length: 2100 }, (_, index) =>
      testArticle(`stories-big-${index}`, { clusterId: big, language: 'de', site: 'big.example', title: 'Sturmflut an der Küste', ingestedAt: at(-30 - index / 100) }),
    );
    await db.insert(articles).values(rows);
    await refreshStorySummary(db, [big]);
    try {
      expect(await idsOf({ site: 'big.example' })).toEqual([big]);
      expect(await idsOf({ q: 'Sturmflut' })).toEqual([big]);
      expect(await idsOf({ q: 'Sturmflut', site: 'zeitung.example' })).toEqual([]);
      expect(await idsOf({ q: 'Erdbeben', site: 'zeitung.example' })).toEqual([ids.A]);
    } finally {
      await db.execute(sql`delete from articles where cluster_id = ${big}`);
      await db.delete(clusters).where(eq(clusters.id, big));
    }
  });

  it('reads a story of copies only and of undecided language', async () => {
    const { db } = handle();
    const id = await story('und', [{ name: 'u1', language: 'und', site: 'u.example', title: 'Undecided', publishedAt: at(-300), ingestedAt: at(-300) }]);
    try {
      const detail = (await getStory(db, id, { now: NOW }))!;
      expect(detail).toMatchObject({ title: 'Undecided', titleLanguage: null, titles: {}, languages: {}, languageCount: 0, quiet: true });
      expect(detail.membersByLanguage.map((group) => group.language)).toEqual(['und']);
    } finally {
      await db.execute(sql`delete from articles where cluster_id = ${id}`);
      await db.delete(clusters).where(eq(clusters.id, id));
    }
  });
});
