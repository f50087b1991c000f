import { upsertFeed } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp } from './server.js';

describe('GET /metrics', () => {
  let runtime: Runtime;

  beforeAll(async () => {
    runtime = await createTestRuntime();
  });
  afterAll(() => runtime.close());

  it('answers Prometheus text with queue depths and feeds by health, read when scraped', async () => {
    const app = createDashboardApp(runtime);
    await upsertFeed(runtime.db.db, { url: 'https://metrics.example/feed.xml' });
    await runtime.queues.articleProcess.add('article.process', {} as never, { jobId: 'metrics-1' });
    runtime.metrics.articles.inc({ outcome: 'stored' });
    const response = await app.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('polywire_queue_jobs{queue="article.process",state="waiting"} 1');
    expect(text).toContain('polywire_feeds{status="active"} 1');
    expect(text).toContain('polywire_articles_total{outcome="stored"} 1');
    expect(text).toContain('polywire_hosts_cooling_down 0');
    expect(text).toMatch(/^# TYPE polywire_stage_duration_seconds histogram$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});
