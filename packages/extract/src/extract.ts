import * as cheerio from 'cheerio';

export interface ExtractedArticle {
  title: string | null;
  /** Main text, one paragraph per line. */
  text: string;
  declaredLanguage: string | null;
  canonicalUrl: string | null;
  publishedAt: Date | null;
  authors: string[];
  image: string | null;
  siteName: string | null;
}

// Page chrome that is never the article. Issue 4 replaces this with scored extraction.
const BOILERPLATE = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'form',
  'nav',
  'header',
  'footer',
  'aside',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[aria-hidden="true"]',
].join(',');

const BLOCKS = 'p, h2, h3, h4, blockquote, li, pre';

const clean = (value: string | undefined | null): string | null => {
  const collapsed = value?.replace(/\s+/g, ' ').trim();
  return collapsed ? collapsed : null;
};

function paragraphsOf($: cheerio.CheerioAPI, root: ReturnType<cheerio.CheerioAPI>): string[] {
  const lines: string[] = [];
  root.find(BLOCKS).each((_, element) => {
    // A block inside another counted block (a <p> in a <blockquote>) is counted once, by its outermost.
    if ($(element).parents(BLOCKS).length > 0) return;
    const line = clean($(element).text());
    if (line) lines.push(line);
  });
  return lines;
}

/** The candidate container with the most paragraph text wins; the body is the last resort. */
function mainText($: cheerio.CheerioAPI): string {
  const candidates = $('[itemprop="articleBody"], article, main, [role="main"], .article-body, .post-content, .entry-content');
  let best: string[] = [];
  let bestLength = 0;
  candidates.each((_, element) => {
    const lines = paragraphsOf($, $(element));
    const length = lines.reduce((sum, line) => sum + line.length, 0);
    if (length > bestLength) {
      best = lines;
      bestLength = length;
    }
  });
  if (bestLength === 0) best = paragraphsOf($, $('body'));
  if (best.length === 0) {
    const bodyText = clean($('body').text());
    best = bodyText ? [bodyText] : [];
  }
  return best.join('\n');
}

function parseDate(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1971 ? null : date;
}

function absolute(value: string | null, base: string): string | null {
  if (!value) return null;
  try {
    return new URL(value, base).toString();
  } catch {
    return null;
  }
}

/** Extracts the title, main text and basic metadata of a news page. */
export function extractArticle(html: string, pageUrl: string): ExtractedArticle {
  const $ = cheerio.load(html);
  const meta = (selector: string) => clean($(selector).first().attr('content'));
  const title =
    meta('meta[property="og:title"]') ?? clean($('h1').first().text()) ?? clean($('head > title').first().text());
  const declaredLanguage =
    clean($('html').attr('lang')) ?? meta('meta[http-equiv="content-language" i]') ?? meta('meta[property="og:locale"]');
  const authors = [
    ...new Set(
      $('meta[name="author"], meta[property="article:author"]')
        .map((_, element) => clean($(element).attr('content')))
        .get()
        .filter((name): name is string => name !== null && !/^https?:/.test(name)),
    ),
  ];
  const publishedAt = parseDate(
    meta('meta[property="article:published_time"]') ?? clean($('time[datetime]').first().attr('datetime')),
  );
  $(BOILERPLATE).remove();
  return {
    title,
    text: mainText($),
    declaredLanguage,
    canonicalUrl: absolute(clean($('link[rel="canonical"]').attr('href')), pageUrl),
    publishedAt,
    authors,
    image: absolute(meta('meta[property="og:image"]'), pageUrl),
    siteName: meta('meta[property="og:site_name"]'),
  };
}

/** Text of an HTML fragment (a feed item's content), one block per line. */
export function htmlToText(fragment: string): string {
  const $ = cheerio.load(`<body>${fragment}</body>`);
  $(BOILERPLATE).remove();
  const lines = paragraphsOf($, $('body'));
  return lines.length > 0 ? lines.join('\n') : (clean($('body').text()) ?? '');
}
