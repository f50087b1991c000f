import { describe, expect, it } from 'vitest';
import { createFeedKey, FEED_KEY_PREFIX, feedKeys, listFeedKeys, revokeFeedKey, verifyFeedKey } from './index.js';
import { drivers, useTestDb } from './testing/index.js';

describe.each(drivers)('feed keys on %s', (_name, open) => {
  const handle = useTestDb(open);
  const stories = { kind: 'stories' as const, params: { min_languages: '3', lang: 'de,en' } };

  it('shows the key once, stores only its hash, and opens its own feed only', async () => {
    const { key, feedKey } = await createFeedKey(handle().db, { ...stories, label: 'phone' });
    expect(key.startsWith(FEED_KEY_PREFIX)).toBe(true);
    expect(feedKey).toMatchObject({ kind: 'stories', label: 'phone', lastUsedAt: null, revokedAt: null });
    expect(Object.keys(feedKey.params)).toEqual(['lang', 'min_languages']);
    const stored = await handle().db.select().from(feedKeys);
    expect(JSON.stringify(stored)).not.toContain(key);

    // The same parameters in another order are the same feed.
    expect(await verifyFeedKey(handle().db, key, { kind: 'stories', params: { lang: 'de,en', min_languages: '3' } })).toEqual({ ok: true, id: feedKey.id });
    expect(await verifyFeedKey(handle().db, key, { kind: 'stories', params: { min_languages: '2', lang: 'de,en' } })).toEqual({ ok: false, reason: 'other-feed' });
    expect(await verifyFeedKey(handle().db, key, { kind: 'articles', params: stories.params })).toEqual({ ok: false, reason: 'other-feed' });
    expect(await verifyFeedKey(handle().db, key, { kind: 'stories', params: {} })).toEqual({ ok: false, reason: 'other-feed' });
    expect(await verifyFeedKey(handle().db, `${key}x`, stories)).toEqual({ ok: false, reason: 'unknown' });
    const [listed] = (await listFeedKeys(handle().db)).filter((row) => row.id === feedKey.id);
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('refuses a revoked key for good, and keeps the first revocation time', async () => {
    const { key, feedKey } = await createFeedKey(handle().db, { kind: 'articles', params: {} });
    expect((await verifyFeedKey(handle().db, key, { kind: 'articles', params: {} })).ok).toBe(true);
    const revoked = await revokeFeedKey(handle().db, feedKey.id);
    expect(revoked?.revokedAt).toBeInstanceOf(Date);
    expect((await revokeFeedKey(handle().db, feedKey.id))?.revokedAt).toEqual(revoked?.revokedAt);
    expect(await verifyFeedKey(handle().db, key, { kind: 'articles', params: {} })).toEqual({ ok: false, reason: 'revoked' });
    expect(await revokeFeedKey(handle().db, 2_000_000_000)).toBeNull();
    expect((await listFeedKeys(handle().db, { activeOnly: true })).map((row) => row.id)).not.toContain(feedKey.id);
    expect((await listFeedKeys(handle().db)).map((row) => row.id)).toContain(feedKey.id);
  });
});
