import { clusterArticle, storeArticle, upsertFeed } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardServer, startDashboard } from './server.js';
import { createDocumentValidator, type Document, type DocumentValidator, type Operation, type Parameter } from './testing/openapi-validator.js';

// Requests generated from the served OpenAPI document, sent to a running dashboard (real Redis and
// PostgreSQL), and every answer checked against the same document (with ajv, see
// testing/openapi-validator.ts): a documented status (never a 500), a documented media type, a body
// that fits the documented schema. And both ways round: a request the document allows is not refused
// with a 400, and one it forbids is.
//
// Each operation gets FIXED_RUNS cases from a fixed seed (the same requests on every run, so CI is
// deterministic) and RANDOM_RUNS from a fresh seed (printed by fast-check when a case fails; replay it
// with `fc.assert(…, { seed, path })`). Destructive operations run last and delete only feeds made for
// them, so the order of operations does not change what the others see.

const FIXED_SEED = 20_260_115;
const FIXED_RUNS = 60;
const RANDOM_RUNS = 15;
const TOKEN = 'property-test-token-0123456789';

type Schema = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------
// Values for parameters and bodies: the document's own edges and what fuzzers found (issue 15).

/** Strings any field may be sent: empty, blank, NUL and other controls, unicode, long, lone surrogates. */
const nastyString = fc.oneof(
  fc.constantFrom('', ' ', '  \t', '\u0000', 'a\u0000b', '\u0001\u001f\u007f', '\r\n', '\u2028', '\uFEFF', '🗞️📰', 'Ελληνικά', 'ﬁ', '\ud800', '%00', '%', '+', '&', '=', '#', "'", '"', '<script>', 'null', '-1', '1e3', '0x10', ' 5', '1.0', '１２'),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.nat({ max: 600 }).map((length) => 'x'.repeat(length)),
);

const integerEdges = (minimum: number, maximum: number) =>
  fc.constantFrom(minimum - 1, minimum, maximum, maximum + 1, 0, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 63, 1e21).map(String);

/** A decimal integer (the form the validator checks integer parameters in) in the range, or at its edges, or anything. */
function integerValue(schema: Schema, pool: number[]): fc.Arbitrary<string> {
  const minimum = (schema.minimum as number | undefined) ?? 0;
  const maximum = (schema.maximum as number | undefined) ?? Number.MAX_SAFE_INTEGER;
  return fc.oneof(
    { weight: 4, arbitrary: pool.length ? fc.constantFrom(...pool).map(String) : fc.constant(String(minimum)) },
    { weight: 2, arbitrary: fc.integer({ min: Math.max(minimum, -(2 ** 31)), max: Math.min(maximum, 2 ** 31 - 1) }).map(String) },
    { weight: 2, arbitrary: integerEdges(minimum, maximum) },
    { weight: 1, arbitrary: nastyString },
  );
}

/**
 * Instants PostgreSQL and the document both take, written with an offset. A day away from the range's
 * ends: 0001-01-01T00:30+01:00 fits the document's pattern but is 1 BC in UTC, which the API refuses.
 */
const validDateTime = fc
  .tuple(
    fc.date({ min: new Date('0001-01-03T00:00:00Z'), max: new Date('9999-12-29T00:00:00Z'), noInvalidDate: true }),
    fc.integer({ min: -14 * 60, max: 14 * 60 }),
    fc.constantFrom('ms', 's', 'us'),
  )
  .map(([date, offsetMinutes, precision]) => {
    const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
    const time = precision === 's' ? local.slice(0, 19) : precision === 'us' ? `${local}123` : local;
    if (offsetMinutes === 0) return `${time}Z`;
    const sign = offsetMinutes < 0 ? '-' : '+';
    const minutes = Math.abs(offsetMinutes);
    return `${time}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  });
const dateTimeValue = fc.oneof(
  { weight: 4, arbitrary: validDateTime },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '0000-01-01T00:00:00Z',
      '0000-12-31T23:59:59+01:00',
      '2026-02-30T00:00:00Z',
      '2026-01-01',
      '2026-01-01T00:00:00',
      '2026-01-01 00:00:00Z',
      '2026-01-01T24:00:00Z',
      '+012026-01-01T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      'yesterday',
    ),
  },
  { weight: 1, arbitrary: nastyString },
);

function stringValue(schema: Schema, pool: string[]): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return dateTimeValue;
  if (schema.enum) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(schema.enum as string[])) }, { weight: 1, arbitrary: nastyString });
  const valid: fc.Arbitrary<string>[] = pool.length ? [fc.constantFrom(...pool)] : [];
  if (typeof schema.pattern === 'string' && !/\\u0000|\(\?/.test(schema.pattern)) valid.push(fc.stringMatching(new RegExp(schema.pattern)));
  valid.push(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }));
  return fc.oneof({ weight: 3, arbitrary: fc.oneof(...valid) }, { weight: 2, arbitrary: nastyString });
}

/** `value` in about one case in ten, else null. */
const rarely = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value });

// ---------------------------------------------------------------------------------------------------

interface GeneratedRequest {
  method: string;
  path: string;
  query: [string, string][];
  /** `value`: the JSON sent, when it is JSON; `opml`: the text is an OPML document (a JSON Schema cannot say so). */
  body?: { contentType: string; text: string; value?: unknown; opml?: boolean };
  credential: 'token' | 'none' | 'wrong';
}

/** What a URL carries of a string: a lone surrogate becomes U+FFFD (URLSearchParams does the same). */
const wellFormed = (value: string) => Buffer.from(value, 'utf8').toString('utf8');

/** Statuses that say "this request is wrong" (a bad parameter or body, its size, its media type). */
const REFUSALS = [400, 413, 415];

describe('the API against its OpenAPI document', () => {
  let runtime: Runtime;
  let server: DashboardServer;
  let document: Document;
  let validator: DocumentValidator;
  const pools = { feedIds: [] as number[], articleIds: [] as number[], clusterIds: [] as number[], cursors: [] as { sort: string; cursor: string; q?: string }[], doomedFeedIds: [] as number[] };
  const stats = { requests: 0, byStatus: new Map<number, number>() };

  const send = async (request: GeneratedRequest): Promise<Response> => {
    const url = new URL(request.path, server.url);
    for (const [name, value] of request.query) url.searchParams.append(name, value);
    const headers: Record<string, string> = {};
    if (request.credential === 'token') headers.authorization = `Bearer ${TOKEN}`;
    if (request.credential === 'wrong') headers.authorization = 'Bearer not-the-token-at-all-0000';
    if (request.body) headers['content-type'] = request.body.contentType;
    const response = await fetch(url, { method: request.method, headers, body: request.body?.text, redirect: 'manual' });
    stats.requests++;
    stats.byStatus.set(response.status, (stats.byStatus.get(response.status) ?? 0) + 1);
    return response;
  };

  beforeAll(async () => {
    runtime = await createTestRuntime({ PORT: '0', DASHBOARD_TOKEN: TOKEN });
    server = await startDashboard(runtime);
    const { db } = runtime.db;
    for (const index of [1, 2, 3]) pools.feedIds.push((await upsertFeed(db, { url: `https://fixture-${index}.example/rss`, title: `Fixture ${index}` })).feed.id);
    const policy = { windowHours: 48, minSharedKeys: 2, choose: (candidates: { clusterId: number }[]) => ({ clusterId: candidates[0]?.clusterId ?? null, score: 1, reason: 'test' }) };
    const titles = ['=cmd|calc', 'Quake hits Malatya', 'Erdbeben in Malatya', '東京の地震', 'Plain news', '-2+3'];
    for (const [index, title] of titles.entries()) {
      const { articleId } = await storeArticle(
        db,
        {
          urlHash: `property-${index}`.padEnd(64, 'p'),
          url: `https://fixture.example/${index}`,
          canonicalUrl: `https://fixture.example/${index}`,
          title,
          text: `${title} text`,
          language: ['en', 'en', 'de', 'ja', 'en', 'en'][index],
          site: 'fixture.example',
          publishedAt: index === 4 ? null : new Date(Date.UTC(2026, 0, index + 1)),
        },
        { feedId: pools.feedIds[index % 3]!, itemKey: `k${index}`, itemUrl: `https://fixture.example/${index}` },
      );
      pools.articleIds.push(articleId);
      if (index === 1 || index === 2) await clusterArticle(db, articleId, ['w:malatya', 'n:14', 'n:230'], policy);
    }
    const authorized = { authorization: `Bearer ${TOKEN}` };
    validator = createDocumentValidator((await (await fetch(`${server.url}/api/openapi.json`, { headers: authorized })).json()) as Document);
    document = validator.document;
    const cluster = (await (await fetch(`${server.url}/api/articles/${pools.articleIds[1]}`, { headers: authorized })).json()) as { clusterId: number };
    pools.clusterIds.push(cluster.clusterId);
    // Real cursors for each sort, so that paging requests are among the valid ones.
    for (const [sort, q] of [['ingested'], ['published'], ['relevance', 'malatya']] as const) {
      const search = new URLSearchParams({ sort, limit: '1', ...(q ? { q } : {}) });
      const page = (await (await fetch(`${server.url}/api/articles?${search}`, { headers: authorized })).json()) as { nextCursor: string };
      pools.cursors.push({ sort, cursor: page.nextCursor, ...(q ? { q } : {}) });
    }
    for (let index = 0; index < 40; index++) pools.doomedFeedIds.push((await upsertFeed(db, { url: `https://doomed-${index}.example/rss` })).feed.id);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await runtime?.close();
  });

  /** Cross-parameter rules of GET /api/articles, as its description states them; null when they hold. */
  function articleRuleBroken(query: [string, string][]): string | null {
    const get = (name: string) => query.find(([key]) => key === name)?.[1];
    const names = query.map(([name]) => name);
    const repeated = names.filter((name, index) => name !== 'lang' && names.indexOf(name) !== index);
    if (repeated.length) return `${repeated[0]} given twice`;
    if (get('sort') === 'relevance' && get('q') === undefined) return 'relevance without q';
    if (get('by') !== undefined && get('since') === undefined && get('until') === undefined) return 'by without since/until';
    const since = get('since');
    const until = get('until');
    if (since && until && Date.parse(since) > Date.parse(until)) return 'until before since';
    if (get('limit') !== undefined && (get('format') ?? 'json') !== 'json') return 'limit with an export';
    const cursor = get('cursor');
    if (cursor !== undefined) {
      const made = pools.cursors.find((known) => known.cursor === cursor);
      // Any other cursor is opaque garbage: the document says so, and a 400 is right.
      if (!made || made.sort !== (get('sort') ?? 'ingested')) return 'a cursor this API did not make for this sort';
    }
    return null;
  }

  /** Cross-parameter rules of GET /api/stories (and /api/stories/{id}), as their descriptions state them; null when they hold. */
  function storyRuleBroken(query: [string, string][]): string | null {
    const get = (name: string) => query.find(([key]) => key === name)?.[1];
    const names = query.map(([name]) => name);
    const repeated = names.filter((name, index) => name !== 'lang' && names.indexOf(name) !== index);
    if (repeated.length) return `${repeated[0]} given twice`;
    if (get('by') !== undefined && get('since') === undefined && get('until') === undefined) return 'by without since/until';
    const since = get('since');
    const until = get('until');
    if (since && until && Date.parse(since) > Date.parse(until)) return 'until before since';
    // No story cursor is in the pools: any one generated is opaque garbage, and a 400 is right.
    if (get('cursor') !== undefined) return 'a cursor this API did not make';
    return null;
  }

  /** Why the document forbids `request` (a parameter or body that does not fit), or null when it allows it. */
  function documentForbids(operation: Operation, request: GeneratedRequest, pathValues: Record<string, string>): string | null {
    const parameters = operation.parameters ?? [];
    for (const parameter of parameters.filter((candidate) => candidate.in === 'path')) {
      const problem = parameterProblem(parameter, [pathValues[parameter.name]!]);
      if (problem) return problem;
    }
    // Where an operation has query parameters, the API takes no others (its description says so);
    // elsewhere a query string is ignored, as OpenAPI leaves it.
    const known = new Set(parameters.map((parameter) => parameter.name));
    const unknown = request.query.find(([name]) => !known.has(name));
    if (unknown && parameters.some((parameter) => parameter.in === 'query')) return `unknown parameter ${unknown[0]}`;
    for (const parameter of parameters.filter((candidate) => candidate.in === 'query')) {
      const values = request.query.filter(([name]) => name === parameter.name).map(([, value]) => value);
      if (values.length) {
        const problem = parameterProblem(parameter, values);
        if (problem) return problem;
      }
    }
    if (operation.requestBody && request.body) {
      const media = operation.requestBody.content[request.body.contentType];
      if (!media) return `media type ${request.body.contentType}`;
      if (request.body.contentType !== 'application/json' && !request.body.opml) return 'not an OPML document';
      if (request.body.contentType === 'application/json') {
        if (request.body.value === undefined) return 'not JSON';
        const problems = validator.validate(media.schema, request.body.value);
        if (problems.length) return problems[0]!;
      }
    }
    return null;
  }

  /** Checks query or path values against the parameter's schema; integers must be written as decimal integers. */
  function parameterProblem(parameter: Parameter, values: string[]): string | null {
    const schema = validator.resolve(parameter.schema);
    const convert = (item: Schema, value: string): unknown => (item.type === 'integer' ? (/^-?\d+$/.test(value) ? Number(value) : value) : value);
    // An array is repeated parameters, each of which may also be a comma-separated list (its description says so).
    const items = () => values.flatMap((value) => value.split(',')).filter(Boolean);
    const converted = schema.type === 'array' ? items().map((value) => convert(schema.items as Schema, value)) : convert(schema, values[0]!);
    if (schema.type === 'integer' && typeof converted === 'number' && !Number.isSafeInteger(converted)) return `${parameter.name} beyond 2^53`;
    const problems = validator.validate(schema, converted, parameter.name);
    return problems[0] ?? null;
  }

  /** The request generator of one operation. */
  function requestsFor(path: string, method: string, operation: Operation): fc.Arbitrary<{ request: GeneratedRequest; pathValues: Record<string, string> }> {
    const parameters = operation.parameters ?? [];
    const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
    const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
    const idPool = path.startsWith('/api/feeds/')
      ? method === 'delete'
        ? pools.doomedFeedIds
        : pools.feedIds
      : path.startsWith('/api/articles/')
        ? pools.articleIds
        : pools.clusterIds;
    const pathValues = fc.record(
      Object.fromEntries(
        pathParameters.map((parameter) => {
          const schema = validator.resolve(parameter.schema);
          const value = schema.type === 'integer' ? integerValue(schema, idPool) : stringValue(schema, []);
          // A path segment of dots is normalized away by the URL itself: another path, not this operation.
          return [parameter.name, value.map(wellFormed).filter((text) => text !== '' && !/^\.+$/.test(text))];
        }),
      ),
    ) as fc.Arbitrary<Record<string, string>>;

    const queryValue = (parameter: Parameter): fc.Arbitrary<[string, string][]> => {
      const schema = validator.resolve(parameter.schema);
      if (schema.type === 'array') {
        return fc
          .array(stringValue(schema.items as Schema, ['en', 'de', 'zh', 'sr-Latn', 'en,de', '']), { maxLength: 22 })
          .map((values) => values.map((value) => [parameter.name, wellFormed(value)]));
      }
      const pool =
        parameter.name === 'feed' ? pools.feedIds : parameter.name === 'cluster' ? pools.clusterIds : [];
      const stringPool = parameter.name === 'cursor' ? pools.cursors.map((known) => known.cursor) : parameter.name === 'site' ? ['fixture.example'] : parameter.name === 'q' ? ['malatya', '"quake hits"', 'news -plain'] : [];
      const value = schema.type === 'integer' ? integerValue(schema, pool) : stringValue(schema, stringPool);
      return value.map((text) => [[parameter.name, wellFormed(text)]]);
    };
    const query = fc
      .tuple(
        // Each parameter in half the requests; an unknown one, or one given twice, in about one in ten.
        ...queryParameters.map((parameter) => fc.option(queryValue(parameter), { freq: 2, nil: [] as [string, string][] })),
        rarely(fc.tuple(fc.constantFrom('colour', 'LANG', 'feed[]', '', 'q\u0000'), nastyString)),
        rarely(fc.constantFrom(...(queryParameters.length ? queryParameters.map((parameter) => parameter.name) : ['x']))),
      )
      .map((parts) => {
        const extra = parts.at(-2) as [string, string] | null;
        const repeat = parts.at(-1) as string | null;
        const pairs = (parts.slice(0, -2) as [string, string][][]).flat();
        if (extra) pairs.push([extra[0], wellFormed(extra[1])]);
        const repeated = repeat && pairs.find(([name]) => name === repeat);
        if (repeated) pairs.push(repeated);
        return pairs;
      });

    const body = operation.requestBody ? bodyFor(operation.requestBody) : fc.constant(undefined);
    const credential = fc.constantFrom<GeneratedRequest['credential']>(...Array(18).fill('token'), 'none', 'wrong');
    return fc.record({ pathValues, query, body, credential }).map(({ pathValues: values, query: pairs, body: sent, credential: given }) => ({
      pathValues: values,
      request: {
        method: method.toUpperCase(),
        path: path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]!)),
        query: pairs,
        ...(sent ? { body: sent } : {}),
        credential: given,
      },
    }));
  }

  function bodyFor(requestBody: NonNullable<Operation['requestBody']>): fc.Arbitrary<GeneratedRequest['body']> {
    const types = Object.keys(requestBody.content);
    if (types.includes('application/json')) {
      const url = fc.oneof(
        { weight: 4, arbitrary: fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }).filter((value) => value.length <= 2048) },
        { weight: 1, arbitrary: fc.constantFrom('ftp://x.example/', 'javascript:alert(1)', 'https://nul.example/\u0000', 'HTTPS://UPPER.EXAMPLE/', `https://long.example/${'a'.repeat(2040)}`, 'https://', 'mailto:x@example.com') },
        { weight: 1, arbitrary: nastyString },
      );
      const value = fc.oneof(
        { weight: 6, arbitrary: fc.record({ url, title: stringValue({ type: 'string' }, ['News', '=SUM(A1)']) }, { requiredKeys: ['url'] }) },
        { weight: 1, arbitrary: fc.record({ url, colour: nastyString }) },
        { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.constant([]), fc.integer(), nastyString, fc.record({ url: fc.integer() }), fc.record({ title: nastyString })) },
      );
      return fc.oneof(
        { weight: 8, arbitrary: value.map((body) => ({ contentType: 'application/json', text: JSON.stringify(body), value: body })) },
        { weight: 1, arbitrary: nastyString.map((text) => ({ contentType: 'application/json', text, value: parseJson(text) })) },
        // JSON labelled as something else: a media type the document does not list.
        { weight: 1, arbitrary: value.map((body) => ({ contentType: 'text/plain', text: JSON.stringify(body), value: body })) },
      );
    }
    // An OPML document: feeds with hostile site links, NULs and long values, or not OPML at all.
    const outline = fc.record({
      text: nastyString,
      xmlUrl: fc.oneof(fc.webUrl({ validSchemes: ['https'] }), nastyString),
      htmlUrl: fc.constantFrom('https://site.example/', 'javascript:alert(1)', 'data:text/html,x', ''),
    });
    const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const opml = fc
      .array(outline, { maxLength: 5 })
      .map(
        (outlines) =>
          `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>${outlines
            .map((item) => `<outline type="rss" text="${escapeXml(item.text)}" xmlUrl="${escapeXml(item.xmlUrl)}" htmlUrl="${escapeXml(item.htmlUrl)}"/>`)
            .join('')}</body></opml>`,
      );
    return fc.record({
      contentType: fc.constantFrom(...types, ...types, 'application/json', 'text/plain'),
      document: fc.oneof({ weight: 4, arbitrary: opml.map((text) => ({ text, opml: true })) }, { weight: 1, arbitrary: nastyString.map((text) => ({ text, opml: false })) }),
    }).map(({ contentType, document: sent }) => ({ contentType, ...sent }));
  }

  /** Checks one answer against the operation's documented responses; returns what is wrong, or []. */
  async function checkAnswer(operation: Operation, response: Response): Promise<string[]> {
    const documented = operation.responses[String(response.status)];
    const text = await response.text();
    if (!documented) return [`status ${response.status} is not documented (${text.slice(0, 200)})`];
    const answer = validator.resolve(documented);
    const problems: string[] = [];
    for (const header of Object.keys(answer.headers ?? {})) if (!response.headers.has(header)) problems.push(`lacks the ${header} header`);
    if (!answer.content) return text === '' ? problems : [...problems, `has a body where none is documented: ${text.slice(0, 100)}`];
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const media = answer.content[mediaType];
    if (!media) return [...problems, `media type ${mediaType} is not documented for ${response.status}`];
    if (mediaType === 'application/json') {
      const value = parseJson(text);
      if (value === undefined) return [...problems, `is not JSON: ${text.slice(0, 100)}`];
      problems.push(...validator.validate(media.schema, value));
    }
    if (mediaType === 'application/x-ndjson') {
      const item = { $ref: '#/components/schemas/ArticleListItem' };
      for (const line of text.split('\n').filter(Boolean)) problems.push(...validator.validate(item, parseJson(line) ?? line, 'line'));
    }
    return problems;
  }

  /** The property of one operation: documented answer, never a 500, and the document decides 400 or not. */
  const operationHolds =
    (path: string, operation: Operation) =>
    async ({ request, pathValues }: { request: GeneratedRequest; pathValues: Record<string, string> }) => {
      const response = await send(request);
      const status = response.status;
      const problems = await checkAnswer(operation, response);
      const secured = operation.security?.length !== 0;
      const crossRule = path === '/api/articles' ? articleRuleBroken : path.startsWith('/api/stories') ? storyRuleBroken : () => null;
      const forbidden = documentForbids(operation, request, pathValues) ?? crossRule(request.query);
      if (status >= 500) problems.push(`answered ${status}`);
      if (secured && request.credential !== 'token') {
        if (status !== 401) problems.push(`answered ${status} without a valid credential`);
      } else if (forbidden && !REFUSALS.includes(status)) problems.push(`answered ${status} where the document forbids the request (${forbidden})`);
      else if (!forbidden && REFUSALS.includes(status)) problems.push(`answered ${status} where the document allows the request`);
      if (problems.length) throw new Error(`${request.method} ${request.path}?${new URLSearchParams(request.query)} (${request.credential}): ${problems.join('; ')}`);
    };

  const operations = () => {
    const all = Object.entries(document.paths)
      .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    // Deletions last: they remove only feeds made for them, but nothing else should run after them.
    return [...all.filter(({ method }) => method !== 'delete'), ...all.filter(({ method }) => method === 'delete')];
  };

  it(
    'answers every generated request as the document says (fixed seed, then a random one)',
    async () => {
      const started = Date.now();
      for (const [seed, numRuns] of [
        [FIXED_SEED, FIXED_RUNS],
        [Date.now() % 2 ** 31, RANDOM_RUNS],
      ] as const) {
        for (const { path, method, operation } of operations()) {
          await fc.assert(fc.asyncProperty(requestsFor(path, method, operation), operationHolds(path, operation)), { seed, numRuns, endOnFailure: true });
        }
      }
      // What ran, for whoever reads the CI log: the spread of statuses shows the generators reach them all.
      console.info(`${stats.requests} requests in ${Date.now() - started} ms: ${[...stats.byStatus].sort().map(([status, count]) => `${status}×${count}`).join(' ')}`);
      expect([...stats.byStatus.keys()]).toEqual(expect.arrayContaining([200, 201, 202, 204, 400, 401, 404, 415]));
    },
    120_000,
  );

  it('answers a method a documented path does not have with 405, an Allow header and a JSON error', async () => {
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
    const templates = Object.entries(document.paths);
    for (const [path] of templates) {
      const concrete = path.replace(/\{\w+\}/g, String(pools.feedIds[0]));
      // `/api/feeds/import-opml` is also `/api/feeds/{id}`: a GET there is that operation (a 400).
      const matching = templates.filter(([template]) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(concrete));
      const documented = new Set(matching.flatMap(([, operations]) => Object.keys(operations).map((method) => method.toUpperCase())));
      for (const method of methods.filter((candidate) => !documented.has(candidate))) {
        const response = await send({ method, path: concrete, query: [], credential: 'token' });
        expect(response.status, `${method} ${concrete}`).toBe(405);
        expect(new Set(response.headers.get('allow')?.split(', '))).toEqual(new Set([...documented, ...(documented.has('GET') ? ['HEAD'] : [])]));
        expect(validator.validate({ $ref: '#/components/schemas/Error' }, await response.json())).toEqual([]);
      }
    }
  });
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
