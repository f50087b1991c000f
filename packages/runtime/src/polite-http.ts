import type { Logger } from '@polywire/config';
import { FetchError, type HttpClient } from '@polywire/http';
import { HostBusyError, type HostLimiter, hostOf } from '@polywire/queue';
import type { Metrics } from './metrics.js';

/**
 * A 429 without Retry-After still says "slow down"; without a figure, wait this long (Media Cloud waits
 * 30 s after a 429). A 503 without Retry-After is as often a plain failure, so it cools nothing down.
 */
export const DEFAULT_429_COOLDOWN_SECONDS = 30;

export interface PoliteHttpOptions {
  logger: Logger;
  /** Counts fetches by outcome and cool-downs. */
  metrics?: Metrics;
  /** How long a fetch waits for a slot on its host before failing with a HostBusyError. */
  maxWaitMs: number;
  /** Aborting stops every wait for a slot (the process is shutting down). */
  signal?: AbortSignal;
}

/**
 * Wraps an HttpClient so that every fetch takes a slot on its host from the shared limiter first and
 * gives it back afterwards, whatever happened; a 429 or 503 with Retry-After cools the host down for
 * every process. Same interface, so callers do not change.
 *
 * The slot is taken for the host of the URL asked for. A redirect to another host is followed within the
 * same slot (the HTTP client follows redirects itself, and the limiter cannot know the next hop before the
 * answer arrives), and a Retry-After met after a redirect cools down the host first asked for. Feeds and
 * article links rarely redirect across hosts, and when they do the first host is usually the one in the
 * feed for every item, so this still spreads the load.
 *
 * Waiting throws a HostBusyError (from @polywire/queue), not a FetchError: the host did not fail, we chose
 * not to ask it yet, so the job is retried later and nothing is recorded against the feed or the page.
 */
export function createPoliteHttpClient(http: HttpClient, limiter: HostLimiter, options: PoliteHttpOptions): HttpClient {
  const baseLogger = options.logger.child({ component: 'polite-http' });
  const count = (outcome: string) => options.metrics?.httpFetches.inc({ outcome });
  const politeFetch: HttpClient['fetch'] = async (url, init) => {
    const logger = init?.logContext ? baseLogger.child(init.logContext) : baseLogger;
    let host: string;
    try {
      host = hostOf(url);
    } catch {
      // Not a URL: the client rejects it with its own FetchError, without any request being made.
      return http.fetch(url, init);
    }
    const startedAt = Date.now();
    const release = await limiter.acquire(host, { maxWaitMs: options.maxWaitMs, signal: options.signal });
    const waitedMs = Date.now() - startedAt;
    if (waitedMs >= 1_000) logger.debug({ host, waitedMs }, 'waited for a request slot');
    try {
      return await http.fetch(url, init);
    } catch (error) {
      if (error instanceof FetchError && (error.status === 429 || error.status === 503)) {
        const seconds = error.retryAfterSeconds ?? (error.status === 429 ? DEFAULT_429_COOLDOWN_SECONDS : 0);
        if (seconds > 0) {
          logger.info({ host, status: error.status, seconds }, 'host asked us to back off: cooling down');
          options.metrics?.hostCooldowns.inc();
          await limiter.coolDown(host, seconds).catch((coolDownError: unknown) => {
            logger.warn({ host, err: coolDownError }, 'could not record the cool-down');
          });
        }
      }
      throw error;
    } finally {
      // A release that fails (Redis gone) leaves the lease to expire by itself after leaseMs.
      await release().catch((releaseError: unknown) => {
        logger.warn({ host, err: releaseError }, 'could not release the request slot');
      });
    }
  };
  return {
    async fetch(url, init) {
      try {
        const result = await politeFetch(url, init);
        count(result.notModified ? 'not_modified' : 'ok');
        return result;
      } catch (error) {
        if (error instanceof FetchError) count(error.kind === 'http' && error.status ? `http_${Math.floor(error.status / 100)}xx` : error.kind);
        else if (error instanceof HostBusyError) count('host_busy');
        throw error;
      }
    },
    close: () => http.close(),
  };
}
