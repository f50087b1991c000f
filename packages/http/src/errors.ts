export type FetchErrorKind =
  | 'invalid_url'
  | 'blocked'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'network'
  | 'http';

export interface FetchErrorOptions {
  status?: number;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** A failed fetch that carries its own retry decision, so job handlers need not re-derive it. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  readonly kind: FetchErrorKind;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;

  constructor(kind: FetchErrorKind, message: string, options: FetchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    this.retryable = isRetryable(kind, options.status);
  }
}

function isRetryable(kind: FetchErrorKind, status: number | undefined): boolean {
  switch (kind) {
    case 'timeout':
    case 'network':
      return true;
    case 'http':
      // 408 and 429 are the server asking us to come back later; other 4xx will not change on retry.
      return status !== undefined && (status >= 500 || status === 408 || status === 429);
    default:
      return false;
  }
}

/**
 * Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Dates in the past mean
 * "now", hence the floor at zero.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
