import { randomBytes } from 'node:crypto';
import { itemKeys } from '@polywire/feeds';
import { describe, expect, it } from 'vitest';
import { findStoredItemKeys, storeArticle, upsertFeed } from './index.js';
import { drivers, testArticle, useTestDb } from './testing/index.js';

describe.each(drivers)('article sources on %s', (_name, open) => {
  const handle = useTestDb(open);

  it('stores a feed item whose GUID is 10,000 characters, and recognises it on the next fetch', async () => {
    const { feed } = await upsertFeed(handle().db, { url: 'https://long-guid.example/rss' });
    // Random, so PostgreSQL cannot compress it under the btree's ~2,700-byte limit on an index entry.
    const guid = `urn:uuid:${randomBytes(5_000).toString('hex')}`.slice(0, 10_000);
    const item = { guid, link: 'https://long-guid.example/1' };
    const source = { feedId: feed.id, itemKey: itemKeys([item])[0]!, itemUrl: item.link };
    const article = testArticle('long-guid', { url: item.link });

    expect(await storeArticle(handle().db, article, source)).toMatchObject({ created: true, sourceAdded: true });
    const nextFetch = itemKeys([item])[0]!;
    expect(await findStoredItemKeys(handle().db, feed.id, [nextFetch])).toEqual(new Set([nextFetch]));
    expect(await storeArticle(handle().db, article, { ...source, itemKey: nextFetch })).toMatchObject({ created: false, sourceAdded: false });
  });
});
