import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@polywire/local-services';
import { waitFor } from '@polywire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Farm, startFarm } from './farm.js';
import { type AppProcess, startApp, waitUntilHealthy } from './processes.js';

/** `pnpm start`'s code path: one process, embedded PGlite under DATA_DIR, its own redis-server. */
describe('all-in-one on the embedded defaults', () => {
  let farm: Farm;
  let dataDir: string;
  let env: Record<string, string>;
  let api: string;
  let app: AppProcess | undefined;

  beforeAll(async () => {
    farm = await startFarm(5, 0);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'polywire-all-in-one-'));
    const feedsFile = path.join(dataDir, 'seed.opml');
    writeFileSync(
      feedsFile,
      `<?xml version="1.0"?><opml version="2.0"><body><outline text="Local" type="rss" xmlUrl="${farm.feedUrls.en}" language="en"/></body></opml>`,
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    env = {
      DATA_DIR: dataDir,
      FEEDS_FILE: feedsFile,
      PORT: String(port),
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      SCHEDULER_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await app?.kill();
    await farm?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const articleCount = async () =>
    ((await (await fetch(`${api}/api/articles?limit=100`)).json()) as { items: unknown[] }).items.length;
  const feedUrls = async () =>
    ((await (await fetch(`${api}/api/feeds`)).json()) as { items: { url: string }[] }).items.map((feed) => feed.url);

  it('seeds the OPML feeds on first start and ingests them', async () => {
    app = startApp('polywire', env);
    await waitFor(async () => (await articleCount()) === 5, { what: 'the seeded feed’s 5 articles', timeoutMs: 40_000 });
    expect(await feedUrls()).toEqual([farm.feedUrls.en]);
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'redis'))).toBe(true);

    // The all-in-one's metrics cover both workers, on the dashboard's port.
    const metrics = await (await fetch(`${api}/metrics`)).text();
    expect(metrics).toContain('polywire_feeds{status="active"} 1');
    expect(metrics).toMatch(/^polywire_feed_fetches_total\{outcome="ok"\} [1-9]/m);
    expect(metrics).toMatch(/^polywire_stage_duration_seconds_count\{stage="store"\} 5$/m);
    // Above the wait for the articles, which includes creating the database (about 10 s, more under load).
  }, 60_000);

  it('keeps its data across a restart and does not seed again', async () => {
    await fetch(`${api}/api/feeds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: farm.feedUrls.ja }),
    });
    await waitFor(async () => (await articleCount()) === 10, { what: 'the added feed’s articles' });
    expect(await app!.stop()).toBe(0);

    app = startApp('polywire', env);
    await waitUntilHealthy(api, 'the restart');
    expect(await articleCount()).toBe(10);
    expect(await feedUrls()).toEqual([farm.feedUrls.en, farm.feedUrls.ja]);
    expect(await app.stop()).toBe(0);
    // Above its two waits: the added feed's articles (20 s) and the restart (30 s).
  }, 60_000);

  it('says how to get Redis when there is no redis-server and no REDIS_URL', async () => {
    const lonely = startApp('polywire', { ...env, PATH: '/nonexistent' });
    expect(await lonely.exited).toBe(1);
    expect(lonely.output()).toContain('apt-get install redis-server');
    expect(lonely.output()).toContain('docker compose -f infra/compose.yaml up -d redis');
  });
});
