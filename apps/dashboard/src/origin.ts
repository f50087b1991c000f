import { isIP } from 'node:net';
import { type Config, hostName } from '@polywire/config';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isFeedOutPath } from './feeds-out/params.js';

const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
/**
 * Paths that programs call rather than people (the API, the health probe, Prometheus's scrape, the
 * feeds out that feed readers poll): they answer errors in JSON, ask for a credential with 401
 * instead of the login form, and take changes without Origin / Sec-Fetch-Site headers.
 */
export const isMachinePath = (path: string) =>
  path === '/healthz' || path === '/metrics' || path === '/api' || path.startsWith('/api/') || isFeedOutPath(path);
/** HOST values that listen everywhere and that no browser should use as a name. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '[::]']);

/** The host name (no port) of a `Host` header, or null when it is not one. */
function hostOf(header: string): string | null {
  return URL.canParse(`http://${header}`) ? new URL(`http://${header}`).hostname : null;
}

/**
 * Refuses (421) a request whose `Host` is not one of the dashboard's names. An open dashboard (no
 * secret, on loopback) is otherwise reachable from any web page through DNS rebinding: the page's
 * own name, re-pointed at 127.0.0.1, makes it same-origin with the dashboard, and the browser sends
 * `Host: evil.example`. Accepted:
 * - localhost, HOST and the DASHBOARD_HOSTS names, with any port;
 * - any IP address: a browser that sends one was pointed at that address itself, so there is no
 *   name to re-point, and the dashboard is the page's own origin. (This keeps HOST=0.0.0.0 behind a
 *   published port reachable by address.) 0.0.0.0 itself is not: browsers route it to loopback, which
 *   lets pages on other sites reach local servers through it;
 * - anything with DASHBOARD_HOSTS=* (only allowed with a secret, which rebinding cannot supply).
 * GET /healthz answers under any name: load balancers and orchestrators probe by address or service
 * name, and it only says whether Redis and PostgreSQL answer.
 */
export function requireKnownHost(config: Config): MiddlewareHandler {
  const names = new Set(['localhost', ...config.DASHBOARD_HOSTS]);
  const configured = hostName(config.HOST);
  if (configured && !WILDCARD_ADDRESSES.has(configured)) names.add(configured);
  const known = (name: string | null) =>
    name !== null && !WILDCARD_ADDRESSES.has(name) && (names.has(name) || isIP(name.replace(/^\[|\]$/g, '')) !== 0);
  const anyName = config.DASHBOARD_HOSTS.includes('*');

  return async (c, next) => {
    if (anyName || (c.req.path === '/healthz' && isSafeMethod(c.req.method))) return next();
    // Both: the URL's host comes from an absolute request target (`POST http://x/ HTTP/1.1`) when
    // there is one, and from the Host header otherwise.
    const header = c.req.header('host');
    const fromUrl = new URL(c.req.url).hostname;
    if (!known(fromUrl) || (header !== undefined && !known(hostOf(header)))) {
      throw new HTTPException(421, {
        message: `this dashboard does not answer to the name ${header ?? fromUrl}: add it to DASHBOARD_HOSTS if it is yours`,
      });
    }
    return next();
  };
}

/**
 * Refuses (403) any change (POST, PUT, PATCH, DELETE) that a browser sends from another site, in open
 * mode too, whatever its content type: `Sec-Fetch-Site` must be same-origin and `Origin` must name
 * this dashboard (the request's own host, or a DASHBOARD_HOSTS name when a proxy rewrites Host). The
 * scheme is not compared: behind a TLS proxy the dashboard sees http while the page is https.
 *
 * A request with neither header is not from a browser (every current browser sends both, or at least
 * Origin, with a POST): API clients (curl, the CLI) are let through, since they cannot be tricked into
 * sending a credential; a form post without them is refused, as no form of ours sends one.
 */
export function refuseCrossSiteWrites(config: Config): MiddlewareHandler {
  const proxiedNames = new Set(config.DASHBOARD_HOSTS);
  const fromThisSite = (c: Context, origin: string) => {
    // `null` (a sandboxed frame, a redirect from elsewhere) is no site of ours.
    if (!URL.canParse(origin)) return false;
    const { host, hostname } = new URL(origin);
    return host === (c.req.header('host')?.toLowerCase() ?? new URL(c.req.url).host) || proxiedNames.has(hostname);
  };

  return async (c, next) => {
    if (isSafeMethod(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const refuse = (why: string): never => {
      throw new HTTPException(403, { message: `${why}: changes are only taken from this dashboard's own pages` });
    };
    if (site === undefined && origin === undefined) {
      if (isMachinePath(c.req.path)) return next();
      refuse('this form post does not say where it comes from (no Origin or Sec-Fetch-Site header)');
    }
    if (site !== undefined && site !== 'same-origin') refuse(`this request comes from another site (Sec-Fetch-Site: ${site})`);
    if (origin !== undefined && !fromThisSite(c, origin)) {
      refuse(`this request comes from another site (Origin: ${origin}; if that is this dashboard behind a proxy, add its name to DASHBOARD_HOSTS)`);
    }
    return next();
  };
}
