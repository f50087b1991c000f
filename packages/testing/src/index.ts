export { testServices } from './context.js';
export { startHttpServer, type TestServer, waitFor } from './http.js';
export { createTestDatabase, type LocalPostgres, startLocalPostgres } from './postgres.js';
export { createTestRuntime, testEnvironment } from './runtime.js';
