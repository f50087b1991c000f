import { isIP } from 'node:net';
import type { CheerioAPI } from 'cheerio';
import { type AnyNode, type Element, isTag, isText } from 'domhandler';
import { decodeHTML } from 'entities';
import { registrableDomain } from '@polywire/dedupe';
import { collapseWhitespace, cutText } from '@polywire/text';
import { normalizeAuthors } from './authors.js';
import { parseDate } from './dates.js';
import { buildGraph, isObject, type JsonLdGraph, type JsonObject, parseJsonLd, resolveReference, typesOf } from './json-ld.js';
import { findItemprop, indexPage, type PageIndex } from './page-index.js';

/** What a news page says about itself, before its main text is looked at. */
export interface PageMetadata {
  title: string | null;
  /** The standfirst or description, whitespace collapsed. */
  lead: string | null;
  authors: string[];
  publishedAt: Date | null;
  modifiedAt: Date | null;
  /** Absolute http(s) URL of the lead image. */
  image: string | null;
  siteName: string | null;
  /** The language tag as the page declares it (`pt_BR`, `zh-CN`); @polywire/lang normalizes it. */
  declaredLanguage: string | null;
  /** Absolute http(s) URL the page names as its canonical address. */
  canonicalUrl: string | null;
  section: string | null;
  tags: string[];
}

export interface ReadMetadataOptions {
  /** The present, for rejecting dates in the future (a test can fix it). */
  now?: Date;
}

// schema.org types of a page's main content that carry the fields read here (and say the page is a story).
export const ARTICLE_TYPES = new Set([
  'Article',
  'NewsArticle',
  'AnalysisNewsArticle',
  'AskPublicNewsArticle',
  'BackgroundNewsArticle',
  'OpinionNewsArticle',
  'ReportageNewsArticle',
  'ReviewNewsArticle',
  'SatiricalArticle',
  'ScholarlyArticle',
  'TechArticle',
  'Report',
  'BlogPosting',
  'LiveBlogPosting',
  'SocialMediaPosting',
  'DiscussionForumPosting',
]);

/** Titles, leads, names and dates are short: every value read is cut here (a page may send megabytes). */
const MAX_TEXT = 2_000;
const MAX_TAGS = 100;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:[-_][a-z\d]{1,8})*$/i;

/** White space collapsed (see collapseWhitespace); null for nothing. */
const collapse = (value: string | null | undefined): string | null => (value ? collapseWhitespace(value) || null : null);

/**
 * Reads a page's metadata from the untouched document (before any boilerplate is removed). Each field
 * takes the first source that gives a usable value, in this order of trust:
 *
 * 1. JSON-LD: the NewsArticle/Article/BlogPosting/… node (found in arrays, `@graph` and `mainEntity`,
 *    `@id` references followed; when there are several, the one whose URL is the page's, then the one
 *    with a headline);
 * 2. OpenGraph and `article:*` (`og:title`, `article:published_time`, `article:author` unless a URL…);
 * 3. other meta tags (`author`, `parsely-*`, `sailthru.*`, `dc.*`/`dcterms.*`, `date`, `pubdate`…);
 * 4. the page itself: `itemprop` microdata, `<time datetime>`, `<h1>`, `<title>`, `<html lang>`.
 *
 * Within a field a value that is unusable falls through to the next source: a placeholder date
 * (0001-01-01, 1970-01-01, more than two days ahead), an author that is a URL, an image that is a data:
 * URL. Exceptions to the order, each for a reason: the site name is og:site_name first (the JSON-LD
 * publisher is often the owning company), then the JSON-LD WebSite or publisher name; tags are the union
 * of every source; the canonical URL is `<link rel=canonical>` then og:url (a home-page canonical on an
 * article is ignored). The title loses the site name, host or section it carries (" | Site", "_频道_网站"),
 * and whatever surrounds the headline when a heading of the page repeats it (see headlineInTitle) or
 * when it is the longest of three parts or more (see longestPart); a `<title>` a heading repeats comes
 * before a first `<h1>` that does not (a logo or a section's name).
 * Dates are UTC instants, and one written without a zone is read as UTC. URLs are resolved against
 * `<base href>` and the page URL and kept only when http(s). The document is walked once, without
 * recursion, so that a page nested 100,000 deep costs milliseconds (see ./page-index.ts).
 */
export function readMetadata($: CheerioAPI, pageUrl: string, options: ReadMetadataOptions = {}): PageMetadata {
  const now = options.now ?? new Date();
  const page = indexPage($.root().get(0)!);
  const { metas } = page;
  const meta = (...keys: string[]): string | null => {
    for (const key of keys) {
      for (const value of metas.get(key) ?? []) {
        const text = collapse(cutText(value, MAX_TEXT));
        if (text) return text;
      }
    }
    return null;
  };
  const metaAll = (...keys: string[]): string[] => keys.flatMap((key) => (metas.get(key) ?? []).map((value) => cutText(value, MAX_TEXT)));
  const base = baseUrl(page.baseHref, pageUrl);
  const canonicalUrl = readCanonicalUrl([...page.canonicalHrefs, meta('og:url')], base, pageUrl);

  const graph = buildGraph(page.jsonLdScripts.flatMap(parseJsonLd));
  const article = pickArticleNode(graph, [canonicalUrl, pageUrl]);
  const ld = article ? jsonLdFields(article, graph) : null;
  const parsely = parselyPage(meta('parsely-page'));

  const websiteName = graph.nodes.filter((node) => typesOf(node).includes('WebSite')).map((node) => textOf(node.name)).find(Boolean);
  const siteName = meta('og:site_name') ?? websiteName ?? ld?.publisher ?? meta('application-name');
  const publisherNames = new Set([...[siteName, websiteName, ld?.publisher].filter((name) => name).map((name) => comparableName(name!)), ...hostNames(pageUrl)]);
  const section =
    ld?.section ??
    meta('article:section', 'og:article:section', 'section', 'parsely-section', 'article.section', 'category') ??
    textOf(parsely?.section) ??
    itemprop(page, 'articleSection');
  const title = readTitle(page, [ld?.headline, meta('og:title'), meta('twitter:title'), itemprop(page, 'headline')], siteName, section, pageUrl);

  const publishedAt = firstDate(now, [
    ...(ld?.published ?? []),
    ...metaAll('article:published_time', 'og:article:published_time', 'og:published_time'),
    ...metaAll(
      'parsely-pub-date',
      'sailthru.date',
      'dc.date.issued',
      'dcterms.issued',
      'dc.date',
      'dcterms.date',
      'dc.date.created',
      'dcterms.created',
      'date',
      'pubdate',
      'publishdate',
      'publish-date',
      'publish_date',
      'publication_date',
      'article.published',
      'article_date_original',
      'original-publish-date',
    ),
    textOf(parsely?.pub_date),
    ...pageDates(page),
  ]);
  const modifiedAt = firstDate(now, [
    ld?.modified,
    ...metaAll('article:modified_time', 'og:article:modified_time', 'og:updated_time'),
    ...metaAll('dcterms.modified', 'dc.date.modified', 'last-modified', 'lastmod', 'article.updated', 'revised'),
    itemprop(page, 'dateModified'),
  ]);

  return {
    title,
    lead: ld?.description ?? meta('og:description', 'twitter:description', 'description', 'dc.description', 'dcterms.description'),
    // The site is not its articles' author: old pages put the publisher's name in <meta name="author">.
    authors: firstNonEmpty([
      () => notThePublisher(ld?.authors ?? [], publisherNames),
      () =>
        notThePublisher(
          normalizeAuthors([
            ...metaAll('author', 'article:author', 'og:article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'byl'),
            ...stringsOf(parsely?.author),
          ]),
          publisherNames,
        ),
      () => notThePublisher(normalizeAuthors(pageAuthors(page)), publisherNames),
    ]),
    publishedAt,
    modifiedAt,
    image:
      [ld?.image, ...metaAll('og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src'), pageImage(page)]
        .map((candidate) => absoluteHttpUrl(candidate, base))
        .find(Boolean) ?? null,
    siteName,
    declaredLanguage: readLanguage([
      ld?.language,
      page.html?.attribs.lang,
      page.html?.attribs['xml:lang'],
      meta('og:locale'),
      meta('content-language'),
      meta('language', 'dc.language', 'dcterms.language'),
    ]),
    canonicalUrl,
    section,
    tags: normalizeTags([
      ...(ld?.keywords ?? []),
      ...metaAll('article:tag', 'og:article:tag', 'news_keywords', 'keywords', 'parsely-tags', 'sailthru.tags'),
      ...stringsOf(parsely?.tags),
    ]),
  };
}

function pickArticleNode(graph: JsonLdGraph, pageUrls: (string | null)[]): JsonObject | null {
  const articles = graph.nodes.filter((node) => typesOf(node).some((type) => ARTICLE_TYPES.has(type)));
  if (articles.length <= 1) return articles[0] ?? null;
  const pages = new Set(pageUrls.filter((url): url is string => url !== null).map(comparableUrl));
  const isThisPage = (node: JsonObject) =>
    [node.url, node['@id'], node.mainEntityOfPage, isObject(node.mainEntityOfPage) ? node.mainEntityOfPage['@id'] : null]
      .filter((url): url is string => typeof url === 'string')
      .some((url) => pages.has(comparableUrl(url)));
  return articles.find(isThisPage) ?? articles.find((node) => textOf(node.headline)) ?? articles[0]!;
}

const comparableUrl = (url: string) =>
  url
    .replace(/#[\s\S]*$/, '')
    .replace(/^https?:\/\/(?:www\.)?/i, '')
    .replace(/(?<!\/)\/+$/, '');

interface JsonLdFields {
  headline: string | null;
  description: string | null;
  authors: string[] | null;
  /** datePublished, then dateCreated: the first may be a placeholder. */
  published: (string | null)[];
  modified: string | null;
  image: string | null;
  publisher: string | null;
  language: string | null;
  section: string | null;
  keywords: string[];
}

function jsonLdFields(node: JsonObject, graph: JsonLdGraph): JsonLdFields {
  const resolve = (value: unknown): unknown => (isObject(value) ? resolveReference(value, graph.byId) : value);
  const namesOf = (value: unknown): string[] =>
    (Array.isArray(value) ? value : [value]).flatMap((item) => {
      const resolved = resolve(item);
      if (typeof resolved === 'string') return [decodeHTML(resolved)];
      if (!isObject(resolved)) return [];
      const name = textOf(resolved.name) ?? [textOf(resolved.givenName), textOf(resolved.familyName)].filter(Boolean).join(' ');
      return name ? [name] : [];
    });
  const authors = normalizeAuthors(namesOf(node.author));
  const language = resolve(node.inLanguage);
  return {
    headline: textOf(node.headline) ?? textOf(node.name),
    description: textOf(node.description),
    authors: authors.length > 0 ? authors : normalizeAuthors(namesOf(node.creator)),
    published: [textOf(node.datePublished), textOf(node.dateCreated)],
    modified: textOf(node.dateModified),
    image: urlOf(resolve(node.image), resolve),
    publisher: namesOf(node.publisher)[0] ?? null,
    language: isObject(language) ? (textOf(language.alternateName) ?? textOf(language.name)) : textOf(language),
    section: textOf(node.articleSection),
    keywords: stringsOf(node.keywords),
  };
}

/** A JSON-LD text value: a string (entities decoded: CMSes double-escape), a number, `{"@value"}`, or the first of a list. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return collapse(cutText(decodeHTML(value), MAX_TEXT));
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = textOf(item);
      if (text) return text;
    }
    return null;
  }
  return isObject(value) ? textOf(value['@value']) : null;
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [decodeHTML(value)];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (isObject(value)) return stringsOf(value.name ?? value['@value']);
  return [];
}

/** An image given as a URL, an ImageObject (`url`, `contentUrl`), or a list of either. */
function urlOf(value: unknown, resolve: (value: unknown) => unknown): string | null {
  if (typeof value === 'string') return collapse(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const url = urlOf(resolve(item), resolve);
      if (url) return url;
    }
    return null;
  }
  if (!isObject(value)) return null;
  return urlOf(value.url, resolve) ?? urlOf(value.contentUrl, resolve);
}

/** Parse.ly's legacy `parsely-page` meta: one JSON object with pub_date, author, section and tags. */
function parselyPage(content: string | null): Record<string, unknown> | null {
  if (!content) return null;
  const [value] = parseJsonLd(content);
  return isObject(value) ? value : null;
}

function firstNonEmpty(sources: (() => string[])[]): string[] {
  for (const source of sources) {
    const values = source();
    if (values.length > 0) return values;
  }
  return [];
}

function firstDate(now: Date, candidates: (string | null | undefined)[]): Date | null {
  for (const candidate of candidates) {
    const date = typeof candidate === 'string' ? parseDate(candidate, now) : null;
    if (date) return date;
  }
  return null;
}

/** Dates written in the page: microdata, `<time pubdate>`, then `<time datetime>` in the article. */
function pageDates(page: PageIndex): string[] {
  const dates = [itemprop(page, 'datePublished')];
  for (const { element } of page.times) {
    if (element.attribs.pubdate !== undefined) dates.push(element.attribs.datetime ?? elementText(element));
  }
  for (const { element, inArticle } of page.times) if (inArticle) dates.push(element.attribs.datetime ?? null);
  // A lone <time> elsewhere is the article's; with several, the first is as likely a clock in the header.
  const withDatetime = page.times.filter(({ element }) => element.attribs.datetime !== undefined);
  if (withDatetime.length === 1) dates.push(withDatetime[0]!.element.attribs.datetime ?? null);
  return dates.filter((date): date is string => date !== null);
}

/** The value of the first microdata property `name`: `content`, `datetime`, or the element's text. */
function itemprop(page: PageIndex, name: string): string | null {
  const element = page.itemprops.get(name);
  return element ? collapse(cutText(element.attribs.content ?? element.attribs.datetime ?? elementText(element), MAX_TEXT)) : null;
}

function pageAuthors(page: PageIndex): string[] {
  const names: string[] = [];
  for (const element of page.authorElements) {
    const named = findItemprop(element, 'name');
    const name = named ? (named.attribs.content ?? elementText(named)) : (element.attribs.content ?? elementText(element));
    if (name) names.push(name);
  }
  for (const element of page.authorLinks) names.push(elementText(element));
  return names;
}

function pageImage(page: PageIndex): string | null {
  if (page.imageSrcHref) return page.imageSrcHref;
  const element = page.itemprops.get('image');
  return element ? (element.attribs.content ?? element.attribs.src ?? element.attribs.href ?? null) : null;
}

// " | ", " - ", " — ", " :: ", " » " (spaced: unspaced, guillemets quote), and the separators CJK sites write without spaces: "标题_频道_网站", "見出し｜新聞",
// and a hyphen between two Han or kana characters ("标题-频道-网站"; not in "1900万-2900万").
// Tried only where a run of white space starts (ideographic spaces stay in titles, and may run long).
const TITLE_SEPARATOR =
  /(?<!\s)\s*(?:[|｜_·•~]|::)\s*|(?<!\s)\s+(?:[-–—:/»«]|--)\s+|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}」』”）])-(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}「『“（])/gu;

/** The names a title may carry besides the headline: the site's (any that starts so), its host's, the section's. */
interface TitleNoise {
  siteNames: string[];
  exactNames: string[];
}

function readTitle(
  page: PageIndex,
  candidates: (string | null | undefined)[],
  siteName: string | null,
  section: string | null,
  pageUrl: string,
): string | null {
  const noise: TitleNoise = {
    siteNames: siteName ? [comparableName(siteName)].filter((name) => name.length >= 3) : [],
    exactNames: [...hostNames(pageUrl), ...(section ? [comparableName(section)] : [])].filter(Boolean),
  };
  const headlines = headlinesOf(page, noise);
  // The metadata's title wins over the document's; either loses what the page's headings show is not the headline.
  const fromMetadata = candidates.map((candidate) => collapse(candidate)).find(Boolean);
  if (fromMetadata) return headlineInTitle(fromMetadata, headlines) ?? stripTitleNoise(fromMetadata, noise, false);
  const documentTitle = page.title ? collapse(elementText(page.title)) : null;
  const agreed = documentTitle ? headlineInTitle(documentTitle, headlines) : null;
  if (agreed) return agreed;
  const heading = page.headings
    .map((element) => collapse(elementText(element)))
    .find((text) => text && !isNoise(text, noise));
  if (heading) return stripTitleNoise(heading, noise, false);
  return documentTitle ? stripTitleNoise(documentTitle, noise, true) : null;
}

/** A heading of the page, as compared with the parts of a title. */
interface Headline {
  /** comparableName of its text. */
  key: string;
  /** Its text, white space collapsed, lower-cased. */
  lower: string;
}

function headlinesOf(page: PageIndex, noise: TitleNoise): Headline[] {
  const headlines: Headline[] = [];
  for (const element of page.headlineCandidates) {
    const text = collapse(elementText(element));
    if (!text || isNoise(text, noise)) continue;
    const key = comparableName(text);
    if (key.length >= 2) headlines.push({ key, lower: text.toLowerCase() });
  }
  return headlines;
}

/** A title has a handful of parts; past this many, the rest is one part (bounds the pairs of parts tried). */
const MAX_TITLE_PARTS = 8;
// Where a headline meets the rest of a title: punctuation, but not a quotation mark (it belongs to the
// words it quotes), nor a colon before the headline (it joins a kicker to its headline: "Kenia: Nairobi
// von unten" is one title; after the headline, "Budget passed: Example News", it introduces the site).
const JUNCTION_AFTER = /^\s*(?!['"“”‘’«»„])[\p{P}\p{S}]/u;
const JUNCTION_BEFORE = /(?![:：'"“”‘’«»„])[\p{P}\p{S}]\s*$/u;
// A heading may carry the separator that joined it to the rest ("Budget passed -").
const EDGE_SEPARATORS = /^[\s|｜_·•~\-–—:/,;]+|[\s|｜_·•~\-–—:/,;]+$/gu;
const TRAILING_SEPARATORS = /[\s|｜_·•~\-–—:/,;]+$/u;

/**
 * The headline inside a title, found where the page writes it again as a heading (`<h1>`–`<h3>`,
 * `itemprop=headline`): "Budget passed | Politics | Daily Example", "ΤΟ ΒΗΜΑ - Budget passed - Πολιτική",
 * "Budget passed, Example News" or "MUST READ: Budget passed" with a heading "Budget passed" give
 * "Budget passed", whatever the site's name and script. A part of the title between separators, or its
 * start or end up to punctuation, must equal a heading's text, and be a headline's size: three words or
 * more (a Han, kana or Thai character counting as half a word), or at least as long as each other part
 * (a heading "Politics" does not turn "Politics - Budget passed" into "Politics"). The longest such part
 * wins. Null when no heading agrees, or when the whole title is a heading (nothing to strip).
 */
function headlineInTitle(title: string, headlines: Headline[]): string | null {
  if (headlines.length === 0) return null;
  const keys = new Set(headlines.map((headline) => headline.key));
  if (keys.has(comparableName(title))) return title.replace(TRAILING_SEPARATORS, '') || title;
  const separators = [...title.matchAll(TITLE_SEPARATOR)].slice(0, MAX_TITLE_PARTS - 1);
  const bounds: [number, number][] = [];
  let start = 0;
  for (const separator of separators) {
    bounds.push([start, separator.index]);
    start = separator.index + separator[0].length;
  }
  bounds.push([start, title.length]);
  const parts = bounds.map(([from, to]) => title.slice(from, to).trim());
  let best: string | null = null;
  const consider = (found: string, others: string[]) => {
    const part = found.replace(EDGE_SEPARATORS, '');
    if (part && isHeadlineSized(part, others) && (!best || comparableName(part).length > comparableName(best).length)) best = part;
  };
  for (let first = 0; first < bounds.length; first++) {
    for (let last = first; last < bounds.length; last++) {
      if (first === 0 && last === bounds.length - 1) continue;
      const part = title.slice(bounds[first]![0], bounds[last]![1]).trim();
      if (keys.has(comparableName(part))) consider(part, [...parts.slice(0, first), ...parts.slice(last + 1)]);
    }
  }
  if (best) return best;
  // Lower-casing may change the length of a string ("İ"): then positions in it are not the title's.
  const lower = title.toLowerCase();
  if (lower.length !== title.length) return null;
  for (const { lower: heading } of headlines) {
    if (heading.length >= lower.length) continue;
    if (lower.startsWith(heading) && JUNCTION_AFTER.test(lower.slice(heading.length))) {
      consider(title.slice(0, heading.length).trim(), [title.slice(heading.length)]);
    }
    if (lower.endsWith(heading) && JUNCTION_BEFORE.test(lower.slice(0, -heading.length))) {
      consider(title.slice(-heading.length).trim(), [title.slice(0, -heading.length)]);
    }
  }
  return best;
}

const UNSPACED_CHARACTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** Words of a title, a Han, kana or Thai character counting as half a word. */
function wordCount(text: string): number {
  const unspaced = text.match(UNSPACED_CHARACTER)?.length ?? 0;
  return (text.replace(UNSPACED_CHARACTER, ' ').match(WORD)?.length ?? 0) + Math.ceil(unspaced / 2);
}

function isHeadlineSized(part: string, others: string[]): boolean {
  if (wordCount(part) >= 3) return true;
  const length = comparableName(part).length;
  return others.every((other) => comparableName(other).length <= length);
}

function isNoise(part: string, { siteNames, exactNames }: TitleNoise): boolean {
  const name = comparableName(part);
  return name.length > 0 && (exactNames.includes(name) || siteNames.some((site) => name.startsWith(site)));
}

/**
 * "Budget passed | The Daily" → "Budget passed"; "The Daily - Budget passed", "Budget passed | Politics |
 * The Daily" and "预算通过_政治_每日新闻" likewise, when the other parts are the site's name, its host or the
 * section. In a `<title>`, a last " | part" goes even when it names nothing known: headlines do not use
 * pipes, titles of pages do. Other separators stay when the part is unknown: "Iran - US talks resume".
 */
function stripTitleNoise(title: string, noise: TitleNoise, isDocumentTitle: boolean): string {
  let current = title;
  for (let round = 0; round < 3; round++) {
    const separators = [...current.matchAll(TITLE_SEPARATOR)];
    const last = separators.at(-1);
    const first = separators[0];
    if (!last || !first) break;
    const head = current.slice(0, last.index).trim();
    const rest = current.slice(first.index + first[0].length).trim();
    if (head && isNoise(current.slice(last.index + last[0].length), noise)) current = head;
    else if (rest && isNoise(current.slice(0, first.index), noise)) current = rest;
    else break;
  }
  const longest = longestPart(current);
  if (longest) return longest;
  if (current === title && isDocumentTitle) {
    const pipes = [...title.matchAll(/(?<!\s)\s+\|\s+/g)];
    const lastPipe = pipes.at(-1);
    const head = lastPipe ? title.slice(0, lastPipe.index).trim() : '';
    if (head) return head;
  }
  return current;
}

/**
 * "ΤΟ ΒΗΜΑ - Budget passed today - Πολιτική", "预算今日通过 - 新闻频道 - 每日网": a title of three parts or more
 * is a headline among the names of its site and sections, and the headline is the longest part, when it
 * is a headline's size (three words, see isHeadlineSized) and longer than every other part ("Man Utd 2 -
 * 1 Chelsea - live" stays). Of two parts only in a title in Han or kana, whose headlines do not use these
 * separators, and only when one part is twice the other's length ("预算今日通过-每日网"): in other scripts
 * "Iran - US talks resume" is one headline.
 */
function longestPart(title: string): string | null {
  const split = splitTitle(title);
  // A separator inside brackets or quotes ("Title (one – two)", "«Quoted» - Site") is not between parts.
  if (split.some((part) => !isBalanced(part))) return null;
  const parts = split
    // "-茅台酒,公款消费,公款吃喝,人大代表-": a list of keywords is no headline, however long.
    .filter((part) => !KEYWORD_LIST.test(part))
    .map((part) => ({ part, length: comparableName(part).length }))
    .sort((a, b) => b.length - a.length);
  if (parts.length < 2) return null;
  const [first, second] = [parts[0]!, parts[1]!];
  if (first.length <= second.length || wordCount(first.part) < 3) return null;
  if (parts.length === 2 && !(UNSPACED_TITLE.test(title) && first.length >= 2 * second.length)) return null;
  return first.part;
}

/** The parts of a title between its separators, at most MAX_TITLE_PARTS (the last one takes the rest). */
function splitTitle(title: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const separator of title.matchAll(TITLE_SEPARATOR)) {
    if (parts.length === MAX_TITLE_PARTS - 1) break;
    parts.push(title.slice(start, separator.index).trim());
    start = separator.index + separator[0].length;
  }
  parts.push(title.slice(start).trim());
  return parts.filter(Boolean);
}

const KEYWORD_LIST = /(?:[,，、][^,，、]*){3}/u;
const BRACKETS: Record<string, string> = { '(': ')', '[': ']', '«': '»', '「': '」', '『': '』', '《': '》', '（': '）' };
const CLOSING_BRACKETS = new Set(Object.values(BRACKETS));

/** Whether every bracket or guillemet that opens in `text` closes in it, in order. */
function isBalanced(text: string): boolean {
  const open: string[] = [];
  for (const character of text) {
    if (BRACKETS[character]) open.push(BRACKETS[character]);
    else if (CLOSING_BRACKETS.has(character) && open.pop() !== character) return false;
  }
  return open.length === 0;
}

const UNSPACED_TITLE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{4}/u;

const comparableName = (name: string) => name.toLocaleLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** Authors that are not the site itself: its name, its host's name ("chinanews" on chinanews.com). */
const notThePublisher = (authors: string[], publisherNames: Set<string>) => authors.filter((author) => !publisherNames.has(comparableName(author)));

/**
 * "nytimes" and "nytimescom" for https://www.nytimes.com/…, which titles spell "NYTimes" or "NYTimes.com";
 * "bbc" and "bbccouk" for www.bbc.co.uk. The site is the registrable domain by the Public Suffix List
 * (@polywire/dedupe's registrableDomain, the one rule for "same site"). An IP address or a one-label
 * host names nothing a title would carry.
 */
function hostNames(pageUrl: string): string[] {
  let hostname: string;
  try {
    hostname = new URL(pageUrl).hostname;
  } catch {
    return [];
  }
  const site = registrableDomain(hostname);
  if (!site.includes('.') || isIP(site)) return [];
  return [site.split('.')[0]!, site].map(comparableName);
}

function readLanguage(candidates: (string | null | undefined)[]): string | null {
  for (const candidate of candidates) {
    // Content-Language may list several ("de, en"): the first is the page's.
    const tag = candidate?.split(/[,;\s]/).find(Boolean);
    if (tag && LANGUAGE_TAG.test(tag)) return tag;
  }
  return null;
}

function baseUrl(baseHref: string | null, pageUrl: string): string {
  const href = baseHref?.trim();
  if (!href) return pageUrl;
  try {
    return new URL(href, pageUrl).href;
  } catch {
    return pageUrl;
  }
}

function absoluteHttpUrl(value: string | null | undefined, base: string): string | null {
  const href = value?.trim();
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * `<link rel=canonical>`, then og:url. A misconfigured CMS names the home page as every article's
 * canonical: a root URL is ignored when the page itself is not the root.
 */
function readCanonicalUrl(candidates: (string | null)[], base: string, pageUrl: string): string | null {
  let pagePath: string | null = null;
  try {
    const page = new URL(pageUrl);
    if (page.protocol === 'http:' || page.protocol === 'https:') pagePath = page.pathname;
  } catch {
    // Not a URL: nothing to compare with.
  }
  for (const candidate of candidates) {
    const url = absoluteHttpUrl(candidate, base);
    if (!url) continue;
    const parsed = new URL(url);
    parsed.hash = '';
    if (parsed.pathname === '/' && !parsed.search && pagePath !== null && pagePath !== '/') continue;
    return parsed.href;
  }
  return null;
}

function normalizeTags(values: string[]): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    for (const part of value.split(/[,，、;；]/)) {
      const tag = collapse(part);
      if (!tag || tag.length > 100) continue;
      const key = tag.toLocaleLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      tags.push(tag);
      if (tags.length >= MAX_TAGS) return tags;
    }
  }
  return tags;
}

const SKIPPED_ELEMENTS = new Set(['script', 'style', 'noscript', 'template']);
const INLINE_ELEMENTS = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'em', 'font', 'i', 'kbd', 'mark', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr']);

/**
 * Text of an element, walked without recursion (a page nested 100,000 deep must not overflow the
 * stack) and cut at MAX_TEXT characters: titles, names and dates are short.
 */
function elementText(root: Element): string {
  const parts: string[] = [];
  let length = 0;
  const stack: AnyNode[] = [root];
  while (stack.length > 0 && length < MAX_TEXT) {
    const node = stack.pop()!;
    if (isText(node)) {
      parts.push(node.data);
      length += node.data.length;
    } else if (isTag(node)) {
      if (SKIPPED_ELEMENTS.has(node.name)) continue;
      const separator = INLINE_ELEMENTS.has(node.name) ? '' : ' ';
      if (node.name === 'br') parts.push(' ');
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
      if (separator) parts.push(separator);
    }
  }
  return cutText(collapseWhitespace(parts.join('')), MAX_TEXT);
}
