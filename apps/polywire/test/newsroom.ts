import { startHttpServer, type TestServer } from '@polywire/testing';

/** A hostile feed's title: markup that would run a script if a page rendered it as HTML. */
export const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';
export const BROKEN_STORY_TITLE = 'Recovered story about the harbour';

const stories: Record<string, { title: (n: number) => string; paragraph: (n: number) => string }> = {
  en: {
    title: (n) => `Council story ${n}`,
    paragraph: (n) =>
      `Paragraph ${n}: the city council approved the new transport budget after a long debate about buses, trams and cycle lanes across the region. Residents said the decision was overdue.`,
  },
  de: {
    title: (n) => `Stadtrat beschließt Haushalt ${n}`,
    paragraph: (n) =>
      `Absatz ${n}: Der Stadtrat hat nach einer langen Debatte über Busse, Straßenbahnen und Radwege den neuen Verkehrshaushalt beschlossen. Viele Bürger begrüßen die Entscheidung.`,
  },
  fr: {
    title: (n) => `Le conseil vote le budget ${n}`,
    paragraph: (n) =>
      `Paragraphe ${n} : le conseil municipal a adopté le nouveau budget des transports après un long débat sur les bus, les tramways et les pistes cyclables de la région.`,
  },
  es: {
    title: (n) => `El ayuntamiento aprueba el presupuesto ${n}`,
    paragraph: (n) =>
      `Párrafo ${n}: el ayuntamiento aprobó el nuevo presupuesto de transporte tras un largo debate sobre autobuses, tranvías y carriles bici en toda la región.`,
  },
  ja: {
    title: (n) => `議会のニュース ${n}`,
    paragraph: (n) => `第${n}段落：市議会は長い議論の末、地域全体のバス、路面電車、自転車レーンに関する新しい交通予算を承認した。住民の多くはこの決定を歓迎している。`,
  },
  ru: {
    title: (n) => `Совет утвердил бюджет ${n}`,
    paragraph: (n) =>
      `Абзац ${n}: после долгих споров об автобусах, трамваях и велосипедных дорожках городской совет утвердил новый транспортный бюджет региона. Жители приветствуют это решение.`,
  },
};

export interface Newsroom {
  server: TestServer;
  /** `/<lang>.xml`: `itemsPerFeed` stories in that language. */
  feedUrl(language: string): string;
  /** A feed with one normal story, one whose title is HOSTILE_TITLE, and one that fails until fixed. */
  trickyFeedUrl: string;
  /** A URL that answers 404: a failing feed. */
  missingFeedUrl: string;
  /** From now on the broken story's page answers with an article. */
  fixBrokenStory(): void;
  close(): Promise<void>;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const page = (language: string, title: string, paragraphs: string[]) =>
  `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
  <meta property="og:title" content="${escapeXml(title).replace(/"/g, '&quot;')}"></head><body><nav><a href="/">Home</a></nav>
  <article><h1>${escapeXml(title)}</h1>${paragraphs.map((text) => `<p>${escapeXml(text)}</p>`).join('')}</article><footer>© Newsroom</footer></body></html>`;

/**
 * News feeds in six languages on 127.0.0.1, plus a tricky feed for the dashboard's browser test: a
 * title carrying markup, and an item with neither title nor text whose page answers 404, so that its
 * article job fails for good until `fixBrokenStory()` (then a retry from the dashboard succeeds).
 */
export async function startNewsroom(itemsPerFeed = 3): Promise<Newsroom> {
  let brokenFixed = false;
  const server: TestServer = await startHttpServer((request, response) => {
    const url = request.url ?? '/';
    const rss = (title: string, language: string, items: string[]) =>
      response
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
        .end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${escapeXml(title)}</title><link>${server.url}/</link><language>${language}</language>${items.join('')}</channel></rss>`);
    const item = (title: string | null, link: string, guid: string, hour: number) =>
      `<item>${title === null ? '' : `<title>${escapeXml(title)}</title>`}<link>${link}</link><guid isPermaLink="false">${guid}</guid><pubDate>Tue, 03 Nov 2026 ${String(hour).padStart(2, '0')}:00:00 GMT</pubDate></item>`;

    const feed = /^\/(\w\w)\.xml$/.exec(url);
    if (feed?.[1] && stories[feed[1]]) {
      const language = feed[1];
      const story = stories[language]!;
      const items = Array.from({ length: itemsPerFeed }, (_, index) => index + 1).map((n) =>
        item(story.title(n), `${server.url}/${language}/${n}.html`, `${language}-${n}`, n),
      );
      rss(`Newsroom ${language}`, language, items);
      return;
    }
    if (url === '/tricky.xml') {
      rss('<b>Tricky</b> feed', 'en', [
        item('Council story 1', `${server.url}/en/1.html`, 'tricky-1', 1),
        item(HOSTILE_TITLE, `${server.url}/hostile.html`, 'tricky-hostile', 2),
        item(null, `${server.url}/broken.html`, 'tricky-broken', 3),
      ]);
      return;
    }
    const story = /^\/(\w\w)\/(\d+)\.html/.exec(url);
    if (story?.[1] && stories[story[1]]) {
      const [, language, n] = story as unknown as [string, string, string];
      const { title, paragraph } = stories[language]!;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(language, title(Number(n)), [paragraph(1), paragraph(2), paragraph(3)]));
      return;
    }
    if (url === '/hostile.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('en', HOSTILE_TITLE, [stories.en!.paragraph(7), stories.en!.paragraph(8)]));
      return;
    }
    if (url === '/broken.html' && brokenFixed) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('en', BROKEN_STORY_TITLE, [stories.en!.paragraph(9), stories.en!.paragraph(10)]));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  return {
    server,
    feedUrl: (language) => `${server.url}/${language}.xml`,
    trickyFeedUrl: `${server.url}/tricky.xml`,
    missingFeedUrl: `${server.url}/missing.xml`,
    fixBrokenStory() {
      brokenFixed = true;
    },
    close: () => server.close(),
  };
}

export const newsroomLanguages = Object.keys(stories);
