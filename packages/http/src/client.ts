import { type IncomingHttpHeaders, STATUS_CODES } from 'node:http';
import { PassThrough, type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { Agent } from 'undici';
import { BlockedAddressError, createGuardedConnector, normalizeOrigin } from './address.js';
import { FetchError, parseRetryAfter } from './errors.js';

export interface HttpClientOptions {
  /** Budget for the whole request: connecting, every redirect hop, headers and body. Default 30 s. */
  timeoutMs?: number;
  /**
   * Longest wait for a response's headers, and longest silence between two chunks of its body.
   * Default 10 s. A server that drips a byte every few hundred ms never trips it; `timeoutMs` ends those.
   */
  idleTimeoutMs?: number;
  /** Largest body accepted, counted both as downloaded and after decompression. Default 15 MiB. */
  maxBytes?: number;
  /**
   * Largest decompressed ÷ downloaded size, checked once 1 MiB has been decompressed. Default 100.
   * `Infinity` turns the check off and leaves `maxBytes` as the only bound.
   */
  maxCompressionRatio?: number;
  /** Default 5. A redirect loop ends here too. */
  maxRedirects?: number;
  /** Default 2048, checked on the first URL and on every redirect target. */
  maxUrlLength?: number;
  /**
   * Default false: loopback, private, link-local, CGNAT, multicast, unspecified and similar addresses
   * are refused at connect time (see `isBlockedAddress`). True lifts the guard entirely.
   */
  allowPrivateNetworks?: boolean;
  /**
   * Origins (`http://10.0.0.5:3000`) that may be on a private network while the guard stays on for
   * everything else: an RSS-Bridge next to Polywire, or a test's own 127.0.0.1 server. A redirect from
   * such an origin to any other private target is still refused.
   */
  allowedPrivateOrigins?: readonly string[];
  /** Should name Polywire and a way to reach the operator. Default `DEFAULT_USER_AGENT`. */
  userAgent?: string;
}

export interface FetchInit {
  headers?: Record<string, string>;
  accept?: string;
  /**
   * Fields that identify the request in log lines about it (the job id, the article's URL hash), for
   * wrappers that log (the polite client in packages/runtime); this client does not log.
   */
  logContext?: Record<string, unknown>;
}

export interface RedirectHop {
  /** 301, 302, 303, 307 or 308. */
  status: number;
  /** Absolute URL the Location header pointed to. */
  url: string;
}

export interface FetchResult {
  /** Final URL after redirects. */
  url: string;
  /** 2xx, or 304 when the caller's validators matched. */
  status: number;
  notModified: boolean;
  /**
   * Every redirect followed, in order. A stored feed URL should move to `url` only when each hop is
   * permanent (301/308): a 302 anywhere in the chain means the first URL is still the one to poll.
   */
  redirects: RedirectHop[];
  /** Lower-case names. */
  headers: Record<string, string>;
  contentType: string | null;
  /** Raw, decompressed bytes; empty on 304. */
  body: Buffer;
}

export interface HttpClient {
  fetch(url: string, init?: FetchInit): Promise<FetchResult>;
  /** Closes pooled connections. Safe to call twice. */
  close(): Promise<void>;
}

/** A placeholder: the app passes one that names the operator's contact (see packages/config). */
export const DEFAULT_USER_AGENT = 'Polywire/0.1 (+https://github.com/polywire-news/polywire)';

// Miniflux caps bodies at 15 MiB after decompression (internal/config/options.go) and allows 20 s in
// all; we give slow origins 30 s in all but no more than 10 s of silence.
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 15 * 1024 * 1024;
// Text compresses 5–20× with gzip or brotli; deflate's ceiling is about 1,032×, and a bomb sits near it.
const DEFAULT_MAX_COMPRESSION_RATIO = 100;
// Below this a high ratio costs nothing worth refusing a (very repetitive) feed for.
const COMPRESSION_RATIO_FLOOR_BYTES = 1024 * 1024;
// Media Cloud's cap; longer URLs are almost always session or tracking junk.
const DEFAULT_MAX_URL_LENGTH = 2048;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// Only what readBody can decode. zstd waits for Node 22's zlib.
const ACCEPT_ENCODING = 'gzip, deflate, br';

// Credentials the caller meant for one origin must not follow a redirect to another (Go's http.Client
// and browsers drop them the same way). Validators such as If-None-Match do follow.
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** Marks an abort as our deadline, so it is reported as a timeout rather than a network failure. */
class DeadlineExceeded extends Error {}

interface BodyLimits {
  maxBytes: number;
  maxCompressionRatio: number;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const limits: BodyLimits = {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    maxCompressionRatio: options.maxCompressionRatio ?? DEFAULT_MAX_COMPRESSION_RATIO,
  };
  const maxRedirects = options.maxRedirects ?? 5;
  const maxUrlLength = options.maxUrlLength ?? DEFAULT_MAX_URL_LENGTH;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  // A bad value is a configuration mistake: fail when the process boots, not on the first fetch.
  if (!/^[\t\x20-\x7e\x80-\xff]+$/.test(userAgent)) throw new TypeError(`Invalid User-Agent: ${JSON.stringify(userAgent)}`);
  const allowedPrivateOrigins = new Set((options.allowedPrivateOrigins ?? []).map(normalizeOrigin));

  const agent = new Agent({
    connect: options.allowPrivateNetworks ? {} : createGuardedConnector(allowedPrivateOrigins),
  });
  let closing: Promise<void> | undefined;

  function parseUrl(raw: string, base?: URL): URL {
    if (raw.length > maxUrlLength) {
      throw new FetchError('invalid_url', `URL longer than ${maxUrlLength} characters: ${truncate(raw)}`);
    }
    let url: URL;
    try {
      url = new URL(raw, base);
    } catch (error) {
      throw new FetchError('invalid_url', `Invalid URL: ${truncate(raw)}`, { cause: error });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new FetchError('invalid_url', `Unsupported URL scheme ${url.protocol} in ${truncate(url.href)}`);
    }
    // Resolving against the base or percent-encoding can make it longer than what was checked above.
    if (url.href.length > maxUrlLength) {
      throw new FetchError('invalid_url', `URL longer than ${maxUrlLength} characters: ${truncate(url.href)}`);
    }
    return url;
  }

  async function fetchFollowingRedirects(rawUrl: string, init: FetchInit, signal: AbortSignal): Promise<FetchResult> {
    let url = parseUrl(rawUrl);
    const headers: Record<string, string> = { 'user-agent': userAgent, 'accept-encoding': ACCEPT_ENCODING };
    if (init.accept !== undefined) headers.accept = init.accept;
    for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
    const redirects: RedirectHop[] = [];

    for (;;) {
      // The address guard is not here but in the agent's connector: it sees the address each hop is
      // about to dial, after DNS, which a check on the URL cannot (see createGuardedConnector).
      const response = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        signal,
        headersTimeout: idleTimeoutMs,
        bodyTimeout: idleTimeoutMs,
      });
      const { statusCode: status, body } = response;
      const location = firstHeader(response.headers, 'location');

      // Redirects are followed by hand so that every hop is parsed, checked, counted and reported.
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        discard(body);
        if (redirects.length >= maxRedirects) {
          throw new FetchError('too_many_redirects', `More than ${maxRedirects} redirects fetching ${truncate(rawUrl)}`);
        }
        const next = parseUrl(location, url);
        if (next.origin !== url.origin) for (const name of ORIGIN_BOUND_HEADERS) delete headers[name];
        redirects.push({ status, url: next.href });
        url = next;
        continue;
      }

      if (status === 304) {
        discard(body);
        return toResult(url, status, response.headers, redirects, Buffer.alloc(0));
      }

      if (status < 200 || status > 299) {
        discard(body);
        throw httpError(status, response.statusText, response.headers);
      }

      return toResult(url, status, response.headers, redirects, await readBody(body, response.headers, limits));
    }
  }

  return {
    async fetch(url, init = {}) {
      if (closing) throw new Error('HttpClient is closed');
      const controller = new AbortController();
      const deadline = setTimeout(() => controller.abort(new DeadlineExceeded()), timeoutMs);
      try {
        return await fetchFollowingRedirects(url, init, controller.signal);
      } catch (error) {
        throw toFetchError(error, url, controller.signal, { timeoutMs, idleTimeoutMs });
      } finally {
        clearTimeout(deadline);
      }
    },
    close() {
      closing ??= agent.close();
      return closing;
    },
  };
}

/**
 * Streams the body through its decoder, counting as it goes, and gives up the moment a limit is
 * crossed. Throwing inside the pipeline destroys every stage, which makes undici drop the connection:
 * neither an endless body nor a gzip bomb is ever downloaded, inflated or held in full.
 */
async function readBody(body: Readable, headers: IncomingHttpHeaders, { maxBytes, maxCompressionRatio }: BodyLimits): Promise<Buffer> {
  // Content-Length counts downloaded bytes, and maxBytes bounds those too: refuse before reading any.
  const declared = Number(firstHeader(headers, 'content-length') ?? Number.NaN);
  let coding: string | undefined;
  let decoder: Transform;
  try {
    if (declared > maxBytes) {
      throw new FetchError('too_large', `Response body declares ${declared} bytes, more than the limit of ${maxBytes}`);
    }
    coding = contentCoding(headers);
    decoder = coding === undefined ? new PassThrough() : createDecoder(coding);
  } catch (error) {
    discard(body);
    throw error;
  }

  let downloaded = 0;
  let decoded = 0;
  const chunks: Buffer[] = [];
  await pipeline(
    body,
    async function* countDownloaded(source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        downloaded += chunk.byteLength;
        if (downloaded > maxBytes) throw tooLarge(maxBytes);
        yield chunk;
      }
    },
    decoder,
    async function collect(source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        decoded += chunk.byteLength;
        if (decoded > maxBytes) throw tooLarge(maxBytes);
        if (coding !== undefined && decoded > COMPRESSION_RATIO_FLOOR_BYTES && decoded > downloaded * maxCompressionRatio) {
          throw new FetchError(
            'too_large',
            `Response body inflates more than ${maxCompressionRatio}× (${downloaded} ${coding} bytes gave ${decoded} so far): a decompression bomb`,
          );
        }
        chunks.push(chunk);
      }
    },
  );
  return Buffer.concat(chunks, decoded);
}

/**
 * Drops a body we will not read. undici then closes the connection instead of draining it (a redirect's
 * or an error page's body can be as slow or as large as any other), and reports the drop as an
 * 'aborted' error on the stream, which nobody is left to hear.
 */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

/** The body's one content coding, or undefined for none. */
function contentCoding(headers: IncomingHttpHeaders): string | undefined {
  const codings = (firstHeader(headers, 'content-encoding') ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  // Stacked codings ("gzip, br") are legal but no server we know sends them; refusing beats guessing.
  if (codings.length > 1) throw unsupportedCoding(codings.join(', '));
  return codings[0];
}

// Truncated streams (a missing gzip trailer, an unfinished brotli block) are common from real servers and
// browsers accept what was decoded; undici's fetch uses the same flush modes.
const ZLIB_OPTIONS: zlib.ZlibOptions = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS: zlib.BrotliOptions = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

function createDecoder(coding: string): Transform {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(ZLIB_OPTIONS);
    case 'deflate':
      return new DeflateDecoder();
    case 'br':
      return zlib.createBrotliDecompress(BROTLI_OPTIONS);
    default:
      throw unsupportedCoding(coding);
  }
}

/**
 * "deflate" means zlib-wrapped data (RFC 9110 §8.4.1.2), but some servers send raw deflate and browsers
 * accept both. A zlib header's first byte carries compression method 8 in its low nibble; a raw stream's
 * first byte cannot (those bits are block padding, always zero).
 */
class DeflateDecoder extends Transform {
  #inflate: zlib.Inflate | zlib.InflateRaw | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (chunk.byteLength === 0) {
      callback();
      return;
    }
    if (!this.#inflate) {
      this.#inflate = (chunk[0]! & 0x0f) === 8 ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
      this.#inflate.on('data', (data: Buffer) => this.push(data));
      this.#inflate.on('error', (error) => this.destroy(error));
    }
    this.#inflate.write(chunk, (error) => callback(error));
  }

  override _flush(callback: TransformCallback): void {
    if (!this.#inflate) {
      callback();
      return;
    }
    this.#inflate.once('end', () => callback());
    this.#inflate.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#inflate?.destroy();
    callback(error);
  }
}

function unsupportedCoding(coding: string): FetchError {
  // 'network': like a garbled transfer, it is the response, not the URL, that is wrong.
  return new FetchError('network', `Unsupported Content-Encoding "${coding}" (we send Accept-Encoding: ${ACCEPT_ENCODING})`);
}

function toResult(url: URL, status: number, headers: IncomingHttpHeaders, redirects: RedirectHop[], body: Buffer): FetchResult {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    url: url.href,
    status,
    notModified: status === 304,
    redirects,
    headers: flat,
    contentType: flat['content-type'] ?? null,
    body,
  };
}

function firstHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function httpError(status: number, statusText: string, headers: IncomingHttpHeaders): FetchError {
  const reason = statusText || STATUS_CODES[status] || '';
  const retryAfterSeconds =
    status === 429 || status === 503 ? parseRetryAfter(firstHeader(headers, 'retry-after') ?? null) : undefined;
  return new FetchError('http', `HTTP ${status} ${reason}`.trim(), { status, retryAfterSeconds });
}

function tooLarge(maxBytes: number): FetchError {
  return new FetchError('too_large', `Response body is larger than the limit of ${maxBytes} bytes`);
}

// undici's own timers: headersTimeout and bodyTimeout are set per request from idleTimeoutMs; connecting
// keeps undici's 10 s default (Miniflux's dial timeout too).
function undiciTimeout(code: string | undefined, idleTimeoutMs: number): string | undefined {
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `No response headers within ${idleTimeoutMs} ms`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `No body data for ${idleTimeoutMs} ms`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'Could not connect within 10 s';
    default:
      return undefined;
  }
}

function toFetchError(
  error: unknown,
  url: string,
  signal: AbortSignal,
  { timeoutMs, idleTimeoutMs }: { timeoutMs: number; idleTimeoutMs: number },
): FetchError {
  if (error instanceof FetchError) return error;
  // Whatever undici threw while our deadline fired (an abort, a stream error), the cause is the deadline.
  if (signal.aborted && signal.reason instanceof DeadlineExceeded) {
    return new FetchError('timeout', `Timed out after ${timeoutMs} ms fetching ${truncate(url)}`, { cause: error });
  }
  const timeout = undiciTimeout((error as NodeJS.ErrnoException | undefined)?.code, idleTimeoutMs);
  if (timeout) return new FetchError('timeout', `${timeout} fetching ${truncate(url)}`, { cause: error });
  const blocked = findCause(error, BlockedAddressError);
  if (blocked) return new FetchError('blocked', `Refusing to fetch ${truncate(url)}: ${blocked.message}`, { cause: error });
  const detail = describeNetworkError(error);
  return new FetchError('network', `Network error fetching ${truncate(url)}: ${detail}`, { cause: error });
}

// Transport failures often wrap the useful part (ECONNREFUSED, ENOTFOUND, a TLS or zlib error) in `cause`.
function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  let message = String(error);
  while (current instanceof Error) {
    const code = (current as NodeJS.ErrnoException).code;
    message = code && !current.message.includes(code) ? `${code} ${current.message}` : current.message;
    current = current.cause;
  }
  return message;
}

function findCause<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof type) return current;
  }
  return undefined;
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
