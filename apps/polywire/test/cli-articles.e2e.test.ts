import { createDb, type DbHandle, storeArticle, upsertFeed } from '@polywire/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, runCli, startDashboard } from './processes.js';


interface ArticleJson {
  id: number;
  title: string | null;
  language: string | null;
}

const STORIES = [
  { key: 'en', title: 'Harbour reopens after the storm', text: 'The harbour reopened on Monday after the storm.', language: 'en', declared: 'en-GB', day: 1 },
  { key: 'de', title: 'Hafen öffnet nach dem Sturm', text: 'Der Hafen wurde am Montag nach dem Sturm wieder geöffnet.', language: 'de', declared: 'de-DE', day: 2 },
  { key: 'ja', title: '嵐の後に港が再開', text: '嵐の後、月曜日に港が再開された。', language: 'ja', declared: null, day: 3 },
];

/** `polywire articles …` and `polywire queues` against a dashboard running as its own process, stdio all pipes. */
describe('polywire CLI, article and queue commands against the running API', () => {
  let dashboard: AppProcess | undefined;
  let db: DbHandle | undefined;
  let api: string;
  let feedId: number;
  const ids: Record<string, number> = {};

  const cli = (args: string[]) => runCli(args, { apiUrl: api });
  const ok = (args: string[]) => {
    const { status, stdout, stderr } = cli(args);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    return stdout;
  };
  const jsonLines = <T>(stdout: string) => stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as T);

  beforeAll(async () => {
    let env: Record<string, string>;
    ({ api, env, dashboard } = await startDashboard());
    // The dashboard has migrated the database by now: store articles straight into it.
    db = createDb({ databaseUrl: env.DATABASE_URL, dataDir: '/x' });
    feedId = (await upsertFeed(db.db, { url: 'https://harbour.example/rss', title: 'Harbour news' })).feed.id;
    for (const story of STORIES) {
      const url = `https://harbour.example/${story.key}`;
      const urlHash = story.key.padEnd(64, '0');
      const stored = await storeArticle(
        db.db,
        {
          urlHash,
          url,
          canonicalUrl: url,
          title: story.title,
          text: story.text,
          language: story.language,
          languageConfidence: 0.93,
          declaredLanguage: story.declared,
          site: 'harbour.example',
          publishedAt: new Date(`2026-11-0${story.day}T08:00:00Z`),
        },
        { feedId, itemKey: `guid-${story.key}`, itemUrl: url },
        [
          { urlHash, kind: 'queued', feedId },
          { urlHash, kind: 'fetched', feedId, attempt: 1, detail: { status: 200 } },
        ],
      );
      ids[story.key] = stored.articleId;
    }
  });

  afterAll(async () => {
    await db?.close();
    await dashboard?.kill();
  });

  it('searches as JSON lines, filtered by language and limited', () => {
    const all = jsonLines<ArticleJson>(ok(['articles', 'search', '--json']));
    expect(all.map((article) => article.id).sort((a, b) => a - b)).toEqual(Object.values(ids).sort((a, b) => a - b));
    const german = jsonLines<ArticleJson>(ok(['articles', 'search', '--lang', 'de', '--json']));
    expect(german.map((article) => [article.id, article.title])).toEqual([[ids.de, 'Hafen öffnet nach dem Sturm']]);
    const two = jsonLines<ArticleJson>(ok(['articles', 'search', '--lang', 'en', '--lang', 'ja', '--json']));
    expect(two.map((article) => article.language).sort()).toEqual(['en', 'ja']);
    expect(jsonLines(ok(['articles', 'search', '--limit', '2', '--json']))).toHaveLength(2);
    expect(jsonLines(ok(['articles', 'search', '--feed', String(feedId), '--json']))).toHaveLength(3);
  });

  it('prints a table by default, and `articles list` stays an alias', () => {
    const table = ok(['articles', 'search']);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+LANG\s+PUBLISHED\s+TITLE \/ URL$/);
    expect(lines).toHaveLength(4);
    for (const story of STORIES) {
      expect(table).toMatch(new RegExp(`^${ids[story.key]}\\s+${story.language}\\s+2026-11-0${story.day} 08:00\\s+${story.title}$`, 'm'));
    }
    expect(ok(['articles', 'list'])).toBe(table);
  });

  it('shows one article readably, and as JSON', () => {
    const shown = ok(['articles', 'show', String(ids.de)]);
    expect(shown).toContain(`article ${ids.de}: Hafen öffnet nach dem Sturm`);
    expect(shown).toContain('url:        https://harbour.example/de');
    expect(shown).toContain('language:   de (confidence 0.93), declared de-DE');
    expect(shown).toContain(`sources (1):\n  feed ${feedId}`);
    expect(shown).toMatch(/events \(3\):\n {2}\S+ \S+ {2}queued {2}feed \d+\n {2}\S+ \S+ {2}fetched {2}feed \d+ attempt 1 {2}\{"status":200\}\n {2}\S+ \S+ {2}stored {2}feed \d+ /);
    expect(shown.trimEnd().endsWith('Der Hafen wurde am Montag nach dem Sturm wieder geöffnet.')).toBe(true);

    const json = JSON.parse(ok(['articles', 'show', String(ids.ja), '--json'])) as {
      text: string;
      language: string;
      languageConfidence: number;
      declaredLanguage: string | null;
      sources: { feedId: number }[];
      events: { kind: string }[];
    };
    expect(json).toMatchObject({ text: '嵐の後、月曜日に港が再開された。', language: 'ja', languageConfidence: expect.closeTo(0.93, 5), declaredLanguage: null });
    expect(json.sources.map((source) => source.feedId)).toEqual([feedId]);
    expect(json.events.map((event) => event.kind)).toEqual(['queued', 'fetched', 'stored']);
  });

  it('lists the queues as a table and as JSON lines', () => {
    const table = ok(['queues']).trimEnd().split('\n');
    expect(table[0]).toMatch(/^QUEUE\s+WAITING\s+ACTIVE\s+DELAYED\s+FAILED\s+COMPLETED\s+PAUSED$/);
    const queues = jsonLines<{ name: string; waiting: number; paused: boolean }>(ok(['queues', '--json']));
    expect(queues.length).toBeGreaterThan(0);
    expect(table).toHaveLength(queues.length + 1);
    for (const queue of queues) {
      expect(queue).toMatchObject({ waiting: expect.any(Number), paused: false });
      expect(table.some((line) => line.startsWith(`${queue.name} `))).toBe(true);
    }
  });

  it('streams every match as JSON lines and CSV, quietly in a pipe', () => {
    const lines = jsonLines<ArticleJson>(ok(['articles', 'search', '--jsonl']));
    expect(lines.map((article) => article.id).sort((a, b) => a - b)).toEqual(Object.values(ids).sort((a, b) => a - b));
    expect(jsonLines<ArticleJson>(ok(['articles', 'search', '--jsonl', '--lang', 'ja'])).map((article) => article.id)).toEqual([ids.ja]);
    const csv = ok(['articles', 'search', '--csv', '--lang', 'de']).trimEnd().split(/\r?\n/);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('Hafen öffnet nach dem Sturm');
  });

  it('refuses bad input with exit status 2 and a message on stderr', () => {
    const missing = cli(['articles', 'show', '999999']);
    expect(missing).toEqual({ status: 2, stdout: '', stderr: 'polywire: article 999999 not found\n' });
    expect(cli(['articles', 'show', 'abc']).status).toBe(2);
    const both = cli(['articles', 'search', '--json', '--csv']);
    expect(both.status).toBe(2);
    expect(both.stderr).toBe('polywire: choose one of --json, --csv\n');
    expect(cli(['articles', 'search', '--limit', '0']).status).toBe(2);
    const badLang = cli(['articles', 'search', '--lang', 'not a language']);
    expect(badLang.status).toBe(2);
    expect(badLang.stderr).toMatch(/^polywire: .*lang/);
  });
});
