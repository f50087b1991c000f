import type { IncomingMessage, ServerResponse } from 'node:http';
import { createDb, upsertFeed } from '@polywire/db';
import { startHttpServer, type TestServer } from '@polywire/testing';

const english = (n: number) =>
  `Paragraph ${n}: the city council approved the new transport budget after a long debate about buses, trams and cycle lanes across the region.`;
const japanese = (n: number) =>
  `第${n}段落：市議会は長い議論の末、地域全体のバス、路面電車、自転車レーンに関する新しい交通予算を承認した。住民の多くはこの決定を歓迎している。`;

/**
 * What a fault-injecting farm does to one request instead of answering it: `reset` destroys the
 * connection before any byte is sent (ECONNRESET on the client), `stall` accepts the request and never
 * answers (the client's timeout ends it), a number answers with that HTTP status.
 */
export type Fault = 'reset' | 'stall' | number;

/** Decides the fault, if any, for the `count`-th request (1-based) of `path` seen by the farm. */
export type FaultPlan = (path: string, count: number) => Fault | null;

export interface FarmOptions {
  faults?: FaultPlan;
}

export interface Farm {
  server: TestServer;
  feedUrls: { en: string; ja: string; missing: string; notAFeed: string };
  /**
   * A feed of `itemsPerFeed` items whose pages live under `/<name>-<language>/`; any name made of letters
   * and digits works, so a test can add fresh feeds while others are being ingested.
   */
  feedUrl(name: string, language: 'en' | 'ja'): string;
  /** The canonical URLs of a feed's articles (as stored: without the feed's utm_source). */
  articleUrls(name: string, language: 'en' | 'ja'): string[];
  itemsPerFeed: number;
  close(): Promise<void>;
}

/**
 * News feeds on 127.0.0.1, in English and Japanese, with their article pages. Pages answer after
 * `pageDelayMs`, so that ingestion takes long enough to be interrupted. `options.faults` makes chosen
 * requests fail the way real servers do (connection resets, stalls, 5xx).
 */
export async function startFarm(itemsPerFeed: number, pageDelayMs: number, options: FarmOptions = {}): Promise<Farm> {
  const seen = new Map<string, number>();
  // Feeds `/en.xml` and `/ja.xml` (pages under `/en/`, `/ja/`), or `/<name>-<lang>.xml` (pages under `/<name>-<lang>/`).
  const folder = (name: string, language: string) => (name ? `${name}-${language}` : language);
  const pageUrl = (name: string, language: string, n: number) => `${server.url}/${folder(name, language)}/${n}.html`;

  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '/';
    const feed = /^\/(?:([a-z0-9]+)-)?(en|ja)\.xml$/.exec(url);
    if (feed) {
      const [, name = '', language] = feed;
      const label = name ? `${name} ` : '';
      const items = Array.from({ length: itemsPerFeed }, (_, index) => index + 1)
        .map(
          (n) => `<item><title>${language === 'en' ? `Council story ${label}${n}` : `議会のニュース ${label}${n}`}</title>
            <link>${pageUrl(name, language ?? 'en', n)}?utm_source=rss</link><guid isPermaLink="false">${folder(name, language ?? 'en')}-${n}</guid>
            <description>${language === 'en' ? `Summary of council story ${label}${n}.` : `議会のニュース ${label}${n} の要約。`}</description>
            <pubDate>Tue, 03 Nov 2026 0${n % 10}:00:00 GMT</pubDate></item>`,
        )
        .join('\n');
      response
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
        .end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${label}${language} news</title><link>${server.url}/</link><language>${language}</language>${items}</channel></rss>`);
      return;
    }
    const page = /^\/(?:([a-z0-9]+)-)?(en|ja)\/(\d+)\.html/.exec(url);
    if (page) {
      const [, name, language, n] = page;
      const label = name ? `${name} ` : '';
      const paragraph = language === 'en' ? english : japanese;
      const title = language === 'en' ? `Council story ${label}${n}` : `議会のニュース ${label}${n}`;
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
          `<!doctype html><html lang="${language}"><head><title>${title} | Farm</title></head><body>
            <nav><a href="/">Home</a></nav><article><h1>${title}</h1>
            <p>${paragraph(1)}</p><p>${paragraph(2)}</p></article><footer>© Farm</footer></body></html>`,
        );
      }, pageDelayMs);
      return;
    }
    if (url === '/not-a-feed.html') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome</body></html>');
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };

  const server: TestServer = await startHttpServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const count = (seen.get(path) ?? 0) + 1;
    seen.set(path, count);
    const fault = options.faults?.(path, count) ?? null;
    if (fault === 'reset') request.socket.destroy();
    else if (fault === 'stall') {
      // Never answered; the server's close() ends the connection.
    } else if (typeof fault === 'number') {
      response.writeHead(fault, { 'content-type': 'text/plain' }).end(`injected ${fault}`);
    } else answer(request, response);
  });
  return {
    server,
    feedUrls: {
      en: `${server.url}/en.xml`,
      ja: `${server.url}/ja.xml`,
      missing: `${server.url}/missing.xml`,
      notAFeed: `${server.url}/not-a-feed.html`,
    },
    feedUrl: (name, language) => `${server.url}/${folder(name, language)}.xml`,
    articleUrls: (name, language) => Array.from({ length: itemsPerFeed }, (_, index) => pageUrl(name, language, index + 1)),
    itemsPerFeed,
    close: () => server.close(),
  };
}

/** Migrates the environment's database and subscribes it to `feedUrls`, as an operator would. */
export async function subscribe(env: Record<string, string>, feedUrls: string[]): Promise<void> {
  if (!env.DATABASE_URL) throw new Error('the environment has no DATABASE_URL');
  const db = createDb({ databaseUrl: env.DATABASE_URL, dataDir: '' });
  try {
    await db.migrate();
    for (const url of feedUrls) await upsertFeed(db.db, { url });
  } finally {
    await db.close();
  }
}
