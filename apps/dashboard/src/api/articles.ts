import { createRoute, z } from '@hono/zod-openapi';
import type { HttpBindings } from '@hono/node-server';
import { articleEventKinds, extractionMethods, getArticle, getCluster, listArticles, pageTypes, resolveStoryId } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import { closeAfterFlush, csvColumns, exportContentTypes, exportStream } from '../export.js';
import { BadRequest } from '../feeds.js';
import { articleQuery, articleSearch, CURSOR_PATTERN, DEFAULT_PAGE_SIZE, encodeCursor, refuseAmbiguousQuery } from './article-search.js';
import { createApiApp, idParams, instant, invalidRequest, json, MAX_ROW_ID, notFound, nullableText } from './shared.js';

// Article search and export, one article, one story cluster: what each answers, then the routes.

/** An article as lists show it: every stored column but its text, and the feeds that delivered it. */
const articleFields = {
  id: z.number().int().min(1).max(MAX_ROW_ID),
  urlHash: z.string().openapi({ description: "sha-256 (hex) of the canonical URL: the article's identity" }),
  url: z.string(),
  canonicalUrl: z.string(),
  title: nullableText,
  summary: nullableText.openapi({ description: "The feed item's summary" }),
  lead: nullableText.openapi({ description: "The standfirst: the page's own description of the article" }),
  authors: z.array(z.string()),
  publishedAt: instant.nullable(),
  modifiedAt: instant.nullable(),
  section: nullableText,
  tags: z.array(z.string()),
  image: nullableText,
  site: nullableText,
  language: nullableText.openapi({ description: 'Detected from title and text (BCP 47, `und` when undecidable); the declared tag when detection fails' }),
  languageConfidence: z.number().nullable(),
  declaredLanguage: nullableText.openapi({ description: 'What the page or feed declared, as declared' }),
  languageBase: nullableText.openapi({ description: 'The primary subtag of `language` (`zh` of `zh-Hant`), kept by the database' }),
  titleLanguage: nullableText.openapi({ description: 'Detected from the title alone' }),
  languageModelVersion: nullableText.openapi({ description: 'The language-model version that decided `language`' }),
  extraction: z.enum(extractionMethods).nullable().openapi({ description: "Where the text came from: the page, or the feed item's own content" }),
  pageType: z.enum(pageTypes).openapi({
    description: 'What the page is: `article`, or `front` (a section front or home page: no text is stored from it), `gallery`, `video`, `live` (a live blog)',
  }),
  contentHash: nullableText.openapi({ description: 'sha-256 of the normalized text (exact copies)' }),
  titleHash: nullableText.openapi({ description: 'sha-256 of the normalized title (the same site repeating a title)' }),
  simhash: nullableText.openapi({ description: '64-bit SimHash of the text as 16 hex digits (near copies)' }),
  simhashBand0: z.number().int().nullable(),
  simhashBand1: z.number().int().nullable(),
  simhashBand2: z.number().int().nullable(),
  simhashBand3: z.number().int().nullable(),
  duplicateOf: z.number().int().nullable().openapi({ description: 'The earlier article this one copies; null for originals' }),
  clusterId: z.number().int().nullable(),
  ingestedAt: instant,
  updatedAt: instant,
  searchConfig: nullableText.openapi({ description: 'The PostgreSQL text-search configuration of `language`, kept by the database' }),
  feedIds: z.array(z.number().int()),
};
const articleListItem = z.object(articleFields).openapi('ArticleListItem');

const articlePage = z.object({
  items: z.array(articleListItem),
  nextCursor: z.string().regex(CURSOR_PATTERN).nullable(),
});

const articleSource = z.object({
  id: z.number().int().min(1),
  articleId: z.number().int().min(1),
  feedId: z.number().int().min(1),
  itemKey: z.string().openapi({ description: "The item's GUID, or its link when it has none" }),
  itemUrl: z.string(),
  firstSeenAt: instant,
});

/** A breadcrumb: what happened to the article's URL, from queued to stored. */
const articleEvent = z.object({
  id: z.number().int().min(1),
  urlHash: z.string(),
  kind: z.enum(articleEventKinds),
  feedId: z.number().int().nullable(),
  jobId: nullableText,
  attempt: z.number().int().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  at: instant,
});

const articleDetail = z
  .object({ ...articleFields, text: nullableText, sources: z.array(articleSource), events: z.array(articleEvent) })
  .openapi('ArticleDetail');

const cluster = z
  .object({
    id: z.number().int().min(1),
    title: nullableText.openapi({ description: 'The title of the article that opened the cluster' }),
    createdAt: instant,
    languages: z.array(z.string()),
    sites: z.array(z.string()),
    articleCount: z.number().int().min(0),
    members: z.array(
      z.object({
        id: z.number().int().min(1),
        url: z.string(),
        title: nullableText,
        site: nullableText,
        language: nullableText,
        publishedAt: instant.nullable(),
        duplicateOf: z.number().int().nullable(),
        feedIds: z.array(z.number().int()),
      }),
    ),
  })
  .openapi('Cluster');

// --- the routes --------------------------------------------------------------------------------------

const csvHeader = csvColumns.map((column) => (column === 'feedIds' ? 'feedIds (joined with ;)' : column)).join(', ');

const listArticlesRoute = createRoute({
  method: 'get',
  path: '/api/articles',
  summary: 'Search and list articles, one page at a time, or export every match',
  description:
    'Every parameter is validated; an unknown parameter or a bad value is a 400 naming it. Pages are keyset-paginated: pass `nextCursor` back as `cursor` (with the same sort and filters); pages stay stable while new articles arrive. Rules across parameters (a 400 otherwise): `sort=relevance` needs `q`; `by` needs `since` or `until`; `until` is not before `since`; `limit` is for `format=json` only; a cursor belongs to the sort it was made for.',
  middleware: [refuseAmbiguousQuery],
  request: { query: articleQuery },
  responses: {
    200: {
      description:
        'A page of articles, or the export. An export that fails after it started (the database went away) ends with an error line (JSON lines: `{"error": "…"}`; CSV: a row whose first cell is `#error` and second the message) and the connection is aborted before the end of the chunked body, so an HTTP client reports an incomplete transfer.',
      content: {
        'application/json': { schema: articlePage },
        'application/x-ndjson': { schema: z.string().openapi({ description: 'One ArticleListItem as JSON per line' }) },
        'text/csv': {
          schema: z.string().openapi({
            description: `RFC 4180 with a header row: ${csvHeader}. A text cell that starts with =, +, -, @, tab or CR starts with ' (OWASP's CSV-injection defence), so spreadsheets show it as text.`,
          }),
        },
      },
    },
    400: invalidRequest,
  },
});

const getArticleRoute = createRoute({
  method: 'get',
  path: '/api/articles/{id}',
  summary: 'An article with its text, sources and events (breadcrumbs)',
  request: { params: idParams('article', MAX_ROW_ID) },
  responses: { 200: { description: 'The article', content: json(articleDetail) }, 400: invalidRequest, 404: notFound },
});

const getClusterRoute = createRoute({
  method: 'get',
  path: '/api/clusters/{id}',
  summary: 'A story cluster with its members, their languages and sources',
  description: 'The id of a cluster merged into another answers with that other cluster.',
  request: { params: idParams('cluster', MAX_ROW_ID) },
  responses: { 200: { description: 'The cluster', content: json(cluster) }, 400: invalidRequest, 404: notFound },
});

/** Article search and export, one article, one story cluster. */
export function articleRoutes(runtime: Runtime) {
  const { db } = runtime.db;
  const logger = runtime.logger.child({ component: 'api' });

  return createApiApp()
    .openapi(listArticlesRoute, async (c) => {
      const { filters, cursor, format, limit } = articleSearch(c.req.valid('query'));
      if (format !== 'json') {
        if (limit !== undefined) throw new BadRequest(`limit: an export (format=${format}) streams every match; leave limit out`);
        const socket = (c.env as Partial<HttpBindings> | undefined)?.outgoing?.socket;
        const stream = exportStream(format, filters, cursor, (page) => listArticles(db, page), {
          onError: (error, rows) => logger.error({ err: error, format, rows }, 'article export failed part-way'),
          closeConnection: socket ? () => closeAfterFlush(socket) : undefined,
        });
        return c.body(stream, 200, {
          'content-type': exportContentTypes[format],
          'content-disposition': `attachment; filename="polywire-articles.${format}"`,
        });
      }
      const page = await listArticles(db, { ...filters, limit: limit ?? DEFAULT_PAGE_SIZE, cursor });
      return c.json({ items: page.items, nextCursor: page.nextKey ? encodeCursor(filters.sort, page.nextKey) : null }, 200);
    })
    .openapi(getArticleRoute, async (c) => {
      const { id } = c.req.valid('param');
      const article = await getArticle(db, id);
      if (!article) return c.json({ error: `article ${id} not found` }, 404);
      return c.json(article, 200);
    })
    .openapi(getClusterRoute, async (c) => {
      const { id } = c.req.valid('param');
      // An absorbed cluster answers with the one it was merged into, as GET /api/stories/{id} does.
      const survivor = await resolveStoryId(db, id);
      const found = survivor === undefined ? undefined : await getCluster(db, survivor);
      if (!found) return c.json({ error: `cluster ${id} not found` }, 404);
      const { id: clusterId, title, createdAt, languages, sites, articleCount, members } = found;
      return c.json({ id: clusterId, title, createdAt, languages, sites, articleCount, members }, 200);
    });
}
