import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse.js';
import { FeedParseError } from './types.js';

describe('XML safety and robustness', () => {
  it('does not expand a billion-laughs DOCTYPE', async () => {
    const entities = Array.from({ length: 9 }, (_, index) => `<!ENTITY lol${index + 1} "${`&lol${index};`.repeat(10)}">`).join('\n');
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]>
      <rss version="2.0"><channel><title>&lol9;</title><item><guid>1</guid><title>ok</title></item></channel></rss>`;
    const before = process.memoryUsage().heapUsed;
    const feed = await parseFeed(xml);
    // Fully expanded, &lol9; would be 10^9 "lol"s (3 GB).
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
    expect(feed.title).toBe('&lol9;');
    expect(feed.items[0]?.title).toBe('ok');
    expect(feed.warnings).toContain('9 DOCTYPE entity declarations ignored');
  });

  it('never reads an external entity (XXE)', async () => {
    const secret = readFileSync('/etc/hostname', 'utf8').trim();
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/hostname"><!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
      <rss version="2.0"><channel><title>x&xxe;y</title><item><guid>1</guid><title>&xxe;</title></item></channel></rss>`;
    const feed = await parseFeed(xml);
    expect(feed.title).toBe('x&xxe;y');
    expect(JSON.stringify(feed)).not.toContain(secret);
  });

  it('expands internal entities with plain-text values, as feedparser does', async () => {
    const feed = await parseFeed(`<!DOCTYPE rss [<!ENTITY id "tag:example.com,">]>
      <rss version="2.0"><channel><item><guid isPermaLink="false">&id;2006:/blog/</guid></item></channel></rss>`);
    expect(feed.items[0]?.guid).toBe('tag:example.com,2006:/blog/');
  });

  it('keeps the feed when the XML has illegal control characters, undefined entities and unclosed tags', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><title>Bad\u0001 feed&nbsp;&copy; &bogus; R&D</title><item><guid>1</guid><title>One\u000b</title><item><guid>2</guid></channel>',
    );
    expect(feed.title).toBe('Bad feed © &bogus; R&D');
    expect(feed.items.map((item) => item.key)).toEqual(['1', '2']);
    expect(feed.items[0]?.title).toBe('One');
    expect(feed.warnings).toEqual(expect.arrayContaining(['illegal control characters removed', 'not well-formed XML: unclosed or misplaced elements']));
  });

  it('rejects a truncated document that has no feed element', async () => {
    await expect(parseFeed('<?xml version="1.0"?><!-- nothing here -->')).rejects.toThrow(FeedParseError);
  });
});
