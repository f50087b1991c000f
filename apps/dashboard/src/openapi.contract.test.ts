import http from 'node:http';
import { clusterArticle, createFeedKey, recordFeedFetch, setFeedPaused, storeArticle, upsertFeed } from '@polywire/db';
import { parseOpml } from '@polywire/feeds';
import { createQueues, createRedis } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvColumns } from './export.js';
import { MAX_OPML_BYTES } from './feeds.js';
import { createDashboardApp, type DashboardServer, startDashboard } from './server.js';
import { createDocumentValidator, type Document, type DocumentValidator, type Operation } from './testing/openapi-validator.js';

// Every operation of the generated OpenAPI document, called on a running dashboard (real Redis and
// PostgreSQL, real rows), once for each answer the document gives it; each real answer must have a
// documented status and media type, and its body must fit the documented schema, checked with ajv
// against a copy of the document in which objects allow no undocumented property. The calls below
// must name every documented operation and answer: a route or an answer added without a call here
// fails, as does a route the app serves that the document lacks.

const TOKEN = 'contract-test-token-0123456789';
/** Small, so that a 413 costs a small request. */
const MAX_BODY = 4096;
/** The client address (X-Forwarded-For, with DASHBOARD_TRUST_PROXY) that fails sign-ins until it must wait (429). */
const GUESSER = '198.51.100.77';

interface Call {
  method: string;
  path: string;
  body?: { type: string; text: string };
  headers?: Record<string, string>;
  /** A Content-Length larger than the body sent: the dashboard refuses it before reading a byte. */
  declaredLength?: number;
  credential?: 'token' | 'none' | 'wrong';
}
interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request on its own connection, with node:http rather than fetch: only it sends any Host header and lying lengths. */
function send(base: string, call: Call): Promise<Answer> {
  const credential = call.credential ?? 'token';
  const headers: Record<string, string> = {
    ...(credential === 'token' ? { authorization: `Bearer ${TOKEN}` } : {}),
    ...(credential === 'wrong' ? { authorization: 'Bearer not-the-token-at-all-0000' } : {}),
    ...(call.body ? { 'content-type': call.body.type } : {}),
    ...(call.declaredLength ? { 'content-length': String(call.declaredLength) } : {}),
    ...call.headers,
  };
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(call.path, base), { method: call.method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
        request.destroy();
      });
      response.on('error', reject);
    });
    // A server hanging up on a body it refused (a 413) is the expected end of such a request.
    request.on('error', (error) => (call.declaredLength ? undefined : reject(error)));
    if (call.declaredLength) request.flushHeaders();
    else request.end(call.body?.text);
  });
}

const json = (value: unknown) => ({ type: 'application/json', text: JSON.stringify(value) });
const opml = (outlines: string) => ({
  type: 'text/xml',
  text: `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>${outlines}</body></opml>`,
});

/** The rows the calls are about, made in beforeAll. */
interface Fixtures {
  feedId: number;
  pausedFeedId: number;
  doomedFeedId: number;
  articleId: number;
  clusterId: number;
  feedKeyId: number;
}

interface RouteCase {
  operation: string;
  status: number;
  /** What the call is, for the test's name. */
  what: string;
  call: (fixtures: Fixtures) => Call;
  /** The media type the answer must come as, where the operation documents several. */
  mediaType?: string;
  /** Sent to a dashboard whose Redis is down. */
  degraded?: true;
}

/** The answers each operation gives itself; the ones its middleware gives are SHARED_STATUSES below. */
const ROUTE_CASES: RouteCase[] = [
  { operation: 'get /healthz', status: 200, what: 'all up', call: () => ({ method: 'GET', path: '/healthz', credential: 'none' }) },
  { operation: 'get /healthz', status: 503, what: 'Redis down', degraded: true, call: () => ({ method: 'GET', path: '/healthz', credential: 'none' }) },
  { operation: 'get /metrics', status: 200, what: 'the metrics', call: () => ({ method: 'GET', path: '/metrics' }) },
  { operation: 'get /api/openapi.json', status: 200, what: 'the document', call: () => ({ method: 'GET', path: '/api/openapi.json' }) },
  { operation: 'get /api/languages', status: 200, what: 'the languages', call: () => ({ method: 'GET', path: '/api/languages' }) },
  { operation: 'get /api/queues', status: 200, what: 'the queues', call: () => ({ method: 'GET', path: '/api/queues' }) },
  { operation: 'get /api/feeds', status: 200, what: 'the feeds', call: () => ({ method: 'GET', path: '/api/feeds' }) },
  {
    operation: 'post /api/feeds',
    status: 201,
    what: 'a new feed',
    call: () => ({ method: 'POST', path: '/api/feeds', body: json({ url: 'https://contract-new.example/rss', title: 'New' }) }),
  },
  {
    operation: 'post /api/feeds',
    status: 200,
    what: 'a feed already there',
    call: () => ({ method: 'POST', path: '/api/feeds', body: json({ url: 'https://contract-feed.example/rss' }) }),
  },
  { operation: 'post /api/feeds', status: 400, what: 'not a URL', call: () => ({ method: 'POST', path: '/api/feeds', body: json({ url: 'not a url' }) }) },
  {
    operation: 'post /api/feeds',
    status: 415,
    what: 'JSON sent as text',
    call: () => ({ method: 'POST', path: '/api/feeds', body: { type: 'text/plain', text: '{"url": "https://contract-text.example/rss"}' } }),
  },
  { operation: 'get /api/feeds/{id}', status: 200, what: 'a feed with its fetches', call: (f) => ({ method: 'GET', path: `/api/feeds/${f.feedId}` }) },
  { operation: 'get /api/feeds/{id}', status: 400, what: 'a bad id', call: () => ({ method: 'GET', path: '/api/feeds/abc' }) },
  { operation: 'get /api/feeds/{id}', status: 404, what: 'no such feed', call: () => ({ method: 'GET', path: '/api/feeds/2147483647' }) },
  { operation: 'delete /api/feeds/{id}', status: 204, what: 'a feed removed', call: (f) => ({ method: 'DELETE', path: `/api/feeds/${f.doomedFeedId}` }) },
  { operation: 'delete /api/feeds/{id}', status: 400, what: 'a bad id', call: () => ({ method: 'DELETE', path: '/api/feeds/0' }) },
  { operation: 'delete /api/feeds/{id}', status: 404, what: 'no such feed', call: () => ({ method: 'DELETE', path: '/api/feeds/2147483647' }) },
  { operation: 'post /api/feeds/{id}/fetch', status: 202, what: 'queued', call: (f) => ({ method: 'POST', path: `/api/feeds/${f.feedId}/fetch` }) },
  { operation: 'post /api/feeds/{id}/fetch', status: 400, what: 'a bad id', call: () => ({ method: 'POST', path: '/api/feeds/2147483648/fetch' }) },
  { operation: 'post /api/feeds/{id}/fetch', status: 404, what: 'no such feed', call: () => ({ method: 'POST', path: '/api/feeds/2147483647/fetch' }) },
  { operation: 'post /api/feeds/{id}/fetch', status: 409, what: 'a paused feed', call: (f) => ({ method: 'POST', path: `/api/feeds/${f.pausedFeedId}/fetch` }) },
  { operation: 'post /api/feeds/{id}/pause', status: 200, what: 'paused', call: (f) => ({ method: 'POST', path: `/api/feeds/${f.feedId}/pause` }) },
  { operation: 'post /api/feeds/{id}/pause', status: 400, what: 'a bad id', call: () => ({ method: 'POST', path: '/api/feeds/1e3/pause' }) },
  { operation: 'post /api/feeds/{id}/pause', status: 404, what: 'no such feed', call: () => ({ method: 'POST', path: '/api/feeds/2147483647/pause' }) },
  // After the pause above: the cases run in this order.
  { operation: 'post /api/feeds/{id}/resume', status: 200, what: 'resumed', call: (f) => ({ method: 'POST', path: `/api/feeds/${f.feedId}/resume` }) },
  { operation: 'post /api/feeds/{id}/resume', status: 400, what: 'a bad id', call: () => ({ method: 'POST', path: '/api/feeds/-1/resume' }) },
  { operation: 'post /api/feeds/{id}/resume', status: 404, what: 'no such feed', call: () => ({ method: 'POST', path: '/api/feeds/2147483647/resume' }) },
  {
    operation: 'post /api/feeds/import-opml',
    status: 200,
    what: 'feeds added and refused',
    call: () => ({
      method: 'POST',
      path: '/api/feeds/import-opml',
      body: opml('<outline type="rss" text="A" xmlUrl="https://contract-opml.example/rss" htmlUrl="https://contract-opml.example/"/><outline text="Bad" xmlUrl="ftp://x.example/"/>'),
    }),
  },
  { operation: 'post /api/feeds/import-opml', status: 400, what: 'not OPML', call: () => ({ method: 'POST', path: '/api/feeds/import-opml', body: { type: 'text/xml', text: '<rss/>' } }) },
  {
    operation: 'post /api/feeds/import-opml',
    status: 413,
    what: 'a document over its own limit',
    call: () => ({ method: 'POST', path: '/api/feeds/import-opml', body: { type: 'text/xml', text: '' }, declaredLength: MAX_OPML_BYTES + 1 }),
  },
  { operation: 'post /api/feeds/import-opml', status: 415, what: 'not sent as XML', call: () => ({ method: 'POST', path: '/api/feeds/import-opml', body: json({}) }) },
  { operation: 'get /api/feeds/export.opml', status: 200, what: 'the OPML file', call: () => ({ method: 'GET', path: '/api/feeds/export.opml' }) },
  { operation: 'get /api/articles', status: 200, what: 'a page', mediaType: 'application/json', call: () => ({ method: 'GET', path: '/api/articles?limit=2' }) },
  {
    operation: 'get /api/articles',
    status: 200,
    what: 'a JSON-lines export',
    mediaType: 'application/x-ndjson',
    call: () => ({ method: 'GET', path: '/api/articles?format=jsonl&sort=published' }),
  },
  { operation: 'get /api/articles', status: 200, what: 'a CSV export', mediaType: 'text/csv', call: () => ({ method: 'GET', path: '/api/articles?format=csv&lang=en' }) },
  { operation: 'get /api/articles', status: 400, what: 'an unknown parameter', call: () => ({ method: 'GET', path: '/api/articles?colour=red' }) },
  { operation: 'get /api/articles/{id}', status: 200, what: 'an article', call: (f) => ({ method: 'GET', path: `/api/articles/${f.articleId}` }) },
  { operation: 'get /api/articles/{id}', status: 400, what: 'a bad id', call: () => ({ method: 'GET', path: '/api/articles/9007199254740992' }) },
  { operation: 'get /api/articles/{id}', status: 404, what: 'no such article', call: () => ({ method: 'GET', path: '/api/articles/9007199254740991' }) },
  { operation: 'get /api/clusters/{id}', status: 200, what: 'a story cluster', call: (f) => ({ method: 'GET', path: `/api/clusters/${f.clusterId}` }) },
  { operation: 'get /api/clusters/{id}', status: 400, what: 'a bad id', call: () => ({ method: 'GET', path: '/api/clusters/x' }) },
  { operation: 'get /api/clusters/{id}', status: 404, what: 'no such cluster', call: () => ({ method: 'GET', path: '/api/clusters/9007199254740991' }) },
  {
    operation: 'post /api/feed-keys',
    status: 201,
    what: 'a key for a feed',
    call: () => ({ method: 'POST', path: '/api/feed-keys', body: json({ kind: 'stories', params: { min_languages: '2', lang: ['en', 'de'] }, label: 'reader' }) }),
  },
  { operation: 'post /api/feed-keys', status: 400, what: 'a feed that cannot be', call: () => ({ method: 'POST', path: '/api/feed-keys', body: json({ kind: 'articles', params: { limit: '500' } }) }) },
  { operation: 'post /api/feed-keys', status: 415, what: 'JSON sent as text', call: () => ({ method: 'POST', path: '/api/feed-keys', body: { type: 'text/plain', text: '{"kind": "articles"}' } }) },
  { operation: 'get /api/feed-keys', status: 200, what: 'the keys', call: () => ({ method: 'GET', path: '/api/feed-keys' }) },
  { operation: 'delete /api/feed-keys/{id}', status: 200, what: 'a key revoked', call: (f) => ({ method: 'DELETE', path: `/api/feed-keys/${f.feedKeyId}` }) },
  { operation: 'delete /api/feed-keys/{id}', status: 400, what: 'a bad id', call: () => ({ method: 'DELETE', path: '/api/feed-keys/x' }) },
  { operation: 'delete /api/feed-keys/{id}', status: 404, what: 'no such key', call: () => ({ method: 'DELETE', path: '/api/feed-keys/2147483647' }) },
  { operation: 'get /api/stories', status: 200, what: 'a page', call: () => ({ method: 'GET', path: '/api/stories?sort=rising&min_languages=2&lang=en,de&ui_lang=de&limit=5' }) },
  { operation: 'get /api/stories', status: 400, what: 'a cursor of another sort', call: () => ({ method: 'GET', path: '/api/stories?sort=size&cursor=eyJzb3J0IjoidXBkYXRlZCJ9' }) },
  { operation: 'get /api/stories/{id}', status: 200, what: 'a story', call: (f) => ({ method: 'GET', path: `/api/stories/${f.clusterId}?ui_lang=en` }) },
  { operation: 'get /api/stories/{id}', status: 400, what: 'a bad id', call: () => ({ method: 'GET', path: '/api/stories/0' }) },
  { operation: 'get /api/stories/{id}', status: 404, what: 'no such story', call: () => ({ method: 'GET', path: '/api/stories/9007199254740991' }) },
];

/**
 * The answers the middleware in front of every route gives (see withSharedResponses), each provoked on
 * every operation that documents it. A call that would otherwise succeed, so that only the middleware
 * can answer so.
 */
const SHARED_STATUSES: Record<number, { what: string; call: (call: Call) => Call }> = {
  401: { what: 'no credential', call: (call) => ({ ...call, credential: 'none' }) },
  421: { what: 'a Host that is not the dashboard', call: (call) => ({ ...call, headers: { ...call.headers, host: 'evil.example' } }) },
  403: { what: 'a change from another site', call: (call) => ({ ...call, headers: { ...call.headers, 'sec-fetch-site': 'cross-site' } }) },
  413: { what: 'a body over DASHBOARD_MAX_BODY_BYTES', call: (call) => ({ ...call, body: { type: 'application/json', text: '' }, declaredLength: MAX_BODY + 1 }) },
  429: { what: 'a client that failed to sign in too often', call: (call) => ({ ...call, credential: 'wrong', headers: { ...call.headers, 'x-forwarded-for': GUESSER } }) },
};

describe('every route answers as its generated OpenAPI document says', () => {
  let runtime: Runtime;
  let server: DashboardServer;
  let degraded: { server: DashboardServer; close(): Promise<void> };
  let validator: DocumentValidator;
  let document: Document;
  let fixtures: Fixtures;
  const checked = { answers: 0, bodies: 0 };

  beforeAll(async () => {
    runtime = await createTestRuntime({
      PORT: '0',
      DASHBOARD_TOKEN: TOKEN,
      DASHBOARD_MAX_BODY_BYTES: String(MAX_BODY),
      DASHBOARD_TRUST_PROXY: 'true',
      DASHBOARD_LOGIN_FREE_FAILURES: '1',
    });
    server = await startDashboard(runtime);
    const deadRedis = createRedis('redis://127.0.0.1:1', 'producer');
    const down = await startDashboard({ ...runtime, redis: deadRedis, queues: createQueues(deadRedis, 'dead') });
    degraded = {
      server: down,
      close: async () => {
        await down.close();
        deadRedis.disconnect();
      },
    };

    // Rows with every optional field filled, so that each documented field is seen with a value.
    const { db } = runtime.db;
    const feed = (await upsertFeed(db, { url: 'https://contract-feed.example/rss', title: 'Contract', siteUrl: 'https://contract-feed.example/', declaredLanguage: 'en', category: 'News' })).feed;
    await recordFeedFetch(db, {
      feedId: feed.id,
      startedAt: new Date(),
      durationMs: 12,
      outcome: 'ok',
      httpStatus: 200,
      bytes: 2048,
      items: 3,
      newItems: 2,
      nextFetchInSeconds: 600,
      feedUpdate: { etag: '"v1"', lastModified: 'Mon, 02 Nov 2026 08:00:00 GMT', bodyHash: 'b'.repeat(64), itemsPerDay: 4.5 },
    });
    await recordFeedFetch(db, { feedId: feed.id, startedAt: new Date(), durationMs: 30, outcome: 'error', httpStatus: 503, error: 'HTTP 503', nextFetchInSeconds: 60 });
    const paused = (await upsertFeed(db, { url: 'https://contract-paused.example/rss' })).feed;
    await setFeedPaused(db, paused.id, true);
    const doomed = (await upsertFeed(db, { url: 'https://contract-doomed.example/rss' })).feed;

    const policy = { windowHours: 48, minSharedKeys: 2, choose: (candidates: { clusterId: number }[]) => ({ clusterId: candidates[0]?.clusterId ?? null, score: 1, reason: 'test' }) };
    const articleIds: number[] = [];
    for (const [index, language] of ['en', 'de'].entries()) {
      const urlHash = `contract-${index}`.padEnd(64, 'c');
      const url = `https://contract-feed.example/story-${index}`;
      const { articleId } = await storeArticle(
        db,
        {
          urlHash,
          url,
          canonicalUrl: url,
          title: `Quake ${index}`,
          summary: 'A summary',
          lead: 'A lead',
          text: `=Text ${index}, with "quotes"`,
          authors: ['A. Writer'],
          publishedAt: new Date(Date.UTC(2026, 10, 1 + index, 8)),
          modifiedAt: new Date(Date.UTC(2026, 10, 2 + index, 8)),
          section: 'World',
          tags: ['quake'],
          image: 'https://contract-feed.example/image.jpg',
          site: 'contract-feed.example',
          language,
          languageConfidence: 0.93,
          declaredLanguage: `${language}-GB`,
          titleLanguage: language,
          languageModelVersion: 'lang-test',
          extraction: 'page',
          contentHash: `${index}`.repeat(64),
          titleHash: `t${index}`.padEnd(64, '0'),
          simhash: '0123456789abcdef',
          simhashBand0: 1,
          simhashBand1: 2,
          simhashBand2: 3,
          simhashBand3: 4 + index,
        },
        { feedId: feed.id, itemKey: `guid-${index}`, itemUrl: url },
        [
          { urlHash, kind: 'queued', feedId: feed.id, jobId: `article-${index}` },
          { urlHash, kind: 'fetched', feedId: feed.id, attempt: 1, detail: { status: 200 } },
        ],
      );
      await clusterArticle(db, articleId, ['w:malatya', 'n:14', 'n:230'], policy);
      articleIds.push(articleId);
    }
    const served = await send(server.url, { method: 'GET', path: `/api/articles/${articleIds[0]}` });
    fixtures = {
      feedId: feed.id,
      pausedFeedId: paused.id,
      doomedFeedId: doomed.id,
      articleId: articleIds[0]!,
      clusterId: (JSON.parse(served.text) as { clusterId: number }).clusterId,
      feedKeyId: (await createFeedKey(db, { kind: 'articles', params: {}, label: 'doomed' })).feedKey.id,
    };

    validator = createDocumentValidator(JSON.parse((await send(server.url, { method: 'GET', path: '/api/openapi.json' })).text) as Document);
    document = validator.document;
  }, 60_000);

  afterAll(async () => {
    console.info(`${checked.answers} answers checked against the document, ${checked.bodies} of them with a body`);
    await degraded?.close();
    await server?.close();
    await runtime?.close();
  });

  const operationOf = (key: string): Operation => {
    const [method, path] = key.split(' ') as [string, string];
    const operation = document.paths[path]?.[method];
    if (!operation) throw new Error(`${key} is not in the document`);
    return operation;
  };

  /** What is wrong with `answer` as an answer of `operation`; [] when the document describes it. */
  function problemsOf(operation: Operation, answer: Answer): string[] {
    const documented = operation.responses[String(answer.status)];
    if (!documented) return [`status ${answer.status} is not documented (${answer.text.slice(0, 200)})`];
    const response = validator.resolve(documented);
    const problems = Object.keys(response.headers ?? {})
      .filter((header) => answer.headers[header.toLowerCase()] === undefined)
      .map((header) => `lacks the ${header} header`);
    checked.answers++;
    if (!response.content) return answer.text === '' ? problems : [...problems, `has a body where none is documented: ${answer.text.slice(0, 100)}`];
    const mediaType = (answer.headers['content-type'] ?? '').split(';')[0]!.trim();
    const media = response.content[mediaType];
    if (!media) return [...problems, `media type ${mediaType} is not documented for ${answer.status}`];
    checked.bodies++;
    const lines = answer.text.split(/\r?\n/).filter(Boolean);
    switch (mediaType) {
      case 'application/json':
        return [...problems, ...validator.validate(media.schema, JSON.parse(answer.text))];
      case 'application/x-ndjson': {
        // The document says "one ArticleListItem per line" in words; each line is checked against that schema.
        const item = { $ref: '#/components/schemas/ArticleListItem' };
        if (!lines.length) problems.push('is an empty export: the fixtures should match');
        return [...problems, ...lines.flatMap((line, index) => validator.validate(item, JSON.parse(line), `line ${index + 1}`))];
      }
      case 'text/csv':
        if (lines[0] !== csvColumns.join(',')) problems.push(`starts with ${lines[0]}, not the documented header row`);
        if (lines.length < 2) problems.push('has no rows: the fixtures should match');
        return problems;
      case 'text/x-opml':
        return parseOpml(answer.text).length ? problems : [...problems, 'is an OPML document without feeds'];
      default:
        return answer.text.length ? problems : [...problems, 'is empty'];
    }
  }

  it('documents exactly the routes the app serves', () => {
    const served = new Set(
      createDashboardApp(runtime)
        // The JSON API and the probes; the HTML pages are not part of it.
        .routes.filter((route) => route.method !== 'ALL' && (route.path.startsWith('/api/') || ['/healthz', '/metrics'].includes(route.path)))
        .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));
    expect([...served].sort()).toEqual(documented.sort());
  });

  it('calls every documented operation for every answer and media type it documents', () => {
    const called = new Set(ROUTE_CASES.map((routeCase) => `${routeCase.operation} ${routeCase.status}${routeCase.mediaType ? ` ${routeCase.mediaType}` : ''}`));
    const shared = new Set(Object.keys(SHARED_STATUSES));
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        Object.entries(operation.responses)
          .filter(([status]) => !shared.has(status) || ROUTE_CASES.some((routeCase) => routeCase.operation === `${method} ${path}` && String(routeCase.status) === status))
          .flatMap(([status, response]) => {
            const types = Object.keys(validator.resolve(response).content ?? {});
            return types.length > 1 ? types.map((type) => `${method} ${path} ${status} ${type}`) : [`${method} ${path} ${status}`];
          }),
      ),
    );
    expect([...called].sort()).toEqual(documented.sort());
  });

  it.each(ROUTE_CASES)('$operation answers $status: $what', async (routeCase) => {
    const answer = await send((routeCase.degraded ? degraded.server : server).url, routeCase.call(fixtures));
    expect(answer.status, answer.text.slice(0, 300)).toBe(routeCase.status);
    if (routeCase.mediaType) expect(answer.headers['content-type']?.split(';')[0]).toBe(routeCase.mediaType);
    expect(problemsOf(operationOf(routeCase.operation), answer)).toEqual([]);
  });

  const sharedCases = Object.entries(SHARED_STATUSES).map(([status, shared]) => ({ status, ...shared }));
  it.each(sharedCases)('answers $status to $what on every operation that documents it', async ({ status, call: provoke }) => {
    // Each operation once, from its first successful call; where the operation gives this status itself
    // (import-opml's own 413), its route case checks it.
    const operations = ROUTE_CASES.filter(
      (routeCase, index, all) =>
        routeCase.status < 300 &&
        !routeCase.degraded &&
        all.findIndex((other) => other.operation === routeCase.operation && other.status < 300) === index &&
        operationOf(routeCase.operation).responses[status] !== undefined &&
        !all.some((other) => other.operation === routeCase.operation && String(other.status) === status),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const routeCase of operations) {
      const call = provoke(routeCase.call(fixtures));
      let answer = await send(server.url, call);
      // The first failed sign-ins of the guessing client are 401s; it waits (429) from then on.
      for (let attempt = 1; status === '429' && answer.status === 401 && attempt < 5; attempt++) answer = await send(server.url, call);
      expect(answer.status, `${routeCase.operation}: ${answer.text.slice(0, 300)}`).toBe(Number(status));
      expect(problemsOf(operationOf(routeCase.operation), answer), routeCase.operation).toEqual([]);
    }
  });
});
