import { startLocalPostgres, startLocalRedis } from '@polywire/local-services';
import type { TestProject } from 'vitest/node';
import type {} from './context.js';

/** One real redis-server and one real PostgreSQL server for the whole run; files isolate by prefix/database. */
export default async function setup(project: TestProject) {
  const [redis, postgres] = await Promise.all([startLocalRedis({ persistent: false }), startLocalPostgres()]);
  project.provide('redisUrl', redis.url);
  project.provide('postgresUrl', postgres.url);
  return async () => {
    await Promise.all([redis.stop(), postgres.stop()]);
  };
}
