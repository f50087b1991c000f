export { testServices } from './context.js';
export { startHttpServer, type TestServer, waitFor } from './http.js';
export { createTestDatabase } from '@polywire/local-services';
export { seededRandom } from './random.js';
