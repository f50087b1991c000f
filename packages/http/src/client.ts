import { STATUS_CODES } from 'node:http';
import { isIP } from 'node:net';
import { Agent, fetch, type Response } from 'undici';
import { BlockedAddressError, createGuardedLookup, isBlockedAddress } from './address.js';
import { FetchError, parseRetryAfter } from './errors.js';

export interface HttpClientOptions {
  /** Budget for the whole request, redirects and body included. */
  timeoutMs: number;
  /** Largest body accepted, counted after decompression. */
  maxBytes: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Default 2048. */
  maxUrlLength?: number;
  /** When false, loopback, private, link-local, CGNAT, multicast and similar addresses are refused. */
  allowPrivateNetworks: boolean;
  userAgent?: string;
}

export interface FetchInit {
  headers?: Record<string, string>;
  accept?: string;
}

export interface FetchResult {
  /** Final URL after redirects. */
  url: string;
  /** 2xx, or 304 when the caller's validators matched. */
  status: number;
  notModified: boolean;
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

export const DEFAULT_USER_AGENT = 'Polywire/0.1 (multilingual news ingestion)';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// Credentials the caller meant for one origin must not follow a redirect to another (Go's http.Client
// and browsers drop them the same way). Validators such as If-None-Match do follow.
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** Marks an abort as our deadline, so it is reported as a timeout rather than a network failure. */
class DeadlineExceeded extends Error {}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const maxRedirects = options.maxRedirects ?? 5;
  const maxUrlLength = options.maxUrlLength ?? 2048;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  const agent = new Agent({
    connect: options.allowPrivateNetworks ? {} : { lookup: createGuardedLookup() },
  });
  let closing: Promise<void> | undefined;

  function parseUrl(raw: string, base?: URL): URL {
    let url: URL;
    try {
      url = new URL(raw, base);
    } catch (error) {
      throw new FetchError('invalid_url', `Invalid URL: ${truncate(raw)}`, { cause: error });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new FetchError('invalid_url', `Unsupported URL scheme ${url.protocol} in ${truncate(url.href)}`);
    }
    if (url.href.length > maxUrlLength) {
      throw new FetchError('invalid_url', `URL longer than ${maxUrlLength} characters: ${truncate(url.href)}`);
    }
    return url;
  }

  // A literal IP never goes through DNS, so the connect-time lookup guard would not see it.
  function assertHostAllowed(url: URL): void {
    if (options.allowPrivateNetworks) return;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0 && isBlockedAddress(host)) {
      throw new FetchError('blocked', `Refusing to fetch ${truncate(url.href)}: ${host} is a private or reserved address`);
    }
  }

  async function fetchFollowingRedirects(rawUrl: string, init: FetchInit, signal: AbortSignal): Promise<FetchResult> {
    if (rawUrl.length > maxUrlLength) {
      throw new FetchError('invalid_url', `URL longer than ${maxUrlLength} characters: ${truncate(rawUrl)}`);
    }
    let url = parseUrl(rawUrl);
    const headers: Record<string, string> = { 'user-agent': userAgent };
    if (init.accept !== undefined) headers.accept = init.accept;
    for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;

    for (let redirects = 0; ; redirects++) {
      assertHostAllowed(url);
      // Redirects are followed by hand so that every hop is parsed, checked and counted here.
      const response = await fetch(url, { dispatcher: agent, redirect: 'manual', headers, signal });
      const location = response.headers.get('location');

      if (REDIRECT_STATUSES.has(response.status) && location !== null) {
        await response.body?.cancel();
        if (redirects >= maxRedirects) {
          throw new FetchError('too_many_redirects', `More than ${maxRedirects} redirects fetching ${rawUrl}`);
        }
        const next = parseUrl(location, url);
        if (next.origin !== url.origin) for (const name of ORIGIN_BOUND_HEADERS) delete headers[name];
        url = next;
        continue;
      }

      if (response.status === 304) {
        await response.body?.cancel();
        return toResult(url, response, Buffer.alloc(0));
      }

      if (!response.ok) {
        await response.body?.cancel();
        throw httpError(response);
      }

      return toResult(url, response, await readBody(response, options.maxBytes));
    }
  }

  return {
    async fetch(url, init = {}) {
      if (closing) throw new Error('HttpClient is closed');
      const controller = new AbortController();
      const deadline = setTimeout(() => controller.abort(new DeadlineExceeded()), options.timeoutMs);
      try {
        return await fetchFollowingRedirects(url, init, controller.signal);
      } catch (error) {
        throw toFetchError(error, url, controller.signal, options.timeoutMs);
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

async function readBody(response: Response, maxBytes: number): Promise<Buffer> {
  // Content-Length counts encoded bytes, so it only bounds the decoded size when there is no encoding.
  const encoding = response.headers.get('content-encoding');
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if ((encoding === null || encoding === 'identity') && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(maxBytes, `declares ${declared} bytes`);
  }
  if (!response.body) return Buffer.alloc(0);

  const chunks: Uint8Array[] = [];
  let total = 0;
  // Leaving this loop early cancels the stream, which makes undici drop the connection instead of
  // downloading (or inflating) the rest: a gzip bomb stops at maxBytes of output.
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(maxBytes, 'is larger');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function toResult(url: URL, response: Response, body: Buffer): FetchResult {
  return {
    url: url.href,
    status: response.status,
    notModified: response.status === 304,
    headers: Object.fromEntries(response.headers),
    contentType: response.headers.get('content-type'),
    body,
  };
}

function httpError(response: Response): FetchError {
  const { status } = response;
  const reason = response.statusText || STATUS_CODES[status] || '';
  const retryAfterSeconds =
    status === 429 || status === 503 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
  return new FetchError('http', `HTTP ${status} ${reason}`.trim(), { status, retryAfterSeconds });
}

function tooLarge(maxBytes: number, detail: string): FetchError {
  return new FetchError('too_large', `Response body ${detail} than the limit of ${maxBytes} bytes`);
}

function toFetchError(error: unknown, url: string, signal: AbortSignal, timeoutMs: number): FetchError {
  if (error instanceof FetchError) return error;
  // Whatever undici threw while our deadline fired (AbortError, a stream error), the cause is the deadline.
  if (signal.aborted && signal.reason instanceof DeadlineExceeded) {
    return new FetchError('timeout', `Timed out after ${timeoutMs} ms fetching ${truncate(url)}`, { cause: error });
  }
  const blocked = findCause(error, BlockedAddressError);
  if (blocked) return new FetchError('blocked', `Refusing to fetch ${truncate(url)}: ${blocked.message}`, { cause: error });
  const detail = describeNetworkError(error);
  return new FetchError('network', `Network error fetching ${truncate(url)}: ${detail}`, { cause: error });
}

// undici reports every transport failure as TypeError('fetch failed') and puts the useful part
// (ECONNREFUSED, ENOTFOUND, a TLS error) in `cause`.
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
