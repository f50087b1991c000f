import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, DEFAULT_USER_AGENT, type HttpClient, type HttpClientOptions } from './client.js';
import { FetchError } from './errors.js';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** One real HTTP server on 127.0.0.1; each test installs the routes it needs. */
let server: http.Server;
let origin: string;
let routes = new Map<string, Handler>();
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const handler = routes.get(new URL(request.url ?? '/', 'http://x').pathname);
    if (handler) handler(request, response);
    else response.writeHead(404).end('no route');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  routes = new Map();
  server.closeAllConnections();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  const created = createHttpClient({ timeoutMs: 5_000, maxBytes: 1_000_000, allowPrivateNetworks: true, ...overrides });
  clients.push(created);
  return created;
}

function route(path: string, handler: Handler): string {
  routes.set(path, handler);
  return `${origin}${path}`;
}

async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('createHttpClient', () => {
  it('fetches a body with headers, default user agent and the requested Accept', async () => {
    const url = route('/feed.xml', (request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"v1"', 'X-Seen-Accept': request.headers.accept ?? '' });
      response.end(`<rss>${request.headers['user-agent']}</rss>`);
    });

    const result = await client().fetch(url, { accept: 'application/rss+xml' });

    expect(result).toMatchObject({
      url,
      status: 200,
      notModified: false,
      contentType: 'application/rss+xml',
      headers: { etag: '"v1"', 'x-seen-accept': 'application/rss+xml' },
    });
    expect(result.body.toString()).toBe(`<rss>${DEFAULT_USER_AGENT}</rss>`);
  });

  it('decompresses gzip bodies', async () => {
    const url = route('/gz', (_request, response) => {
      response.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync('hello '.repeat(1000)));
    });
    expect((await client().fetch(url)).body.toString()).toBe('hello '.repeat(1000));
  });

  describe('private networks', () => {
    it('refuses a literal loopback URL before connecting', async () => {
      let hits = 0;
      const url = route('/secret', (_request, response) => {
        hits++;
        response.end('secret');
      });
      const error = await fetchError(client({ allowPrivateNetworks: false }).fetch(url));
      expect(error).toMatchObject({ kind: 'blocked', retryable: false });
      expect(hits).toBe(0);
    });

    it('refuses an IPv4-mapped IPv6 literal', async () => {
      const { port } = server.address() as AddressInfo;
      const error = await fetchError(client({ allowPrivateNetworks: false }).fetch(`http://[::ffff:127.0.0.1]:${port}/`));
      expect(error.kind).toBe('blocked');
    });

    it('refuses a hostname that resolves to loopback, at connect time', async () => {
      let hits = 0;
      route('/secret', (_request, response) => {
        hits++;
        response.end('secret');
      });
      const { port } = server.address() as AddressInfo;
      const error = await fetchError(client({ allowPrivateNetworks: false }).fetch(`http://localhost:${port}/secret`));
      expect(error).toMatchObject({ kind: 'blocked', retryable: false });
      expect(hits).toBe(0);
    });

    it('reaches localhost when private networks are allowed', async () => {
      route('/ok', (_request, response) => response.end('ok'));
      const { port } = server.address() as AddressInfo;
      // localhost may resolve to ::1 first; the server only listens on IPv4, which autoSelectFamily finds.
      const result = await client().fetch(`http://localhost:${port}/ok`);
      expect(result.body.toString()).toBe('ok');
    });
  });

  describe('URLs', () => {
    it.each(['ftp://example.com/feed', 'file:///etc/passwd', 'not a url', 'javascript:alert(1)'])(
      'rejects %s as invalid_url',
      async (url) => {
        const error = await fetchError(client().fetch(url));
        expect(error).toMatchObject({ kind: 'invalid_url', retryable: false });
      },
    );

    it('rejects URLs longer than maxUrlLength', async () => {
      const url = route('/long', (_request, response) => response.end('ok'));
      await expect(client({ maxUrlLength: 100 }).fetch(`${url}?q=${'a'.repeat(100)}`)).rejects.toMatchObject({
        kind: 'invalid_url',
      });
      await expect(client({ maxUrlLength: 100 }).fetch(`${url}?q=short`)).resolves.toMatchObject({ status: 200 });
    });
  });

  describe('redirects', () => {
    function chain(length: number): string {
      for (let hop = length; hop > 0; hop--) {
        const next = hop === 1 ? '/final' : `/hop${hop - 1}`;
        route(`/hop${hop}`, (_request, response) => response.writeHead(hop % 2 ? 301 : 302, { Location: next }).end());
      }
      route('/final', (request, response) => response.end(`final ${request.headers['if-none-match'] ?? ''}`));
      return `${origin}/hop${length}`;
    }

    it('follows relative redirects and reports the final URL', async () => {
      const result = await client().fetch(chain(3), { headers: { 'If-None-Match': '"abc"' } });
      expect(result.url).toBe(`${origin}/final`);
      expect(result.body.toString()).toBe('final "abc"');
    });

    it('follows exactly maxRedirects hops and no more', async () => {
      const start = chain(3);
      await expect(client({ maxRedirects: 3 }).fetch(start)).resolves.toMatchObject({ status: 200 });
      const error = await fetchError(client({ maxRedirects: 2 }).fetch(start));
      expect(error).toMatchObject({ kind: 'too_many_redirects', retryable: false });
    });

    it('stops a redirect loop', async () => {
      const url = route('/loop', (_request, response) => response.writeHead(307, { Location: url }).end());
      expect((await fetchError(client().fetch(url))).kind).toBe('too_many_redirects');
    });

    it('validates each hop: a redirect to another scheme is invalid_url', async () => {
      const url = route('/to-file', (_request, response) => response.writeHead(302, { Location: 'file:///etc/passwd' }).end());
      expect((await fetchError(client().fetch(url))).kind).toBe('invalid_url');
    });

    it('drops credentials when a redirect leaves the origin', async () => {
      const { port } = server.address() as AddressInfo;
      route('/echo', (request, response) => response.end(`${request.headers.authorization ?? 'none'}`));
      const sameOrigin = route('/same', (_request, response) => response.writeHead(302, { Location: '/echo' }).end());
      const otherOrigin = route('/other', (_request, response) =>
        response.writeHead(302, { Location: `http://localhost:${port}/echo` }).end(),
      );
      const init = { headers: { Authorization: 'Basic dTpw' } };
      expect((await client().fetch(sameOrigin, init)).body.toString()).toBe('Basic dTpw');
      expect((await client().fetch(otherOrigin, init)).body.toString()).toBe('none');
    });
  });

  it('returns 304 with an empty body when the caller sends a matching If-None-Match', async () => {
    const url = route('/conditional', (request, response) => {
      if (request.headers['if-none-match'] === '"v2"') response.writeHead(304, { ETag: '"v2"' }).end();
      else response.writeHead(200, { ETag: '"v2"' }).end('fresh');
    });

    const cached = await client().fetch(url, { headers: { 'If-None-Match': '"v2"' } });
    expect(cached).toMatchObject({ status: 304, notModified: true, headers: { etag: '"v2"' } });
    expect(cached.body.length).toBe(0);

    const fresh = await client().fetch(url, { headers: { 'If-None-Match': '"v1"' } });
    expect(fresh).toMatchObject({ status: 200, notModified: false });
    expect(fresh.body.toString()).toBe('fresh');
  });

  describe('HTTP errors', () => {
    it('404 is permanent', async () => {
      const url = route('/gone', (_request, response) => response.writeHead(404).end('nope'));
      const error = await fetchError(client().fetch(url));
      expect(error).toMatchObject({ kind: 'http', status: 404, retryable: false, message: 'HTTP 404 Not Found' });
      expect(error.retryAfterSeconds).toBeUndefined();
    });

    it('503 with Retry-After seconds is retryable after that delay', async () => {
      const url = route('/busy', (_request, response) => response.writeHead(503, { 'Retry-After': '7' }).end());
      const error = await fetchError(client().fetch(url));
      expect(error).toMatchObject({ kind: 'http', status: 503, retryable: true, retryAfterSeconds: 7 });
    });

    it('429 with Retry-After as an HTTP date', async () => {
      const url = route('/slow-down', (_request, response) =>
        response.writeHead(429, { 'Retry-After': new Date(Date.now() + 120_000).toUTCString() }).end(),
      );
      const error = await fetchError(client().fetch(url));
      expect(error).toMatchObject({ kind: 'http', status: 429, retryable: true });
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(110);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(121);
    });

    it.each([
      [408, true],
      [500, true],
      [502, true],
      [400, false],
      [403, false],
      [410, false],
    ])('%i → retryable %s', async (status, retryable) => {
      const url = route('/status', (_request, response) => response.writeHead(status).end());
      expect(await fetchError(client().fetch(url))).toMatchObject({ kind: 'http', status, retryable });
    });
  });

  describe('maxBytes', () => {
    it('refuses a declared Content-Length over the limit without waiting for the body', async () => {
      // The body never comes: reading it would end in a timeout, not too_large.
      const url = route('/declared', (_request, response) => {
        response.writeHead(200, { 'Content-Length': '10000000' });
        response.flushHeaders();
      });
      const error = await fetchError(client({ maxBytes: 1000, timeoutMs: 3_000 }).fetch(url));
      expect(error).toMatchObject({ kind: 'too_large', retryable: false });
    });

    it('stops reading an unbounded chunked body at the limit', async () => {
      let closed = false;
      const url = route('/endless', (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/plain' });
        response.on('close', () => {
          closed = true;
        });
        // Bounded so a broken client cannot hang the test run: 64 MB, far past the limit.
        let sent = 0;
        const pump = () => {
          while (!closed && sent < 64_000_000) {
            sent += 16_384;
            if (!response.write(Buffer.alloc(16_384, 'x'))) return void response.once('drain', pump);
          }
          response.end();
        };
        pump();
      });
      const error = await fetchError(client({ maxBytes: 100_000, timeoutMs: 10_000 }).fetch(url));
      expect(error.kind).toBe('too_large');
      await expect.poll(() => closed).toBe(true);
    });

    it('counts the decompressed size of a gzip body', async () => {
      const bomb = gzipSync(Buffer.alloc(5_000_000, 'a'));
      expect(bomb.length).toBeLessThan(100_000);
      const url = route('/bomb', (_request, response) => {
        response.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': String(bomb.length) }).end(bomb);
      });
      const error = await fetchError(client({ maxBytes: 100_000 }).fetch(url));
      expect(error.kind).toBe('too_large');
    });

    it('accepts a body of exactly maxBytes', async () => {
      const url = route('/exact', (_request, response) => response.end(Buffer.alloc(1000, 'y')));
      expect((await client({ maxBytes: 1000 }).fetch(url)).body.length).toBe(1000);
    });
  });

  describe('timeouts', () => {
    it('times out a server that never answers', async () => {
      const url = route('/stall', () => {});
      const started = Date.now();
      const error = await fetchError(client({ timeoutMs: 300 }).fetch(url));
      expect(error).toMatchObject({ kind: 'timeout', retryable: true });
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('counts the body against the same deadline', async () => {
      const url = route('/trickle', (_request, response) => {
        response.writeHead(200);
        response.write('first bytes');
      });
      const error = await fetchError(client({ timeoutMs: 300 }).fetch(url));
      expect(error.kind).toBe('timeout');
    });
  });

  it('reports a refused connection as a retryable network error', async () => {
    const closedServer = http.createServer();
    await new Promise<void>((resolve) => closedServer.listen(0, '127.0.0.1', resolve));
    const { port } = closedServer.address() as AddressInfo;
    await new Promise((resolve) => closedServer.close(resolve));

    const error = await fetchError(client().fetch(`http://127.0.0.1:${port}/`));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('close is safe to call twice and refuses later fetches', async () => {
    const url = route('/ok', (_request, response) => response.end('ok'));
    const once = createHttpClient({ timeoutMs: 1_000, maxBytes: 1_000, allowPrivateNetworks: true });
    await once.fetch(url);
    await once.close();
    await once.close();
    await expect(once.fetch(url)).rejects.toThrow('closed');
  });
});
