import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type OpmlFeed, parseOpml, writeOpml } from '@polywire/feeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, runCli, startDashboard } from './processes.js';


interface FeedJson {
  id: number;
  url: string;
  title: string | null;
  category: string | null;
  declaredLanguage: string | null;
}

const LANGUAGES = ['en', 'de', 'ja', 'ru', 'ar', 'zh-Hans', 'pt-BR', 'hi', null];
const CATEGORIES = ['World & <Politics>', 'Европа', '東アジア', 'Tech "quoted"', null];
const TITLES = ['Daily <News> & "Views"', 'Новости', '東京新聞', 'أخبار اليوم', 'हिन्दी समाचार', "O'Reilly > all"];

/** 1,000 feeds with hostile and non-Latin titles and categories, and language hints. */
function thousandFeeds(): OpmlFeed[] {
  return Array.from({ length: 1000 }, (_, index) => ({
    url: `https://feeds${index % 7}.example/${index}/rss?a=1&b=${index}`,
    title: index % 50 === 49 ? null : `${TITLES[index % TITLES.length]} ${index}`,
    siteUrl: index % 3 === 0 ? `https://feeds${index % 7}.example/${index}/` : null,
    language: LANGUAGES[index % LANGUAGES.length] ?? null,
    category: CATEGORIES[index % CATEGORIES.length] ?? null,
  }));
}

/** `polywire feeds …` against a dashboard running as its own process, the CLI's stdio all pipes. */
describe('polywire CLI, feed commands against the running API', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polywire-cli-feeds-'));
  let dashboard: AppProcess | undefined;
  let api: string;

  const cli = (args: string[]) => runCli(args, { apiUrl: api });
  const list = () => {
    const { status, stdout, stderr } = cli(['feeds', 'list', '--json']);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    return stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as FeedJson);
  };

  beforeAll(async () => {
    ({ api, dashboard } = await startDashboard());
  });

  afterAll(async () => {
    await dashboard?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports 1,000 feeds from OPML in chunks, quietly in a pipe, and a second time adds none', () => {
    const file = path.join(dir, 'thousand.opml');
    writeFileSync(file, writeOpml(thousandFeeds(), { title: 'a thousand feeds' }));

    const first = cli(['feeds', 'import-opml', file, '--json']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ added: 1000, existing: 0, invalid: [] });

    const second = cli(['feeds', 'import-opml', file]);
    expect(second).toEqual({ status: 0, stdout: 'added 0, already present 1000, refused 0 of 1000 feeds\n', stderr: '' });

    const feeds = list();
    expect(feeds).toHaveLength(1000);
    const expected = new Map(thousandFeeds().map((feed) => [feed.url, feed]));
    for (const feed of feeds) {
      const source = expected.get(feed.url);
      expect(source).toBeDefined();
      expect({ title: feed.title, category: feed.category, language: feed.declaredLanguage }).toEqual({
        title: source?.title,
        category: source?.category,
        language: source?.language,
      });
    }
  });

  it('exports to stdout an OPML document that round-trips titles, categories and languages', () => {
    const { status, stdout, stderr } = cli(['feeds', 'export-opml']);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
    const exported = parseOpml(stdout);
    const byUrl = (feeds: OpmlFeed[]) => [...feeds].sort((a, b) => a.url.localeCompare(b.url));
    expect(byUrl(exported)).toEqual(byUrl(thousandFeeds()));
  });

  it('removes a feed, and says so when it is gone', () => {
    const [first] = list();
    expect(cli(['feeds', 'remove', String(first?.id)])).toEqual({ status: 0, stdout: `removed: feed ${first?.id}\n`, stderr: '' });
    expect(list().map((feed) => feed.id)).not.toContain(first?.id);
    const again = cli(['feeds', 'remove', String(first?.id)]);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe(`polywire: feed ${first?.id} not found\n`);
    expect(cli(['feeds', 'remove', 'abc']).status).toBe(2);
    // Five CLI processes one after another (spawnSync): seconds apiece under CPU load.
  }, 90_000);

  it('refuses a file that is not OPML, and reports refused URLs with exit status 1', () => {
    const notOpml = path.join(dir, 'not.opml');
    writeFileSync(notOpml, '<rss><channel/></rss>');
    const bad = cli(['feeds', 'import-opml', notOpml]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('not an OPML document');

    const mixed = path.join(dir, 'mixed.opml');
    writeFileSync(mixed, writeOpml([{ url: 'ftp://old.example/feed' }, { url: 'https://fresh.example/rss', title: 'Fresh' }], { title: 'm' }));
    const result = cli(['feeds', 'import-opml', mixed]);
    expect(result).toEqual({
      status: 1,
      stdout: 'added 1, already present 0, refused 1 of 2 feeds\nrefused: ftp://old.example/feed (url: must be an http(s) URL)\n',
      stderr: '',
    });
  });
});
