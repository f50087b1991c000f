import { upsertFeed } from '@polywire/db';
import { createTestRuntime } from '@polywire/runtime/testing';
import { describe, expect, it } from 'vitest';
import { startScheduler } from './scheduler.js';

describe('scheduler', () => {
  it('enqueues each due feed once, even with two schedulers ticking together', async () => {
    const runtime = await createTestRuntime({ SCHEDULER_INTERVAL_SECONDS: '3600' });
    try {
      for (let index = 0; index < 30; index++) await upsertFeed(runtime.db.db, { url: `https://feeds.example/${index}.xml` });
      const one = startScheduler(runtime);
      const two = startScheduler(runtime);
      await Promise.all([one.stop(), two.stop()]); // waits for the ticks that started
      const counts = await Promise.all([one.tick(), two.tick()]);
      expect(counts).toEqual([0, 0]); // nothing is due any more
      const jobs = await runtime.queues.feedFetch.getWaiting(0, 100);
      expect(jobs).toHaveLength(30);
      expect(new Set(jobs.map((job) => job.data.feedId)).size).toBe(30);
    } finally {
      await runtime.close();
    }
  });
});
