import type { RedisConnection } from '@polywire/queue';
import { type IRateLimiterStoreOptions, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** A client's failures are forgotten a day after its first one (or at its next successful sign-in). */
const FAILURE_MEMORY_SECONDS = 24 * 3600;
/** A client that signed in successfully stays exempt from the global limit this long. */
const KNOWN_CLIENT_SECONDS = 30 * 24 * 3600;
const GLOBAL_WINDOW_SECONDS = 3600;
const EVERYONE = 'all';

export interface LoginLimits {
  /** Failed attempts a client gets before each further attempt must wait. */
  freeFailures: number;
  /** Longest wait between two attempts of one client. */
  maxDelaySeconds: number;
  /** Failed attempts per hour from all clients that never signed in successfully. */
  maxFailuresPerHour: number;
}

export type LoginOutcome =
  | { kind: 'accepted' }
  | { kind: 'refused' }
  /** Not even checked: the client (or, with `everyone`, every unknown client) must wait `seconds`. */
  | { kind: 'wait'; seconds: number; everyone: boolean };

export interface LoginLimiter {
  /**
   * Settles one sign-in attempt by `client` (an address, see clientOf) whose credential did or did not
   * match. A waiting client is refused whatever it sent, so that a credential tried while blocked
   * tells nothing about whether it was right.
   */
  attempt(client: string, matches: boolean): Promise<LoginOutcome>;
}

/**
 * Limits failed sign-ins (the login form and the API's Bearer/Basic credentials alike), in Redis so
 * every dashboard replica shares the counts:
 * - per client, `freeFailures` failed attempts, then one attempt per pause: 1 s, 2 s, 4 s … up to
 *   `maxDelaySeconds`, until it signs in or a day passes. One address cannot guess faster than that;
 * - for everyone, `maxFailuresPerHour` failed attempts: a guess spread over many addresses is capped
 *   too. Beyond it, only clients that signed in successfully in the last 30 days may still try, so a
 *   flood from elsewhere cannot lock the regular users out; a new client waits for the hour to end.
 *
 * A wrong attempt is counted before its credential is looked at (atomically, in Redis), so a burst of
 * parallel guesses cannot all be checked before the first failure is recorded. A right one only reads
 * the counts: a script making parallel API calls with the right token is never slowed down.
 *
 * While Redis is unreachable, each process limits on its own (rate-limiter-flexible's insurance
 * limiter in memory) rather than refusing every sign-in or letting every guess through.
 */
export function createLoginLimiter(redis: RedisConnection, prefix: string, limits: LoginLimits): LoginLimiter {
  const limiter = (name: string, options: Pick<IRateLimiterStoreOptions, 'points' | 'duration'>) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:dashboard:login-${name}`,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
      ...options,
    });
  // Failed attempts of a client (and the one being checked, until it turns out right).
  const failures = limiter('failures', { points: limits.freeFailures, duration: FAILURE_MEMORY_SECONDS });
  // One attempt per pause once the free failures are spent: the key lives as long as the pause.
  const turns = limiter('turns', { points: 1, duration: 1 });
  const everyone = limiter('global', { points: limits.maxFailuresPerHour, duration: GLOBAL_WINDOW_SECONDS });
  const known = limiter('known', { points: 1, duration: KNOWN_CLIENT_SECONDS });

  /** Pause that the attempt numbered `attempt` imposes on the next one. */
  const pauseAfter = (attempt: number) => Math.min(2 ** (attempt - limits.freeFailures), limits.maxDelaySeconds);
  const wait = (rejection: RateLimiterRes, everyoneWaits: boolean): LoginOutcome => ({
    kind: 'wait',
    seconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
    everyone: everyoneWaits,
  });
  /** Runs a consume that rejects with a RateLimiterRes when the limit is reached: that rejection, or null. */
  const rejectionOf = async (consume: Promise<unknown>) => {
    try {
      await consume;
      return null;
    } catch (error) {
      if (error instanceof RateLimiterRes) return error;
      throw error;
    }
  };

  return {
    async attempt(client, matches) {
      if (matches) {
        const [counted, isKnown] = await Promise.all([failures.get(client), known.get(client)]);
        const failed = counted?.consumedPoints ?? 0;
        if (failed >= limits.freeFailures) {
          const rejection = await rejectionOf(turns.consume(client, 1, { customDuration: pauseAfter(failed + 1) }));
          if (rejection) return wait(rejection, false);
        }
        if (!isKnown) {
          const total = await everyone.get(EVERYONE);
          if (total && total.consumedPoints >= limits.maxFailuresPerHour) return wait(total, true);
        }
        await Promise.all([
          failed > 0 ? Promise.all([failures.delete(client), turns.delete(client)]) : null,
          isKnown ? null : known.set(client, 1, KNOWN_CLIENT_SECONDS),
        ]);
        return { kind: 'accepted' };
      }

      const [counted, isKnown] = await Promise.all([failures.penalty(client), known.get(client)]);
      const attempt = counted.consumedPoints;
      // An attempt refused unchecked does not count: the client only waits longer if it fails again.
      if (attempt >= limits.freeFailures) {
        const rejection = await rejectionOf(turns.consume(client, 1, { customDuration: pauseAfter(attempt) }));
        if (rejection) {
          await failures.reward(client);
          return wait(rejection, false);
        }
      }
      if (!isKnown) {
        const rejection = await rejectionOf(everyone.consume(EVERYONE));
        if (rejection) {
          await failures.reward(client);
          return wait(rejection, true);
        }
      }
      return { kind: 'refused' };
    },
  };
}
