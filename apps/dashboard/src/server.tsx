import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { type Runtime, type Served, served } from '@polywire/runtime';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { createApi } from './api/index.js';
import { createAccess, type DashboardEnv, refuseChangesWhenReadOnly } from './auth.js';
import { BadRequest } from './feeds.js';
import { createFeedKeyAccess } from './feeds-out/access.js';
import { feedOutRoutes } from './feeds-out/routes.js';
import { isMachinePath, refuseCrossSiteWrites, requireKnownHost } from './origin.js';
import { createPages } from './pages/index.js';
import { Layout } from './pages/ui.js';

/** Routes that read a whole OPML file and set their own, larger limit (MAX_OPML_BYTES), after sign-in. */
const OWN_BODY_LIMIT = new Set(['/feeds/import', '/api/feeds/import-opml']);

export function createDashboardApp(runtime: Runtime): Hono<DashboardEnv> {
  const { config } = runtime;
  const logger = runtime.logger.child({ component: 'dashboard' });
  const access = createAccess(runtime);
  const app = new Hono<DashboardEnv>();

  const failure = (c: Context<DashboardEnv>, status: 400 | 403 | 404 | 413 | 415 | 421 | 500, message: string) => {
    if (isMachinePath(c.req.path)) return c.json({ error: message }, status);
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
  app.use(requireKnownHost(config));
  // Every body is capped before anything reads it, sign-in included: four 500 MB posts to /login once
  // took the process to 4.4 GB. A declared Content-Length over the limit is refused before a byte is
  // read; a chunked body is cut off at the limit. `connection: close` hangs up right after the answer
  // (@hono/node-server would otherwise read on for up to 500 ms, to keep the connection alive).
  const smallBodies = bodyLimit({
    maxSize: config.DASHBOARD_MAX_BODY_BYTES,
    onError: (c) => {
      c.header('connection', 'close');
      return failure(c, 413, `the request body is larger than ${config.DASHBOARD_MAX_BODY_BYTES} bytes (DASHBOARD_MAX_BODY_BYTES)`);
    },
  });
  app.use((c, next) => (OWN_BODY_LIMIT.has(c.req.path) ? next() : smallBodies(c, next)));
  app.use(refuseCrossSiteWrites(config));
  // A feed asked for with its key (`/feeds/….atom?key=…`) is settled by the key alone (feeds-out/access.ts).
  const feedKeys = createFeedKeyAccess(runtime);
  app.use((c, next) => (feedKeys.carriesKey(c) ? feedKeys.middleware(c, next) : access.middleware(c, next)));
  app.use(refuseChangesWhenReadOnly(access.readOnly));
  // The JSON API, the health probe and /metrics (see api/), the feeds out, then the HTML pages.
  app.route('/', createApi(runtime));
  // Before the pages, whose `/feeds/:id` the feeds' paths would match.
  app.route('/', feedOutRoutes(runtime));
  app.route('/', createPages(runtime, access));

  app.notFound((c) => failure(c, 404, `no page at ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof BadRequest) return failure(c, 400, error.message);
    if (error instanceof HTTPException) {
      if (error.res || ![403, 404, 413, 415, 421].includes(error.status)) return error.getResponse();
      return failure(c, error.status as 403 | 404 | 413 | 415 | 421, error.message);
    }
    logger.error({ err: error, path: c.req.path }, 'request failed');
    return failure(c, 500, 'internal error: see the dashboard log');
  });
  return app;
}

export type DashboardServer = Served;

export async function startDashboard(runtime: Runtime): Promise<DashboardServer> {
  const app = createDashboardApp(runtime);
  const { HOST, PORT, DASHBOARD_REQUEST_TIMEOUT_MS } = runtime.config;
  // A client gets DASHBOARD_REQUEST_TIMEOUT_MS to send its whole request, headers and body (Node's
  // default is 300 s), then gets 408 and loses the connection. Node looks for such connections every
  // connectionsCheckingInterval (default 30 s, as long as the timeout itself), so it looks every second.
  const serverOptions = {
    requestTimeout: DASHBOARD_REQUEST_TIMEOUT_MS,
    headersTimeout: DASHBOARD_REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: 1_000,
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: HOST, port: PORT, serverOptions }, () => resolve(started));
    started.once('error', reject);
  });
  const { url, close } = served(server as Server, HOST);
  runtime.logger.info({ url }, 'dashboard listening');
  return { url, close };
}
