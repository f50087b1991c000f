import { freePort } from '@polywire/local-services';
import { testServices } from '@polywire/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb, isDatabaseUnavailable } from './client.js';

describe('isDatabaseUnavailable', () => {
  it('tells a database that cannot be reached from a query that is wrong', async () => {
    const down = createDb({ databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/none`, dataDir: '' });
    const up = createDb({ databaseUrl: testServices().postgresUrl, dataDir: '' });
    try {
      const unreachable = await down.db.execute(sql`select 1`).catch((error: unknown) => error);
      expect(unreachable).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(unreachable)).toBe(true);
      const wrong = await up.db.execute(sql`select * from no_such_table`).catch((error: unknown) => error);
      expect(wrong).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(wrong)).toBe(false);
    } finally {
      await Promise.all([down.close(), up.close()]);
    }
  });

  it('recognises a session ended by a server shutdown, also when wrapped', () => {
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(isDatabaseUnavailable(new Error('Failed query: insert …', { cause: shutdown }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable('not an error')).toBe(false);
  });
});
