// What the feed renderers take: a feed and its entries, already in the terms both formats share.
// atom.ts and json-feed.ts write it out; entries.ts makes it from articles and stories.

export interface OutEntry {
  /** A permanent, unique IRI (RFC 4287 §4.2.6): an article's canonical URL, a story's page. */
  id: string;
  /** Where a reader goes: the article itself, or the story's page on the dashboard. */
  url: string;
  title: string;
  /** BCP 47 tag of the entry's title and text; null when not known. */
  language: string | null;
  published: Date | null;
  updated: Date;
  /** Plain text. */
  summary: string | null;
  /** HTML (a fragment), when the entry has more to show than its summary. */
  contentHtml: string | null;
  authors: string[];
  tags: string[];
  image: string | null;
}

export interface OutFeed {
  /** A permanent IRI of the feed: its URL without the key. */
  id: string;
  title: string;
  /** The URL the feed was asked at, key included, so that a client re-reading it keeps access. */
  selfUrl: string;
  /** The same list on the dashboard. */
  homeUrl: string;
  /** The newest entry's update time (the feed's own time when it is empty). */
  updated: Date;
  entries: OutEntry[];
}

/** The generator named in both formats. */
export const GENERATOR = { name: 'Polywire', uri: 'https://github.com/polywire/polywire' } as const;
