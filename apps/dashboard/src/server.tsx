import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { type Runtime, type Served, served } from '@polywire/runtime';
import { type Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { createApi } from './api.js';
import { createAccess, type DashboardEnv, refuseChangesWhenReadOnly } from './auth.js';
import { BadRequest } from './feeds.js';
import { createPages } from './pages/index.js';
import { Layout } from './pages/ui.js';

const isJsonPath = (path: string) => path === '/healthz' || path.startsWith('/api/');

export function createDashboardApp(runtime: Runtime): Hono<DashboardEnv> {
  const logger = runtime.logger.child({ component: 'dashboard' });
  const access = createAccess(runtime.config);
  const app = new Hono<DashboardEnv>();
  // No script may run on these pages (there is none), styles come from /assets only, and no other
  // site may frame them: a title that slipped past escaping could still not execute.
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      // Plain HTTP on loopback is the default deployment; HSTS belongs to the TLS proxy in front.
      strictTransportSecurity: false,
      // The Referer goes to our own pages only (an action returns to the page its form was on); a
      // click on an article's link tells the publisher nothing.
      referrerPolicy: 'same-origin',
    }),
  );
  // A change sent from another site is refused by its Origin / Sec-Fetch-Site before anything else.
  // Browsers send these headers with every cross-site POST; API clients (curl, the CLI) send neither
  // and cannot be tricked into sending credentials, so an API request without them is let through.
  const sameOrigin = csrf();
  app.use(async (c, next) => {
    const fromBrowser = c.req.header('origin') !== undefined || c.req.header('sec-fetch-site') !== undefined;
    if (isJsonPath(c.req.path) && !fromBrowser) return next();
    return sameOrigin(c, next);
  });
  app.use(access.middleware);
  app.use(refuseChangesWhenReadOnly(access.readOnly));
  app.route('/', createApi(runtime));
  app.route('/', createPages(runtime, access));
  // Prometheus scrape target (see the README's Observability section); behind the token like the API.
  app.get('/metrics', async (c) =>
    c.body(await runtime.metrics.registry.metrics(), 200, { 'content-type': runtime.metrics.registry.contentType }),
  );

  const failure = (c: Context<DashboardEnv>, status: 400 | 403 | 404 | 413 | 500, message: string) => {
    if (isJsonPath(c.req.path)) return c.json({ error: message }, status);
    const ctx = { csrfToken: c.var.csrfToken ?? '', readOnly: access.readOnly, signedIn: access.required, notice: null };
    return c.html(
      <Layout title={status === 404 ? 'Not found' : status === 500 ? 'Something went wrong' : 'Refused'} ctx={ctx}>
        <p class="notice error">{message}</p>
        <p>
          <a href="/">Back to the overview</a>
        </p>
      </Layout>,
      status,
    );
  };
  app.notFound((c) => failure(c, 404, `no page at ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof BadRequest) return failure(c, 400, error.message);
    if (error instanceof HTTPException) {
      if (error.res || ![403, 404, 413].includes(error.status)) return error.getResponse();
      return failure(c, error.status as 403 | 404 | 413, error.message);
    }
    logger.error({ err: error, path: c.req.path }, 'request failed');
    return failure(c, 500, 'internal error: see the dashboard log');
  });
  return app;
}

export type DashboardServer = Served;

export async function startDashboard(runtime: Runtime): Promise<DashboardServer> {
  const app = createDashboardApp(runtime);
  const { HOST, PORT } = runtime.config;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: HOST, port: PORT }, () => resolve(started));
    started.once('error', reject);
  });
  const { url, close } = served(server as Server, HOST);
  runtime.logger.info({ url }, 'dashboard listening');
  return { url, close };
}
