import Parser from 'rss-parser';

/** One item shape for every feed format; later issues add formats, not fields. */
export interface FeedItem {
  /** GUID or id when the feed gives one, else the link: the item's identity within its feed. */
  key: string;
  guid: string | null;
  link: string | null;
  title: string | null;
  publishedAt: Date | null;
  updatedAt: Date | null;
  authors: string[];
  summary: string | null;
  contentHtml: string | null;
  categories: string[];
  image: string | null;
  language: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom';
  title: string | null;
  link: string | null;
  language: string | null;
  items: FeedItem[];
  warnings: string[];
}

export class FeedParseError extends Error {
  override name = 'FeedParseError';
}

type CustomItem = {
  'dc:creator'?: string | string[];
  'dc:language'?: string;
  'content:encoded'?: string;
  author?: string | { name?: string | string[] };
  'media:content'?: { $?: { url?: string; medium?: string } };
  'media:thumbnail'?: { $?: { url?: string } };
  enclosure?: { url?: string; type?: string };
  updated?: string;
  summary?: string;
  id?: string;
};
type CustomFeed = { language?: string; 'dc:language'?: string; feedUrl?: string };

const parser = new Parser<CustomFeed, CustomItem>({
  // `<rss>` without a version is common in the wild: treat it as RSS 2.0.
  defaultRSS: 2,
  customFields: {
    feed: ['language', 'dc:language'],
    item: ['dc:creator', 'dc:language', 'content:encoded', 'media:content', 'media:thumbnail', 'updated', 'summary', 'id'],
  },
});

const text = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};

function parseDate(value: unknown, field: string, warnings: string[]): Date | null {
  const raw = text(value);
  if (!raw) return null;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) {
    // A broken date loses the date, never the item.
    warnings.push(`unparseable ${field} "${raw.slice(0, 64)}"`);
    return null;
  }
  // Placeholder dates (0001-01-01, 1970-01-01) and far-future ones are as good as none.
  // V8 reads the year "0001" as 2001, so the written year is checked too.
  const writtenYear = Number(/(?<!\d)(\d{4})(?!\d)/.exec(raw)?.[1] ?? date.getUTCFullYear());
  if (Math.min(writtenYear, date.getUTCFullYear()) < 1971 || date.getTime() > Date.now() + 7 * 24 * 3600 * 1000) {
    warnings.push(`implausible ${field} "${raw.slice(0, 64)}"`);
    return null;
  }
  return date;
}

function authorsOf(item: Parser.Item & CustomItem): string[] {
  const names: unknown[] = [];
  const creator = item['dc:creator'] ?? item.creator;
  names.push(...(Array.isArray(creator) ? creator : [creator]));
  const author = item.author;
  if (typeof author === 'string') names.push(author);
  else if (author && typeof author === 'object') names.push(...[author.name].flat());
  return [...new Set(names.map(text).filter((name): name is string => name !== null))];
}

function imageOf(item: CustomItem): string | null {
  const media = item['media:content']?.$;
  if (media?.url && (!media.medium || media.medium === 'image')) return media.url;
  if (item['media:thumbnail']?.$?.url) return item['media:thumbnail'].$.url;
  if (item.enclosure?.url && item.enclosure.type?.startsWith('image/')) return item.enclosure.url;
  return null;
}

/** Parses an RSS (0.9x, 1.0, 2.0) or Atom document into the normalized shape. */
export async function parseFeed(xml: string): Promise<ParsedFeed> {
  let feed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    feed = await parser.parseString(xml);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new FeedParseError(`not a feed: ${reason}`);
  }
  const warnings: string[] = [];
  const feedLanguage = text(feed.language) ?? text(feed['dc:language']);
  const items: FeedItem[] = [];
  for (const item of feed.items) {
    const link = text(item.link);
    const guid = text(item.guid) ?? text(item.id);
    const key = guid ?? link;
    if (!key) {
      warnings.push(`item "${text(item.title) ?? '(untitled)'}" has neither guid nor link: skipped`);
      continue;
    }
    items.push({
      key,
      guid,
      link,
      title: text(item.title),
      publishedAt: parseDate(item.pubDate ?? item.isoDate, 'date', warnings),
      updatedAt: parseDate(item.updated, 'updated', warnings),
      authors: authorsOf(item),
      summary: text(item.contentSnippet) ?? text(item.summary),
      contentHtml: text(item['content:encoded']) ?? text(item.content),
      categories: (item.categories ?? []).map(text).filter((category): category is string => category !== null),
      image: imageOf(item),
      language: text(item['dc:language']) ?? feedLanguage,
    });
  }
  return {
    format: /<feed[\s>]/.test(xml.slice(0, 4096)) ? 'atom' : 'rss',
    title: text(feed.title),
    link: text(feed.link),
    language: feedLanguage,
    items,
    warnings,
  };
}
