import { randomBytes } from 'node:crypto';
import { testServices } from '@polywire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, isRedisUnavailable, waitForRedis } from './connection.js';
import { type ArticleProcessPayload, articleProcess, sha256Hex } from './contracts.js';
import { createQueues, enqueueArticles, enqueueFeedFetches, getQueueCounts, type Queues } from './queues.js';
import { createWorker } from './worker.js';

const payload = (url: string): ArticleProcessPayload => ({
  url,
  urlHash: sha256Hex(url),
  feedId: 1,
  itemKey: url,
  item: { title: 'T', summary: null, contentHtml: null, publishedAt: null, authors: [], language: 'en' },
});

describe('queues on a real Redis', () => {
  let producer: Redis;
  let workerConnection: Redis;
  let queues: Queues;
  const prefix = `qtest-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    producer = createRedis(testServices().redisUrl, 'producer');
    workerConnection = createRedis(testServices().redisUrl, 'worker');
    await waitForRedis(producer);
    queues = createQueues(producer, prefix);
  });
  afterAll(async () => {
    await queues.close();
    await queues.close();
    producer.disconnect();
    workerConnection.disconnect();
  });

  it('adds one job per URL hash however often the URL is enqueued', async () => {
    const urls = ['https://a.example/1', 'https://a.example/2'];
    await enqueueArticles(queues, urls.map(payload));
    await enqueueArticles(queues, [...urls, 'https://a.example/1'].map(payload));
    const counts = await getQueueCounts(queues);
    expect(counts.find((queue) => queue.name === 'article.process')).toMatchObject({ waiting: 2, paused: false });
    const job = await queues.articleProcess.getJob(`article-${sha256Hex(urls[0]!)}`);
    expect(job?.opts.attempts).toBe(articleProcess.options.attempts);
    expect(job?.opts.backoff).toEqual(articleProcess.options.backoff);
  });

  it('keeps one waiting fetch per feed', async () => {
    await enqueueFeedFetches(queues, [{ feedId: 7, url: 'https://f.example/rss' }]);
    await enqueueFeedFetches(queues, [{ feedId: 7, url: 'https://f.example/rss' }]);
    expect(await queues.feedFetch.getWaitingCount()).toBe(1);
  });

  it('refuses an invalid payload before it reaches Redis', async () => {
    await expect(enqueueArticles(queues, [{ ...payload('https://x.example/'), urlHash: 'short' }])).rejects.toThrow();
    await expect(enqueueFeedFetches(queues, [{ feedId: -1, url: 'nope' }])).rejects.toThrow();
  });

  it('fails a job with a malformed payload at once, without retries', async () => {
    await queues.articleProcess.add('article.process', { bogus: true } as never, { jobId: 'bad-1', attempts: 5 });
    let handled = 0;
    const worker = createWorker(
      articleProcess,
      async () => {
        handled++;
      },
      { connection: workerConnection, prefix, concurrency: 1, lockDurationMs: 5_000 },
    );
    const failed = await new Promise<{ attemptsMade: number; reason: string }>((resolve) =>
      worker.on('failed', (job, error) => {
        if (job?.id === 'bad-1') resolve({ attemptsMade: job.attemptsMade, reason: error.message });
      }),
    );
    await worker.close();
    expect(failed.reason).toMatch(/^invalid article.process payload/);
    expect(failed.attemptsMade).toBe(1);
    expect(handled).toBe(2); // the two valid jobs of the first test, not the malformed one
  });
});

describe('outages', () => {
  it('puts a job that met an outage back without spending an attempt, and pauses the queue', async () => {
    const prefix = `qoutage-${randomBytes(3).toString('hex')}`;
    const producer = createRedis(testServices().redisUrl, 'producer');
    const connection = createRedis(testServices().redisUrl, 'worker');
    const queues = createQueues(producer, prefix);
    // One attempt only: a failure charged to the job would fail it for good.
    await queues.articleProcess.add('article.process', payload('https://o.example/1'), { jobId: 'o-1', attempts: 1 });
    const calls: number[] = [];
    const outages: string[] = [];
    const worker = createWorker(
      articleProcess,
      async () => {
        calls.push(Date.now());
        if (calls.length < 3) throw new Error('database down');
        return 'stored';
      },
      {
        connection,
        prefix,
        concurrency: 1,
        lockDurationMs: 5_000,
        isOutage: (error) => (error as Error).message === 'database down',
        outagePauseMs: 300,
        onOutage: (job) => outages.push(String(job.id)),
      },
    );
    try {
      const completed = await new Promise<unknown>((resolve) => worker.on('completed', (_job, result) => resolve(result)));
      expect(completed).toBe('stored');
      expect(outages).toEqual(['o-1', 'o-1']);
      // The queue waited out each pause before trying again.
      expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(250);
      expect(await queues.articleProcess.getFailedCount()).toBe(0);
    } finally {
      await worker.close();
      await queues.close();
      producer.disconnect();
      connection.disconnect();
    }
  });

  it('tells a command refused because Redis is unreachable', async () => {
    const down = createRedis('redis://127.0.0.1:1', 'producer');
    try {
      const error = await down.ping().catch((caught: unknown) => caught);
      expect(isRedisUnavailable(error)).toBe(true);
      expect(isRedisUnavailable(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(false);
    } finally {
      down.disconnect();
    }
  });
});
