import { describe, expect, it } from 'vitest';
import { OpmlParseError, parseOpml } from './opml.js';

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
