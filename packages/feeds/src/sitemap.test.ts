import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse.js';

describe('sitemaps', () => {
  it('reads a Google News sitemap', async () => {
    const feed = await parseFeed(`<?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
        <url><loc>https://news.example/a</loc><lastmod>2024-06-01T10:05:00Z</lastmod>
          <news:news><news:publication><news:name>The Example</news:name><news:language>es</news:language></news:publication>
          <news:publication_date>2024-06-01T10:00:00+00:00</news:publication_date><news:title>Titular &amp; más</news:title></news:news></url>
      </urlset>`);
    expect(feed).toMatchObject({ format: 'sitemap', title: 'The Example', language: 'es', sitemaps: [] });
    expect(feed.items[0]).toMatchObject({
      key: 'https://news.example/a',
      title: 'Titular & más',
      publishedAt: new Date('2024-06-01T10:00:00Z'),
      updatedAt: new Date('2024-06-01T10:05:00Z'),
      language: 'es',
    });
  });

  it('returns the child sitemaps of a sitemap index', async () => {
    const feed = await parseFeed(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://news.example/sitemap-1.xml</loc><lastmod>2024-06-01</lastmod></sitemap>
      <sitemap><loc>https://news.example/sitemap-2.xml</loc></sitemap></sitemapindex>`);
    expect(feed).toMatchObject({ format: 'sitemap-index', items: [] });
    expect(feed.sitemaps).toEqual([
      { url: 'https://news.example/sitemap-1.xml', lastmod: new Date('2024-06-01T00:00:00Z') },
      { url: 'https://news.example/sitemap-2.xml', lastmod: null },
    ]);
  });
});
