import { type ClientRequestOptions, hc } from 'hono/client';
import type { ApiType } from './api/index.js';

// A typed client of the dashboard's JSON API, for programs such as the CLI: paths, parameters and
// answers come from the routes' zod schemas (ApiType), so nothing is retyped by hand. Only hono's
// client is loaded, not the dashboard.

export { parseResponse } from 'hono/client';

export function createApiClient(baseUrl: string, options?: ClientRequestOptions) {
  return hc<ApiType>(baseUrl, options);
}

export type ApiClient = ReturnType<typeof createApiClient>;
