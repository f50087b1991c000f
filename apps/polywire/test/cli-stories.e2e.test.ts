import http from 'node:http';
import { clusterArticle, createDb, type DbHandle, storeArticle } from '@polywire/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, runCli, startDashboard } from './processes.js';

// `polywire stories …` and `polywire feed-keys …` against a dashboard running as its own process,
// with a token, as a deployment would run it; the feed URLs the CLI prints are then fetched with
// nothing but the URL, as a feed reader does (the dashboard's feeds-out tests parse them as one).

const TOKEN = 'cli-stories-e2e-token-0123456789';

/**
 * A GET on a connection of its own, with nothing but the URL, as a feed reader polls. (The test
 * process's fetch pool may still hold the health probe's keep-alive connection, which the dashboard
 * closes after 5 idle seconds: reusing it as it closes fails the request.)
 */
function readUrl(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

interface StoryJson {
  id: number;
  title: string | null;
  languageCount: number;
  languages: Record<string, number>;
}

const QUAKE = [
  { language: 'en', title: 'Earthquake hits Malatya', site: 'news-en.example' },
  { language: 'de', title: 'Erdbeben erschüttert Malatya', site: 'news-de.example' },
  { language: 'tr', title: 'Malatya’da deprem', site: 'news-tr.example' },
];
const BUDGET = [
  { language: 'en', title: 'Budget passes', site: 'news-en.example' },
  { language: 'en', title: 'Parliament passes the budget', site: 'other-en.example' },
];

describe('polywire CLI, story and feed-key commands against the running API', () => {
  let dashboard: AppProcess | undefined;
  let db: DbHandle | undefined;
  let api: string;
  const storyIds: Record<string, number> = {};

  const cli = (args: string[], token = TOKEN) => runCli(args, { apiUrl: api, env: { DASHBOARD_TOKEN: token } });
  const ok = (args: string[]) => {
    const { status, stdout, stderr } = cli(args);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    return stdout;
  };

  beforeAll(async () => {
    let env: Record<string, string>;
    ({ api, env, dashboard } = await startDashboard({ DASHBOARD_TOKEN: TOKEN }));
    db = createDb({ databaseUrl: env.DATABASE_URL, dataDir: '/x' });
    const policy = { windowHours: 48, minSharedKeys: 2, choose: (candidates: { clusterId: number }[]) => ({ clusterId: candidates[0]?.clusterId ?? null, score: 1, reason: 'test' }) };
    for (const [name, members, keys] of [
      ['quake', QUAKE, ['w:malatya', 'n:14', 'n:230']],
      ['budget', BUDGET, ['w:budget', 'n:2027', 'p:3.5']],
    ] as const) {
      for (const [index, member] of members.entries()) {
        const url = `https://${member.site}/${name}-${index}`;
        const { articleId } = await storeArticle(
          db.db,
          { urlHash: `${name}-${index}`.padEnd(64, '0'), url, canonicalUrl: url, title: member.title, text: member.title, language: member.language, site: member.site },
          null,
        );
        storyIds[name] = (await clusterArticle(db.db, articleId, [...keys], policy)).clusterId;
      }
    }
  });

  afterAll(async () => {
    await db?.close();
    await dashboard?.kill();
  });

  it('lists stories as a table, a JSON array and JSON lines, with the API filters', () => {
    const table = ok(['stories', 'list']).trimEnd().split('\n');
    expect(table[0]).toMatch(/^ID\s+LANGS\s+SOURCES\s+ARTICLES\s+UPDATED\s+TITLE \/ LANGUAGES$/);
    expect(table.join('\n')).toMatch(new RegExp(`^${storyIds.quake}\\s+3\\s+3\\s+3\\s+\\S+ \\S+\\s+Earthquake hits Malatya \\[en\\]\\n\\s+de 1, en 1, tr 1$`, 'm'));
    expect(table.join('\n')).toMatch(new RegExp(`^${storyIds.budget}\\s+1\\s+2\\s+2\\s+.*Budget passes \\[en\\]\\n\\s+en 2$`, 'm'));

    const array = JSON.parse(ok(['stories', 'list', '--json'])) as StoryJson[];
    expect(array.map((story) => story.id).sort()).toEqual(Object.values(storyIds).sort());
    const lines = ok(['stories', 'list', '--jsonl', '--min-languages', '2', '--ui-lang', 'de']).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as StoryJson).map((story) => [story.id, story.title])).toEqual([[storyIds.quake, 'Erdbeben erschüttert Malatya']]);
    expect(JSON.parse(ok(['stories', 'list', '--json', '--lang', 'tr']))).toHaveLength(1);
    expect(JSON.parse(ok(['stories', 'list', '--json', '--limit', '1']))).toHaveLength(1);
  });

  it('shows one story readably and as JSON, and says what is wrong with a bad filter', () => {
    const shown = ok(['stories', 'show', String(storyIds.quake)]);
    expect(shown).toContain(`story ${storyIds.quake}: Earthquake hits Malatya [en]`);
    expect(shown).toContain('3 articles (3 originals) from 3 sources in 3 languages: de 1, en 1, tr 1');
    expect(shown).toMatch(/^de \(1\):\n {2}\d+\s+\S+ \S+\s+news-de\.example\s+Erdbeben erschüttert Malatya$/m);
    const json = JSON.parse(ok(['stories', 'show', String(storyIds.quake), '--json', '--ui-lang', 'tr'])) as StoryJson;
    expect(json).toMatchObject({ id: storyIds.quake, title: 'Malatya’da deprem', languageCount: 3 });

    const bad = cli(['stories', 'list', '--min-languages', 'many']);
    expect(bad).toMatchObject({ status: 2, stdout: '' });
    expect(bad.stderr).toContain('min_languages: must be a number from 1 to 1000');
    expect(cli(['stories', 'show', '9007199254740991']).stderr).toContain('not found');
  });

  it('creates a feed key whose printed URL a feed reader opens, lists it, and revokes it', async () => {
    const created = ok(['feed-keys', 'create', 'stories?min_languages=2&lang=de,tr', '--label', 'phone']);
    const atomUrl = /^ {2}Atom: +(\S+)$/m.exec(created)?.[1];
    const jsonUrl = /^ {2}JSON Feed: +(\S+)$/m.exec(created)?.[1];
    const id = /^feed key (\d+) for stories lang=de,tr&min_languages=2 \(phone\)$/m.exec(created)?.[1];
    expect({ atomUrl, jsonUrl, id }).toEqual({ atomUrl: expect.stringContaining(`${api}/feeds/stories.atom?`), jsonUrl: expect.any(String), id: expect.any(String) });

    const atom = await readUrl(atomUrl!);
    expect(atom.status).toBe(200);
    const xml = atom.body;
    expect([...xml.matchAll(/<entry xml:lang="(\w+)"><id>([^<]+)<\/id><title type="text">([^<]+)</g)].map((match) => match.slice(1))).toEqual([
      ['en', `${api}/stories/${storyIds.quake}`, 'Earthquake hits Malatya'],
    ]);
    const json = JSON.parse((await readUrl(jsonUrl!)).body) as { items: { url: string; language: string }[] };
    expect(json.items).toEqual([expect.objectContaining({ url: `${api}/stories/${storyIds.quake}`, language: 'en' })]);

    const listed = ok(['feed-keys', 'list']).trimEnd().split('\n');
    expect(listed[0]).toMatch(/^ID\s+STATE\s+CREATED\s+LAST USED\s+LABEL\s+FEED$/);
    expect(listed[1]).toMatch(new RegExp(`^${id}\\s+active\\s+\\S+ \\S+\\s+\\S+ \\S+\\s+phone\\s+/feeds/stories\\.atom\\?lang=de,tr&min_languages=2$`));
    expect(listed.join('\n')).not.toContain(new URL(atomUrl!).searchParams.get('key'));

    expect(ok(['feed-keys', 'revoke', id!])).toMatch(new RegExp(`^revoked: feed key ${id} `));
    expect((await readUrl(atomUrl!)).status).toBe(403);
    expect(ok(['feed-keys', 'list'])).toMatch(new RegExp(`^${id}\\s+revoked\\s`, 'm'));
  });

  it('takes a feed URL as the feed, and refuses what is no feed', () => {
    const { kind, params } = JSON.parse(ok(['feed-keys', 'create', `${api}/feeds/articles.json?lang=de&key=pwf_old`, '--json'])) as { kind: string; params: object };
    expect({ kind, params }).toEqual({ kind: 'articles', params: { lang: 'de' } });
    const refused = cli(['feed-keys', 'create', '/api/articles?lang=de']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('not a feed: /api/articles?lang=de');
    expect(cli(['feed-keys', 'create', 'stories?limit=500']).stderr).toContain('params.limit: must be a number from 1 to 100');
    expect(cli(['feed-keys', 'list'], 'wrong-token-000000000000000000').status).not.toBe(0);
  });
});
