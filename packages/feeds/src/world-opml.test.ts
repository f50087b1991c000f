import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUPPORTED_LANGUAGES } from '@polywire/lang';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { parseOpml } from './opml.js';

// The default feed list seeded on the first start (FEEDS_FILE's default in @polywire/config).
const WORLD_OPML = path.resolve(import.meta.dirname, '../../../infra/feeds/world.opml');

const SUPPORTED_TAGS = new Set(SUPPORTED_LANGUAGES.map((language) => language.tag));

/** At least this many languages, so that the first start shows what Polywire is for (issue 14). */
const MIN_LANGUAGES = 50;

/**
 * What is wrong with a seed feed list, one line a problem. Checked on the raw text as well as on
 * what `parseOpml` reads, because the parser keeps the first of two outlines with the same URL and
 * a lenient XML reader can drop an outline without an error.
 */
function feedListProblems(xml: string): string[] {
  const problems: string[] = [];
  // A bare `&` is not well-formed XML; escaped it is `&amp;`.
  for (const match of xml.matchAll(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g)) {
    problems.push(`unescaped & at offset ${match.index}`);
  }
  const rawUrls = [...xml.matchAll(/\sxmlUrl="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
  const seen = new Set<string>();
  for (const url of rawUrls) {
    if (seen.has(url)) problems.push(`duplicate feed URL ${url}`);
    seen.add(url);
  }
  const feeds = parseOpml(xml);
  if (feeds.length !== seen.size) problems.push(`parseOpml read ${feeds.length} feeds, the text has ${seen.size} distinct xmlUrl attributes`);
  for (const feed of feeds) {
    let protocol: string | null = null;
    try {
      protocol = new URL(feed.url).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'https:') problems.push(`not an https URL: ${feed.url}`);
    if (!feed.title) problems.push(`no title: ${feed.url}`);
    if (!feed.language) problems.push(`no language attribute: ${feed.url}`);
    else if (!SUPPORTED_TAGS.has(feed.language)) problems.push(`language "${feed.language}" is not a supported tag: ${feed.url}`);
  }
  return problems;
}

describe('infra/feeds/world.opml', () => {
  const xml = readFileSync(WORLD_OPML, 'utf8');

  it('parses with the project OPML parser, every feed https, titled, unique and tagged with a supported language', () => {
    expect(() => parseOpml(xml)).not.toThrow();
    expect(feedListProblems(xml)).toEqual([]);
  });

  it(`covers at least ${MIN_LANGUAGES} languages`, () => {
    const languages = new Set(parseOpml(xml).map((feed) => feed.language));
    expect(languages.size).toBeGreaterThanOrEqual(MIN_LANGUAGES);
  });

  it('keeps every feed inside a region outline', () => {
    const $ = cheerio.load(xml, { xml: true });
    expect($('body > outline[xmlUrl]').length).toBe(0);
    expect($('body > outline').length).toBeGreaterThan(1);
  });
});

describe('feedListProblems', () => {
  const list = (outlines: string) => `<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="Region">${outlines}</outline></body></opml>`;

  it('finds nothing wrong with a good list', () => {
    expect(
      feedListProblems(
        list(`<outline type="rss" text="A" xmlUrl="https://a.example/rss?x=1&amp;y=2" language="de"/>
              <outline type="rss" text="B" xmlUrl="https://b.example/rss" language="zh-Hant"/>`),
      ),
    ).toEqual([]);
  });

  it('finds each kind of problem', () => {
    const problems = feedListProblems(
      list(`<outline type="rss" text="A" xmlUrl="https://a.example/rss" language="de"/>
            <outline type="rss" text="A again" xmlUrl="https://a.example/rss" language="de"/>
            <outline type="rss" text="Plain" xmlUrl="http://b.example/rss" language="fr"/>
            <outline type="rss" text="Amp" xmlUrl="https://c.example/rss?x=1&y=2" language="it"/>
            <outline type="rss" text="Untagged" xmlUrl="https://d.example/rss"/>
            <outline type="rss" text="Old tag" xmlUrl="https://e.example/rss" language="no"/>
            <outline type="rss" xmlUrl="https://f.example/rss" language="en"/>`),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^unescaped & at offset \d+$/),
      'duplicate feed URL https://a.example/rss',
      'not an https URL: http://b.example/rss',
      'no language attribute: https://d.example/rss',
      'language "no" is not a supported tag: https://e.example/rss',
      'no title: https://f.example/rss',
    ]);
  });
});
