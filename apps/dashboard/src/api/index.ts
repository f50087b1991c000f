import { createRoute, z } from '@hono/zod-openapi';
import type { Runtime } from '@polywire/runtime';
import { articleRoutes } from './articles.js';
import { feedKeyRoutes } from './feed-keys.js';
import { feedRoutes } from './feeds.js';
import { documentedMethods, generateOpenApiDocument, type OpenApiDocument } from './openapi.js';
import { createApiApp, json } from './shared.js';
import { storyRoutes } from './stories.js';
import { systemRoutes } from './system.js';

// The JSON API. Each route is declared once, with zod schemas of what it takes and answers (system.ts,
// feeds.ts, articles.ts with article-search.ts, stories.ts): they validate requests, type the handlers and the
// CLI's client (ApiType), and make the OpenAPI document (openapi.ts). openapi.contract.test.ts checks
// real answers of every route against that document.

const openApiRoute = createRoute({
  method: 'get',
  path: '/api/openapi.json',
  summary: 'This document',
  responses: {
    200: {
      description: 'OpenAPI 3.1',
      content: json(z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }).loose()),
    },
  },
});

export function createApi(runtime: Runtime) {
  const api = createApiApp()
    .route('/', systemRoutes(runtime))
    .route('/', feedRoutes(runtime))
    .route('/', articleRoutes(runtime))
    .route('/', storyRoutes(runtime))
    .route('/', feedKeyRoutes(runtime))
    .openapi(openApiRoute, (c) => c.json(document(), 200));

  // Generated on first use, once every route above is registered.
  let generated: { document: OpenApiDocument; allowedMethods: (path: string) => string[] | null } | undefined;
  const described = () => {
    if (!generated) {
      const document = generateOpenApiDocument(api);
      generated = { document, allowedMethods: documentedMethods(document) };
    }
    return generated;
  };
  const document = () => described().document;

  // Registered last, so it sees only requests no route above answered. An API path asked with a
  // method it does not have is a 405 naming the ones it has (RFC 9110 §15.5.6), not a 404 that says
  // the path does not exist. Other paths pass on (to the pages or the 404).
  api.all('*', async (c, next) => {
    const allowed = described().allowedMethods(c.req.path);
    if (!allowed || allowed.includes(c.req.method)) return next();
    const allow = allowed.join(', ');
    return c.json({ error: `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allow}` }, 405, { allow });
  });

  return api;
}

/** The API's routes with their inputs and answers, for a typed client (`hc<ApiType>`, see api-client.ts). */
export type ApiType = ReturnType<typeof createApi>;
