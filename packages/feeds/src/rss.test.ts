import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse.js';

describe('RSS', () => {
  it('takes the last <link> when an item repeats it, like feedparser and gofeed', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><item><guid>g</guid><link>https://a.example/1</link><link>https://a.example/2</link></item></channel></rss>',
    );
    expect(feed.items[0]?.link).toBe('https://a.example/2');
  });

  it('reads RSS 0.91 with a DOCTYPE and HTML entities', async () => {
    const feed = await parseFeed(`<?xml version="1.0" encoding="ISO-8859-1"?>
      <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
      <rss version="0.91"><channel><title>Caf&eacute; &amp; Co</title><link>https://cafe.example/</link><language>fr</language>
      <item><title>Menu&nbsp;du jour</title><link>https://cafe.example/menu</link><description>Soupe &amp; pain</description></item>
      </channel></rss>`);
    expect(feed).toMatchObject({ format: 'rss', version: '0.91', title: 'Café & Co', link: 'https://cafe.example/', language: 'fr' });
    expect(feed.items[0]).toMatchObject({ key: 'https://cafe.example/menu', title: 'Menu du jour', summary: 'Soupe & pain' });
  });

  it('reads RSS 1.0 (RDF) with Dublin Core dates and creators', async () => {
    const feed = await parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
      xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://heise.example/"><title>heise</title><link>https://heise.example/</link><dc:language>de</dc:language></channel>
      <item rdf:about="https://heise.example/1"><title>Eins</title><link>https://heise.example/1</link>
        <dc:date>2024-03-01T10:00:00+01:00</dc:date><dc:creator>Anna</dc:creator><dc:subject>IT</dc:subject></item>
    </rdf:RDF>`);
    expect(feed).toMatchObject({ format: 'rdf', version: '1.0', title: 'heise', language: 'de' });
    expect(feed.items[0]).toMatchObject({
      key: 'https://heise.example/1',
      publishedAt: new Date('2024-03-01T09:00:00Z'),
      authors: ['Anna'],
      categories: ['IT'],
      language: 'de',
    });
  });

  it('reads RSS 0.90 in the Netscape namespace', async () => {
    const feed = await parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
      <channel><title>Old</title><link>https://old.example/</link></channel>
      <item><title>A</title><link>https://old.example/a</link></item></rdf:RDF>`);
    expect(feed).toMatchObject({ format: 'rdf', version: '0.90', title: 'Old', items: [{ title: 'A' }] });
  });

  it('matches modules by namespace, not by prefix, and accepts a prefixed RSS root', async () => {
    const feed = await parseFeed(`<r:rss version="2.0" xmlns:r="http://backend.userland.com/rss2" xmlns:d="http://purl.org/dc/elements/1.1/"
      xmlns:c="http://purl.org/rss/1.0/modules/content/">
      <r:channel><r:title>NS</r:title><r:item><r:guid>1</r:guid><r:title>T</r:title><d:creator>Bo</d:creator>
      <c:encoded>&lt;p&gt;Body&lt;/p&gt;</c:encoded></r:item></r:channel></r:rss>`);
    expect(feed.items[0]).toMatchObject({ key: '1', title: 'T', authors: ['Bo'], contentHtml: '<p>Body</p>' });
  });

  it('uses a permalink GUID as the link, and not one marked isPermaLink="false"', async () => {
    const feed = await parseFeed(`<rss version="2.0"><channel>
      <item><guid>https://x.example/p/1</guid></item>
      <item><guid isPermaLink="false">https://x.example/p/2</guid></item></channel></rss>`);
    expect(feed.items.map((item) => item.link)).toEqual(['https://x.example/p/1', null]);
  });

  it('turns HTML in titles into text and keeps a lone ampersand', async () => {
    const feed = await parseFeed(`<rss version="2.0"><channel>
      <item><guid>1</guid><title>&lt;b&gt;Breaking&lt;/b&gt; news</title></item>
      <item><guid>2</guid><title><![CDATA[AT&amp;T buys Time Warner]]></title></item>
      <item><guid>3</guid><title>Tom & Jerry</title></item></channel></rss>`);
    expect(feed.items.map((item) => item.title)).toEqual(['Breaking news', 'AT&T buys Time Warner', 'Tom & Jerry']);
  });

  it('finds the image in Media RSS groups, thumbnails and image enclosures', async () => {
    const feed = await parseFeed(`<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
      <item><guid>1</guid><media:group><media:content url="https://i.example/1.jpg" type="image/jpeg"/></media:group></item>
      <item><guid>2</guid><media:thumbnail url="https://i.example/2.png"/></item>
      <item><guid>3</guid><enclosure url="https://i.example/3.webp" type="image/webp" length="1"/></item>
      <item><guid>4</guid><enclosure url="https://i.example/4.mp3" type="audio/mpeg" length="1"/></item></channel></rss>`);
    expect(feed.items.map((item) => item.image)).toEqual(['https://i.example/1.jpg', 'https://i.example/2.png', 'https://i.example/3.webp', null]);
  });

  it('reads "email (name)" authors as the name', async () => {
    const feed = await parseFeed('<rss version="2.0"><channel><item><guid>1</guid><author>jd@example.com (Jane Doe)</author></item></channel></rss>');
    expect(feed.items[0]?.authors).toEqual(['Jane Doe']);
  });
});
