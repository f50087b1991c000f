import { type FeedWithCounts, getFeed, importFeeds, upsertFeed } from '@polywire/db';
import { OpmlParseError, parseOpml } from '@polywire/feeds';
import { enqueueFeedNow } from '@polywire/pipeline';
import type { Runtime } from '@polywire/runtime';
import { cutText, storableText } from '@polywire/text';
// Zod from @hono/zod-openapi: it adds `.openapi()` only to schemas made after it loaded, and the API
// documents these (api/feeds.ts).
import { z } from '@hono/zod-openapi';

// The feed actions shared by the JSON API and the HTML pages, so both check and do the same.

export const MAX_URL_LENGTH = 2048;
/** One OPML import: one insert statement, well under PostgreSQL's 65,535 parameters. */
export const MAX_OPML_FEEDS = 10_000;
export const MAX_OPML_BYTES = 10 * 1024 * 1024;
export const MAX_TITLE_LENGTH = 500;

export class BadRequest extends Error {
  override name = 'BadRequest';
}

/**
 * Text without U+0000. PostgreSQL's text cannot hold NUL ("invalid byte sequence for encoding UTF8:
 * 0x00"), so a NUL that reached a query was a 500; it is refused up front, naming the field.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point.
export const NO_NUL = /^[^\u0000]*$/;
export const NO_NUL_MESSAGE = 'must not contain NUL (U+0000)';

/** At most `max` characters counted as JSON Schema counts them (code points): an emoji is one, not two UTF-16 units. */
export const atMostChars = (max: number) => (value: string) => [...value].length <= max;

/** An http(s) URL: the only links an export may hand to a feed reader (no `javascript:`, `data:`…). */
export function isWebUrl(value: string | null | undefined): value is string {
  if (!value || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

export const webUrl = z
  .string({ message: 'is required' })
  .trim()
  .refine(atMostChars(MAX_URL_LENGTH), `is longer than ${MAX_URL_LENGTH} characters`)
  .regex(NO_NUL, NO_NUL_MESSAGE)
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }))
  // As the OpenAPI document states it: maxLength counts code points, as atMostChars does.
  .openapi({ type: 'string', format: 'uri', maxLength: MAX_URL_LENGTH, pattern: `^[Hh][Tt][Tt][Pp][Ss]?://${NO_NUL.source.slice(1)}` });

export const newFeedBody = z.object({
  url: webUrl,
  title: z
    .string()
    .refine(atMostChars(MAX_TITLE_LENGTH), `is longer than ${MAX_TITLE_LENGTH} characters`)
    .regex(NO_NUL, NO_NUL_MESSAGE)
    .trim()
    .optional()
    .openapi({ type: 'string', maxLength: MAX_TITLE_LENGTH, pattern: NO_NUL.source }),
});

/**
 * What a refused value is told, from zod's first issue: `field: message`, or `name: unknown
 * parameter(s)`. `name` names a lone value (a path parameter). The API's request schemas and the
 * pages' forms word their 400s with it, so both say the same.
 */
export function describeInvalid(error: z.ZodError, name?: string): string {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') return `${issue.keys.join(', ')}: unknown parameter${issue.keys.length > 1 ? 's' : ''}`;
  const path = [name, ...(issue?.path ?? [])].filter((part) => part !== undefined);
  const where = path.length ? `${path.join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid request'}`;
}

/** Parses or throws a BadRequest naming the field; `name` names a lone value (a path parameter). */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, name?: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new BadRequest(describeInvalid(parsed.error, name));
}

/** Adds a feed (or finds the one with that URL); a new feed's first fetch is queued at once. */
export async function addFeed(runtime: Runtime, input: z.infer<typeof newFeedBody>): Promise<{ feed: FeedWithCounts; created: boolean }> {
  const { db } = runtime.db;
  const { feed, created } = await upsertFeed(db, { url: input.url, title: input.title || null });
  if (!created) return { feed: (await getFeed(db, feed.id)) ?? { ...feed, articleCount: 0 }, created };
  // Fetch at once rather than on the next tick; if Redis is down the scheduler does it later.
  await enqueueFeedNow(runtime, feed.id).catch((error: unknown) =>
    runtime.logger.warn({ err: error, feedId: feed.id }, 'could not enqueue the new feed'),
  );
  return { feed: { ...feed, articleCount: 0 }, created };
}

/** "Fetch now": `missing` for an unknown feed, `paused` for a paused one. */
export async function fetchFeedNow(runtime: Runtime, id: number): Promise<'queued' | 'missing' | 'paused'> {
  const feed = await getFeed(runtime.db.db, id);
  if (!feed) return 'missing';
  if (feed.status === 'paused') return 'paused';
  await enqueueFeedNow(runtime, id);
  return 'queued';
}

/** An OPML attribute as the database can store it (see storableText), cut to `max`. */
const storableAttribute = (value: string | null | undefined, max: number): string | null => (value == null ? null : cutText(storableText(value), max));

export interface OpmlImportResult {
  added: number;
  existing: number;
  invalid: { url: string; error: string }[];
}

/** Adds the feeds of an OPML document; new feeds are due at once, so the scheduler's next tick fetches them. */
export async function importOpml(runtime: Runtime, document: string): Promise<OpmlImportResult> {
  let outlines: ReturnType<typeof parseOpml>;
  try {
    outlines = parseOpml(document);
  } catch (error) {
    if (error instanceof OpmlParseError) throw new BadRequest(error.message);
    throw new BadRequest(`cannot read the OPML document: ${(error as Error).message}`);
  }
  if (outlines.length > MAX_OPML_FEEDS) {
    throw new BadRequest(`the OPML document has ${outlines.length} feeds; send at most ${MAX_OPML_FEEDS} per request`);
  }
  const invalid: { url: string; error: string }[] = [];
  const valid = new Map<string, Parameters<typeof importFeeds>[1][number]>();
  for (const outline of outlines) {
    const checked = webUrl.safeParse(outline.url);
    if (!checked.success) {
      invalid.push({ url: outline.url, error: `url: ${checked.error.issues[0]?.message ?? 'invalid'}` });
      continue;
    }
    if (valid.has(checked.data)) continue;
    valid.set(checked.data, {
      url: checked.data,
      title: storableAttribute(outline.title, MAX_TITLE_LENGTH),
      // Only web links: a `javascript:` site link would be handed on by every later export.
      siteUrl: isWebUrl(outline.siteUrl) && !outline.siteUrl.includes('\0') ? outline.siteUrl.slice(0, MAX_URL_LENGTH) : null,
      declaredLanguage: storableAttribute(outline.language, 35),
      category: storableAttribute(outline.category, MAX_TITLE_LENGTH),
    });
  }
  const inserted = await importFeeds(runtime.db.db, [...valid.values()]);
  return { added: inserted.length, existing: valid.size - inserted.length, invalid };
}
