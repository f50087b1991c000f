import { LONE_SURROGATE, PATHOLOGICAL_LENGTH, PATHOLOGICAL_LIMIT_MS, PATHOLOGICAL_TEXTS, timed } from '@polywire/testing';
import { describe, expect, it } from 'vitest';
import { MAX_SUMMARY_CHARS, MAX_TITLE_CHARS } from './limits.js';
import { MAX_XML_DEPTH } from './nesting.js';
import { parseOpml } from './opml.js';
import { parseFeed } from './parse.js';

// Pathological feeds (issue 15): each parse must end well within a job's lock (PATHOLOGICAL_LIMIT_MS).

/** Text escaped for XML content and attribute values, and for a JSON string. */
const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const jsonText = (text: string) => JSON.stringify(text).slice(1, -1);

/** Feeds with one item, every text of which is `text`, escaped for the format by the caller. */
const rss = (text: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${text}</title><link>https://x.example/</link>
  <item><title>${text}</title><link>https://x.example/1</link><description>${text}</description><author>${text}</author>
  <category>${text}</category><pubDate>${text}</pubDate><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">${text}</content:encoded></item>
  </channel></rss>`;
const atom = (text: string) => `<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">${text}</title>
  <entry><id>1</id><title type="html">${text}</title><link href="https://x.example/1"/><summary type="html">${text}</summary>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${text}</div></content><author><name>${text}</name></author>
  <category term="${text}"/><updated>${text}</updated></entry></feed>`;
const jsonFeed = (text: string) =>
  `{"version":"https://jsonfeed.org/version/1.1","title":"${text}","items":[{"id":"1","url":"https://x.example/1","title":"${text}",
    "summary":"${text}","content_html":"${text}","authors":[{"name":"${text}"}],"tags":["${text}"],"date_published":"${text}"}]}`;

describe('bad input: pathological texts in every format', () => {
  const cases = Object.entries(PATHOLOGICAL_TEXTS).flatMap(([name, text]) =>
    (
      [
        ['RSS', rss, xmlText],
        ['Atom', atom, xmlText],
        ['JSON Feed', jsonFeed, jsonText],
      ] as const
    ).map(([format, build, encode]) => [`${format} with ${name}`, build(encode(text))] as const),
  );

  it.each(cases)('%s parses in time, its texts bounded and whole', async (_name, document) => {
    const start = performance.now();
    const feed = await parseFeed(document);
    expect(performance.now() - start).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
    expect(feed.items).toHaveLength(1);
    const item = feed.items[0]!;
    expect(feed.title?.length ?? 0).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(item.title?.length ?? 0).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(item.summary?.length ?? 0).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    for (const text of [feed.title, item.title, item.summary, ...item.authors, ...item.categories]) {
      expect(text ?? '').not.toMatch(LONE_SURROGATE);
    }
  });

  it('parses a feed whose title is nested 100,000 elements deep, keeping its text', async () => {
    const depth = 100_000;
    const document = `<rss version="2.0"><channel><item><link>https://x.example/1</link><title>${'<b>'.repeat(depth)}Deep title${'</b>'.repeat(depth)}</title></item></channel></rss>`;
    const { value, ms } = timed(() => parseFeed(document));
    const feed = await value;
    expect(ms).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
    expect(feed.items[0]?.title).toBe('Deep title');
  });

  it('parses a feed nested 100,000 deep after a stray apostrophe in a tag', async () => {
    // The apostrophe opens no attribute value: the nesting after it must be counted (it crashed the reader).
    const depth = 100_000;
    const document = `<rss version="2.0"><channel><item><link>https://x.example/1</link><title lang'>${'<b>'.repeat(depth)}Don't stop${'</b>'.repeat(depth)}</title></item></channel></rss>`;
    const { value, ms } = timed(() => parseFeed(document));
    const feed = await value;
    expect(ms).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
    expect(feed.items[0]?.title).toBe("Don't stop");
  });

  it('parses a feed whose title holds 100,000 <b> each followed by a stray </i>, keeping its text', async () => {
    // The parser ignores an end tag that matches no open element, so the <b>s nest: 10,000 overflowed the stack.
    const depth = 100_000;
    const document = `<rss version="2.0"><channel><item><link>https://x.example/1</link><title>${'<b></i>'.repeat(depth)}Deep title</title></item></channel></rss>`;
    const { value, ms } = timed(() => parseFeed(document));
    const feed = await value;
    expect(ms).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
    expect(feed.items[0]?.title).toBe('Deep title');
  });

  it('parses an Atom entry whose XHTML content is nested 100,000 deep', async () => {
    const depth = 100_000;
    const document = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><link href="https://x.example/1"/>
      <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${'<div>'.repeat(depth)}Deep text${'</div>'.repeat(depth)}</div></content></entry></feed>`;
    const start = performance.now();
    const feed = await parseFeed(document);
    expect(performance.now() - start).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
    expect(feed.items[0]?.summary).toBe('Deep text');
  });

  it('reads a DOCTYPE entity padded with a long run of white space in time', async () => {
    const document = `<!DOCTYPE rss [<!ENTITY pad${' '.repeat(PATHOLOGICAL_LENGTH)}x>]><rss version="2.0"><channel><title>T</title><item><link>https://x.example/1</link></item></channel></rss>`;
    const start = performance.now();
    expect((await parseFeed(document)).title).toBe('T');
    expect(performance.now() - start).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
  });
});

describe('bad input: OPML', () => {
  it.each([50_000, 100_000])('reads an OPML file nested %i levels deep in time, keeping the deep feed', (depth) => {
    const xml = `<?xml version="1.0"?><opml version="2.0"><body>${'<outline text="Level">'.repeat(depth)}<outline text="Deep" xmlUrl="https://deep.example/feed"/>${'</outline>'.repeat(depth)}<outline text="Shallow" xmlUrl="https://shallow.example/feed"/></body></opml>`;
    const { value: feeds, ms } = timed(() => parseOpml(xml));
    expect(ms).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
    // Levels past MAX_XML_DEPTH are dropped as structure: the deep feed stays, under the last kept level.
    expect(feeds).toEqual([
      { url: 'https://deep.example/feed', title: 'Deep', siteUrl: null, language: null, category: 'Level' },
      { url: 'https://shallow.example/feed', title: 'Shallow', siteUrl: null, language: null, category: null },
    ]);
  });

  it('leaves an OPML file within the depth limit as it is', () => {
    const depth = MAX_XML_DEPTH - 5;
    const xml = `<opml version="2.0"><body>${'<outline text="L">'.repeat(depth - 1)}<outline text="Inner"><outline text="F" xmlUrl="https://f.example/"/></outline>${'</outline>'.repeat(depth - 1)}</body></opml>`;
    expect(parseOpml(xml)).toEqual([{ url: 'https://f.example/', title: 'F', siteUrl: null, language: null, category: 'Inner' }]);
  });

  it('drops NULs from what it reads', () => {
    const feeds = parseOpml('<opml version="2.0"><body><outline text="Ne\u0000ws" xmlUrl="https://n.example/feed"/></body></opml>');
    expect(feeds[0]?.title).toBe('News');
  });
});

describe('characters PostgreSQL text cannot hold', () => {
  it('drops U+0000 from a JSON Feed title, and from every other text of the feed', async () => {
    const feed = await parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Breaking\u0000 news',
        items: [{ id: 'a\u0000', url: 'https://x.example/1', title: 'Ti\u0000tle', summary: 'Sum\u0000mary', content_html: '<p>x\u0000</p>', authors: [{ name: 'A\u0000n' }], tags: ['t\u0000'] }],
      }),
    );
    expect(feed.title).toBe('Breaking news');
    expect(feed.items[0]).toMatchObject({ key: 'a', guid: 'a', title: 'Title', summary: 'Summary', contentHtml: '<p>x</p>', authors: ['An'], categories: ['t'] });
    expect(JSON.stringify(feed)).not.toContain('\\u0000');
  });

  it('replaces a surrogate without its pair, and drops NUL character references, in XML feeds', async () => {
    const feed = await parseFeed('<rss version="2.0"><channel><title>Half \uD800 pair</title><item><link>https://x.example/1</link><title>A&#0;B</title></item></channel></rss>');
    expect(feed.title).toBe('Half \uFFFD pair');
    expect(feed.items[0]?.title).not.toContain('\u0000');
  });

  it('a JSON Feed broken by a raw NUL gives an error without the NUL', async () => {
    const error = await parseFeed('{"version":"https://jsonfeed.org/version/1.1","items":[\u0000]}').catch((failure: Error) => failure);
    expect((error as Error).message).toMatch(/^not a feed: invalid JSON \(/);
    expect((error as Error).message).not.toContain('\u0000');
  });
});

describe('white space in titles', () => {
  it('keeps ideographic spaces and collapses only runs of ordinary white space', async () => {
    const feed = await parseFeed(`<rss version="2.0"><channel><title>東京新聞\u3000ニュース</title>
      <item><link>https://x.example/1</link><title>  東京\u3000新駅が開業 \n\t 記念式典  </title></item></channel></rss>`);
    expect(feed.title).toBe('東京新聞\u3000ニュース');
    expect(feed.items[0]?.title).toBe('東京\u3000新駅が開業 記念式典');
  });

  it('keeps ideographic spaces in JSON Feed and Atom titles too', async () => {
    const json = await parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: '1', title: '速報\u3000地震' }] }));
    expect(json.items[0]?.title).toBe('速報\u3000地震');
    const atomFeed = await parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title type="html">速報\u3000&lt;b&gt;地震&lt;/b&gt;</title></entry></feed>');
    expect(atomFeed.items[0]?.title).toBe('速報\u3000地震');
  });
});
