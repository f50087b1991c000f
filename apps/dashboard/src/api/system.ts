import { createRoute, z } from '@hono/zod-openapi';
import { allSearchConfigs } from '@polywire/db';
import { SUPPORTED_LANGUAGES } from '@polywire/lang';
import { getQueueCounts } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { supportedLanguages } from '../languages.js';
import { createApiApp, json } from './shared.js';

const health = z
  .object({ status: z.enum(['ok', 'degraded']), redis: z.string(), db: z.string() })
  .openapi('Health', { description: 'Each part says `ok`, or `down: ` and why' });

const count = z.number().int().min(0);
const queue = z
  .object({
    name: z.string(),
    waiting: count,
    active: count,
    completed: count,
    failed: count,
    delayed: count,
    // BullMQ's Queue.isPaused(): pausing only flags the queue and its jobs stay in `wait` (no
    // "paused" list since BullMQ 5), so this is the queue's state, not a count of jobs.
    paused: z.boolean().openapi({ description: 'The queue is paused: workers take none of its jobs' }),
  })
  .openapi('Queue');

const language = z
  .object({
    tag: z.enum(SUPPORTED_LANGUAGES.map((supported) => supported.tag) as [string, ...string[]]).openapi({ description: 'BCP 47 tag articles are stored under' }),
    name: z.string().openapi({ description: 'English name' }),
    script: z.string().regex(/^[A-Z][a-z]{3}$/).openapi({ description: 'ISO 15924 script code' }),
    scriptName: z.string(),
    searchConfig: z.enum(allSearchConfigs).openapi({ description: 'PostgreSQL text-search configuration (`simple`: no stemming)' }),
  })
  .openapi('Language');

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Health of Redis and the database',
  // Load balancers probe it without a credential (see auth.ts).
  security: [],
  responses: {
    200: { description: 'Everything is up', content: json(health) },
    503: { description: 'A part is down (named)', content: json(health) },
  },
});

const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  summary: 'Prometheus metrics of this process, with queue depths, feeds by health and hosts cooling down',
  responses: { 200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: z.string() } } } },
});

const queuesRoute = createRoute({
  method: 'get',
  path: '/api/queues',
  summary: 'Job counts of every queue',
  responses: { 200: { description: 'The queues', content: json(z.object({ queues: z.array(queue) })) } },
});

const languagesRoute = createRoute({
  method: 'get',
  path: '/api/languages',
  summary: 'The languages articles are tagged with: tag, English name, script and the text-search configuration their articles are searched with',
  responses: { 200: { description: 'The supported languages', content: json(z.object({ items: z.array(language) })) } },
});

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return `down: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

/** The health probe, Prometheus's scrape target (see the README's Observability section), queue counts and the language list. */
export function systemRoutes(runtime: Runtime) {
  return createApiApp()
    .openapi(healthRoute, async (c) => {
      const [redis, database] = await Promise.all([probe(() => runtime.redis.ping(), 2_000), probe(() => runtime.db.ping(), 2_000)]);
      const body = { redis, db: database };
      return redis === 'ok' && database === 'ok' ? c.json({ status: 'ok' as const, ...body }, 200) : c.json({ status: 'degraded' as const, ...body }, 503);
    })
    .openapi(metricsRoute, async (c) =>
      c.text(await runtime.metrics.registry.metrics(), 200, { 'content-type': runtime.metrics.registry.contentType }),
    )
    .openapi(queuesRoute, async (c) => c.json({ queues: await getQueueCounts(runtime.queues) }, 200))
    .openapi(languagesRoute, (c) => c.json({ items: [...supportedLanguages()] }, 200));
}
