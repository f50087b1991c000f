/**
 * The OpenAPI 3.1 description of the dashboard's HTTP API, served at `GET /api/openapi.json`, and the
 * limits it states, which api.ts's zod schemas import: the document and the handlers share one number.
 * api.test.ts checks it against the routes the app registers and the parameters `articleQuery` accepts;
 * openapi.property.test.ts sends requests generated from it to a running dashboard and checks every
 * answer against it.
 */

import { allSearchConfigs } from '@polywire/db';
import { SUPPORTED_LANGUAGES } from '@polywire/lang';
import { MAX_TITLE_LENGTH, MAX_URL_LENGTH } from './feeds.js';
import { LANGUAGE_TAG } from './languages.js';

/** The largest feed id: `feeds.id` is a PostgreSQL `integer` (4 bytes); a larger number failed the query (a 500). */
export const MAX_FEED_ID = 2_147_483_647;
/** The largest article or cluster id: those columns are `bigint`, read as JS numbers, which are exact up to 2^53 − 1. */
export const MAX_ROW_ID = Number.MAX_SAFE_INTEGER;
export const MAX_SEARCH_TEXT = 500;
export const MAX_PAGE_SIZE = 500;
export const MAX_CURSOR_LENGTH = 1000;
/** The characters a cursor is written in (base64url). */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;
/** `site` and `q` (a JSON Schema regex): not blank (`\s` is what the handler trims) and no NUL, which PostgreSQL text cannot hold. */
const SEARCH_TEXT_PATTERN = '^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$';
const NO_NUL_PATTERN = '^[^\\u0000]*$';

const error = { $ref: '#/components/responses/Error' } as const;
const notFound = { $ref: '#/components/responses/NotFound' } as const;
const json = (schema: object) => ({ 'application/json': { schema } });
const idParameter = (what: string, maximum: number) =>
  ({
    name: 'id',
    in: 'path',
    required: true,
    description: `the ${what}'s id`,
    schema: { type: 'integer', minimum: 1, maximum },
  }) as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
/** What since, until and a cursor take: PostgreSQL has no year 0, and the handler sends UTC text with a 4-digit year. */
const storableDateTime = {
  type: 'string',
  format: 'date-time',
  pattern: '^(?!0000-)',
  description: 'An instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z',
} as const;
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });

const feedResponse = (description: string) => ({ description, content: json({ $ref: '#/components/schemas/Feed' }) });
const pagedArticles = {
  type: 'object',
  properties: {
    items: { type: 'array', items: { $ref: '#/components/schemas/ArticleListItem' } },
    nextCursor: nullable('string', { pattern: CURSOR_PATTERN.source }),
  },
  required: ['items', 'nextCursor'],
} as const;

const paths = {
  '/healthz': {
    get: {
      summary: 'Health of Redis and the database',
      security: [],
      responses: {
        '200': { description: 'Everything is up', content: json({ $ref: '#/components/schemas/Health' }) },
        '503': { description: 'A part is down (named)', content: json({ $ref: '#/components/schemas/Health' }) },
      },
    },
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics of this process, with queue depths, feeds by health and hosts cooling down',
      responses: { '200': { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
  '/api/feeds': {
    get: {
      summary: 'Every feed with its status and article count',
      responses: {
        '200': {
          description: 'The feeds',
          content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Feed' } } }, required: ['items'] }),
        },
      },
    },
    post: {
      summary: 'Add a feed (its first fetch is queued at once)',
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          properties: {
            url: { type: 'string', format: 'uri', maxLength: MAX_URL_LENGTH, pattern: `^[Hh][Tt][Tt][Pp][Ss]?://${NO_NUL_PATTERN.slice(1)}` },
            title: { type: 'string', maxLength: MAX_TITLE_LENGTH, pattern: NO_NUL_PATTERN },
          },
          required: ['url'],
          additionalProperties: false,
        }),
      },
      responses: {
        '200': feedResponse('The feed already existed'),
        '201': feedResponse('The new feed'),
        '400': error,
      },
    },
  },
  '/api/feeds/{id}': {
    get: {
      summary: 'A feed with its last 50 fetches',
      parameters: [idParameter('feed', MAX_FEED_ID)],
      responses: { '200': { description: 'The feed', content: json({ $ref: '#/components/schemas/FeedDetail' }) }, '400': error, '404': notFound },
    },
    delete: {
      summary: 'Remove a feed, its fetch history and its sources',
      parameters: [idParameter('feed', MAX_FEED_ID)],
      responses: { '204': { description: 'Removed' }, '400': error, '404': notFound },
    },
  },
  '/api/feeds/{id}/fetch': {
    post: {
      summary: 'Fetch a feed now',
      parameters: [idParameter('feed', MAX_FEED_ID)],
      responses: {
        '202': {
          description: 'Queued',
          content: json({
            type: 'object',
            properties: { queued: { type: 'boolean', const: true }, feedId: { type: 'integer' } },
            required: ['queued', 'feedId'],
          }),
        },
        '400': error,
        '404': notFound,
        '409': { description: 'The feed is paused', content: json({ $ref: '#/components/schemas/Error' }) },
      },
    },
  },
  '/api/feeds/{id}/pause': {
    post: {
      summary: 'Pause a feed: the scheduler skips it until it is resumed',
      parameters: [idParameter('feed', MAX_FEED_ID)],
      responses: { '200': feedResponse('The paused feed'), '400': error, '404': notFound },
    },
  },
  '/api/feeds/{id}/resume': {
    post: {
      summary: 'Resume a paused feed: it is due at once',
      parameters: [idParameter('feed', MAX_FEED_ID)],
      responses: { '200': feedResponse('The resumed feed'), '400': error, '404': notFound },
    },
  },
  '/api/feeds/import-opml': {
    post: {
      summary: 'Import feeds from an OPML document (at most 10,000 feeds, 10 MiB)',
      description: 'Only http(s) site links (`htmlUrl`) are kept.',
      requestBody: {
        required: true,
        content: { 'text/xml': { schema: { type: 'string' } }, 'application/xml': { schema: { type: 'string' } } },
      },
      responses: {
        '200': {
          description: 'What was added',
          content: json({
            type: 'object',
            properties: {
              added: { type: 'integer', minimum: 0 },
              existing: { type: 'integer', minimum: 0 },
              invalid: {
                type: 'array',
                items: { type: 'object', properties: { url: { type: 'string' }, error: { type: 'string' } }, required: ['url', 'error'] },
              },
            },
            required: ['added', 'existing', 'invalid'],
          }),
        },
        '400': error,
        '413': { description: 'The document is too large', content: json({ $ref: '#/components/schemas/Error' }) },
        '415': { description: 'Not sent as XML', content: json({ $ref: '#/components/schemas/Error' }) },
      },
    },
  },
  '/api/feeds/export.opml': {
    get: {
      summary: 'The feed list as OPML 2.0 (titles, categories, language hints)',
      description: 'Site links (`htmlUrl`) are written only when they are http(s) URLs.',
      responses: { '200': { description: 'OPML attachment', content: { 'text/x-opml': { schema: { type: 'string' } } } } },
    },
  },
  '/api/articles': {
    get: {
      summary: 'Search and list articles, one page at a time, or export every match',
      description:
        'Every parameter is validated; an unknown parameter or a bad value is a 400 naming it. Pages are keyset-paginated: pass `nextCursor` back as `cursor` (with the same sort and filters); pages stay stable while new articles arrive. Rules across parameters (a 400 otherwise): `sort=relevance` needs `q`; `by` needs `since` or `until`; `until` is not before `since`; `limit` is for `format=json` only; a cursor belongs to the sort it was made for.',
      parameters: [
        {
          name: 'lang',
          in: 'query',
          description:
            'Language tag as stored (`GET /api/languages` lists the supported ones: `en`, `hu`, `sr-Latn`, `zh-Hant`, `az-Latn`, `pcm`, `fa-AF`, …); repeatable or comma-separated; a tag without a subtag takes the family (`zh` also matches `zh-Hans` and `zh-Hant`, `sr` both scripts of Serbian)',
          schema: { type: 'array', maxItems: 20, items: { type: 'string', pattern: LANGUAGE_TAG.source } },
          style: 'form',
          explode: true,
        },
        { name: 'feed', in: 'query', description: 'Articles delivered by this feed', schema: { type: 'integer', minimum: 1, maximum: MAX_FEED_ID } },
        {
          name: 'site',
          in: 'query',
          description: "The article's site, exactly (trimmed)",
          schema: { type: 'string', minLength: 1, maxLength: MAX_SEARCH_TEXT, pattern: SEARCH_TEXT_PATTERN },
        },
        { name: 'cluster', in: 'query', description: 'Members of this story cluster', schema: { type: 'integer', minimum: 1, maximum: MAX_ROW_ID } },
        {
          name: 'q',
          in: 'query',
          description: 'Web-search query (quoted phrases, `or`, `-word`), stemmed per language',
          schema: { type: 'string', minLength: 1, maxLength: MAX_SEARCH_TEXT, pattern: SEARCH_TEXT_PATTERN },
        },
        { name: 'since', in: 'query', description: 'Earliest time (inclusive), of `by`', schema: storableDateTime },
        { name: 'until', in: 'query', description: 'Latest time (inclusive), of `by`', schema: storableDateTime },
        { name: 'by', in: 'query', description: 'The time `since`/`until` apply to', schema: { type: 'string', enum: ['published', 'ingested'], default: 'published' } },
        {
          name: 'sort',
          in: 'query',
          description: '`ingested`: newest stored first; `published`: newest published first, undated last; `relevance`: best match to `q` first (needs `q`)',
          schema: { type: 'string', enum: ['ingested', 'published', 'relevance'], default: 'ingested' },
        },
        {
          name: 'format',
          in: 'query',
          description: '`json`: one page; `jsonl` or `csv`: a streamed export of every match (from `cursor` when given; `limit` not allowed)',
          schema: { type: 'string', enum: ['json', 'jsonl', 'csv'], default: 'json' },
        },
        { name: 'limit', in: 'query', description: 'Page size (json only)', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 } },
        {
          name: 'cursor',
          in: 'query',
          description: "The previous page's opaque `nextCursor` (leave it out for the first page); any other value is a 400",
          schema: { type: 'string', minLength: 1, maxLength: MAX_CURSOR_LENGTH, pattern: CURSOR_PATTERN.source },
        },
      ],
      responses: {
        '200': {
          description:
            'A page of articles, or the export. An export that fails after it started (the database went away) ends with an error line (JSON lines: `{"error": "…"}`; CSV: a row whose first cell is `#error` and second the message) and the connection is aborted before the end of the chunked body, so an HTTP client reports an incomplete transfer.',
          content: {
            'application/json': { schema: pagedArticles },
            'application/x-ndjson': { schema: { type: 'string', description: 'One ArticleListItem as JSON per line' } },
            'text/csv': {
              schema: {
                type: 'string',
                description:
                  "RFC 4180 with a header row: id, url, canonicalUrl, title, language, languageConfidence, declaredLanguage, site, publishedAt, ingestedAt, feedIds (joined with ;), duplicateOf, clusterId. A text cell that starts with =, +, -, @, tab or CR starts with ' (OWASP's CSV-injection defence), so spreadsheets show it as text.",
              },
            },
          },
        },
        '400': error,
      },
    },
  },
  '/api/articles/{id}': {
    get: {
      summary: 'An article with its text, sources and events (breadcrumbs)',
      parameters: [idParameter('article', MAX_ROW_ID)],
      responses: { '200': { description: 'The article', content: json({ $ref: '#/components/schemas/ArticleDetail' }) }, '400': error, '404': notFound },
    },
  },
  '/api/clusters/{id}': {
    get: {
      summary: 'A story cluster with its members, their languages and sources',
      parameters: [idParameter('cluster', MAX_ROW_ID)],
      responses: { '200': { description: 'The cluster', content: json({ $ref: '#/components/schemas/Cluster' }) }, '400': error, '404': notFound },
    },
  },
  '/api/queues': {
    get: {
      summary: 'Job counts of every queue',
      responses: {
        '200': {
          description: 'The queues',
          content: json({ type: 'object', properties: { queues: { type: 'array', items: { $ref: '#/components/schemas/Queue' } } }, required: ['queues'] }),
        },
      },
    },
  },
  '/api/languages': {
    get: {
      summary: 'The languages articles are tagged with: tag, English name, script and the text-search configuration their articles are searched with',
      responses: {
        '200': {
          description: 'The supported languages',
          content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Language' } } }, required: ['items'] }),
        },
      },
    },
  },
  '/api/openapi.json': {
    get: {
      summary: 'This document',
      responses: { '200': { description: 'OpenAPI 3.1', content: json({ type: 'object', required: ['openapi', 'paths'] }) } },
    },
  },
} as const;

type Operation = { security?: readonly unknown[]; responses: Record<string, unknown> };

/**
 * Adds the answers every operation can give before its handler runs: 421 for a `Host` that is not one
 * of the dashboard's names (all but the health probe, which answers under any name); 401 and 429 (too
 * many failed sign-ins) where a credential is needed (all but those with `security: []`); 403
 * (read-only mode, a cross-site form) and 413 (the dashboard's body limit) to changes.
 */
function withSharedResponses<T extends Record<string, Record<string, Operation>>>(documented: T): T {
  return Object.fromEntries(
    Object.entries(documented).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations).map(([method, operation]) => {
          const responses = { ...operation.responses };
          if (path !== '/healthz') responses['421'] = { $ref: '#/components/responses/MisdirectedRequest' };
          if (operation.security?.length !== 0) {
            responses['401'] = { $ref: '#/components/responses/Unauthorized' };
            responses['429'] = { $ref: '#/components/responses/TooManyRequests' };
          }
          if (method !== 'get') {
            responses['403'] = { $ref: '#/components/responses/Forbidden' };
            responses['413'] ??= { $ref: '#/components/responses/TooLarge' };
          }
          return [method, { ...operation, responses }];
        }),
      ),
    ]),
  ) as T;
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Polywire API',
    version: '0.1.0',
    description:
      'Feeds, the language-tagged articles ingested from them, story clusters and queue counts. A method a path does not have is a 405 with an `Allow` header.',
  },
  paths: withSharedResponses(paths),
  // Only enforced when DASHBOARD_TOKEN (or DASHBOARD_USER and DASHBOARD_PASSWORD) is set.
  security: [{ bearer: [] }, { basic: [] }],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'DASHBOARD_TOKEN' },
      basic: { type: 'http', scheme: 'basic', description: 'DASHBOARD_USER and DASHBOARD_PASSWORD' },
    },
    responses: {
      Error: { description: 'A bad request; the message names the parameter', content: json({ $ref: '#/components/schemas/Error' }) },
      NotFound: { description: 'Not found', content: json({ $ref: '#/components/schemas/Error' }) },
      Unauthorized: {
        description: 'No valid credential (only when DASHBOARD_TOKEN, or DASHBOARD_USER and DASHBOARD_PASSWORD, is set)',
        headers: { 'WWW-Authenticate': { description: 'The scheme to use: Bearer or Basic', schema: { type: 'string' } } },
        content: json({ $ref: '#/components/schemas/Error' }),
      },
      TooManyRequests: {
        description: 'Too many failed sign-ins from this client (or from everyone): try again after Retry-After seconds',
        headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } },
        content: json({ $ref: '#/components/schemas/Error' }),
      },
      MisdirectedRequest: {
        description: 'The Host header names a site that is not this dashboard (add it to DASHBOARD_HOSTS if it is yours)',
        content: json({ $ref: '#/components/schemas/Error' }),
      },
      TooLarge: { description: 'The request body is larger than the dashboard takes', content: json({ $ref: '#/components/schemas/Error' }) },
      Forbidden: {
        description: 'The dashboard is read-only (DASHBOARD_READ_ONLY), or a browser sent the change from another site',
        content: json({ $ref: '#/components/schemas/Error' }),
      },
    },
    schemas: {
      Error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] },
      Health: {
        type: 'object',
        properties: { status: { type: 'string', enum: ['ok', 'degraded'] }, redis: { type: 'string' }, db: { type: 'string' } },
        required: ['status', 'redis', 'db'],
      },
      Feed: {
        type: 'object',
        properties: {
          id: { type: 'integer', minimum: 1, maximum: MAX_FEED_ID },
          url: { type: 'string' },
          title: nullable('string'),
          siteUrl: nullable('string'),
          declaredLanguage: nullable('string'),
          category: nullable('string'),
          status: { type: 'string', enum: ['active', 'paused', 'failing', 'gone'] },
          intervalSeconds: { type: 'integer' },
          consecutiveFailures: { type: 'integer', minimum: 0 },
          lastFetchedAt: nullable('string', { format: 'date-time' }),
          lastSuccessAt: nullable('string', { format: 'date-time' }),
          lastError: nullable('string'),
          articleCount: { type: 'integer', minimum: 0 },
          nextFetchAt: { ...dateTime },
          createdAt: { ...dateTime },
        },
        required: ['id', 'url', 'title', 'status', 'lastFetchedAt', 'lastError', 'articleCount', 'nextFetchAt'],
      },
      FeedDetail: {
        allOf: [
          { $ref: '#/components/schemas/Feed' },
          {
            type: 'object',
            properties: {
              fetches: {
                type: 'array',
                maxItems: 50,
                items: {
                  type: 'object',
                  properties: {
                    startedAt: { ...dateTime },
                    outcome: { type: 'string', enum: ['ok', 'not_modified', 'error'] },
                    httpStatus: nullable('integer'),
                    error: nullable('string'),
                  },
                  required: ['startedAt', 'outcome'],
                },
              },
            },
            required: ['fetches'],
          },
        ],
      },
      Language: {
        type: 'object',
        properties: {
          tag: { type: 'string', enum: SUPPORTED_LANGUAGES.map((language) => language.tag), description: 'BCP 47 tag articles are stored under' },
          name: { type: 'string', description: 'English name' },
          script: { type: 'string', pattern: '^[A-Z][a-z]{3}$', description: 'ISO 15924 script code' },
          scriptName: { type: 'string' },
          searchConfig: { type: 'string', enum: [...allSearchConfigs], description: 'PostgreSQL text-search configuration (`simple`: no stemming)' },
        },
        required: ['tag', 'name', 'script', 'scriptName', 'searchConfig'],
      },
      ArticleListItem: {
        type: 'object',
        properties: {
          id: { type: 'integer', minimum: 1 },
          url: { type: 'string' },
          canonicalUrl: { type: 'string' },
          title: nullable('string'),
          language: nullable('string'),
          languageConfidence: nullable('number'),
          declaredLanguage: nullable('string'),
          titleLanguage: nullable('string'),
          languageModelVersion: nullable('string', { description: 'The language-model version that decided `language`' }),
          site: nullable('string'),
          publishedAt: nullable('string', { format: 'date-time' }),
          ingestedAt: { type: 'string', format: 'date-time' },
          feedIds: { type: 'array', items: { type: 'integer' } },
          duplicateOf: nullable('integer'),
          clusterId: nullable('integer'),
        },
        required: ['id', 'url', 'canonicalUrl', 'title', 'language', 'publishedAt', 'ingestedAt', 'feedIds', 'duplicateOf', 'clusterId'],
      },
      ArticleDetail: {
        allOf: [
          { $ref: '#/components/schemas/ArticleListItem' },
          {
            type: 'object',
            properties: {
              text: nullable('string'),
              sources: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { feedId: { type: 'integer' }, itemKey: { type: 'string' }, itemUrl: nullable('string') },
                  required: ['feedId', 'itemKey'],
                },
              },
              events: {
                type: 'array',
                items: { type: 'object', properties: { kind: { type: 'string' }, createdAt: { ...dateTime } }, required: ['kind'] },
              },
            },
            required: ['text', 'sources', 'events'],
          },
        ],
      },
      Cluster: {
        type: 'object',
        properties: {
          id: { type: 'integer', minimum: 1 },
          title: nullable('string'),
          languages: { type: 'array', items: { type: 'string' } },
          sites: { type: 'array', items: { type: 'string' } },
          articleCount: { type: 'integer', minimum: 0 },
          members: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'integer' },
                url: { type: 'string' },
                title: nullable('string'),
                site: nullable('string'),
                language: nullable('string'),
                publishedAt: nullable('string', { format: 'date-time' }),
                duplicateOf: nullable('integer'),
                feedIds: { type: 'array', items: { type: 'integer' } },
              },
              required: ['id', 'url', 'title', 'language', 'feedIds'],
            },
          },
        },
        required: ['id', 'languages', 'sites', 'articleCount', 'members'],
      },
      Queue: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          waiting: { type: 'integer', minimum: 0 },
          active: { type: 'integer', minimum: 0 },
          completed: { type: 'integer', minimum: 0 },
          failed: { type: 'integer', minimum: 0 },
          delayed: { type: 'integer', minimum: 0 },
          // BullMQ's Queue.isPaused(): pausing only flags the queue and its jobs stay in `wait` (no
          // "paused" list since BullMQ 5), so this is the queue's state, not a count of jobs.
          paused: { type: 'boolean', description: 'The queue is paused: workers take none of its jobs' },
        },
        required: ['name', 'waiting', 'active', 'completed', 'failed', 'delayed', 'paused'],
      },
    },
  },
} as const;
