import { createRoute, z } from '@hono/zod-openapi';
import { getStory, listStories, type StoryCursor, type StoryFilters, type StorySort, storySorts } from '@polywire/db';
import { nameLabels } from '@polywire/dedupe';
import type { Runtime } from '@polywire/runtime';
import { BadRequest } from '../feeds.js';
import { languageTag } from '../languages.js';
import {
  CURSOR_PATTERN,
  cursorParam,
  cursorTime,
  isoDateTime,
  languageList,
  MAX_CURSOR_LENGTH,
  refuseAmbiguousQuery,
  searchText,
  storableDateTime,
} from './article-search.js';
import { createApiApp, feedId, idParams, instant, invalidRequest, json, MAX_ROW_ID, notFound, nullableText, wholeNumber } from './shared.js';

// Stories (clusters of articles about one event, across languages): the list with its filters and
// orders, and one story with its members, timeline and evidence. The queries are @polywire/db's
// listStories and getStory; this module is their parameters, their cursor and their answers.

export const MAX_STORY_PAGE_SIZE = 200;
export const DEFAULT_STORY_PAGE_SIZE = 50;
/** Larger counts than any story has; the bound keeps the number inside PostgreSQL's `integer`. */
const MAX_LANGUAGES = 1000;
const MAX_SOURCES = 1_000_000;

const uiLanguage = languageTag
  .optional()
  .openapi({ param: { description: "The reader's language: a story's title is a member's title in it when one has it (a tag without a subtag takes the family)" } });

/** The query parameters of `GET /api/stories`; anything else is refused. */
export const storyQuery = z
  .object({
    since: isoDateTime.optional().openapi({ ...storableDateTime, param: { description: 'Earliest time (inclusive), of `by`' } }),
    until: isoDateTime.optional().openapi({ ...storableDateTime, param: { description: 'Latest time (inclusive), of `by`' } }),
    by: z
      .enum(['first_seen', 'updated'], { message: 'must be first_seen or updated' })
      .optional()
      .openapi({ default: 'updated', param: { description: "The time `since`/`until` apply to: the story's earliest member, or its latest" } }),
    lang: languageList,
    min_languages: wholeNumber(1, MAX_LANGUAGES).optional().openapi({ param: { description: 'Stories in at least this many languages' } }),
    min_sources: wholeNumber(1, MAX_SOURCES).optional().openapi({ param: { description: 'Stories from at least this many sites' } }),
    q: searchText
      .optional()
      .openapi({ param: { description: "Web-search query (quoted phrases, `or`, `-word`) in any member's title or text, stemmed per member's language (with `lang`: a member in those languages)" } }),
    feed: feedId.optional().openapi({ param: { description: 'Stories with a member delivered by this feed' } }),
    site: searchText.optional().openapi({ param: { description: "Stories with a member from this site, exactly (trimmed)" } }),
    sort: z
      .enum(storySorts as [StorySort, ...StorySort[]], { message: 'must be updated, size, languages or rising' })
      .optional()
      .openapi({
        default: 'updated',
        param: {
          description:
            '`updated`: latest member first; `size`: most members first; `languages`: most languages first; `rising`: members in the last hour over the story\'s own average per hour before it (at least one an hour), first',
        },
      }),
    ui_lang: uiLanguage,
    limit: wholeNumber(1, MAX_STORY_PAGE_SIZE).optional().openapi({ default: DEFAULT_STORY_PAGE_SIZE, param: { description: 'Page size' } }),
    cursor: cursorParam,
  })
  .strict();
export type StoryQuery = z.output<typeof storyQuery>;

// --- the cursor --------------------------------------------------------------------------------------

const cursorId = z.number().int().min(1).max(MAX_ROW_ID);
const cursorCount = z.number().int().min(0).max(2_147_483_647);

/** The opaque cursor: base64url JSON of its sort, the last story's id and sort key (and rising's clock). */
const cursorPayload = z.discriminatedUnion('sort', [
  z.object({ sort: z.literal('updated'), id: cursorId, key: cursorTime }).strict(),
  z.object({ sort: z.literal('size'), id: cursorId, key: cursorCount }).strict(),
  z.object({ sort: z.literal('languages'), id: cursorId, key: cursorCount }).strict(),
  z.object({ sort: z.literal('rising'), id: cursorId, key: z.number().finite().min(0), now: isoDateTime }).strict(),
]);

export function encodeStoryCursor(sort: StorySort, next: StoryCursor): string {
  const payload = { sort, id: next.id, key: next.key, ...(sort === 'rising' && next.now ? { now: next.now.toISOString() } : {}) };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeStoryCursor(value: string): z.infer<typeof cursorPayload> | null {
  try {
    const parsed = cursorPayload.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The story list a checked query asks for, after the rules across parameters (a BadRequest when one is broken). */
export function storySearch(query: StoryQuery): StoryFilters & { sort: StorySort } {
  const sort: StorySort = query.sort ?? 'updated';
  if (query.by && !query.since && !query.until) throw new BadRequest('by: needs since or until');
  if (query.since && query.until && Date.parse(query.since) > Date.parse(query.until)) throw new BadRequest('until: is before since');
  let cursor: StoryCursor | undefined;
  if (query.cursor !== undefined) {
    const decoded = decodeStoryCursor(query.cursor);
    if (!decoded) throw new BadRequest('cursor: is not a valid cursor (pass nextCursor of the previous page)');
    if (decoded.sort !== sort) throw new BadRequest(`cursor: belongs to sort=${decoded.sort}, not sort=${sort}`);
    cursor = { id: decoded.id, key: decoded.key, ...(decoded.sort === 'rising' ? { now: new Date(decoded.now) } : {}) };
  }
  return {
    since: query.since ? new Date(query.since) : undefined,
    until: query.until ? new Date(query.until) : undefined,
    by: query.by,
    languages: query.lang ?? [],
    minLanguages: query.min_languages,
    minSources: query.min_sources,
    q: query.q,
    feedId: query.feed,
    site: query.site,
    sort,
    uiLanguage: query.ui_lang,
    cursor,
    limit: query.limit ?? DEFAULT_STORY_PAGE_SIZE,
  };
}

// --- the answers -------------------------------------------------------------------------------------

const count = z.number().int().min(0);
const storyListFields = {
  id: z.number().int().min(1).max(MAX_ROW_ID),
  title: nullableText.openapi({ description: "A member's title in `ui_lang` when one has it, else the earliest original's" }),
  titleLanguage: nullableText.openapi({ description: 'The language of `title`' }),
  titles: z.record(z.string(), z.string()).openapi({ description: "One title per language: the earliest original's in it" }),
  languages: z.record(z.string(), count).openapi({ description: 'Members per language (undecided ones left out)' }),
  languageCount: count,
  sites: z.array(z.string()).openapi({ description: 'Distinct sites, most members first (at most 20)' }),
  sourceCount: count.openapi({ description: 'Distinct sites' }),
  articleCount: count.openapi({ description: 'Members, copies included' }),
  originalCount: count.openapi({ description: 'Members that copy no other article' }),
  firstSeenAt: instant.nullable().openapi({ description: "The earliest member's time (published, else ingested)" }),
  lastUpdatedAt: instant.nullable().openapi({ description: 'When the latest member joined' }),
  quiet: z.boolean().openapi({ description: 'No member joined for 72 hours: the story is not joined again' }),
  rising: z.number().min(0).nullable().openapi({ description: 'sort=rising: members in the last hour over the usual rate per hour (null for other orders)' }),
};
const storyListItem = z.object(storyListFields).openapi('StoryListItem');
const storyPage = z.object({ items: z.array(storyListItem), nextCursor: z.string().regex(CURSOR_PATTERN).nullable() });

const memberFields = {
  id: z.number().int().min(1),
  url: z.string(),
  title: nullableText,
  site: nullableText,
  language: nullableText,
  publishedAt: instant.nullable(),
  ingestedAt: instant,
  feedIds: z.array(z.number().int()),
};
const storyMember = z
  .object({ ...memberFields, copies: z.array(z.object(memberFields)).openapi({ description: 'Copies of this member, oldest first' }) })
  .openapi('StoryMember');

const storyDetail = z
  .object({
    ...storyListFields,
    requestedId: z.number().int().min(1).openapi({ description: 'The id asked for: another than `id` when that story was merged into this one' }),
    absorbedIds: z.array(z.number().int().min(1)).openapi({ description: 'Stories merged into this one' }),
    membersByLanguage: z
      .array(z.object({ language: z.string(), members: z.array(storyMember) }))
      .openapi({ description: 'Originals by language (most members first), copies folded under them' }),
    timeline: z
      .array(z.object({ hour: instant, articles: count }))
      .openapi({ description: 'Members per hour (published, else ingested), from the first hour to the last' }),
    evidence: z
      .array(
        z.object({
          kind: z.enum(['number', 'percentage', 'date', 'name', 'place']),
          key: z.string().openapi({ description: 'The key as stored (`n:1200`, `p:3.5`, `d:03-15`, `w:putin`)' }),
          label: z.string().openapi({ description: 'A readable form (`1,200`, `3.5 %`, `15 March`)' }),
          members: count,
        }),
      )
      .openapi({ description: 'What ties the members: keys two or more members share, most shared first' }),
  })
  .openapi('StoryDetail');

// --- the routes --------------------------------------------------------------------------------------

const listStoriesRoute = createRoute({
  method: 'get',
  path: '/api/stories',
  summary: 'List stories (one event across sources and languages), one page at a time',
  description:
    'Every parameter is validated; an unknown parameter or a bad value is a 400 naming it. Pages are keyset-paginated: pass `nextCursor` back as `cursor` (with the same sort and filters). A `rising` cursor keeps the clock of its first page, so later pages continue that ranking. Rules across parameters (a 400 otherwise): `by` needs `since` or `until`; `until` is not before `since`; a cursor belongs to the sort it was made for.',
  middleware: [refuseAmbiguousQuery],
  request: { query: storyQuery },
  responses: { 200: { description: 'A page of stories', content: json(storyPage) }, 400: invalidRequest },
});

const getStoryRoute = createRoute({
  method: 'get',
  path: '/api/stories/{id}',
  summary: 'A story with its members by language, timeline and evidence',
  description: 'The id of a story merged into another answers with that other story (`requestedId` is the id asked for).',
  middleware: [refuseAmbiguousQuery],
  request: { params: idParams('story', MAX_ROW_ID), query: z.object({ ui_lang: uiLanguage }).strict() },
  responses: { 200: { description: 'The story', content: json(storyDetail) }, 400: invalidRequest, 404: notFound },
});

/** The story list and one story. */
export function storyRoutes(runtime: Runtime) {
  const { db } = runtime.db;
  return createApiApp()
    .openapi(listStoriesRoute, async (c) => {
      const filters = storySearch(c.req.valid('query'));
      const page = await listStories(db, filters);
      return c.json({ items: page.items, nextCursor: page.nextCursor ? encodeStoryCursor(filters.sort, page.nextCursor) : null }, 200);
    })
    .openapi(getStoryRoute, async (c) => {
      const { id } = c.req.valid('param');
      const story = await getStory(db, id, { uiLanguage: c.req.valid('query').ui_lang, nameLabels });
      if (!story) return c.json({ error: `story ${id} not found` }, 404);
      return c.json(story, 200);
    });
}
