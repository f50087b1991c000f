import http from 'node:http';
import type { Logger } from '@polywire/config';
import type { QueueCounts } from '@polywire/queue';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type Served, served } from './served.js';

/** The pipeline stages timed by `polywire_stage_duration_seconds`. */
export type Stage = 'feed_fetch' | 'feed_parse' | 'fetch' | 'extract' | 'tag' | 'dedupe' | 'store';

/**
 * One process's Prometheus metrics (prom-client). Counters and histograms are updated where the work
 * happens; queue depths, feeds by health and hosts cooling down are read from Redis and PostgreSQL when
 * scraped (`collect`), so every process that is scraped reports the same, current figures.
 */
export interface Metrics {
  registry: Registry;
  /** Every HTTP fetch (feeds, pages, child sitemaps) by outcome. */
  httpFetches: Counter<'outcome'>;
  /** Feed fetch jobs by outcome: ok, not_modified, error, postponed, outage. */
  feedFetches: Counter<'outcome'>;
  /**
   * Article jobs by outcome: stored, duplicate (stored as a copy of an earlier one), already_stored,
   * retry (a transient error, tried again with backoff), failed (no attempt left), outage (put back
   * unchanged because the database was down).
   */
  articles: Counter<'outcome'>;
  /** Where an article's text came from: page or feed (the page could not be used). */
  articleSources: Counter<'source'>;
  stageSeconds: Histogram<'stage'>;
  /** 429/503 answers that made a host cool down. */
  hostCooldowns: Counter;
  /** Times `stage` ran `work`, also when it throws. */
  time<T>(stage: Stage, work: () => Promise<T> | T): Promise<T>;
}

export interface MetricSources {
  queueCounts(): Promise<QueueCounts[]>;
  feedsByStatus(): Promise<{ status: string; feeds: number }[]>;
  hostsCoolingDown(): Promise<string[]>;
}

interface Snapshot {
  queues: QueueCounts[] | null;
  feeds: { status: string; feeds: number }[] | null;
  cooling: string[] | null;
}

/** How long a scrape waits for a source. The limiter's connection waits for Redis to come back, forever. */
const SOURCE_TIMEOUT_MS = 2_000;

function within<T>(read: () => Promise<T>): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), SOURCE_TIMEOUT_MS);
    timer.unref();
    read().then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
    );
  });
}

async function readSources(sources: MetricSources): Promise<Snapshot> {
  const [queues, feeds, cooling] = await Promise.all([
    within(() => sources.queueCounts()),
    within(() => sources.feedsByStatus()),
    within(() => sources.hostsCoolingDown()),
  ]);
  return { queues, feeds, cooling };
}

const STAGE_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  // RSS, heap, event-loop lag, GC: what the "no upward trend" memory check needs in production.
  collectDefaultMetrics({ register: registry });

  // Gauges read from Redis and PostgreSQL when scraped. prom-client collects the metrics of one scrape
  // concurrently, so they share one read of every source per scrape. A source that cannot be read (its
  // service is down) leaves its gauges empty and says so in polywire_metrics_source_up: a scrape during
  // an outage still answers, and shows the outage.
  let reading: Promise<Snapshot> | undefined;
  const snapshot = () => {
    reading ??= readSources(sources).finally(() => {
      reading = undefined;
    });
    return reading;
  };
  new Gauge({
    name: 'polywire_metrics_source_up',
    help: 'Whether this scrape could read a source of gauges (1) or not (0)',
    labelNames: ['source'],
    registers: [registry],
    async collect() {
      const { queues, feeds, cooling } = await snapshot();
      this.set({ source: 'redis' }, queues ? 1 : 0);
      this.set({ source: 'database' }, feeds ? 1 : 0);
      this.set({ source: 'host_limiter' }, cooling ? 1 : 0);
    },
  });
  new Gauge({
    name: 'polywire_queue_jobs',
    help: 'Jobs in each queue by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of (await snapshot()).queues ?? []) {
        for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed'] as const) {
          this.set({ queue: queue.name, state }, queue[state]);
        }
      }
    },
  });
  new Gauge({
    name: 'polywire_feeds',
    help: 'Feeds by health status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of (await snapshot()).feeds ?? []) this.set({ status: row.status }, row.feeds);
    },
  });
  new Gauge({
    name: 'polywire_hosts_cooling_down',
    help: 'Hosts that asked us to back off (429/503 with Retry-After) and are still cooling down',
    registers: [registry],
    async collect() {
      this.reset();
      const { cooling } = await snapshot();
      if (cooling) this.set(cooling.length);
    },
  });

  const stageSeconds = new Histogram({
    name: 'polywire_stage_duration_seconds',
    help: 'Time spent in each pipeline stage (fetch includes waiting for a request slot on the host)',
    labelNames: ['stage'],
    buckets: STAGE_BUCKETS,
    registers: [registry],
  });
  return {
    registry,
    httpFetches: new Counter({
      name: 'polywire_http_fetches_total',
      help: 'HTTP fetches of feeds and pages by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    feedFetches: new Counter({
      name: 'polywire_feed_fetches_total',
      help: 'Feed fetch jobs by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    articles: new Counter({
      name: 'polywire_articles_total',
      help: 'Article jobs by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    articleSources: new Counter({
      name: 'polywire_article_text_total',
      help: 'Stored article texts by where they came from (page, or feed when the page could not be used)',
      labelNames: ['source'],
      registers: [registry],
    }),
    stageSeconds,
    hostCooldowns: new Counter({
      name: 'polywire_host_cooldowns_total',
      help: 'Times a host asked us to back off (429/503 with Retry-After)',
      registers: [registry],
    }),
    async time(stage, work) {
      const end = stageSeconds.startTimer({ stage });
      try {
        return await work();
      } finally {
        end();
      }
    },
  };
}

export type MetricsServer = Served;

/**
 * A tiny HTTP server answering `GET /metrics` for a process that has no web server of its own (the
 * workers, with METRICS_PORT set). Listens on `host`, like the dashboard.
 */
export async function startMetricsServer(registry: Registry, host: string, port: number, logger: Logger): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '/').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => {
        logger.warn({ err: error }, 'metrics scrape failed');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { url, close } = served(server, host, '/metrics');
  logger.info({ url }, 'metrics listening');
  return { url, close };
}
