import { OpenAPIHono, z } from '@hono/zod-openapi';
import { BadRequest, describeInvalid } from '../feeds.js';

// The building blocks every route group of the API shares: its limits, id parameters, the error body
// and the app factory whose hook turns a refused request into the API's 400.

/** The largest feed id: `feeds.id` is a PostgreSQL `integer` (4 bytes); a larger number failed the query (a 500). */
export const MAX_FEED_ID = 2_147_483_647;
/** The largest article or cluster id: those columns are `bigint`, read as JS numbers, which are exact up to 2^53 − 1. */
export const MAX_ROW_ID = Number.MAX_SAFE_INTEGER;

/**
 * A route group: an OpenAPIHono whose request schemas refuse with the API's own 400,
 * `{"error": "field: message"}` (server.tsx answers the BadRequest), instead of zod's issue list.
 */
export function createApiApp(): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw new BadRequest(describeInvalid(result.error));
    },
  });
}

/**
 * A whole number in decimal digits from `min` to `max`, as in the query string or path. Digits only:
 * `1e3`, `0x10` or ` 5` are no integers to the OpenAPI document, so they are none here either. The
 * document states the range as an integer, which is what the digits are.
 */
export const wholeNumber = (min: number, max: number) => {
  const message = `must be a number from ${min} to ${max}`;
  return z
    .string({ message })
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message))
    .openapi({ type: 'integer', minimum: min, maximum: max });
};

export const feedId = wholeNumber(1, MAX_FEED_ID);
export const rowId = wholeNumber(1, MAX_ROW_ID);

/** The `{id}` of a path, described for the document. */
export const idParams = (what: string, maximum: number) =>
  z.object({ id: wholeNumber(1, maximum).openapi({ param: { description: `the ${what}'s id` } }) });

/** An instant as the API writes it (`Date.toJSON()`: UTC, milliseconds). */
export const instant = z.iso.datetime();
export const nullableText = z.string().nullable();

export const errorBody = z.object({ error: z.string() }).openapi('Error');

export const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

export const errorResponse = (description: string) => ({ description, content: json(errorBody) });
export const invalidRequest = errorResponse('A bad request; the message names the parameter');
export const notFound = errorResponse('Not found');
