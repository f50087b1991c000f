import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed } from './parse.js';

const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>Le Monde — International</title>
    <link>https://www.example.fr/international/</link>
    <language>fr-FR</language>
    <item>
      <title>Élections : ce qu’il faut savoir</title>
      <link>https://www.example.fr/a/1.html</link>
      <guid isPermaLink="false">lm-1</guid>
      <pubDate>Tue, 03 Nov 2026 08:00:00 +0100</pubDate>
      <dc:creator>Jeanne Dupont</dc:creator>
      <category>Politique</category>
      <description>Le résumé.</description>
      <content:encoded><![CDATA[<p>Le texte <b>complet</b>.</p>]]></content:encoded>
      <media:content url="https://img.example.fr/1.jpg" medium="image"/>
    </item>
    <item>
      <title>Sans guid</title>
      <link>https://www.example.fr/a/2.html</link>
      <pubDate>hier soir</pubDate>
    </item>
    <item><description>Ni lien ni guid</description></item>
  </channel>
</rss>`;

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Tagesschau</title>
  <link rel="alternate" href="https://www.example.de/"/>
  <id>urn:feed</id>
  <updated>2026-11-03T10:00:00Z</updated>
  <entry>
    <title>Bundestag beschließt Haushalt</title>
    <link rel="alternate" href="https://www.example.de/inland/haushalt-100.html"/>
    <id>urn:uuid:1225c695</id>
    <published>2026-11-03T09:30:00Z</published>
    <updated>2026-11-03T09:45:00Z</updated>
    <author><name>Max Muster</name></author>
    <summary>Kurzfassung</summary>
  </entry>
</feed>`;

describe('parseFeed', () => {
  it('normalizes RSS 2.0 items with Dublin Core, content:encoded and Media RSS', async () => {
    const feed = await parseFeed(rss);
    expect(feed).toMatchObject({ format: 'rss', title: 'Le Monde — International', language: 'fr-FR' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      key: 'lm-1',
      guid: 'lm-1',
      link: 'https://www.example.fr/a/1.html',
      title: 'Élections : ce qu’il faut savoir',
      publishedAt: new Date('2026-11-03T07:00:00Z'),
      updatedAt: null,
      authors: ['Jeanne Dupont'],
      summary: 'Le résumé.',
      contentHtml: '<p>Le texte <b>complet</b>.</p>',
      categories: ['Politique'],
      image: 'https://img.example.fr/1.jpg',
      language: 'fr-FR',
    });
  });

  it('keeps an item with a broken date and one without a guid, and says why it skipped one', async () => {
    const feed = await parseFeed(rss);
    expect(feed.items[1]).toMatchObject({ key: 'https://www.example.fr/a/2.html', guid: null, publishedAt: null });
    expect(feed.warnings).toEqual([
      'unparseable date "hier soir"',
      'item "(untitled)" has neither guid nor link: skipped',
    ]);
  });

  it('drops sentinel and far-future dates', async () => {
    const xml = (date: string) => `<rss version="2.0"><channel><item><guid>g</guid><pubDate>${date}</pubDate></item></channel></rss>`;
    expect((await parseFeed(xml('Mon, 01 Jan 0001 00:00:00 GMT'))).items[0]?.publishedAt).toBeNull();
    expect((await parseFeed(xml('Fri, 01 Jan 2100 00:00:00 GMT'))).items[0]?.publishedAt).toBeNull();
  });

  it('reads Atom entries', async () => {
    const feed = await parseFeed(atom);
    expect(feed.format).toBe('atom');
    expect(feed.items[0]).toMatchObject({
      key: 'urn:uuid:1225c695',
      link: 'https://www.example.de/inland/haushalt-100.html',
      title: 'Bundestag beschließt Haushalt',
      publishedAt: new Date('2026-11-03T09:30:00Z'),
      updatedAt: new Date('2026-11-03T09:45:00Z'),
      authors: ['Max Muster'],
    });
  });

  it('accepts <rss> without a version', async () => {
    const feed = await parseFeed('<rss><channel><title>T</title><item><link>https://x.example/1</link></item></channel></rss>');
    expect(feed.items.map((item) => item.key)).toEqual(['https://x.example/1']);
  });

  it('rejects what is not a feed with a clear error', async () => {
    await expect(parseFeed('<!doctype html><html><body>Not found</body></html>')).rejects.toThrow(FeedParseError);
    await expect(parseFeed('{"json": true}')).rejects.toThrow(/^not a feed: /);
  });
});
