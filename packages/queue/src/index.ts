export { createRedis, isRedisUnavailable, type RedisConnection, type RedisConnectionOptions, type RedisRole, waitForRedis } from './connection.js';
export * from './contracts.js';
export {
  type AcquireOptions,
  createHostLimiter,
  HostBusyError,
  type HostKeys,
  type HostLimiter,
  type HostLimiterOptions,
  hostOf,
  type ReleaseHostSlot,
} from './host-limiter.js';
export * from './queues.js';
export * from './worker.js';
