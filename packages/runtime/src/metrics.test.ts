import { startHttpServer, type TestServer } from '@polywire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from './runtime.js';
import { createTestRuntime } from './testing/index.js';

describe('process metrics', () => {
  let runtime: Runtime;
  let server: TestServer;

  beforeAll(async () => {
    server = await startHttpServer((request, response) => {
      if (request.url === '/busy') response.writeHead(429, { 'retry-after': '120' }).end();
      else if (request.url === '/broken') response.writeHead(500).end();
      else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    runtime = await createTestRuntime({ METRICS_PORT: '0' });
  });
  afterAll(async () => {
    await runtime.close();
    await server.close();
  });

  it('serves fetches by outcome, stage histograms and host cool-downs on METRICS_PORT', async () => {
    expect(runtime.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    await runtime.metrics.time('fetch', () => runtime.http.fetch(`${server.url}/ok`));
    await expect(runtime.http.fetch(`${server.url}/broken`)).rejects.toThrow(/500/);
    await expect(runtime.http.fetch(`${server.url}/busy`)).rejects.toThrow(/429/);

    const response = await fetch(runtime.metricsUrl ?? '');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('polywire_http_fetches_total{outcome="ok"} 1');
    expect(text).toContain('polywire_http_fetches_total{outcome="http_5xx"} 1');
    expect(text).toContain('polywire_http_fetches_total{outcome="http_4xx"} 1');
    expect(text).toContain('polywire_host_cooldowns_total 1');
    expect(text).toContain('polywire_hosts_cooling_down 1');
    expect(text).toContain('polywire_stage_duration_seconds_count{stage="fetch"} 1');
    expect(text).toContain('polywire_metrics_source_up{source="database"} 1');
    expect((await fetch(runtime.metricsUrl?.replace('/metrics', '/other') ?? '')).status).toBe(404);
  });
});
