import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Runtime } from '@polywire/runtime';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { clientOf } from './client.js';
import { createLoginLimiter, type LoginOutcome } from './login-limiter.js';
import { isMachinePath } from './origin.js';

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
  /** Checks the login form's fields against the configured secret, within the sign-in limits. */
  signIn(c: Context, form: { token?: string; user?: string; password?: string }): Promise<LoginOutcome>;
  /** Sets the session cookie after a successful login. */
  startSession(c: Context): Promise<void>;
  /** Ends the session for good: its cookie no longer works, also where it was copied to. */
  endSession(c: Context): Promise<void>;
  /** Reads the session, hands out the CSRF token, and asks for a credential where one is required. */
  middleware: MiddlewareHandler<DashboardEnv>;
}

/** Compares secrets in constant time; hashing first makes the lengths equal. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD';

/** What a refused sign-in attempt is told. */
export function waitMessage(outcome: { seconds: number; everyone: boolean }): string {
  return outcome.everyone
    ? `Too many failed sign-ins on this dashboard: clients that have not signed in before must wait ${outcome.seconds} s.`
    : `Too many failed sign-ins from your address: wait ${outcome.seconds} s before trying again.`;
}

/**
 * Access to the dashboard. With DASHBOARD_TOKEN (or DASHBOARD_USER and DASHBOARD_PASSWORD):
 * - the API takes `Authorization: Bearer <token>` (or HTTP Basic), so scripts and the CLI need no cookie;
 * - pages take a session cookie set by the login form: signed (HMAC), HttpOnly, SameSite=Strict and,
 *   over HTTPS, Secure, valid for 12 hours unless signed out. A browser session may read the API (the
 *   OPML export link, JSON links) but never change anything through it, since those requests carry no
 *   CSRF token;
 * - failed attempts, by form or by header, are limited per client and overall (see createLoginLimiter).
 * Without a secret (only allowed on a loopback HOST, see @polywire/config) every browser still gets a
 * session, because the CSRF token of its forms is derived from it.
 *
 * The signing key is derived from the secret, so sessions survive a restart and changing the secret
 * signs everybody out. Without a secret it is random per process.
 *
 * Signing out revokes the session in Redis (until it would have expired anyway), so a copy of the
 * cookie stops working on every replica. Checking that needs Redis: while Redis is unreachable, pages
 * behind a session answer 503 rather than honour a session that may have been revoked.
 */
export function createAccess(runtime: Pick<Runtime, 'config' | 'redis' | 'logger'>): Access {
  const { config, redis } = runtime;
  const logger = runtime.logger.child({ component: 'dashboard' });
  const token = config.DASHBOARD_TOKEN;
  const user = config.DASHBOARD_USER;
  const password = config.DASHBOARD_PASSWORD;
  const required = Boolean(token || (user && password));
  const signingKey = required
    ? createHmac('sha256', [token ?? '', user ?? '', password ?? ''].join('\0')).update('polywire dashboard session v1').digest('base64url')
    : randomBytes(32).toString('base64url');
  const csrfTokenFor = (sessionId: string) => createHmac('sha256', signingKey).update(`csrf:${sessionId}`).digest('base64url');
  const limiter = createLoginLimiter(redis, config.QUEUE_PREFIX, {
    freeFailures: config.DASHBOARD_LOGIN_FREE_FAILURES,
    maxDelaySeconds: config.DASHBOARD_LOGIN_MAX_DELAY_SECONDS,
    maxFailuresPerHour: config.DASHBOARD_LOGIN_MAX_FAILURES_PER_HOUR,
  });
  const client = (c: Context) => clientOf(c, config.DASHBOARD_TRUST_PROXY);
  const revokedKey = (sessionId: string) => `${config.QUEUE_PREFIX}:dashboard:revoked-session:${sessionId}`;
  const redisDown = (what: string) => new HTTPException(503, { message: `${what}: Redis is unreachable, try again in a moment` });

  /** The session of this browser, if any; `revocable`: look up whether it was signed out (Redis). */
  async function readSession(c: Context, revocable: boolean): Promise<{ id: string; expires: number } | null> {
    const value = await getSignedCookie(c, signingKey, SESSION_COOKIE);
    if (!value) return null;
    const [id, expiresText] = value.split('.');
    const expires = Number(expiresText);
    if (!id || !expires || expires * 1000 < Date.now()) return null;
    if (revocable) {
      const revoked = await redis.exists(revokedKey(id)).catch(() => {
        throw redisDown('cannot check the session');
      });
      if (revoked) return null;
    }
    return { id, expires };
  }

  async function startSession(c: Context): Promise<string> {
    const id = randomBytes(18).toString('base64url');
    const expires = Math.floor(Date.now() / 1000) + SESSION_SECONDS;
    await setSignedCookie(c, SESSION_COOKIE, `${id}.${expires}`, signingKey, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      // Behind a TLS proxy the dashboard itself sees http: X-Forwarded-Proto tells (DASHBOARD_TRUST_PROXY).
      secure: client(c).https,
      maxAge: SESSION_SECONDS,
    });
    return id;
  }

  function credentialMatches(authorization: string): boolean {
    const [, scheme = '', value = ''] = /^(\S+)\s+(.*)$/.exec(authorization.trim()) ?? [];
    if (token && scheme.toLowerCase() === 'bearer') return sameSecret(value, token);
    if (user && password && scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return false;
      // Both compared every time, so a wrong user name takes as long as a wrong password.
      const sameUser = sameSecret(decoded.slice(0, colon), user);
      return sameSecret(decoded.slice(colon + 1), password) && sameUser;
    }
    return false;
  }

  const isApi = (c: Context) => isMachinePath(c.req.path);
  const challenge = token ? 'Bearer realm="polywire"' : 'Basic realm="polywire"';
  const refuse = (status: 401 | 429, message: string, headers: Record<string, string>) =>
    new HTTPException(status, { res: Response.json({ error: message }, { status, headers }) });

  /**
   * Settles one sign-in attempt. Only attempts that were checked and failed are logged (with the
   * client, for fail2ban and the like): those the limits refused unchecked could flood the log.
   */
  async function attempt(c: Context, via: 'form' | 'header', matches: boolean): Promise<LoginOutcome> {
    const { address } = client(c);
    const outcome = await limiter.attempt(address, matches);
    if (outcome.kind === 'refused') logger.warn({ client: address, via }, 'failed dashboard sign-in');
    return outcome;
  }

  /** An `Authorization` header is a sign-in attempt like the login form, limited the same way. */
  async function byHeader(c: Context, next: () => Promise<void>, authorization: string) {
    const outcome = await attempt(c, 'header', credentialMatches(authorization));
    if (outcome.kind === 'accepted') return next();
    if (outcome.kind === 'wait') throw refuse(429, waitMessage(outcome), { 'retry-after': String(outcome.seconds) });
    throw refuse(401, 'that credential did not match: send Authorization: Bearer DASHBOARD_TOKEN (or Basic user:password)', {
      'www-authenticate': challenge,
    });
  }

  function bySession(c: Context, next: () => Promise<void>, signedIn: boolean) {
    if (signedIn && (!isApi(c) || isSafeMethod(c.req.method))) return next();
    if (isApi(c)) {
      const message = signedIn
        ? 'changes through the API need the Authorization header (Bearer DASHBOARD_TOKEN, or Basic)'
        : 'sign in: send Authorization: Bearer DASHBOARD_TOKEN (or Basic user:password)';
      throw refuse(401, message, { 'www-authenticate': challenge });
    }
    const next_ = c.req.method === 'GET' ? `?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}` : '';
    throw new HTTPException(303, { res: c.redirect(`/login${next_}`, 303) });
  }

  const middleware: MiddlewareHandler<DashboardEnv> = async (c, next) => {
    // Without a secret, nobody signs in or out: the session only carries the CSRF token. The public
    // paths (health, login) grant nothing by session, so they answer while Redis is down.
    const revocable = required && !PUBLIC_PATHS.has(c.req.path);
    let sessionId = (await readSession(c, revocable))?.id ?? null;
    // Without a secret, any browser gets a session on its first page view, for its CSRF token.
    if (!sessionId && !required && !isApi(c) && isSafeMethod(c.req.method)) sessionId = await startSession(c);
    c.set('csrfToken', sessionId ? csrfTokenFor(sessionId) : '');
    if (!required || PUBLIC_PATHS.has(c.req.path)) return next();
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) return byHeader(c, next, authorization);
    return bySession(c, next, sessionId !== null);
  };

  function checkLogin(form: { token?: string; user?: string; password?: string }): boolean {
    if (token && form.token && sameSecret(form.token, token)) return true;
    // Both compared every time, so a wrong user name takes as long as a wrong password.
    if (user && password && form.user !== undefined && form.password !== undefined) {
      const sameUser = sameSecret(form.user, user);
      return sameSecret(form.password, password) && sameUser;
    }
    return false;
  }

  return {
    required,
    login: { token: Boolean(token), password: Boolean(user && password) },
    readOnly: config.DASHBOARD_READ_ONLY,
    signIn: (c, form) => attempt(c, 'form', checkLogin(form)),
    startSession: async (c) => {
      await startSession(c);
    },
    async endSession(c) {
      const session = await readSession(c, false);
      if (session) {
        // Kept until the session would have expired anyway; after that the signature check refuses it.
        const remaining = Math.max(1, session.expires - Math.floor(Date.now() / 1000));
        await redis.set(revokedKey(session.id), '1', 'EX', remaining).catch(() => {
          throw redisDown('could not sign out');
        });
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
    },
    middleware,
  };
}

/**
 * Where to send a browser after signing in: `next` if it is a path on this dashboard, else `/`.
 * Browsers drop tabs and newlines from a URL and read `\` as `/`, so `/<tab>/evil.example` and
 * `/\evil.example` leave the site as `//evil.example`: such characters are refused outright. The URL
 * parser then resolves dot segments (`/.//evil.example` is `//evil.example` too) and percent-encodes
 * the rest, so the result is checked again and a Location header never carries a raw control character.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || /[\\\s\p{Cc}]/u.test(value)) return '/';
  const base = 'http://polywire.invalid';
  if (!URL.canParse(value, base)) return '/';
  const url = new URL(value, base);
  const path = `${url.pathname}${url.search}`;
  return url.origin === base && !path.startsWith('//') ? path : '/';
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
