export { createTestDatabase, type LocalPostgres, startLocalPostgres } from './postgres.js';
export { freePort } from './port.js';
export { type LocalRedis, type LocalRedisCluster, RedisServerMissingError, startLocalRedis, startLocalRedisCluster } from './redis.js';
