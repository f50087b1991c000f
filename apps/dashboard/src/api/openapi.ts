import type { OpenAPIHono } from '@hono/zod-openapi';

// The OpenAPI 3.1 document of the API, generated from the routes' zod schemas (served at
// `GET /api/openapi.json`). What no route declares is added here: the security schemes, and the
// answers every operation can give before its handler runs (withSharedResponses).

type GeneratedDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
export type OpenApiDocument = GeneratedDocument & { paths: NonNullable<GeneratedDocument['paths']> };

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

/** The answers of the middleware in front of every route (server.tsx, auth.ts, origin.ts). */
const sharedResponses = {
  Unauthorized: {
    description: 'No valid credential (only when DASHBOARD_TOKEN, or DASHBOARD_USER and DASHBOARD_PASSWORD, is set)',
    headers: { 'WWW-Authenticate': { description: 'The scheme to use: Bearer or Basic', schema: { type: 'string' } } },
    content: errorContent,
  },
  TooManyRequests: {
    description: 'Too many failed sign-ins from this client (or from everyone): try again after Retry-After seconds',
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } },
    content: errorContent,
  },
  MisdirectedRequest: {
    description: 'The Host header names a site that is not this dashboard (add it to DASHBOARD_HOSTS if it is yours)',
    content: errorContent,
  },
  TooLarge: { description: 'The request body is larger than the dashboard takes', content: errorContent },
  Forbidden: {
    description: 'The dashboard is read-only (DASHBOARD_READ_ONLY), or a browser sent the change from another site',
    content: errorContent,
  },
};

type Operation = { security?: unknown[]; responses: Record<string, unknown> };

/**
 * Adds the answers every operation can give before its handler runs: 421 for a `Host` that is not one
 * of the dashboard's names (all but the health probe, which answers under any name); 401 and 429 (too
 * many failed sign-ins) where a credential is needed (all but those with `security: []`); 403
 * (read-only mode, a cross-site form) and 413 (the dashboard's body limit) to changes.
 */
function withSharedResponses(paths: Record<string, Record<string, Operation>>): Record<string, Record<string, Operation>> {
  const ref = (name: keyof typeof sharedResponses) => ({ $ref: `#/components/responses/${name}` });
  return Object.fromEntries(
    Object.entries(paths).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations).map(([method, operation]) => {
          const responses = { ...operation.responses };
          if (path !== '/healthz') responses['421'] = ref('MisdirectedRequest');
          if (operation.security?.length !== 0) {
            responses['401'] = ref('Unauthorized');
            responses['429'] = ref('TooManyRequests');
          }
          if (method !== 'get') {
            responses['403'] = ref('Forbidden');
            responses['413'] ??= ref('TooLarge');
          }
          return [method, { ...operation, responses }];
        }),
      ),
    ]),
  );
}

/** The document of `api`, whose routes must all be registered. */
export function generateOpenApiDocument(api: OpenAPIHono): OpenApiDocument {
  const generated = api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Polywire API',
      version: '0.1.0',
      description:
        'Feeds, the language-tagged articles ingested from them, story clusters and queue counts. A method a path does not have is a 405 with an `Allow` header.',
    },
    // Only enforced when DASHBOARD_TOKEN (or DASHBOARD_USER and DASHBOARD_PASSWORD) is set.
    security: [{ bearer: [] }, { basic: [] }],
  });
  const { webhooks: _none, ...document } = generated;
  return {
    ...document,
    paths: withSharedResponses(document.paths as Record<string, Record<string, Operation>>),
    components: {
      schemas: document.components?.schemas ?? {},
      responses: sharedResponses,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'DASHBOARD_TOKEN' },
        basic: { type: 'http', scheme: 'basic', description: 'DASHBOARD_USER and DASHBOARD_PASSWORD' },
      },
    },
  } as OpenApiDocument;
}

/** The methods of each documented path, as a pattern: a path parameter is one segment. */
export function documentedMethods(document: OpenApiDocument): (path: string) => string[] | null {
  const documented = Object.entries(document.paths).map(([template, operations]) => {
    const methods = Object.keys(operations ?? {}).map((method) => method.toUpperCase());
    const pattern = template.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+');
    return { pattern: new RegExp(`^${pattern}$`), methods: methods.includes('GET') ? [...methods, 'HEAD'] : methods };
  });
  // `/api/feeds/export.opml` also matches `/api/feeds/{id}`: a path has the methods of every template it matches.
  return (path) => {
    const matching = documented.filter(({ pattern }) => pattern.test(path));
    if (!matching.length) return null;
    return [...new Set(matching.flatMap(({ methods }) => methods))];
  };
}
