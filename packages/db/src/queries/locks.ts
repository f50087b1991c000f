import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';

/**
 * Takes transaction-scoped advisory locks on `keys` in one round trip (an article's fingerprints are
 * some twenty keys, and a statement per key made locking most of a store's time). The locks are the
 * keys' 64-bit hashes, taken in ascending order of hash, so two transactions locking overlapping sets
 * cannot deadlock; a key repeated, or two keys with one hash, lock once (advisory locks are reentrant).
 */
export async function lockKeys(tx: Pick<Database, 'execute'>, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const list = sql.join(
    keys.map((key) => sql`${key}`),
    sql`, `,
  );
  await tx.execute(
    sql`select pg_advisory_xact_lock(lock) from (select distinct hashtextextended(key, 0) as lock from unnest(array[${list}]::text[]) as key order by lock) as ordered`,
  );
}
