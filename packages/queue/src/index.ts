export { createRedis, type RedisRole, waitForRedis } from './connection.js';
export * from './contracts.js';
export * from './queues.js';
export * from './worker.js';
