import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, type LocalRedisCluster, startLocalRedisCluster } from '@polywire/local-services';
import { createRedis, waitForRedis } from '@polywire/queue';
import { testEnvironment } from '@polywire/runtime/testing';
import { waitFor } from '@polywire/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Farm, startFarm, subscribe } from './farm.js';
import { type AppProcess, startApp, waitUntilHealthy } from './processes.js';

const ITEMS = 15;
const FEEDS = [
  ['alpha', 'en'],
  ['beta', 'ja'],
] as const;

/**
 * Redis Cluster: a feed worker and two article workers on a three-node cluster (REDIS_CLUSTER=true,
 * REDIS_URL one node, QUEUE_PREFIX a hash tag) ingest the farm; every article is stored once, and one
 * worker killed with -9 on the way loses nothing.
 */
describe('workers on a Redis Cluster', () => {
  let farm: Farm;
  let cluster: LocalRedisCluster;
  let dataDir: string;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'polywire-cluster-'));
    cluster = await startLocalRedisCluster(dataDir, 3);
    farm = await startFarm(ITEMS, 100);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(processes.map((child) => child.kill()));
    await farm?.close();
    await cluster?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a queue prefix that is not a hash tag, naming it', async () => {
    const env = await testEnvironment({ REDIS_URL: cluster.url, REDIS_CLUSTER: 'true', QUEUE_PREFIX: 'polywire' });
    const worker = startApp('article-worker', env);
    processes.push(worker);
    expect(await worker.exited).not.toBe(0);
    expect(worker.output()).toMatch(/QUEUE_PREFIX: must be a hash tag such as \{polywire\} when REDIS_CLUSTER is on/);
  });

  it('stores every article of the farm once through queues spread over the cluster', async () => {
    const env = await testEnvironment({
      REDIS_URL: cluster.url,
      REDIS_CLUSTER: 'true',
      QUEUE_PREFIX: '{pwcluster}',
      LOG_LEVEL: 'warn',
      SCHEDULER_INTERVAL_SECONDS: '1',
      ARTICLE_WORKER_CONCURRENCY: '2',
      JOB_LOCK_MS: '3000',
      PORT: String(await freePort()),
    });
    await subscribe(
      env,
      FEEDS.map(([name, language]) => farm.feedUrl(name, language)),
    );
    const feedWorker = startApp('feed-worker', env);
    const doomed = startApp('article-worker', env);
    const survivor = startApp('article-worker', env);
    processes.push(feedWorker, doomed, survivor);

    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    const count = async () => (await client.query<{ n: number }>('select count(*)::int as n from articles')).rows[0]?.n ?? 0;
    const expected = FEEDS.length * ITEMS;
    try {
      // Kill one article worker mid-batch: its active jobs are recovered as stalled by the other.
      await waitFor(async () => (await count()) >= 3, { what: 'the first articles', timeoutMs: 60_000 });
      await doomed.kill();
      await waitFor(async () => (await count()) >= expected, { what: `${expected} articles on a Redis Cluster`, timeoutMs: 90_000 });
      const { rows } = await client.query<{ urls: number; sources: number }>(
        'select count(distinct canonical_url)::int as urls, (select count(*)::int from article_sources) as sources from articles',
      );
      expect(rows[0]).toEqual({ urls: expected, sources: expected });
    } finally {
      await client.end();
    }

    // The dashboard on the same cluster sees the queues drain, and so do its pages and metrics.
    const api = `http://127.0.0.1:${env.PORT}`;
    const dashboard = startApp('dashboard', env);
    processes.push(dashboard);
    await waitUntilHealthy(api);
    await waitFor(
      async () => {
        const { queues } = (await (await fetch(`${api}/api/queues`)).json()) as {
          queues: { name: string; waiting: number; active: number; delayed: number; failed: number; completed: number }[];
        };
        const articles = queues.find((queue) => queue.name === 'article.process');
        return articles?.waiting === 0 && articles.active === 0 && articles.failed === 0 && articles.completed >= expected;
      },
      { what: 'the queues to drain', timeoutMs: 30_000 },
    );
    expect((await fetch(`${api}/queues`)).status).toBe(200);
    expect(await (await fetch(`${api}/metrics`)).text()).toMatch(/^polywire_queue_jobs\{queue="article.process",state="completed"\} [1-9]\d*$/m);

    // Every queue key sits on the one node that owns the hash tag's slot.
    const keysPerNode = await Promise.all(
      cluster.nodes.map(async (node) => {
        const nodeClient = createRedis(node.url, 'producer');
        try {
          await waitForRedis(nodeClient);
          return (await nodeClient.keys('{pwcluster}:*')).length;
        } finally {
          nodeClient.disconnect();
        }
      }),
    );
    expect(keysPerNode.filter((keys) => keys > 0)).toHaveLength(1);
    expect(await Promise.all([feedWorker.stop(), survivor.stop(), dashboard.stop()])).toEqual([0, 0, 0]);
  }, 180_000);
});
