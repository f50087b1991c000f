import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './processes.js';

const cli = (args: string[], input?: string) => {
  const result = runCli(args, { input });
  return { status: result.status, lines: result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)), stderr: result.stderr };
};

/** The commands that work on files and stdin without a running Polywire. */
describe('polywire CLI, offline commands', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'polywire-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lang: one JSON line per input line', () => {
    const { status, lines } = cli(['lang', '--tld', 'co.id'], 'Pemerintah akan menaikkan harga bahan bakar minggu depan\nДепутаты одобрили бюджет на следующий год\n\n東京で新しい美術館が開館しました\n');
    expect(status).toBe(0);
    expect(lines.map((line) => line.tag)).toEqual(['id', 'ru', 'und', 'ja']);
    for (const line of lines) {
      expect(line.confidence).toBeGreaterThanOrEqual(0);
      expect(line.confidence).toBeLessThanOrEqual(1);
      expect(Array.isArray(line.alternatives)).toBe(true);
    }
  });

  it('parse-feed: one JSON line per file, an error line for a file that is not a feed', () => {
    const feed = path.join(dir, 'feed.xml');
    writeFileSync(feed, '<rss version="2.0"><channel><title>Local</title><item><title>One</title><link>https://x.example/1</link></item></channel></rss>');
    const page = path.join(dir, 'page.html');
    writeFileSync(page, '<html><body>hello</body></html>');
    const { status, lines } = cli(['parse-feed', feed, page]);
    expect(status).toBe(1);
    expect(lines[0]).toMatchObject({ file: feed, ok: true, format: 'rss', title: 'Local', items: [{ title: 'One', link: 'https://x.example/1' }] });
    expect(lines[1]).toMatchObject({ file: page, ok: false });
    expect(lines[1].error).toMatch(/not a feed/);
  });

  it('extract: reads .html.gz and prints the article fields', () => {
    const file = path.join(dir, 'story.html.gz');
    const paragraph = 'The council approved the transport budget after a long debate about buses and trams. ';
    writeFileSync(
      file,
      gzipSync(
        `<html lang="en"><head><title>Budget passes | Daily</title><meta property="article:published_time" content="2026-11-03T09:30:00Z"></head>
         <body><nav><a href="/">Home</a><a href="/world">World</a></nav><article><h1>Budget passes</h1><p>${paragraph.repeat(3)}</p><p>${paragraph.repeat(2)}</p></article></body></html>`,
      ),
    );
    const { status, lines } = cli(['extract', '--url', 'https://daily.example/budget', file]);
    expect(status).toBe(0);
    expect(Object.keys(lines[0])).toEqual(
      expect.arrayContaining(['file', 'url', 'canonicalUrl', 'title', 'text', 'lead', 'authors', 'publishedAt', 'modifiedAt', 'image', 'siteName', 'declaredLanguage', 'section', 'tags']),
    );
    expect(lines[0]).toMatchObject({ url: 'https://daily.example/budget', title: 'Budget passes', publishedAt: '2026-11-03T09:30:00.000Z', declaredLanguage: 'en' });
    expect(lines[0].text).toContain('The council approved the transport budget');
    expect(lines[0].text).not.toContain('Home');
  });
});
