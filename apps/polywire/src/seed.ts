import { readFile } from 'node:fs/promises';
import type { Logger } from '@polywire/config';
import { type Database, seedFeedsIfEmpty } from '@polywire/db';
import { parseOpml } from '@polywire/feeds';

/** On the very first start, fills the feed list from the OPML file (FEEDS_FILE). */
export async function seedFeeds(db: Database, file: string, logger: Logger): Promise<number> {
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (error) {
    logger.warn({ file, err: (error as Error).message }, 'feed list not readable: starting with no feeds');
    return 0;
  }
  const feeds = parseOpml(xml).map((feed) => ({
    url: feed.url,
    title: feed.title,
    siteUrl: feed.siteUrl,
    declaredLanguage: feed.language,
    category: feed.category,
  }));
  const added = await seedFeedsIfEmpty(db, feeds);
  if (added > 0) logger.info({ file, feeds: added }, 'feed list seeded');
  return added;
}
