/**
 * When to fetch a feed next. Pure functions, so the policy can be read and tested on its own.
 *
 * Success: poll about once per expected new item (Miniflux's entry-frequency rule, interval =
 * period / entries), clamped to [min, max], never earlier than what the feed or server asked for
 * (Retry-After, Cache-Control max-age, Expires, RSS ttl, sy:updatePeriod), with ±10% jitter so that
 * feeds added together do not stay in lockstep.
 * Failure: exponential backoff from the minimum to the maximum backoff; a failing feed is retried
 * forever at that pace rather than switched off (Miniflux's disabled feeds are its users' top
 * complaint; Media Cloud keeps "undead" feeds polling).
 */

export interface ScheduleBounds {
  minSeconds: number;
  maxSeconds: number;
  maxBackoffSeconds: number;
}

export const DEFAULT_SCHEDULE_BOUNDS: ScheduleBounds = {
  minSeconds: 5 * 60,
  maxSeconds: 24 * 3600,
  maxBackoffSeconds: 24 * 3600,
};

const DAY_SECONDS = 24 * 3600;
/** Items older than this say nothing about today's pace. */
const RATE_WINDOW_SECONDS = 30 * DAY_SECONDS;

/**
 * New items per day, estimated from the publication dates in the document: n dated items spread
 * from the oldest to now mean n-1 gaps. Needs at least two dated items inside the window.
 */
export function itemsPerDayFromDates(dates: (Date | null)[], now: Date): number | null {
  const nowMs = now.getTime();
  const recent = dates
    .filter((date): date is Date => date !== null)
    .map((date) => Math.min(date.getTime(), nowMs))
    .filter((ms) => nowMs - ms <= RATE_WINDOW_SECONDS * 1000);
  if (recent.length < 2) return null;
  const spanSeconds = Math.max((nowMs - Math.min(...recent)) / 1000, 60);
  return ((recent.length - 1) / spanSeconds) * DAY_SECONDS;
}

/** Seconds until the next fetch after a successful one. */
export function nextIntervalAfterSuccess(input: {
  itemsPerDay: number | null;
  /** Used when the pace is unknown (no dates, no history yet). */
  defaultSeconds: number;
  /** The largest delay the feed or the server asked for, if any. */
  lowerBoundSeconds: number | null;
  bounds?: ScheduleBounds;
  random?: () => number;
}): number {
  const bounds = input.bounds ?? DEFAULT_SCHEDULE_BOUNDS;
  const paced =
    input.itemsPerDay === null
      ? input.defaultSeconds
      : input.itemsPerDay <= 0
        ? bounds.maxSeconds
        : DAY_SECONDS / input.itemsPerDay;
  const asked = Math.min(input.lowerBoundSeconds ?? 0, bounds.maxSeconds);
  const interval = Math.max(clamp(paced, bounds.minSeconds, bounds.maxSeconds), asked);
  return Math.round(withJitter(interval, input.random ?? Math.random));
}

/** Seconds until the next attempt after the n-th consecutive failure (n ≥ 1). */
export function nextIntervalAfterFailure(input: {
  consecutiveFailures: number;
  retryAfterSeconds: number | null;
  bounds?: ScheduleBounds;
  random?: () => number;
}): number {
  const bounds = input.bounds ?? DEFAULT_SCHEDULE_BOUNDS;
  const exponent = Math.min(Math.max(input.consecutiveFailures - 1, 0), 30);
  const backoff = Math.min(bounds.minSeconds * 2 ** exponent, bounds.maxBackoffSeconds);
  const asked = Math.min(input.retryAfterSeconds ?? 0, bounds.maxBackoffSeconds);
  return Math.round(withJitter(Math.max(backoff, asked), input.random ?? Math.random));
}

/**
 * The delay a response asks for: Cache-Control max-age (or s-maxage), else Expires against Date.
 * `no-cache`/`no-store` ask for nothing.
 */
export function cacheLifetimeSeconds(headers: Record<string, string>, now: Date): number | null {
  const cacheControl = headers['cache-control']?.toLowerCase();
  if (cacheControl) {
    if (/(?:^|,)\s*(?:no-cache|no-store)\b/.test(cacheControl)) return null;
    const maxAge = /(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*"?(\d+)/.exec(cacheControl);
    if (maxAge?.[1]) return Number(maxAge[1]);
  }
  const expires = headers.expires ? Date.parse(headers.expires) : Number.NaN;
  if (Number.isNaN(expires)) return null;
  const served = headers.date ? Date.parse(headers.date) : Number.NaN;
  const seconds = (expires - (Number.isNaN(served) ? now.getTime() : served)) / 1000;
  return seconds > 0 ? Math.round(seconds) : null;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/** ±10%, but never below one minute. */
const withJitter = (seconds: number, random: () => number) => Math.max(60, seconds * (0.9 + 0.2 * random()));
