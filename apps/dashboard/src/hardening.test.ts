import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { listFeeds } from '@polywire/db';
import { createQueues, createRedis } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { waitFor } from '@polywire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp, type DashboardServer, startDashboard } from './server.js';

// The findings of issue 15 ("Hardening"), each as the attack that worked before.

type App = ReturnType<typeof createDashboardApp>;
const TOKEN = 'hardening-token-0123456789';
const MAX_BODY = 4096;

/** A raw TCP connection, for requests no HTTP client sends: bodies that never arrive, lying lengths. */
function openConnection(url: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  // EPIPE / ECONNRESET once the server hangs up in the middle of an upload: that is the point.
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, closed, received: () => received, status: () => Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0) };
}

/** Whether `promise` settles within `ms`. */
const within = (promise: Promise<unknown>, ms: number) => Promise.race([promise.then(() => true), sleep(ms).then(() => false)]);

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...headers },
  body: new URLSearchParams(fields),
});
const bearer = (token: string, headers: Record<string, string> = {}) => ({ headers: { authorization: `Bearer ${token}`, ...headers } });
const sessionCookie = (response: Response) => response.headers.getSetCookie().find((line) => line.startsWith('polywire_session='));

describe('dashboard server limits (a real server on a socket)', () => {
  let runtime: Runtime;
  let server: DashboardServer;
  let host: string;
  const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

  beforeAll(async () => {
    runtime = await createTestRuntime({
      PORT: '0',
      DASHBOARD_TOKEN: TOKEN,
      DASHBOARD_MAX_BODY_BYTES: String(MAX_BODY),
      DASHBOARD_REQUEST_TIMEOUT_MS: '1000',
      DASHBOARD_LOGIN_FREE_FAILURES: '2',
    });
    server = await startDashboard(runtime);
    host = new URL(server.url).host;
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
  });

  it('answers 413 to a huge declared body on /login before a byte of it is sent', async () => {
    const connection = openConnection(server.url);
    connection.socket.write(
      head([
        'POST /login HTTP/1.1',
        `Host: ${host}`,
        `Origin: ${server.url}`,
        'Content-Type: application/x-www-form-urlencoded',
        `Content-Length: ${500 * 1024 * 1024}`,
      ]),
    );
    await waitFor(() => connection.status(), { timeoutMs: 5_000, what: 'an answer before the body' });
    expect(connection.status()).toBe(413);
    expect(connection.received()).toContain(`larger than ${MAX_BODY} bytes`);
    expect(await within(connection.closed, 3_000)).toBe(true);
  });

  it('cuts off a chunked body that grows past the limit, and hangs up', async () => {
    const connection = openConnection(server.url);
    connection.socket.write(
      head(['POST /login HTTP/1.1', `Host: ${host}`, `Origin: ${server.url}`, 'Content-Type: application/x-www-form-urlencoded', 'Transfer-Encoding: chunked']),
    );
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const cap = 64 * 1024 * 1024;
    let sent = 0;
    while (!connection.socket.destroyed && connection.status() === 0 && sent < cap) {
      sent += chunk.length;
      // Not events.once: it would reject on the EPIPE that the server's hang-up causes.
      if (!connection.socket.write(frame)) await new Promise((resolve) => connection.socket.once('drain', resolve).once('close', resolve));
    }
    if (sent >= cap) connection.socket.write('0\r\n\r\n');
    await waitFor(() => connection.status(), { timeoutMs: 5_000, what: 'an answer' });
    expect(connection.status()).toBe(413);
    expect(await within(connection.closed, 3_000)).toBe(true);
    // What was sent before the server hung up sat in socket buffers, not in the dashboard.
    expect(sent).toBeLessThan(cap / 4);
  });

  it('answers 408 and hangs up on a body that never finishes, after DASHBOARD_REQUEST_TIMEOUT_MS', async () => {
    const connection = openConnection(server.url);
    connection.socket.write(
      head(['POST /login HTTP/1.1', `Host: ${host}`, `Origin: ${server.url}`, 'Content-Type: application/x-www-form-urlencoded', 'Content-Length: 100']),
    );
    connection.socket.write('token=abc');
    expect(await within(connection.closed, 4_000)).toBe(true);
    expect(connection.status()).toBe(408);
  });

  it('hangs up on headers that never finish', async () => {
    const connection = openConnection(server.url);
    connection.socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `);
    expect(await within(connection.closed, 4_000)).toBe(true);
  });

  it('answers 421 to a Host header that names another site, but /healthz to anyone', async () => {
    const get = (path: string, hostHeader: string) =>
      new Promise<number>((resolve, reject) => {
        http.get(`${server.url}${path}`, { headers: { host: hostHeader } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        }).on('error', reject);
      });
    expect(await get('/login', 'rebound.evil.example:3000')).toBe(421);
    expect(await get('/healthz', 'rebound.evil.example:3000')).toBe(200);
    expect(await get('/login', host)).toBe(200);
  });

  it('sets Secure only for HTTPS, and takes no X-Forwarded-Proto without DASHBOARD_TRUST_PROXY', async () => {
    const response = await fetch(`${server.url}/login`, {
      ...form({ token: TOKEN }, { origin: server.url, 'x-forwarded-proto': 'https' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(sessionCookie(response)).not.toMatch(/Secure/);
  });

  it('counts failed sign-ins by the socket address, whatever X-Forwarded-For says without DASHBOARD_TRUST_PROXY', async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await fetch(`${server.url}/api/feeds`, bearer('wrong-token-0123456789', { 'x-forwarded-for': `10.9.9.${attempt}` }));
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 429, 429]);
  });
});

describe('host names and cross-site changes in open mode', () => {
  let runtime: Runtime;
  let app: App;
  const addFeed = (url: string, headers: Record<string, string>, base = 'http://localhost') =>
    app.request(`${base}/api/feeds`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ url }) });
  const feedUrls = async () => (await listFeeds(runtime.db.db)).map((feed) => feed.url);

  beforeAll(async () => {
    runtime = await createTestRuntime({ DASHBOARD_HOSTS: 'polywire.example.org', DASHBOARD_MAX_BODY_BYTES: String(MAX_BODY) });
    app = createDashboardApp(runtime);
  });
  afterAll(() => runtime.close());

  it('refuses a DNS-rebinding page: its own name in Host, and its own Origin', async () => {
    const rebound = 'http://rebound.evil.example:3000';
    const response = await addFeed('https://rebinding.example/rss', { origin: rebound }, rebound);
    expect(response.status).toBe(421);
    expect(((await response.json()) as { error: string }).error).toContain('DASHBOARD_HOSTS');
    expect((await app.request(`${rebound}/feeds`)).status).toBe(421);
    expect((await app.request(`${rebound}/api/feeds`)).status).toBe(421);
    // Load balancers probe by address or service name.
    expect((await app.request(`${rebound}/healthz`)).status).toBe(200);
    expect(await feedUrls()).not.toContain('https://rebinding.example/rss');
  });

  it('answers to loopback names, IP addresses and DASHBOARD_HOSTS, with any port, but not to 0.0.0.0', async () => {
    for (const base of ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'http://192.168.1.20', 'http://polywire.example.org']) {
      expect((await app.request(`${base}/api/feeds`)).status, base).toBe(200);
    }
    for (const base of ['http://0.0.0.0:3000', 'http://localhost.evil.example', 'http://polywire.example.org.evil.example']) {
      expect((await app.request(`${base}/api/feeds`)).status, base).toBe(421);
    }
  });

  it('refuses any change from another site, JSON and DELETE included', async () => {
    expect((await addFeed('https://cross-site.example/rss', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await addFeed('https://cross-site.example/rss', { origin: 'null' })).status).toBe(403);
    expect((await addFeed('https://cross-site.example/rss', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await addFeed('https://cross-site.example/rss', { 'sec-fetch-site': 'same-site', origin: 'http://sub.localhost' })).status).toBe(403);
    expect(await feedUrls()).not.toContain('https://cross-site.example/rss');

    const mine = await addFeed('https://mine.example/rss', { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' });
    expect(mine.status).toBe(201);
    const { id } = (await mine.json()) as { id: number };
    const remove = (headers: Record<string, string>) => app.request(`/api/feeds/${id}`, { method: 'DELETE', headers });
    expect((await remove({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await remove({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await feedUrls()).toContain('https://mine.example/rss');
    // curl and the CLI send neither header, and cannot be made to by another site.
    expect((await remove({})).status).toBe(204);
  });

  it('takes changes from a page served under a DASHBOARD_HOSTS name by a proxy that rewrites Host', async () => {
    const response = await addFeed('https://proxied.example/rss', { origin: 'https://polywire.example.org', 'sec-fetch-site': 'same-origin' }, 'http://127.0.0.1:3000');
    expect(response.status).toBe(201);
  });

  it('answers 413 to a JSON or form body over DASHBOARD_MAX_BODY_BYTES, and takes a larger OPML import', async () => {
    const big = await addFeed(`https://big.example/${'a'.repeat(MAX_BODY)}`, {});
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toContain('DASHBOARD_MAX_BODY_BYTES');
    const page = await app.request('/feeds', form({ url: `https://big.example/${'a'.repeat(MAX_BODY)}` }));
    expect(page.status).toBe(413);
    expect(await page.text()).toContain(`larger than ${MAX_BODY} bytes`);

    const outlines = Array.from({ length: 200 }, (_, n) => `<outline text="Feed ${n}" xmlUrl="https://opml-${n}.example/rss"/>`).join('');
    const opml = `<?xml version="1.0"?><opml version="2.0"><body>${outlines}</body></opml>`;
    expect(opml.length).toBeGreaterThan(MAX_BODY);
    const imported = await app.request('/api/feeds/import-opml', { method: 'POST', headers: { 'content-type': 'text/xml' }, body: opml });
    expect(imported.status).toBe(200);
  });
});

describe('sign-in limits, sessions and where a sign-in leads (behind a trusted proxy)', () => {
  let runtime: Runtime;
  let app: App;
  let replica: App;
  const from = (address: string) => ({ 'x-forwarded-for': `203.0.113.99, ${address}` });
  const signIn = (target: App, address: string, token: string, next = '/') => target.request('/login', form({ token, next }, from(address)));

  beforeAll(async () => {
    runtime = await createTestRuntime({
      DASHBOARD_TOKEN: TOKEN,
      DASHBOARD_TRUST_PROXY: 'true',
      DASHBOARD_LOGIN_FREE_FAILURES: '2',
      DASHBOARD_LOGIN_MAX_DELAY_SECONDS: '4',
    });
    app = createDashboardApp(runtime);
    // A second replica on the same Redis and QUEUE_PREFIX.
    replica = createDashboardApp(runtime);
  });
  afterAll(() => runtime.close());

  it('makes a client wait 1 s, then 2 s after its free failures, by form and by header alike, on every replica', async () => {
    const client = '198.51.100.1';
    expect((await signIn(app, client, 'wrong-token-0123456789')).status).toBe(401);
    expect((await app.request('/api/feeds', bearer('wrong-token-0123456789', from(client)))).status).toBe(401);

    const waiting = await signIn(app, client, TOKEN);
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
    expect(await waiting.text()).toContain('Too many failed sign-ins from your address');
    const api = await replica.request('/api/feeds', bearer(TOKEN, from(client)));
    expect(api.status).toBe(429);
    expect(api.headers.get('retry-after')).toBe('1');
    // Another client is not held up.
    expect((await signIn(replica, '198.51.100.2', TOKEN)).status).toBe(303);

    await sleep(1_100);
    expect((await signIn(replica, client, 'wrong-token-0123456789')).status).toBe(401);
    const longer = await signIn(app, client, TOKEN);
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('2');

    await sleep(2_100);
    expect((await signIn(app, client, TOKEN)).status).toBe(303);
    // A successful sign-in gives the free failures back.
    expect((await signIn(app, client, 'wrong-token-0123456789')).status).toBe(401);
    expect((await signIn(app, client, 'wrong-token-0123456789')).status).toBe(401);
  });

  it('checks only the free attempts of a burst of parallel guesses', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async (_, n) => (await app.request('/api/feeds', bearer(`wrong-token-${n}-0123456789`, from('198.51.100.3')))).status),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(2);
    expect(statuses.filter((status) => status === 429)).toHaveLength(28);
  });

  it('never slows down parallel API calls with the right token', async () => {
    const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await app.request('/api/feeds', bearer(TOKEN, from('198.51.100.4')))).status));
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it('counts an IPv6 /64 as one client, and only the last X-Forwarded-For entry, the proxy’s own', async () => {
    for (const address of ['2001:db8:1:2::a', '2001:db8:1:2::b']) {
      expect((await app.request('/api/feeds', bearer('wrong-token-0123456789', from(address)))).status).toBe(401);
    }
    expect((await app.request('/api/feeds', bearer('wrong-token-0123456789', from('2001:db8:1:2:ffff::1')))).status).toBe(429);
    // An address the client wrote first in the header is not the one counted.
    const spoofed = { 'x-forwarded-for': '192.0.2.77, 2001:db8:1:2::c' };
    expect((await app.request('/api/feeds', bearer(TOKEN, spoofed))).status).toBe(429);
  });

  it('signs out for good: a copied session cookie stops working, on every replica', async () => {
    const response = await signIn(app, '198.51.100.5', TOKEN);
    expect(response.status).toBe(303);
    const cookie = sessionCookie(response)!.split(';')[0]!;
    expect((await app.request('/feeds', { headers: { cookie } })).status).toBe(200);
    const page = await app.request('/feeds', { headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    expect((await app.request('/logout', form({ _csrf: csrf }, { cookie }))).status).toBe(303);

    for (const target of [app, replica]) {
      const after = await target.request('/feeds', { headers: { cookie } });
      expect(after.status).toBe(303);
      expect(after.headers.get('location')).toBe('/login?next=%2Ffeeds');
    }
    const key = `${runtime.config.QUEUE_PREFIX}:dashboard:revoked-session:${decodeURIComponent(cookie.split('=')[1]!).split('.')[0]}`;
    // Kept until the session would have expired: 12 hours.
    expect(await runtime.redis.ttl(key)).toBeGreaterThan(11 * 3600);
  });

  it('keeps limiting sign-ins in memory while Redis is down, and honours no session it cannot check', async () => {
    const signedIn = await signIn(app, '198.51.100.8', TOKEN);
    const cookie = sessionCookie(signedIn)!.split(';')[0]!;
    const deadRedis = createRedis('redis://127.0.0.1:1', 'producer');
    try {
      const degraded = createDashboardApp({ ...runtime, redis: deadRedis, queues: createQueues(deadRedis, 'dead') });
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) statuses.push((await signIn(degraded, '198.51.100.9', 'wrong-token-0123456789')).status);
      expect(statuses).toEqual([401, 401, 429]);
      const page = await degraded.request('/feeds', { headers: { cookie } });
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('Redis is unreachable');
      // Health and the login form do not depend on the session.
      const health = await degraded.request('/healthz', { headers: { cookie } });
      expect(((await health.json()) as { redis: string }).redis).toMatch(/^down: /);
      expect((await degraded.request('/login', { headers: { cookie } })).status).toBe(200);
    } finally {
      deadRedis.disconnect();
    }
  });

  it('marks the session cookie Secure when the trusted proxy says the browser used HTTPS', async () => {
    const https = await app.request('/login', form({ token: TOKEN }, { ...from('198.51.100.6'), 'x-forwarded-proto': 'https' }));
    expect(sessionCookie(https)).toMatch(/; Secure/);
    const plain = await app.request('/login', form({ token: TOKEN }, { ...from('198.51.100.6'), 'x-forwarded-proto': 'http' }));
    expect(sessionCookie(plain)).not.toMatch(/Secure/);
  });

  it('only sends a browser to a path on this dashboard after signing in, whatever the encoding', async () => {
    const client = '198.51.100.7';
    const offSite = ['/\n/evil.example', '/\r\n/evil.example', '/\t/evil.example', '\t//evil.example', '/\\evil.example', '/\t\\evil.example', '//evil.example', '/.//evil.example', '/..//evil.example', '/%2e//evil.example', 'https://evil.example/', '/\u2028/evil.example'];
    for (const next of offSite) {
      const response = await signIn(app, client, TOKEN, next);
      expect(response.status, JSON.stringify(next)).toBe(303);
      expect(response.headers.get('location'), JSON.stringify(next)).toBe('/');
    }
    // Encoded once more, the same characters stay inside a local path.
    for (const [next, location] of [
      ['/queues?state=failed', '/queues?state=failed'],
      ['/%09/evil.example', '/%09/evil.example'],
      ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ]) {
      expect((await signIn(app, client, TOKEN, next!)).headers.get('location')).toBe(location);
    }
    // The login form carries `next` from the query string: the same rules apply there.
    for (const query of ['%09//evil.example', '/%09/evil.example', '/%0d%0aSet-Cookie:%20x=1', '/%5Cevil.example']) {
      const page = await app.request(`/login?next=${query}`);
      expect(page.status, query).toBe(200);
      expect(await page.text(), query).toContain('name="next" value="/"');
    }
  });
});

describe('the global sign-in limit', () => {
  let runtime: Runtime;
  let app: App;
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const signIn = (address: string, token: string) => app.request('/login', form({ token }, from(address)));

  beforeAll(async () => {
    runtime = await createTestRuntime({
      DASHBOARD_TOKEN: TOKEN,
      DASHBOARD_TRUST_PROXY: 'true',
      DASHBOARD_LOGIN_MAX_FAILURES_PER_HOUR: '3',
    });
    app = createDashboardApp(runtime);
  });
  afterAll(() => runtime.close());

  it('stops guesses spread over many addresses, but lets clients that signed in before through', async () => {
    expect((await signIn('192.0.2.1', TOKEN)).status).toBe(303);
    for (const address of ['192.0.2.10', '192.0.2.11', '192.0.2.12']) expect((await signIn(address, 'wrong-token-0123456789')).status).toBe(401);

    const flooded = await signIn('192.0.2.13', 'wrong-token-0123456789');
    expect(flooded.status).toBe(429);
    expect(Number(flooded.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(await flooded.text()).toContain('clients that have not signed in before must wait');
    // A new client, even with the right token, waits for the hour to end…
    expect((await signIn('192.0.2.14', TOKEN)).status).toBe(429);
    expect((await app.request('/api/feeds', bearer(TOKEN, from('192.0.2.14')))).status).toBe(429);
    // …but the one that signed in before is not locked out by someone else's flood.
    expect((await signIn('192.0.2.1', TOKEN)).status).toBe(303);
    expect((await app.request('/api/feeds', bearer(TOKEN, from('192.0.2.1')))).status).toBe(200);
  });
});
