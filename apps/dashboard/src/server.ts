import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Runtime } from '@polywire/runtime';
import { Hono } from 'hono';
import { BadRequest, createApi } from './api.js';
import { createPages } from './pages.js';

export function createDashboardApp(runtime: Runtime): Hono {
  const logger = runtime.logger.child({ component: 'dashboard' });
  const app = new Hono();
  app.route('/', createApi(runtime));
  app.route('/', createPages(runtime));
  // Prometheus scrape target (see the README's Observability section).
  app.get('/metrics', async (c) =>
    c.body(await runtime.metrics.registry.metrics(), 200, { 'content-type': runtime.metrics.registry.contentType }),
  );
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    if (error instanceof BadRequest) return c.json({ error: error.message }, 400);
    logger.error({ err: error, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal error: see the dashboard log' }, 500);
  });
  return app;
}

export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

export async function startDashboard(runtime: Runtime): Promise<DashboardServer> {
  const app = createDashboardApp(runtime);
  const { HOST, PORT } = runtime.config;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: HOST, port: PORT }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${HOST.includes(':') ? `[${HOST}]` : HOST}:${port}`;
  runtime.logger.info({ url }, 'dashboard listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      return closing;
    },
  };
}
