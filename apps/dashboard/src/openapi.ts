/**
 * The OpenAPI 3.1 description of the dashboard's HTTP API, served at `GET /api/openapi.json`.
 * api.test.ts checks it against the routes the app registers and the parameters `articleQuery` accepts.
 */

import { allSearchConfigs } from '@polywire/db';
import { SUPPORTED_LANGUAGES } from '@polywire/lang';
import { LANGUAGE_TAG } from './languages.js';

const error = { $ref: '#/components/responses/Error' } as const;
const notFound = { $ref: '#/components/responses/NotFound' } as const;
const idParameter = (what: string) =>
  ({
    name: 'id',
    in: 'path',
    required: true,
    description: `the ${what}'s id`,
    schema: { type: 'integer', minimum: 1 },
  }) as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Polywire API',
    version: '0.1.0',
    description: 'Feeds, the language-tagged articles ingested from them, story clusters and queue counts.',
  },
  paths: {
    '/healthz': {
      get: {
        summary: 'Health of Redis and the database',
        security: [],
        responses: {
          '200': { description: 'Everything is up', content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } } },
          '503': { description: 'A part is down (named)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } } },
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
            content: {
              'application/json': {
                schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Feed' } } }, required: ['items'] },
              },
            },
          },
        },
      },
      post: {
        summary: 'Add a feed (its first fetch is queued at once)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { url: { type: 'string', format: 'uri', maxLength: 2048 }, title: { type: 'string', maxLength: 500 } },
                required: ['url'],
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '200': { description: 'The feed already existed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Feed' } } } },
          '201': { description: 'The new feed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Feed' } } } },
          '400': error,
        },
      },
    },
    '/api/feeds/{id}': {
      get: {
        summary: 'A feed with its last 50 fetches',
        parameters: [idParameter('feed')],
        responses: { '200': { description: 'The feed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Feed' } } } }, '400': error, '404': notFound },
      },
      delete: {
        summary: 'Remove a feed, its fetch history and its sources',
        parameters: [idParameter('feed')],
        responses: { '204': { description: 'Removed' }, '400': error, '404': notFound },
      },
    },
    '/api/feeds/{id}/fetch': {
      post: {
        summary: 'Fetch a feed now',
        parameters: [idParameter('feed')],
        responses: {
          '202': {
            description: 'Queued',
            content: { 'application/json': { schema: { type: 'object', properties: { queued: { type: 'boolean' }, feedId: { type: 'integer' } } } } },
          },
          '400': error,
          '404': notFound,
          '409': { description: 'The feed is paused', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    },
    '/api/feeds/{id}/pause': {
      post: {
        summary: 'Pause a feed: the scheduler skips it until it is resumed',
        parameters: [idParameter('feed')],
        responses: { '200': { description: 'The paused feed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Feed' } } } }, '400': error, '404': notFound },
      },
    },
    '/api/feeds/{id}/resume': {
      post: {
        summary: 'Resume a paused feed: it is due at once',
        parameters: [idParameter('feed')],
        responses: { '200': { description: 'The resumed feed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Feed' } } } }, '400': error, '404': notFound },
      },
    },
    '/api/feeds/import-opml': {
      post: {
        summary: 'Import feeds from an OPML document (at most 10,000 feeds, 10 MiB)',
        requestBody: {
          required: true,
          content: { 'text/xml': { schema: { type: 'string' } }, 'application/xml': { schema: { type: 'string' } } },
        },
        responses: {
          '200': {
            description: 'What was added',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    added: { type: 'integer' },
                    existing: { type: 'integer' },
                    invalid: {
                      type: 'array',
                      items: { type: 'object', properties: { url: { type: 'string' }, error: { type: 'string' } }, required: ['url', 'error'] },
                    },
                  },
                  required: ['added', 'existing', 'invalid'],
                },
              },
            },
          },
          '400': error,
          '413': { description: 'The document is too large', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          '415': { description: 'Not sent as XML', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    },
    '/api/feeds/export.opml': {
      get: {
        summary: 'The feed list as OPML 2.0 (titles, categories, language hints)',
        responses: { '200': { description: 'OPML attachment', content: { 'text/x-opml': { schema: { type: 'string' } } } } },
      },
    },
    '/api/articles': {
      get: {
        summary: 'Search and list articles, one page at a time, or export every match',
        description:
          'Every parameter is validated; an unknown parameter or a bad value is a 400 naming it. Pages are keyset-paginated: pass `nextCursor` back as `cursor` (with the same sort and filters); pages stay stable while new articles arrive.',
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
          { name: 'feed', in: 'query', description: 'Articles delivered by this feed', schema: { type: 'integer', minimum: 1 } },
          { name: 'site', in: 'query', description: "The article's site, exactly", schema: { type: 'string', minLength: 1, maxLength: 500 } },
          { name: 'cluster', in: 'query', description: 'Members of this story cluster', schema: { type: 'integer', minimum: 1 } },
          { name: 'q', in: 'query', description: 'Web-search query (quoted phrases, `or`, `-word`), stemmed per language', schema: { type: 'string', minLength: 1, maxLength: 500 } },
          { name: 'since', in: 'query', description: 'Earliest time (inclusive), of `by`', schema: dateTime },
          { name: 'until', in: 'query', description: 'Latest time (inclusive), of `by`', schema: dateTime },
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
          { name: 'limit', in: 'query', description: 'Page size (json only)', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'cursor', in: 'query', description: 'The previous page\'s opaque `nextCursor`', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'A page of articles, or the export',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: { type: 'array', items: { $ref: '#/components/schemas/ArticleListItem' } },
                    nextCursor: nullable('string'),
                  },
                  required: ['items', 'nextCursor'],
                },
              },
              'application/x-ndjson': { schema: { type: 'string', description: 'One ArticleListItem as JSON per line' } },
              'text/csv': {
                schema: {
                  type: 'string',
                  description:
                    'RFC 4180 with a header row: id, url, canonicalUrl, title, language, languageConfidence, declaredLanguage, site, publishedAt, ingestedAt, feedIds (joined with ;), duplicateOf, clusterId',
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
        parameters: [idParameter('article')],
        responses: { '200': { description: 'The article', content: { 'application/json': { schema: { type: 'object' } } } }, '400': error, '404': notFound },
      },
    },
    '/api/clusters/{id}': {
      get: {
        summary: 'A story cluster with its members, their languages and sources',
        parameters: [idParameter('cluster')],
        responses: { '200': { description: 'The cluster', content: { 'application/json': { schema: { type: 'object' } } } }, '400': error, '404': notFound },
      },
    },
    '/api/queues': {
      get: {
        summary: 'Job counts of every queue',
        responses: {
          '200': {
            description: 'The queues',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    queues: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          name: { type: 'string' },
                          waiting: { type: 'integer' },
                          active: { type: 'integer' },
                          completed: { type: 'integer' },
                          failed: { type: 'integer' },
                          delayed: { type: 'integer' },
                          paused: { type: 'integer' },
                        },
                      },
                    },
                  },
                },
              },
            },
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
            content: {
              'application/json': {
                schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Language' } } }, required: ['items'] },
              },
            },
          },
        },
      },
    },
    '/api/openapi.json': {
      get: {
        summary: 'This document',
        responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
  // Only enforced when DASHBOARD_TOKEN (or DASHBOARD_USER and DASHBOARD_PASSWORD) is set.
  security: [{ bearer: [] }, { basic: [] }],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'DASHBOARD_TOKEN' },
      basic: { type: 'http', scheme: 'basic', description: 'DASHBOARD_USER and DASHBOARD_PASSWORD' },
    },
    responses: {
      Error: { description: 'A bad request; the message names the parameter', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      NotFound: { description: 'Not found', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
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
          id: { type: 'integer' },
          url: { type: 'string' },
          title: nullable('string'),
          status: { type: 'string' },
          lastFetchedAt: nullable('string', { format: 'date-time' }),
          lastError: nullable('string'),
          articleCount: { type: 'integer' },
          nextFetchAt: nullable('string', { format: 'date-time' }),
        },
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
          id: { type: 'integer' },
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
      },
    },
  },
} as const;
