import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '@polywire/config';
import type { Context, MiddlewareHandler } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import { bearerAuth } from 'hono/bearer-auth';
import { some } from 'hono/combine';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';

/** What the access middleware tells the handlers after it. */
export type DashboardEnv = {
  Variables: {
    /** The token that this browser session's forms must send back as `_csrf` ('' without a session). */
    csrfToken: string;
  };
};

export const SESSION_COOKIE = 'polywire_session';
const SESSION_SECONDS = 12 * 3600;
/** Where no credential is asked for: load balancers probe /healthz; the login form (and its style) must be reachable. */
const PUBLIC_PATHS = new Set(['/healthz', '/login', '/assets/dashboard.css']);

export interface Access {
  /** A secret is configured: every page and API call but PUBLIC_PATHS needs it. */
  required: boolean;
  /** Which fields the login form asks for. */
  login: { token: boolean; password: boolean };
  readOnly: boolean;
  /** Checks the login form's fields against the configured secret. */
  checkLogin(form: { token?: string; user?: string; password?: string }): boolean;
  /** Sets the session cookie after a successful login. */
  startSession(c: Context): Promise<void>;
  endSession(c: Context): void;
  /** Reads the session, hands out the CSRF token, and asks for a credential where one is required. */
  middleware: MiddlewareHandler<DashboardEnv>;
}

/** Compares secrets in constant time; hashing first makes the lengths equal. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD';

/**
 * Access to the dashboard. With DASHBOARD_TOKEN (or DASHBOARD_USER and DASHBOARD_PASSWORD):
 * - the API takes `Authorization: Bearer <token>` (or HTTP Basic), so scripts and the CLI need no cookie;
 * - pages take a session cookie set by the login form: signed (HMAC), HttpOnly and SameSite=Strict,
 *   valid for 12 hours. A browser session may read the API (the OPML export link, JSON links) but
 *   never change anything through it, since those requests carry no CSRF token.
 * Without a secret (only allowed on a loopback HOST, see @polywire/config) every browser still gets a
 * session, because the CSRF token of its forms is derived from it.
 *
 * The signing key is derived from the secret, so sessions survive a restart and changing the secret
 * signs everybody out. Without a secret it is random per process.
 */
export function createAccess(config: Config): Access {
  const token = config.DASHBOARD_TOKEN;
  const user = config.DASHBOARD_USER;
  const password = config.DASHBOARD_PASSWORD;
  const required = Boolean(token || (user && password));
  const signingKey = required
    ? createHmac('sha256', [token ?? '', user ?? '', password ?? ''].join('\0')).update('polywire dashboard session v1').digest('base64url')
    : randomBytes(32).toString('base64url');
  const csrfTokenFor = (sessionId: string) => createHmac('sha256', signingKey).update(`csrf:${sessionId}`).digest('base64url');

  async function readSession(c: Context): Promise<string | null> {
    const value = await getSignedCookie(c, signingKey, SESSION_COOKIE);
    if (!value) return null;
    const [id, expires] = value.split('.');
    if (!id || !expires || Number(expires) * 1000 < Date.now()) return null;
    return id;
  }

  async function startSession(c: Context): Promise<string> {
    const id = randomBytes(18).toString('base64url');
    const expires = Math.floor(Date.now() / 1000) + SESSION_SECONDS;
    await setSignedCookie(c, SESSION_COOKIE, `${id}.${expires}`, signingKey, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: SESSION_SECONDS,
    });
    return id;
  }

  const isApi = (c: Context) => c.req.path === '/api' || c.req.path.startsWith('/api/');

  // The ways in, tried in order by hono's `some`: the first that does not throw lets the request through.
  const credentials: MiddlewareHandler[] = [];
  if (token) credentials.push(bearerAuth({ token }));
  if (user && password) credentials.push(basicAuth({ username: user, password }));
  const bySession: MiddlewareHandler = async (c, next) => {
    const signedIn = (await readSession(c)) !== null;
    if (signedIn && (!isApi(c) || isSafeMethod(c.req.method))) return next();
    if (isApi(c)) {
      const message = signedIn
        ? 'changes through the API need the Authorization header (Bearer DASHBOARD_TOKEN, or Basic)'
        : 'sign in: send Authorization: Bearer DASHBOARD_TOKEN (or Basic user:password)';
      throw new HTTPException(401, {
        res: Response.json({ error: message }, { status: 401, headers: { 'www-authenticate': token ? 'Bearer realm="polywire"' : 'Basic realm="polywire"' } }),
      });
    }
    const next_ = c.req.method === 'GET' ? `?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}` : '';
    throw new HTTPException(303, { res: c.redirect(`/login${next_}`, 303) });
  };
  const requireCredential = some(...credentials, bySession);

  const middleware: MiddlewareHandler<DashboardEnv> = async (c, next) => {
    let sessionId = await readSession(c);
    // Without a secret, any browser gets a session on its first page view, for its CSRF token.
    if (!sessionId && !required && !isApi(c) && isSafeMethod(c.req.method)) sessionId = await startSession(c);
    c.set('csrfToken', sessionId ? csrfTokenFor(sessionId) : '');
    if (!required || PUBLIC_PATHS.has(c.req.path)) return next();
    return requireCredential(c, next);
  };

  return {
    required,
    login: { token: Boolean(token), password: Boolean(user && password) },
    readOnly: config.DASHBOARD_READ_ONLY,
    checkLogin(form) {
      if (token && form.token && sameSecret(form.token, token)) return true;
      // Both compared every time, so a wrong user name takes as long as a wrong password.
      if (user && password && form.user !== undefined && form.password !== undefined) {
        return sameSecret(form.user, user) && sameSecret(form.password, password);
      }
      return false;
    },
    startSession: async (c) => {
      await startSession(c);
    },
    endSession: (c) => deleteCookie(c, SESSION_COOKIE, { path: '/' }),
    middleware,
  };
}

/**
 * Refuses a form post whose `_csrf` field is not this session's token (the synchronizer-token pattern
 * of OWASP's CSRF cheat sheet). hono/csrf's Origin check runs before it, for every form post.
 */
export const requireCsrfToken: MiddlewareHandler<DashboardEnv> = async (c, next) => {
  const body = await c.req.parseBody();
  const sent = typeof body._csrf === 'string' ? body._csrf : '';
  const expected = c.var.csrfToken;
  if (!expected || !sent || !sameSecret(sent, expected)) {
    throw new HTTPException(403, { message: 'This form has expired or did not come from this dashboard: reload the page and try again.' });
  }
  await next();
};

/** In read-only mode every change is refused, whatever the credential; signing in and out still work. */
export function refuseChangesWhenReadOnly(readOnly: boolean): MiddlewareHandler {
  return async (c, next) => {
    if (readOnly && !isSafeMethod(c.req.method) && c.req.path !== '/login' && c.req.path !== '/logout') {
      const message = 'the dashboard is read-only (DASHBOARD_READ_ONLY=true)';
      if (c.req.path.startsWith('/api/')) return c.json({ error: message }, 403);
      throw new HTTPException(403, { message });
    }
    await next();
  };
}
