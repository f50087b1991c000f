import { z } from '@hono/zod-openapi';
import { type ArticleCursor, type ArticleFilters, type ArticleSort, articleSorts, pageTypes } from '@polywire/db';
import type { MiddlewareHandler } from 'hono';
import { type ExportFormat, exportFormats } from '../export.js';
import { atMostChars, BadRequest, NO_NUL, NO_NUL_MESSAGE, parseOrThrow } from '../feeds.js';
import { LANGUAGE_TAG, languageTag } from '../languages.js';
import { feedId, MAX_ROW_ID, rowId, wholeNumber } from './shared.js';

// The article search of `GET /api/articles` and the Articles page: its query parameters, the rules
// across them, and the opaque cursor of its pages.

export const MAX_SEARCH_TEXT = 500;
export const MAX_PAGE_SIZE = 500;
export const MAX_CURSOR_LENGTH = 1000;
export const DEFAULT_PAGE_SIZE = 50;
/** The characters a cursor is written in (base64url). */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;
/** The `cursor` query parameter of a paged list: the previous page's opaque `nextCursor`. */
export const cursorParam = z
  .string()
  .min(1, 'must not be empty (leave it out for the first page)')
  .max(MAX_CURSOR_LENGTH, 'is not a valid cursor')
  .regex(CURSOR_PATTERN, 'is not a valid cursor (pass nextCursor of the previous page)')
  .optional()
  .openapi({ param: { description: "The previous page's opaque `nextCursor` (leave it out for the first page); any other value is a 400" } });

/**
 * The instants a query can take: drizzle sends a Date as `toISOString()`, which writes 1 BC as year
 * 0000 (PostgreSQL has no year 0: the query failed, a 500) and years past 9999 as `+010000`.
 */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');
export const isoDateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
  .refine((value) => {
    const instant = Date.parse(value);
    return instant >= FIRST_INSTANT && instant <= LAST_INSTANT;
  }, 'must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z');
/**
 * As the document states `isoDateTime`: the pattern keeps out year 0000, which PostgreSQL does not have,
 * and says what `date-time` alone leaves open (a space or a small `t` for the `T`, a small `z`), which
 * the API refuses.
 */
export const storableDateTime = {
  type: 'string',
  format: 'date-time',
  pattern: '^(?!0000-)[0-9]{4}-[0-9]{2}-[0-9]{2}T[^ ]*(Z|[+-][0-9]{2}:[0-9]{2})$',
  description: 'An instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z',
} as const;

/** `site` and `q`: trimmed, not blank, no NUL (PostgreSQL text cannot hold one). */
export const searchText = z
  .string()
  .refine(atMostChars(MAX_SEARCH_TEXT), `is longer than ${MAX_SEARCH_TEXT} characters`)
  .regex(NO_NUL, NO_NUL_MESSAGE)
  .trim()
  .min(1, 'must not be empty')
  // Not blank (`\s` is what the schema trims) and no NUL, as a JSON Schema pattern.
  .openapi({ type: 'string', minLength: 1, maxLength: MAX_SEARCH_TEXT, pattern: '^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$' });

/** `lang`, repeated or comma-separated (`lang=en&lang=de`, `lang=en,de`): one list of tags. */
export const languageList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => [value].flat().flatMap((tags) => tags.split(',')).filter(Boolean))
  .pipe(z.array(languageTag).max(20))
  .optional()
  .openapi({
    type: 'array',
    maxItems: 20,
    items: { type: 'string', pattern: LANGUAGE_TAG.source },
    param: {
      description:
        'Language tag as stored (`GET /api/languages` lists the supported ones: `en`, `hu`, `sr-Latn`, `zh-Hant`, `az-Latn`, `pcm`, `fa-AF`, …); repeatable or comma-separated; a tag without a subtag takes the family (`zh` also matches `zh-Hans` and `zh-Hant`, `sr` both scripts of Serbian)',
      style: 'form',
      explode: true,
    },
  });

/**
 * The query parameters of `GET /api/articles`, as the query string carries them; anything else is
 * refused. The API and the Articles page read them with this schema.
 */
export const articleQuery = z
  .object({
    lang: languageList,
    feed: feedId.optional().openapi({ param: { description: 'Articles delivered by this feed' } }),
    site: searchText.optional().openapi({ param: { description: "The article's site, exactly (trimmed)" } }),
    cluster: rowId.optional().openapi({ param: { description: 'Members of this story cluster' } }),
    page_type: z
      .enum(pageTypes, { message: `must be ${pageTypes.join(', ')}` })
      .optional()
      .openapi({ param: { description: 'Only pages of this type: `article` leaves out section fronts, galleries, video pages and live blogs' } }),
    q: searchText.optional().openapi({ param: { description: 'Web-search query (quoted phrases, `or`, `-word`), stemmed per language' } }),
    since: isoDateTime.optional().openapi({ ...storableDateTime, param: { description: 'Earliest time (inclusive), of `by`' } }),
    until: isoDateTime.optional().openapi({ ...storableDateTime, param: { description: 'Latest time (inclusive), of `by`' } }),
    by: z
      .enum(['published', 'ingested'], { message: 'must be published or ingested' })
      .optional()
      .openapi({ default: 'published', param: { description: 'The time `since`/`until` apply to' } }),
    sort: z
      .enum(articleSorts as [ArticleSort, ...ArticleSort[]], { message: 'must be ingested, published or relevance' })
      .optional()
      .openapi({
        default: 'ingested',
        param: {
          description: '`ingested`: newest stored first; `published`: newest published first, undated last; `relevance`: best match to `q` first (needs `q`)',
        },
      }),
    format: z
      .enum(['json', ...exportFormats], { message: 'must be json, jsonl or csv' })
      .optional()
      .openapi({
        default: 'json',
        param: { description: '`json`: one page; `jsonl` or `csv`: a streamed export of every match (from `cursor` when given; `limit` not allowed)' },
      }),
    limit: wholeNumber(1, MAX_PAGE_SIZE).optional().openapi({ default: DEFAULT_PAGE_SIZE, param: { description: 'Page size (json only)' } }),
    cursor: cursorParam,
  })
  .strict();
export type ArticleQuery = z.output<typeof articleQuery>;

/**
 * What the schema cannot see in a query string: a parameter given twice (only `lang` repeats) and one
 * without a name (`?=x`, which Hono's query reader drops before the schema could refuse it).
 */
function refuseAmbiguousParameters(params: URLSearchParams): void {
  const names = [...new Set(params.keys())];
  for (const name of names) {
    if (name !== 'lang' && params.getAll(name).length > 1) throw new BadRequest(`${name}: must be given once`);
  }
  if (names.includes('')) throw new BadRequest(': unknown parameter');
}

export const refuseAmbiguousQuery: MiddlewareHandler = async (c, next) => {
  refuseAmbiguousParameters(new URL(c.req.url).searchParams);
  await next();
};

// --- the cursor --------------------------------------------------------------------------------------

/** A cursor's published time goes to PostgreSQL as text, which takes UTC offsets up to ±15:59. */
export const cursorTime = isoDateTime.refine((value) => !/[+-](1[6-9]|2\d):\d\d$/.test(value), 'has an offset PostgreSQL cannot take');
const cursorId = z.number().int().min(1).max(MAX_ROW_ID);

/** The opaque cursor: base64url JSON of the sort it belongs to, the last row's id and its sort key. */
const cursorPayload = z.discriminatedUnion('sort', [
  z.object({ sort: z.literal('ingested'), id: cursorId }).strict(),
  z.object({ sort: z.literal('published'), id: cursorId, key: z.union([cursorTime, z.null()]) }).strict(),
  z.object({ sort: z.literal('relevance'), id: cursorId, key: z.number().finite() }).strict(),
]);
type CursorPayload = z.infer<typeof cursorPayload>;

export function encodeCursor(sort: ArticleSort, next: ArticleCursor): string {
  const payload = sort === 'ingested' ? { sort, id: next.id } : { sort, id: next.id, key: next.key ?? null };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeCursor(value: string): CursorPayload | null {
  try {
    const parsed = cursorPayload.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// --- from the query to a search ----------------------------------------------------------------------

export interface ArticleSearch {
  filters: Omit<ArticleFilters, 'limit' | 'cursor'> & { sort: ArticleSort };
  cursor: ArticleCursor | undefined;
  format: 'json' | ExportFormat;
  limit: number | undefined;
}

/** The search a checked query asks for, after the rules across parameters (a BadRequest when one is broken). */
export function articleSearch(query: ArticleQuery): ArticleSearch {
  const sort: ArticleSort = query.sort ?? 'ingested';
  if (sort === 'relevance' && !query.q) throw new BadRequest('sort: relevance needs a query (q)');
  if (query.by && !query.since && !query.until) throw new BadRequest('by: needs since or until');
  if (query.since && query.until && Date.parse(query.since) > Date.parse(query.until)) throw new BadRequest('until: is before since');
  let cursor: ArticleCursor | undefined;
  if (query.cursor !== undefined) {
    const decoded = decodeCursor(query.cursor);
    if (!decoded) throw new BadRequest('cursor: is not a valid cursor (pass nextCursor of the previous page)');
    if (decoded.sort !== sort) throw new BadRequest(`cursor: belongs to sort=${decoded.sort}, not sort=${sort}`);
    cursor = decoded.sort === 'ingested' ? { id: decoded.id } : { id: decoded.id, key: decoded.key };
  }
  const filters = {
    languages: query.lang ?? [],
    feedId: query.feed,
    clusterId: query.cluster,
    site: query.site,
    pageType: query.page_type,
    q: query.q,
    since: query.since ? new Date(query.since) : undefined,
    until: query.until ? new Date(query.until) : undefined,
    by: query.by,
    sort,
  };
  return { filters, cursor, format: query.format ?? 'json', limit: query.limit };
}

/** Reads and checks the article search parameters of the Articles page, as the API checks its own. */
export function parseArticleSearch(params: URLSearchParams): ArticleSearch {
  refuseAmbiguousParameters(params);
  const names = [...new Set(params.keys())];
  const query = Object.fromEntries(names.map((name) => [name, name === 'lang' ? params.getAll(name) : params.get(name)]));
  return articleSearch(parseOrThrow(articleQuery, query));
}
