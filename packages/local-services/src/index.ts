export { createTestDatabase, type LocalPostgres, startLocalPostgres } from './postgres.js';
export { freePort } from './port.js';
export { type LocalRedis, RedisServerMissingError, startLocalRedis } from './redis.js';
