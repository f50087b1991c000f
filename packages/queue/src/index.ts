export { createRedis, type RedisRole, waitForRedis } from './connection.js';
export * from './contracts.js';
export { freePort, type LocalRedis, RedisServerMissingError, startLocalRedis } from './local-redis.js';
export * from './queues.js';
export * from './worker.js';
