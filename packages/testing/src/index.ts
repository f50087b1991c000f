export { testServices } from './context.js';
export { startHttpServer, type TestServer, waitFor } from './http.js';
export { createTestDatabase } from '@polywire/local-services';
export { LONE_SURROGATE, PATHOLOGICAL_LENGTH, PATHOLOGICAL_LIMIT_MS, PATHOLOGICAL_TEXTS, timed } from './pathological.js';
export { seededRandom } from './random.js';
