import { childText, urlOf } from './extensions.js';
import { cleanText, readDate, unique } from './normalize.js';
import type { DocumentItem, FeedDocument, SitemapRef } from './types.js';
import { child, childrenNamed, NS, type XmlElement } from './xml.js';

const NEWS = new Set<string>([NS.news]);
const IMAGE = new Set<string>([NS.image]);

/**
 * Google News sitemaps (`<urlset>` with `news:news`: title, publication_date, language) and plain
 * sitemaps, whose URLs become items with only a link and lastmod.
 * https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap
 */
export function readSitemap(root: XmlElement, warnings: string[]): FeedDocument {
  const core = new Set<string>(['', NS.sitemap, root.ns]);
  const items: DocumentItem[] = [];
  let publication: string | null = null;
  let feedLanguage: string | null = null;
  for (const url of childrenNamed(root, 'url', core)) {
    const loc = child(url, 'loc', core);
    const news = child(url, 'news', NEWS);
    const source = news ? child(news, 'publication', NEWS) : null;
    const language = source ? cleanText(childText(source, 'language', NEWS)) : null;
    publication ??= source ? cleanText(childText(source, 'name', NEWS)) : null;
    feedLanguage ??= language;
    const image = child(url, 'image', IMAGE);
    const imageLoc = image ? child(image, 'loc', IMAGE) : null;
    items.push({
      guid: null,
      link: loc ? urlOf(loc, childText(url, 'loc', core)) : null,
      title: news ? cleanText(childText(news, 'title', NEWS)) : null,
      publishedAt: news ? readDate(childText(news, 'publication_date', NEWS), 'date', warnings) : null,
      updatedAt: readDate(childText(url, 'lastmod', core), 'updated', warnings),
      authors: [],
      summary: null,
      contentHtml: null,
      categories: news ? unique((childText(news, 'keywords', NEWS) ?? '').split(',').map(cleanText)) : [],
      image: imageLoc ? urlOf(imageLoc, childText(image!, 'loc', IMAGE)) : null,
      language,
    });
  }
  return { format: 'sitemap', version: null, title: publication, link: null, language: feedLanguage, ttlSeconds: null, items, sitemaps: [] };
}

/** A sitemap index: the child sitemaps to fetch, with their lastmod. */
export function readSitemapIndex(root: XmlElement, warnings: string[]): FeedDocument {
  const core = new Set<string>(['', NS.sitemap, root.ns]);
  const sitemaps: SitemapRef[] = [];
  for (const sitemap of childrenNamed(root, 'sitemap', core)) {
    const loc = child(sitemap, 'loc', core);
    const url = loc ? urlOf(loc, childText(sitemap, 'loc', core)) : null;
    if (url) sitemaps.push({ url, lastmod: readDate(childText(sitemap, 'lastmod', core), 'lastmod', warnings) });
  }
  return { format: 'sitemap-index', version: null, title: null, link: null, language: null, ttlSeconds: null, items: [], sitemaps };
}
