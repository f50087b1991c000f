import { randomBytes } from 'node:crypto';
import { loadConfig } from '@polywire/config';
import { createRuntime, type Runtime } from '../runtime.js';
import { createTestDatabase, testServices } from '@polywire/testing';

/** Environment for a Polywire process of this test run: its own database and queue prefix. */
export async function testEnvironment(overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  const { redisUrl, postgresUrl } = testServices();
  return {
    DATABASE_URL: await createTestDatabase(postgresUrl),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
    LOG_LEVEL: 'silent',
    // Every test server is 127.0.0.1, so the production politeness (2 in flight, 1 s apart) would make
    // each test file's fetches queue up behind each other. Tests of politeness set these themselves.
    HOST_MAX_CONCURRENCY: '1000',
    HOST_MIN_GAP_MS: '0',
    ...overrides,
  };
}

/** A real runtime (PostgreSQL database, Redis, HTTP client) for in-process integration tests. */
export async function createTestRuntime(overrides: Record<string, string> = {}): Promise<Runtime> {
  return createRuntime(loadConfig(await testEnvironment(overrides)));
}
