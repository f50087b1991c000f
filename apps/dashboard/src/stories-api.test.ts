import { articles, clusters, type NewArticle, refreshStorySummary } from '@polywire/db';
import { testArticle } from '@polywire/db/testing';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp } from './server.js';

interface StoryItem {
  id: number;
  title: string | null;
  titleLanguage: string | null;
  articleCount: number;
  languageCount: number;
  rising: number | null;
  quiet: boolean;
}
interface Page {
  items: StoryItem[];
  nextCursor: string | null;
}

describe('stories API', () => {
  let runtime: Runtime;
  let app: ReturnType<typeof createDashboardApp>;
  const ids = { quake: 0, vote: 0, old: 0, absorbed: 0 };
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);

  async function story(rows: Partial<NewArticle>[]): Promise<number> {
    const { db } = runtime.db;
    const [cluster] = await db.insert(clusters).values({ title: 'opened' }).returning({ id: clusters.id });
    let index = 0;
    for (const row of rows) await db.insert(articles).values(testArticle(`stories-api-${cluster!.id}-${index++}`, { clusterId: cluster!.id, ...row }));
    await refreshStorySummary(db, [cluster!.id]);
    return cluster!.id;
  }
  const get = async <T>(path: string) => {
    const response = await app.request(path);
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    runtime = await createTestRuntime();
    app = createDashboardApp(runtime);
    // A quake in English and German, all of it in the last hour; a vote in French over the last five
    // hours; a story quiet for four days; a cluster absorbed by the quake.
    ids.quake = await story([
      { language: 'en', site: 'news.example', title: 'Quake hits the city', publishedAt: hoursAgo(0.5), ingestedAt: hoursAgo(0.4) },
      { language: 'de', site: 'zeitung.example', title: 'Erdbeben erschüttert die Stadt', text: 'Ein Erdbeben.', publishedAt: hoursAgo(0.3), ingestedAt: hoursAgo(0.2) },
    ]);
    ids.vote = await story(
      [5, 4, 3].map((hours, index) => ({ language: 'fr', site: `journal${index}.example`, title: 'Le vote', publishedAt: hoursAgo(hours), ingestedAt: hoursAgo(hours) })),
    );
    ids.old = await story([{ language: 'en', site: 'old.example', title: 'Old news', publishedAt: hoursAgo(100), ingestedAt: hoursAgo(96) }]);
    const [absorbed] = await runtime.db.db.insert(clusters).values({ title: 'absorbed', mergedInto: ids.quake }).returning({ id: clusters.id });
    ids.absorbed = absorbed!.id;
  });
  afterAll(() => runtime.close());

  it('lists stories, latest update first, with their summary', async () => {
    const { status, body } = await get<Page>('/api/stories');
    expect(status).toBe(200);
    expect(body.items.map((item) => item.id)).toEqual([ids.quake, ids.vote, ids.old]);
    expect(body.items[0]).toMatchObject({ title: 'Quake hits the city', titleLanguage: 'en', articleCount: 2, languageCount: 2, rising: null, quiet: false });
    expect(body.items[2]!.quiet).toBe(true);
    expect(body.nextCursor).toBeNull();
  });

  it('filters and orders as asked', async () => {
    const idsOf = async (query: string) => (await get<Page>(`/api/stories?${query}`)).body.items.map((item) => item.id);
    expect(await idsOf('min_languages=2')).toEqual([ids.quake]);
    expect(await idsOf('min_sources=3')).toEqual([ids.vote]);
    expect(await idsOf('lang=fr,de')).toEqual([ids.quake, ids.vote]);
    expect(await idsOf('lang=fr&lang=de')).toEqual([ids.quake, ids.vote]);
    expect(await idsOf(`since=${hoursAgo(24).toISOString()}`)).toEqual([ids.quake, ids.vote]);
    expect(await idsOf(`by=first_seen&until=${hoursAgo(4.5).toISOString()}`)).toEqual([ids.vote, ids.old]);
    expect(await idsOf('q=Erdbeben')).toEqual([ids.quake]);
    expect(await idsOf('site=journal1.example')).toEqual([ids.vote]);
    expect(await idsOf('sort=size')).toEqual([ids.vote, ids.quake, ids.old]);
    const rising = await get<Page>('/api/stories?sort=rising');
    expect(rising.body.items.map((item) => [item.id, item.rising])).toEqual([
      [ids.quake, 2],
      [ids.old, 0],
      [ids.vote, 0],
    ]);
  });

  it('shows the title in the reader’s language', async () => {
    const { body } = await get<Page>('/api/stories?ui_lang=de&min_languages=2');
    expect(body.items[0]).toMatchObject({ title: 'Erdbeben erschüttert die Stadt', titleLanguage: 'de' });
  });

  it.each(['updated', 'size', 'languages', 'rising'])('pages sort=%s through opaque cursors', async (sort) => {
    const all = (await get<Page>(`/api/stories?sort=${sort}`)).body.items.map((item) => item.id);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Page } = await get<Page>(`/api/stories?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(all);
  });

  it.each([
    ['colour=red', 'colour: unknown parameter'],
    ['by=updated', 'by: needs since or until'],
    ['since=2026-03-02T00:00:00Z&until=2026-03-01T00:00:00Z', 'until: is before since'],
    ['sort=hot', 'sort: must be updated, size, languages or rising'],
    ['min_languages=0', 'min_languages: must be a number from 1 to 1000'],
    ['lang=english!', 'lang.0: must be a language tag'],
    ['limit=201', 'limit: must be a number from 1 to 200'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor: is not a valid cursor'],
    ['sort=q&sort=size', 'sort: must be given once'],
  ])('refuses %s with 400', async (query, message) => {
    const { status, body } = await get<{ error: string }>(`/api/stories?${query}`);
    expect(status).toBe(400);
    expect(body.error).toContain(message);
  });

  it('refuses a cursor of another sort', async () => {
    const first = await get<Page>('/api/stories?sort=size&limit=1');
    const { status, body } = await get<{ error: string }>(`/api/stories?sort=updated&cursor=${first.body.nextCursor}`);
    expect(status).toBe(400);
    expect(body.error).toBe('cursor: belongs to sort=size, not sort=updated');
  });

  it('shows one story with its members, and an absorbed id as the story it went into', async () => {
    const { status, body } = await get<{ id: number; requestedId: number; absorbedIds: number[]; membersByLanguage: { language: string }[]; title: string }>(
      `/api/stories/${ids.quake}?ui_lang=de`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: ids.quake, requestedId: ids.quake, absorbedIds: [ids.absorbed], title: 'Erdbeben erschüttert die Stadt' });
    expect(body.membersByLanguage.map((group) => group.language)).toEqual(['de', 'en']);
    const absorbed = await get<{ id: number; requestedId: number }>(`/api/stories/${ids.absorbed}`);
    expect(absorbed.body).toMatchObject({ id: ids.quake, requestedId: ids.absorbed });
    const cluster = await get<{ id: number; articleCount: number }>(`/api/clusters/${ids.absorbed}`);
    expect(cluster.body).toMatchObject({ id: ids.quake, articleCount: 2 });
  });

  it('says 404 for an unknown story and 400 for a bad id or parameter', async () => {
    expect(await get('/api/stories/999999')).toEqual({ status: 404, body: { error: 'story 999999 not found' } });
    expect((await get<{ error: string }>('/api/stories/abc')).status).toBe(400);
    expect(await get(`/api/stories/${ids.quake}?sort=size`)).toEqual({ status: 400, body: { error: 'sort: unknown parameter' } });
  });
});
