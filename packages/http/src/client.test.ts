import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, DEFAULT_USER_AGENT, type HttpClient, type HttpClientOptions } from './client.js';
import { FetchError } from './errors.js';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

const MiB = 1024 * 1024;

/** One real HTTP server on 127.0.0.1; each test installs the routes it needs. */
let server: http.Server;
let origin: string;
let port: number;
let routes = new Map<string, Handler>();
const clients: HttpClient[] = [];
const extraServers: http.Server[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const handler = routes.get(new URL(request.url ?? '/', 'http://x').pathname);
    if (handler) handler(request, response);
    else response.writeHead(404).end('no route');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  routes = new Map();
  server.closeAllConnections();
  for (const extra of extraServers.splice(0)) {
    extra.closeAllConnections();
    extra.close();
  }
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A client with small limits, allowed to reach the test server. */
function client(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  return track(createHttpClient({ timeoutMs: 5_000, maxBytes: 1_000_000, allowPrivateNetworks: true, ...overrides }));
}

/** A client with the production defaults, allowed to reach the test server. */
function defaultClient(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  return track(createHttpClient({ allowPrivateNetworks: true, ...overrides }));
}

/** A client with the private-network guard on, except for the test server's own origin. */
function guardedClient(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  // A short deadline so that a broken guard, dialling an unroutable metadata address, fails fast.
  return client({ allowPrivateNetworks: false, allowedPrivateOrigins: [origin], timeoutMs: 3_000, ...overrides });
}

function track(created: HttpClient): HttpClient {
  clients.push(created);
  return created;
}

function route(path: string, handler: Handler): string {
  routes.set(path, handler);
  return `${origin}${path}`;
}

/** A route that counts its requests, for proving that a refused fetch never reached the server. */
function countedRoute(path: string): { url: string; hits: () => number } {
  let hits = 0;
  const url = route(path, (_request, response) => {
    hits++;
    response.end('secret');
  });
  return { url, hits: () => hits };
}

async function listen(handler: Handler): Promise<number> {
  const extra = http.createServer(handler);
  extraServers.push(extra);
  await new Promise<void>((resolve) => extra.listen(0, '127.0.0.1', resolve));
  return (extra.address() as AddressInfo).port;
}

interface StreamState {
  /** Bytes handed to the socket (or to the compressor) so far. */
  sent: number;
  /** True once the client hung up. */
  closed: boolean;
}

/**
 * Writes `total` bytes of `fill`, honouring backpressure, and stops when the client hangs up. Through
 * `gzip`, the bytes are compressed on the fly: an endless bomb that is never held in memory here either.
 */
function streamRoute(path: string, total: number, options: { headers?: http.OutgoingHttpHeaders; gzip?: boolean } = {}) {
  const state: StreamState = { sent: 0, closed: false };
  const url = route(path, (_request, response) => {
    response.writeHead(200, { ...options.headers, ...(options.gzip ? { 'Content-Encoding': 'gzip' } : {}) });
    const sink = options.gzip ? zlib.createGzip({ level: 1 }) : response;
    if (sink !== response) sink.pipe(response);
    response.on('close', () => {
      state.closed = true;
      if (sink !== response) sink.destroy();
    });
    const block = Buffer.alloc(64 * 1024, options.gzip ? 0 : 'x');
    const pump = () => {
      while (!state.closed && state.sent < total) {
        state.sent += block.length;
        if (!sink.write(block)) return void sink.once('drain', pump);
      }
      if (!state.closed) sink.end();
    };
    pump();
  });
  return { url, state };
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
  it('fetches a body with headers, the requested Accept and no redirects', async () => {
    const url = route('/feed.xml', (request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"v1"', 'X-Seen-Accept': request.headers.accept ?? '' });
      response.end('<rss/>');
    });

    const result = await client().fetch(url, { accept: 'application/rss+xml' });

    expect(result).toMatchObject({
      url,
      status: 200,
      notModified: false,
      redirects: [],
      contentType: 'application/rss+xml',
      headers: { etag: '"v1"', 'x-seen-accept': 'application/rss+xml' },
    });
    expect(result.body.toString()).toBe('<rss/>');
  });

  describe('User-Agent', () => {
    const echo = () => route('/ua', (request, response) => response.end(request.headers['user-agent']));

    it('names Polywire and a contact URL by default', async () => {
      const sent = (await client().fetch(echo())).body.toString();
      expect(sent).toBe(DEFAULT_USER_AGENT);
      expect(sent).toMatch(/^Polywire\/\S+ \(\+https:\/\/\S+\)$/);
    });

    it('sends the one the app configures', async () => {
      const userAgent = 'Polywire/0.1 (news ingestion; +mailto:ops@example.org)';
      expect((await client({ userAgent }).fetch(echo())).body.toString()).toBe(userAgent);
    });

    it('refuses an unusable one when the client is created', () => {
      expect(() => createHttpClient({ userAgent: 'Polywire\r\nX-Injected: 1' })).toThrow(TypeError);
      expect(() => createHttpClient({ userAgent: '' })).toThrow(TypeError);
    });
  });

  describe('private networks', () => {
    it('refuses a literal loopback URL before connecting', async () => {
      const secret = countedRoute('/secret');
      const error = await fetchError(client({ allowPrivateNetworks: false }).fetch(secret.url));
      expect(error).toMatchObject({ kind: 'blocked', retryable: false });
      expect(secret.hits()).toBe(0);
    });

    it('is on by default', async () => {
      const secret = countedRoute('/secret');
      expect(await fetchError(track(createHttpClient()).fetch(secret.url))).toMatchObject({ kind: 'blocked' });
      expect(secret.hits()).toBe(0);
    });

    // WHATWG URL parsing turns every legacy spelling into the dotted quad before anything connects, so
    // the guard sees the address that would be dialled. Each URL points at the live test server: without
    // the guard the fetch would succeed.
    it.each([
      ['2130706433', '127.0.0.1'],
      ['0x7f.1', '127.0.0.1'],
      ['017700000001', '127.0.0.1'],
      ['127.1', '127.0.0.1'],
      ['0177.0.0.1', '127.0.0.1'],
      ['0x7f000001', '127.0.0.1'],
      ['127.0.0.1.', '127.0.0.1'],
      ['0', '0.0.0.0'],
      ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]'],
    ])('refuses http://%s:port/, which is %s', async (spelling, normalized) => {
      const secret = countedRoute('/secret');
      const url = `http://${spelling}:${port}/secret`;
      expect(new URL(url).hostname).toBe(normalized);
      const error = await fetchError(client({ allowPrivateNetworks: false }).fetch(url));
      expect(error).toMatchObject({ kind: 'blocked', retryable: false });
      expect(secret.hits()).toBe(0);
    });

    it.each([
      'http://169.254.169.254/latest/meta-data/', // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack
      'http://0xa9fea9fe/latest/meta-data/', // the same, spelled in hex
      'http://[::ffff:a9fe:a9fe]/latest/meta-data/', // the same, IPv4-mapped
      'http://[fd00:ec2::254]/latest/meta-data/', // AWS over IPv6
      'http://100.100.100.200/latest/meta-data/', // Alibaba Cloud
      'http://169.254.0.23/', // Tencent Cloud
      'http://192.0.0.192/latest/', // older Oracle Cloud
    ])('refuses the metadata service at %s', async (url) => {
      const error = await fetchError(client({ allowPrivateNetworks: false, timeoutMs: 3_000 }).fetch(url));
      expect(error).toMatchObject({ kind: 'blocked', retryable: false });
    });

    it('refuses a hostname that resolves to loopback, at connect time', async () => {
      const secret = countedRoute('/secret');
      const error = await fetchError(client({ allowPrivateNetworks: false }).fetch(`http://localhost:${port}/secret`));
      expect(error).toMatchObject({ kind: 'blocked', retryable: false });
      expect(secret.hits()).toBe(0);
    });

    it('reaches localhost when private networks are allowed', async () => {
      route('/ok', (_request, response) => response.end('ok'));
      // localhost may resolve to ::1 first; the server only listens on IPv4, which autoSelectFamily finds.
      const result = await client().fetch(`http://localhost:${port}/ok`);
      expect(result.body.toString()).toBe('ok');
    });

    describe('allowedPrivateOrigins', () => {
      it('reaches an allowed origin, redirects within it included', async () => {
        route('/inside', (_request, response) => response.end('inside'));
        const url = route('/start', (_request, response) => response.writeHead(302, { Location: '/inside' }).end());
        expect((await guardedClient().fetch(url)).body.toString()).toBe('inside');
      });

      // The first hop goes to the allowed test server; the target is then judged by the real rule.
      it.each([
        ['another port on 127.0.0.1', (other: number) => `http://127.0.0.1:${other}/`],
        ['that port spelled as a decimal IP', (other: number) => `http://2130706433:${other}/`],
        ['the same server by another name', () => `http://localhost:${port}/secret`],
        ['the same port on ::1', () => `http://[::1]:${port}/secret`],
        ['the cloud metadata service', () => 'http://169.254.169.254/latest/meta-data/'],
        ['the AWS metadata service over IPv6', () => 'http://[fd00:ec2::254]/latest/meta-data/'],
      ])('refuses a redirect to %s', async (_name, target) => {
        let otherHits = 0;
        const other = await listen((_request, response) => {
          otherHits++;
          response.end('other');
        });
        const secret = countedRoute('/secret');
        let jumps = 0;
        const url = route('/jump', (_request, response) => {
          jumps++;
          response.writeHead(302, { Location: target(other) }).end();
        });

        const error = await fetchError(guardedClient().fetch(url));

        expect(error).toMatchObject({ kind: 'blocked', retryable: false });
        expect(jumps).toBe(1);
        expect(secret.hits() + otherHits).toBe(0);
      });

      it('refuses an entry that is not an http(s) origin when the client is created', () => {
        expect(() => createHttpClient({ allowedPrivateOrigins: ['10.0.0.5:3000'] })).toThrow(TypeError);
        expect(() => createHttpClient({ allowedPrivateOrigins: ['file:///etc'] })).toThrow(TypeError);
      });
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

    it('accepts 2,048 characters by default and refuses 2,049 without a request', async () => {
      const page = countedRoute('/long');
      const exact = `${page.url}?q=`.padEnd(2048, 'a');
      await expect(defaultClient().fetch(exact)).resolves.toMatchObject({ status: 200 });
      const error = await fetchError(defaultClient().fetch(`${exact}a`));
      expect(error).toMatchObject({ kind: 'invalid_url', retryable: false });
      expect(page.hits()).toBe(1);
    });

    it('applies maxUrlLength', async () => {
      const url = route('/long', (_request, response) => response.end('ok'));
      await expect(client({ maxUrlLength: 100 }).fetch(`${url}?q=${'a'.repeat(100)}`)).rejects.toMatchObject({
        kind: 'invalid_url',
      });
      await expect(client({ maxUrlLength: 100 }).fetch(`${url}?q=short`)).resolves.toMatchObject({ status: 200 });
    });

    it('applies the limit to redirect targets', async () => {
      const url = route('/to-long', (_request, response) =>
        response.writeHead(301, { Location: `/long?q=${'a'.repeat(2048)}` }).end(),
      );
      expect(await fetchError(defaultClient().fetch(url))).toMatchObject({ kind: 'invalid_url' });
    });
  });

  describe('redirects', () => {
    /** /hop{n} → … → /hop1 → /final, with the given status for each hop from the first. */
    function chain(statuses: number[]): string {
      statuses.forEach((status, index) => {
        const hop = statuses.length - index;
        const next = hop === 1 ? '/final' : `/hop${hop - 1}`;
        route(`/hop${hop}`, (_request, response) => response.writeHead(status, { Location: next }).end());
      });
      route('/final', (request, response) => response.end(`final ${request.headers['if-none-match'] ?? ''}`));
      return `${origin}/hop${statuses.length}`;
    }

    it('follows relative redirects, keeps validators and reports the final URL', async () => {
      const result = await client().fetch(chain([301, 302, 301]), { headers: { 'If-None-Match': '"abc"' } });
      expect(result.url).toBe(`${origin}/final`);
      expect(result.body.toString()).toBe('final "abc"');
    });

    it('reports each hop with its status and target, so callers can tell permanent moves apart', async () => {
      const result = await client().fetch(chain([301, 302, 308, 307, 303]));
      expect(result.redirects).toEqual([
        { status: 301, url: `${origin}/hop4` },
        { status: 302, url: `${origin}/hop3` },
        { status: 308, url: `${origin}/hop2` },
        { status: 307, url: `${origin}/hop1` },
        { status: 303, url: `${origin}/final` },
      ]);
    });

    it('follows 5 redirects by default and refuses a sixth', async () => {
      await expect(defaultClient().fetch(chain([301, 301, 301, 301, 301]))).resolves.toMatchObject({ status: 200 });
      const error = await fetchError(defaultClient().fetch(chain([301, 301, 301, 301, 301, 301])));
      expect(error).toMatchObject({ kind: 'too_many_redirects', retryable: false });
    });

    it('follows exactly maxRedirects hops and no more', async () => {
      const start = chain([302, 302, 302]);
      await expect(client({ maxRedirects: 3 }).fetch(start)).resolves.toMatchObject({ status: 200 });
      const error = await fetchError(client({ maxRedirects: 2 }).fetch(start));
      expect(error).toMatchObject({ kind: 'too_many_redirects', retryable: false });
    });

    it('stops a redirect to itself', async () => {
      const url = route('/loop', (_request, response) => response.writeHead(307, { Location: url }).end());
      expect((await fetchError(client().fetch(url))).kind).toBe('too_many_redirects');
    });

    it('stops a loop A → B → A after maxRedirects hops', async () => {
      let requests = 0;
      route('/a', (_request, response) => {
        requests++;
        response.writeHead(301, { Location: '/b' }).end();
      });
      route('/b', (_request, response) => {
        requests++;
        response.writeHead(302, { Location: '/a' }).end();
      });
      expect((await fetchError(defaultClient().fetch(`${origin}/a`))).kind).toBe('too_many_redirects');
      expect(requests).toBe(6);
    });

    it('validates each hop: a redirect to another scheme is invalid_url', async () => {
      const url = route('/to-file', (_request, response) => response.writeHead(302, { Location: 'file:///etc/passwd' }).end());
      expect((await fetchError(client().fetch(url))).kind).toBe('invalid_url');
    });

    it('drops credentials when a redirect leaves the origin', async () => {
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
      const url = route('/missing', (_request, response) => response.writeHead(404).end('nope'));
      const error = await fetchError(client().fetch(url));
      expect(error).toMatchObject({ kind: 'http', status: 404, retryable: false, message: 'HTTP 404 Not Found' });
      expect(error.retryAfterSeconds).toBeUndefined();
    });

    it('410 Gone is permanent and tells itself apart by its status', async () => {
      const url = route('/gone', (_request, response) => response.writeHead(410, { 'Retry-After': '60' }).end('gone'));
      const error = await fetchError(client().fetch(url));
      expect(error).toMatchObject({ kind: 'http', status: 410, retryable: false, message: 'HTTP 410 Gone' });
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

  describe('content codings', () => {
    const text = '<rss><channel><title>Ünïcode — 新闻</title></channel></rss>'.repeat(200);

    it.each([
      ['gzip', zlib.gzipSync],
      ['x-gzip', zlib.gzipSync],
      ['deflate', zlib.deflateSync],
      // Raw deflate without the zlib wrapper, as some servers send it for "deflate".
      ['deflate', zlib.deflateRawSync],
      ['br', zlib.brotliCompressSync],
    ])('decodes %s (%o)', async (coding, compress) => {
      let acceptEncoding: string | undefined;
      const url = route('/coded', (request, response) => {
        acceptEncoding = request.headers['accept-encoding'];
        response.writeHead(200, { 'Content-Encoding': coding }).end(compress(text));
      });
      expect((await client().fetch(url)).body.toString()).toBe(text);
      expect(acceptEncoding).toBe('gzip, deflate, br');
    });

    it('keeps what a gzip body held when its trailer is missing, as browsers do', async () => {
      const truncated = zlib.gzipSync(text).subarray(0, -8);
      const url = route('/truncated', (_request, response) => response.writeHead(200, { 'Content-Encoding': 'gzip' }).end(truncated));
      expect((await client().fetch(url)).body.toString()).toBe(text);
    });

    it('reports a corrupt gzip body as a network error', async () => {
      const url = route('/corrupt', (_request, response) =>
        response.writeHead(200, { 'Content-Encoding': 'gzip' }).end(Buffer.from('definitely not gzip')),
      );
      expect(await fetchError(client().fetch(url))).toMatchObject({ kind: 'network' });
    });

    it('refuses a coding it did not ask for rather than returning compressed bytes', async () => {
      const url = route('/zstd', (_request, response) => response.writeHead(200, { 'Content-Encoding': 'zstd' }).end('(zstd)'));
      const error = await fetchError(client().fetch(url));
      expect(error.kind).toBe('network');
      expect(error.message).toContain('Unsupported Content-Encoding "zstd"');
    });
  });

  describe('size limits', () => {
    it('accepts 15 MiB by default and refuses one byte more', async () => {
      const url = route('/sized', (request, response) => {
        const size = Number(new URL(request.url ?? '', 'http://x').searchParams.get('size'));
        response.end(Buffer.alloc(size, 'y'));
      });
      expect((await defaultClient().fetch(`${url}?size=${15 * MiB}`)).body.length).toBe(15 * MiB);
      const error = await fetchError(defaultClient().fetch(`${url}?size=${15 * MiB + 1}`));
      expect(error).toMatchObject({ kind: 'too_large', retryable: false });
    });

    it('accepts a body of exactly maxBytes', async () => {
      const url = route('/exact', (_request, response) => response.end(Buffer.alloc(1000, 'y')));
      expect((await client({ maxBytes: 1000 }).fetch(url)).body.length).toBe(1000);
    });

    it('counts downloaded bytes too, even when they inflate to less', async () => {
      // Random bytes do not compress: gzipped they grow by a header and trailer.
      const gzipped = zlib.gzipSync(randomBytes(1000));
      expect(gzipped.length).toBeGreaterThan(1010);
      const url = route('/incompressible', (_request, response) => {
        response.writeHead(200, { 'Content-Encoding': 'gzip' });
        // write() then end(): chunked, so no Content-Length gives the size away up front.
        response.write(gzipped);
        response.end();
      });
      expect(await fetchError(client({ maxBytes: 1010 }).fetch(url))).toMatchObject({ kind: 'too_large' });
      expect((await client({ maxBytes: gzipped.length }).fetch(url)).body.length).toBe(1000);
    });

    it('refuses a declared Content-Length over the limit without waiting for the body', async () => {
      // The body never comes: reading it would end in a timeout, not too_large.
      const url = route('/declared', (_request, response) => {
        response.writeHead(200, { 'Content-Length': '10000000' });
        response.flushHeaders();
      });
      const error = await fetchError(client({ maxBytes: 1000, timeoutMs: 3_000 }).fetch(url));
      expect(error).toMatchObject({ kind: 'too_large', retryable: false });
    });

    it('refuses a 200 MB body from its Content-Length and hangs up', async () => {
      const { url, state } = streamRoute('/200mb', 200_000_000, { headers: { 'Content-Length': '200000000' } });
      const error = await fetchError(defaultClient().fetch(url));
      expect(error).toMatchObject({ kind: 'too_large', retryable: false });
      expect(error.message).toContain('declares 200000000 bytes');
      await expect.poll(() => state.closed).toBe(true);
      expect(state.sent).toBeLessThan(200_000_000);
    });

    it('stops a 200 MB body without Content-Length at 15 MiB and hangs up', async () => {
      const { url, state } = streamRoute('/200mb-chunked', 200_000_000);
      const error = await fetchError(defaultClient().fetch(url));
      expect(error).toMatchObject({ kind: 'too_large', retryable: false });
      expect(error.message).toContain(`limit of ${15 * MiB} bytes`);
      await expect.poll(() => state.closed).toBe(true);
      // The server writes only as fast as the client reads; what is beyond 15 MiB sat in socket buffers.
      expect(state.sent).toBeLessThan(100_000_000);
    });

    it('applies maxBytes to an unbounded chunked body', async () => {
      const { url, state } = streamRoute('/endless', 64_000_000);
      const error = await fetchError(client({ maxBytes: 100_000, timeoutMs: 10_000 }).fetch(url));
      expect(error.kind).toBe('too_large');
      await expect.poll(() => state.closed).toBe(true);
    });
  });

  describe('decompression bombs', () => {
    // 50 MB of zeros: about 49 KB as gzip or deflate, under 100 bytes as brotli.
    const zeros = Buffer.alloc(50_000_000);
    const bombs = {
      gzip: zlib.gzipSync(zeros),
      deflate: zlib.deflateSync(zeros),
      br: zlib.brotliCompressSync(zeros, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }),
    };

    it.each(Object.entries(bombs))('stops a %s bomb by its compression ratio', async (coding, bomb) => {
      expect(bomb.length).toBeLessThan(100_000);
      const url = route('/bomb', (_request, response) => {
        response.writeHead(200, { 'Content-Encoding': coding, 'Content-Length': String(bomb.length) }).end(bomb);
      });
      // maxBytes alone would let all 50 MB through: only the ratio guard can stop this one.
      const error = await fetchError(defaultClient({ maxBytes: 100_000_000 }).fetch(url));
      expect(error).toMatchObject({ kind: 'too_large', retryable: false });
      expect(error.message).toContain('decompression bomb');
    });

    it('counts the decompressed size against maxBytes when the ratio guard is off', async () => {
      const url = route('/bomb', (_request, response) => {
        response.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': String(bombs.gzip.length) }).end(bombs.gzip);
      });
      const error = await fetchError(defaultClient({ maxCompressionRatio: Number.POSITIVE_INFINITY }).fetch(url));
      expect(error.kind).toBe('too_large');
      expect(error.message).toContain(`limit of ${15 * MiB} bytes`);
    });

    it('streams an endless gzip bomb and hangs up instead of inflating it all', async () => {
      // 10 GB of zeros compressed as they are sent: only a client that streams and stops can end this
      // before its deadline, and the server sees the hang-up.
      const { url, state } = streamRoute('/endless-bomb', 10_000_000_000, { gzip: true });
      const error = await fetchError(defaultClient({ maxCompressionRatio: Number.POSITIVE_INFINITY, timeoutMs: 20_000 }).fetch(url));
      expect(error.kind).toBe('too_large');
      await expect.poll(() => state.closed).toBe(true);
      expect(state.sent).toBeLessThan(10_000_000_000);
    });

    it('accepts an ordinary compressed body larger than the ratio floor', async () => {
      // Pseudo-random words compress about 3×, like real text; 2 MB is past the 1 MiB floor.
      let seed = 42;
      const words = ['news', 'feed', 'item', 'title', 'link', 'world', 'report', 'update', 'today', 'über', '新闻'];
      const parts: string[] = [];
      for (let length = 0; length < 2_000_000; ) {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        const word = `${words[seed % words.length]}${seed % 997} `;
        parts.push(word);
        length += word.length;
      }
      const text = parts.join('');
      const url = route('/big-text', (_request, response) =>
        response.writeHead(200, { 'Content-Encoding': 'gzip' }).end(zlib.gzipSync(text)),
      );
      expect((await defaultClient().fetch(url)).body.toString()).toBe(text);
    });
  });

  describe('timeouts', () => {
    it('times out a server that never answers', async () => {
      const url = route('/stall', () => {});
      const error = await fetchError(client({ timeoutMs: 300 }).fetch(url));
      expect(error).toMatchObject({ kind: 'timeout', retryable: true });
      expect(error.message).toContain('Timed out after 300 ms');
    });

    it('counts the body against the same deadline', async () => {
      const url = route('/trickle', (_request, response) => {
        response.writeHead(200);
        response.write('first bytes');
      });
      const error = await fetchError(client({ timeoutMs: 300 }).fetch(url));
      expect(error.kind).toBe('timeout');
    });

    it('ends a server that drips a byte every 100 ms at the total deadline', async () => {
      // The drip keeps the idle timer from ever firing; only timeoutMs can end this.
      const url = route('/drip', (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        const drip = setInterval(() => response.write('.'), 100);
        response.on('close', () => clearInterval(drip));
      });
      const error = await fetchError(client({ timeoutMs: 2_500, idleTimeoutMs: 1_000 }).fetch(url));
      expect(error).toMatchObject({ kind: 'timeout', retryable: true });
      expect(error.message).toContain('Timed out after 2500 ms');
    });

    it('ends a body that stalls midway at the idle timeout, long before the deadline', async () => {
      const url = route('/stall-body', (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        response.write('<rss><channel>');
      });
      const error = await fetchError(client({ timeoutMs: 20_000, idleTimeoutMs: 300 }).fetch(url));
      expect(error).toMatchObject({ kind: 'timeout', retryable: true });
      expect(error.message).toContain('No body data for 300 ms');
    });

    it('ends a wait for response headers at the idle timeout', async () => {
      const url = route('/stall-headers', () => {});
      const error = await fetchError(client({ timeoutMs: 20_000, idleTimeoutMs: 300 }).fetch(url));
      expect(error).toMatchObject({ kind: 'timeout', retryable: true });
      expect(error.message).toContain('No response headers within 300 ms');
    });
  });

  it('reports a refused connection as a retryable network error', async () => {
    const closedServer = http.createServer();
    await new Promise<void>((resolve) => closedServer.listen(0, '127.0.0.1', resolve));
    const { port: closedPort } = closedServer.address() as AddressInfo;
    await new Promise((resolve) => closedServer.close(resolve));

    const error = await fetchError(client().fetch(`http://127.0.0.1:${closedPort}/`));
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
