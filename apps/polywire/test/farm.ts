import { startHttpServer, type TestServer } from '@polywire/testing';

const english = (n: number) =>
  `Paragraph ${n}: the city council approved the new transport budget after a long debate about buses, trams and cycle lanes across the region.`;
const japanese = (n: number) =>
  `第${n}段落：市議会は長い議論の末、地域全体のバス、路面電車、自転車レーンに関する新しい交通予算を承認した。住民の多くはこの決定を歓迎している。`;

export interface Farm {
  server: TestServer;
  feedUrls: { en: string; ja: string; missing: string; notAFeed: string };
  itemsPerFeed: number;
  close(): Promise<void>;
}

/**
 * Two news feeds on 127.0.0.1, one English and one Japanese, with their article pages. Pages answer
 * after `pageDelayMs`, so that ingestion takes long enough to be interrupted.
 */
export async function startFarm(itemsPerFeed: number, pageDelayMs: number): Promise<Farm> {
  const server: TestServer = await startHttpServer((request, response) => {
    const url = request.url ?? '/';
    const feed = /^\/(en|ja)\.xml$/.exec(url);
    if (feed) {
      const language = feed[1];
      const items = Array.from({ length: itemsPerFeed }, (_, index) => index + 1)
        .map(
          (n) => `<item><title>${language === 'en' ? `Council story ${n}` : `議会のニュース ${n}`}</title>
            <link>${server.url}/${language}/${n}.html?utm_source=rss</link><guid isPermaLink="false">${language}-${n}</guid>
            <pubDate>Tue, 03 Nov 2026 0${n % 10}:00:00 GMT</pubDate></item>`,
        )
        .join('\n');
      response
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
        .end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${language} news</title><link>${server.url}/</link><language>${language}</language>${items}</channel></rss>`);
      return;
    }
    const page = /^\/(en|ja)\/(\d+)\.html/.exec(url);
    if (page) {
      const [, language, n] = page;
      const paragraph = language === 'en' ? english : japanese;
      const title = language === 'en' ? `Council story ${n}` : `議会のニュース ${n}`;
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
  });
  return {
    server,
    feedUrls: {
      en: `${server.url}/en.xml`,
      ja: `${server.url}/ja.xml`,
      missing: `${server.url}/missing.xml`,
      notAFeed: `${server.url}/not-a-feed.html`,
    },
    itemsPerFeed,
    close: () => server.close(),
  };
}
