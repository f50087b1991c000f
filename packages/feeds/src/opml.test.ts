import { describe, expect, it } from 'vitest';
import { OpmlParseError, parseOpml, writeOpml } from './opml.js';

describe('parseOpml', () => {
  it('reads nested outlines with their category and language', () => {
    const feeds = parseOpml(`<?xml version="1.0"?>
      <opml version="2.0"><head><title>x</title></head><body>
        <outline text="Europe">
          <outline type="rss" text="Tagesschau" xmlUrl="https://de.example/rss" htmlUrl="https://de.example/" language="de"/>
          <outline type="rss" text="Dup" xmlUrl="https://de.example/rss"/>
        </outline>
        <outline type="rss" title="Top" text="t" xmlUrl="https://top.example/feed" category="World"/>
      </body></opml>`);
    expect(feeds).toEqual([
      { url: 'https://de.example/rss', title: 'Tagesschau', siteUrl: 'https://de.example/', language: 'de', category: 'Europe' },
      { url: 'https://top.example/feed', title: 'Top', siteUrl: null, language: null, category: 'World' },
    ]);
  });

  it('rejects a document that is not OPML', () => {
    expect(() => parseOpml('<rss><channel/></rss>')).toThrow(OpmlParseError);
  });
});

describe('writeOpml', () => {
  const feeds = [
    { url: 'https://a.example/rss?x=1&y=2', title: 'Tom & Jerry <"news">', siteUrl: 'https://a.example/', language: 'en', category: 'World & <Politics>' },
    { url: 'https://b.example/feed', title: 'Новости мира', siteUrl: null, language: 'ru', category: 'Европа' },
    { url: 'https://c.example/feed', title: '东京新闻 «quotes» \'single\'', siteUrl: null, language: 'zh-Hans', category: 'World & <Politics>' },
    { url: 'https://d.example/feed', title: 'أخبار', siteUrl: 'https://d.example/', language: 'ar', category: null },
    { url: 'https://e.example/feed', title: 'Line\nbreak\tand\u0001control', siteUrl: null, language: null, category: 'Europe' },
  ];

  it('round-trips titles, categories and languages through parseOpml, hostile characters included', () => {
    const xml = writeOpml(feeds, { title: 'My <feeds> & more' });
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
    expect(xml).toContain('<title>My &lt;feeds&gt; &amp; more</title>');
    expect(xml).not.toContain('\u0001');
    const parsed = parseOpml(xml);
    const byUrl = new Map(parsed.map((feed) => [feed.url, feed]));
    expect(parsed).toHaveLength(feeds.length);
    for (const feed of feeds) {
      expect(byUrl.get(feed.url)).toEqual({
        url: feed.url,
        title: feed.title.replace('\u0001', ''),
        siteUrl: feed.siteUrl,
        language: feed.language,
        category: feed.category,
      });
    }
  });

  it('nests one outline per category, in first-seen order, with uncategorised feeds at the top level', () => {
    const xml = writeOpml(feeds, { title: 'x' });
    const categories = [...xml.matchAll(/^ {4}<outline text="([^"]*)" title="[^"]*">$/gm)].map((match) => match[1]);
    expect(categories).toEqual(['World &amp; &lt;Politics&gt;', 'Европа', 'Europe']);
    expect(xml).toMatch(/^ {4}<outline text="أخبار" type="rss" title="أخبار"/m);
  });

  it('writes an empty but valid document, and keeps a missing title missing', () => {
    expect(parseOpml(writeOpml([], { title: 'none' }))).toEqual([]);
    const xml = writeOpml([{ url: 'https://x.example/f' }], { title: 't' });
    expect(xml).toContain('<outline text="" type="rss" xmlUrl="https://x.example/f"/>');
    expect(parseOpml(xml)).toEqual([{ url: 'https://x.example/f', title: null, siteUrl: null, language: null, category: null }]);
  });
});
