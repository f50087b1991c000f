/** One item shape for every feed format; later issues add formats, not fields. */
export interface FeedItem {
  /** Identity of the item within its feed (see `itemKeys`): GUID/id, else the link. */
  key: string;
  guid: string | null;
  link: string | null;
  /** Plain text: HTML and XHTML titles are reduced to their text. */
  title: string | null;
  publishedAt: Date | null;
  updatedAt: Date | null;
  authors: string[];
  /** Plain text. */
  summary: string | null;
  contentHtml: string | null;
  categories: string[];
  image: string | null;
  language: string | null;
}

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json' | 'sitemap' | 'sitemap-index';

/** A child sitemap listed by a sitemap index. */
export interface SitemapRef {
  url: string;
  lastmod: Date | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  /** '2.0', '0.91', '1.0' (RDF), '0.3'/'1.0' (Atom), '1'/'1.1' (JSON Feed), when known. */
  version: string | null;
  title: string | null;
  link: string | null;
  language: string | null;
  /** The feed's own polling hint: RSS `<ttl>` (minutes) or `sy:updatePeriod`/`sy:updateFrequency`. */
  ttlSeconds: number | null;
  items: FeedItem[];
  /** Child sitemaps of a sitemap index (its `items` are empty); empty for every other format. */
  sitemaps: SitemapRef[];
  warnings: string[];
}

export class FeedParseError extends Error {
  override name = 'FeedParseError';
}

/** An item as read from the document, before identity is assigned (see `itemKeys`). */
export type DocumentItem = Omit<FeedItem, 'key'>;

/** What a format reader returns: everything in the document, including items without identity. */
export interface FeedDocument extends Omit<ParsedFeed, 'items' | 'warnings'> {
  items: DocumentItem[];
}
