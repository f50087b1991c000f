import { articles, getArticle, storeArticle } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { waitFor } from '@polywire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRetention } from './retention.js';

const article = (key: string) => ({
  urlHash: key.padEnd(64, '0'),
  url: `https://retention.example/${key}`,
  canonicalUrl: `https://retention.example/${key}`,
  title: `Story ${key}`,
  text: `The full text of ${key}`,
  lead: `Lead ${key}`,
  language: 'en',
  contentHash: `hash-${key}`.padEnd(64, 'c'),
});

/** Stores `count` articles ingested 40 days ago and one just now; returns their ids. */
async function seed(runtime: Runtime, count: number): Promise<{ old: number[]; fresh: number }> {
  const old: number[] = [];
  for (let index = 0; index < count; index++) old.push((await storeArticle(runtime.db.db, article(`old${index}`), null)).articleId);
  await runtime.db.db.update(articles).set({ ingestedAt: new Date(Date.now() - 40 * 86_400_000) });
  const fresh = (await storeArticle(runtime.db.db, article('fresh'), null)).articleId;
  return { old, fresh };
}

describe('startRetention', () => {
  let withRetention: Runtime;
  let keepAll: Runtime;

  beforeAll(async () => {
    [withRetention, keepAll] = await Promise.all([createTestRuntime({ RETENTION_DAYS: '30' }), createTestRuntime()]);
  });
  afterAll(async () => {
    await Promise.all([withRetention?.close(), keepAll?.close()]);
  });

  it('prunes old articles shortly after start, in batches, and leaves recent ones alone', async () => {
    const { old, fresh } = await seed(withRetention, 5);
    const retention = startRetention(withRetention, { firstRunDelayMs: 10, batchSize: 2 });
    try {
      await waitFor(async () => {
        const rows = await Promise.all(old.map((id) => getArticle(withRetention.db.db, id)));
        return rows.every((row) => row?.text === null && row.lead === null);
      }, { what: 'old articles pruned', timeoutMs: 10_000 });
      const kept = await getArticle(withRetention.db.db, old[0]!);
      expect(kept).toMatchObject({ title: 'Story old0', contentHash: 'hash-old0'.padEnd(64, 'c') });
      expect((await getArticle(withRetention.db.db, fresh))?.text).toBe('The full text of fresh');
      expect(await retention.run()).toBe(0); // nothing left
    } finally {
      await retention.stop();
    }
  });

  it('lets a running pass finish on stop, and runs no more after it', async () => {
    await storeArticle(withRetention.db.db, article('late'), null);
    await withRetention.db.db.update(articles).set({ ingestedAt: new Date(Date.now() - 40 * 86_400_000) });
    const retention = startRetention(withRetention, { firstRunDelayMs: 3_600_000 });
    const pass = retention.run();
    await retention.stop();
    expect(await pass).toBe(2); // 'late' and 'fresh', both now 40 days old
    expect(await retention.run()).toBe(0);
  });

  it('does nothing without RETENTION_DAYS', async () => {
    const { old } = await seed(keepAll, 2);
    const retention = startRetention(keepAll, { firstRunDelayMs: 1, intervalMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await retention.run()).toBe(0);
    await retention.stop();
    expect((await getArticle(keepAll.db.db, old[0]!))?.text).toBe('The full text of old0');
  });
});
