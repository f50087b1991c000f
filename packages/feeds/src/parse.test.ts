import { describe, expect, it } from 'vitest';
import { parseFeed, parseFeedBytes } from './parse.js';
import { FeedParseError } from './types.js';

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
    await expect(parseFeed('<!doctype html><html><body>Not found</body></html>')).rejects.toThrow('not a feed: an HTML page');
    await expect(parseFeed('{"json": true}')).rejects.toThrow(/^not a feed: JSON without/);
    await expect(parseFeed('{"items": [')).rejects.toThrow(/^not a feed: invalid JSON/);
    await expect(parseFeed('')).rejects.toThrow('not a feed: empty document');
    await expect(parseFeed('  \n ')).rejects.toThrow(FeedParseError);
    await expect(parseFeed('Service unavailable')).rejects.toThrow('not a feed: no XML element in the document');
    await expect(parseFeed('<?xml version="1.0"?><<<rss>>> not xml at all &&&')).rejects.toThrow('not a feed: not well-formed XML');
    await expect(parseFeed('<?xml version="1.0"?><opml version="2.0"/>')).rejects.toThrow('not a feed: unexpected root element <opml>');
  });

  it('says which format and version it read, and the feed\'s polling hint', async () => {
    const withTtl = await parseFeed('<rss version="2.0"><channel><title>T</title><ttl>15</ttl></channel></rss>');
    expect(withTtl).toMatchObject({ format: 'rss', version: '2.0', ttlSeconds: 900, items: [], sitemaps: [] });
    const syndication = await parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
      xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
      <channel><title>T</title><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency></channel></rdf:RDF>`);
    expect(syndication).toMatchObject({ format: 'rdf', version: '1.0', ttlSeconds: 1800 });
    const atomFeed = await parseFeed(atom);
    expect(atomFeed).toMatchObject({ format: 'atom', version: '1.0', ttlSeconds: null, language: 'de' });
  });

  it('keys items by GUID, by link without one, and by guid|link when a GUID repeats', async () => {
    const feed = await parseFeed(`<rss version="2.0"><channel>
      <item><guid>same</guid><link>https://x.example/1</link></item>
      <item><guid>same</guid><link>https://x.example/2</link></item>
      <item><guid>unique</guid><link>https://x.example/3</link></item>
      <item><link>https://x.example/4</link></item>
    </channel></rss>`);
    expect(feed.items.map((item) => item.key)).toEqual(['same|https://x.example/1', 'same|https://x.example/2', 'unique', 'https://x.example/4']);
  });

  it('parses a 50,000-item feed', async () => {
    const items = Array.from({ length: 50_000 }, (_, index) => `<item><guid>g${index}</guid><title>T ${index}</title></item>`).join('');
    const feed = await parseFeed(`<rss version="2.0"><channel>${items}</channel></rss>`);
    expect(feed.items).toHaveLength(50_000);
    expect(feed.items[49_999]).toMatchObject({ key: 'g49999', title: 'T 49999' });
  });

  it('decodes bytes by their charset and reports the encoding (parseFeedBytes)', async () => {
    const xml = '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Новости</title></channel></rss>';
    const bytes = Buffer.from(new Uint8Array([...xml].map((char) => (char === 'Н' ? 0xcd : char === 'о' ? 0xee : char === 'в' ? 0xe2 : char === 'с' ? 0xf1 : char === 'т' ? 0xf2 : char === 'и' ? 0xe8 : char.charCodeAt(0)))));
    const feed = await parseFeedBytes(bytes, 'application/rss+xml');
    expect(feed).toMatchObject({ encoding: 'windows-1251', title: 'Новости', format: 'rss' });
  });

  it('recognises JSON Feed by content, whatever the Content-Type', async () => {
    const body = Buffer.from('  {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "url": "https://j.example/1"}]}');
    const feed = await parseFeedBytes(body, 'text/plain');
    expect(feed).toMatchObject({ format: 'json', version: '1.1', encoding: 'utf-8', items: [{ key: '1', link: 'https://j.example/1' }] });
  });
});
