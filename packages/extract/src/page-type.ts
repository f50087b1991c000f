import { type AnyNode, type Element, isTag, isText, type ParentNode } from 'domhandler';
import { MAYBE_CANDIDATE_HINT, UNLIKELY_HINT, UNLIKELY_ROLES } from './content/hints.js';
import { MAX_LINK_LABEL_CHARS } from './content/page.js';
import { weightedLength } from './content/text.js';
import { buildGraph, isObject, type JsonObject, jsonLdScriptText, parseJsonLd, resolveReference, typesOf } from './metadata/json-ld.js';
import { ARTICLE_TYPES } from './metadata/read.js';

/**
 * What kind of page a feed item led to:
 * - `article`: one story told in prose (a news report, an opinion piece, a blog post); the default.
 * - `front`: a section front, home page, tag or topic page: a list of teasers linking to articles.
 * - `gallery`: a photo gallery or slideshow: many pictures, captions, little prose.
 * - `video`: a page built around one video: the player, a short description.
 * - `live`: a live blog: many timestamped updates on one running story.
 */
export const pageTypes = ['article', 'front', 'gallery', 'video', 'live'] as const;
export type PageType = (typeof pageTypes)[number];

/**
 * What classifyPageType reads from a page: its declarations (JSON-LD, OpenGraph), its address, and
 * measures of its main area (the page without nav, header, footer, aside, and containers whose class or
 * id says chrome, comments or related links, as the content scorer skips them).
 */
export interface PageTypeSignals {
  /** `og:type`, lower-cased. */
  ogType: string | null;
  /** A LiveBlogPosting node. */
  ldLive: boolean;
  /** A NewsArticle/Article/BlogPosting/… node (LiveBlogPosting aside). */
  ldArticle: boolean;
  /** The page's main entity is a VideoObject, or a VideoObject stands alone without an article. */
  ldVideo: boolean;
  /** An ImageGallery/MediaGallery page without an article. */
  ldGallery: boolean;
  /** A CollectionPage/SearchResultsPage, or an ItemList as the page's main entity, without an article. */
  ldCollection: boolean;
  /** An <h1> of 20+ letters in the main area that links nowhere: a story's headline. */
  headline: boolean;
  /** The address: the site's root or a short section path, an article's slug or ID, or neither. */
  url: 'root' | 'section' | 'article' | 'other';
  /**
   * The most prose in one place: over every container, the non-link text of the paragraphs within
   * three levels below it, divided by one plus the teaser links there (Latin-letter equivalents). An
   * article's body holds its paragraphs together; a front spreads short summaries over many teasers.
   */
  proseRun: number;
  /** Non-link paragraph text in the main area. */
  prose: number;
  /** Distinct links that stand alone as a headline (their text most of their block, 24+ letters). */
  teaserLinks: number;
  /** Pictures in the main area that do not link to another page (a teaser's picture does). */
  images: number;
  /** `<video>` elements and embedded players in the main area. */
  players: number;
  /** Timestamps that open an update (a `<time>` or a short line that is a time of day) followed by prose. */
  timedEntries: number;
}

/**
 * The page's type, from its signals (see pageTypeSignals), in this order:
 *
 * 1. `live` when JSON-LD says LiveBlogPosting, or the main area has 8 or more updates: a short line that
 *    is a time of day without a year, then prose, with no headline linking elsewhere in between (a list
 *    of dated news, an archive or a comment section is not a live blog);
 * 2. `video` when og:type is `video.*` or the main entity is a VideoObject, and no prose run of 700+
 *    letters follows (a report with its video is an article);
 * 3. then the other evidence is weighed: a CollectionPage/ItemList main entity and a short section path
 *    count for a list (a site's root does not: corpora and redirects give a site's address for its
 *    articles, and a front found by mistake loses its text), an article's JSON-LD or og:type, an article slug or ID in the path and an <h1>
 *    headline count for a story. With more for a list, a prose run under 600 letters is "little prose";
 *    with as much of each, under 400; with more for a story, under 200;
 * 4. `gallery` when JSON-LD declares an ImageGallery/MediaGallery and the prose run is under 700, or 8+
 *    pictures that link nowhere (more than the teasers) sit beside little prose;
 * 5. `video` for a player beside under 300 letters of prose and fewer than 12 teasers;
 * 6. `front` for 8 (more for a list), 12 (as much of each) or 20 (more for a story) teaser links or
 *    more beside little prose;
 * 7. otherwise `article`.
 *
 * Everything here is structure or schema.org/OpenGraph vocabulary, not words of a language, so it holds
 * on pages in any language; the address is only ever one piece of evidence among others. extractArticle
 * also overrules `front` when the main text holds a paragraph longer than any teaser's summary. Measured
 * through extractArticle with the corpora's own addresses: of the 76 benchmark pages none, of the 918
 * multilingual pages 3 come out other than `article`: a real live blog (LiveBlogPosting), a 2011 page of
 * pictures taken for a gallery (its text is kept), and one short report among 54 headline links taken
 * for a front.
 */
export function classifyPageType(root: AnyNode, pageUrl: string): PageType {
  return decidePageType(pageTypeSignals(root, pageUrl));
}

export function decidePageType(signals: PageTypeSignals): PageType {
  const { proseRun } = signals;
  if (signals.ldLive || signals.timedEntries >= 8) return 'live';
  const declaredVideo = signals.ogType?.startsWith('video') || signals.ldVideo;
  if (declaredVideo && proseRun < 700) return 'video';
  if (signals.ldGallery && proseRun < 700) return 'gallery';
  let evidence = 0;
  if (signals.ldCollection) evidence++;
  if (signals.url === 'section') evidence++;
  if (signals.ldArticle || signals.ogType === 'article') evidence--;
  if (signals.url === 'article') evidence--;
  if (signals.headline) evidence--;
  // A page that says it is a story needs less prose in one place to be taken for a list of something else.
  const maxProseRun = evidence > 0 ? 600 : evidence === 0 ? 400 : 200;
  if (signals.images >= 8 && proseRun < maxProseRun && signals.images > signals.teaserLinks) return 'gallery';
  if (signals.players > 0 && proseRun < 300 && signals.teaserLinks < 12) return 'video';
  const minTeasers = evidence > 0 ? 8 : evidence === 0 ? 12 : 20;
  if (signals.teaserLinks >= minTeasers && proseRun < maxProseRun) return 'front';
  return 'article';
}

// --- declarations -------------------------------------------------------------------------------------

const GALLERY_TYPES = new Set(['ImageGallery', 'MediaGallery']);
const COLLECTION_TYPES = new Set(['CollectionPage', 'SearchResultsPage']);

interface Declarations {
  ldLive: boolean;
  ldArticle: boolean;
  ldVideo: boolean;
  ldGallery: boolean;
  ldCollection: boolean;
}

/** What the page's JSON-LD says it is (parsed with the metadata reader's tolerant parser). */
function readDeclarations(scripts: string[]): Declarations {
  const graph = buildGraph(scripts.flatMap(parseJsonLd));
  const types = new Set(graph.nodes.flatMap(typesOf));
  const ldArticle = [...types].some((type) => ARTICLE_TYPES.has(type));
  // The main entity of any WebPage-like node: what the page is about.
  const mainTypes = new Set<string>();
  for (const node of graph.nodes) {
    const main = node.mainEntity;
    for (const entity of Array.isArray(main) ? main : [main]) {
      if (isObject(entity)) for (const type of typesOf(resolveReference(entity as JsonObject, graph.byId))) mainTypes.add(type);
    }
  }
  return {
    ldLive: types.has('LiveBlogPosting'),
    ldArticle,
    ldVideo: mainTypes.has('VideoObject') || (types.has('VideoObject') && !ldArticle),
    ldGallery: !ldArticle && ([...types].some((type) => GALLERY_TYPES.has(type)) || [...mainTypes].some((type) => GALLERY_TYPES.has(type))),
    ldCollection: !ldArticle && ([...types].some((type) => COLLECTION_TYPES.has(type)) || mainTypes.has('ItemList')),
  };
}

/** A path segment that names one story: a slug of four or more words, or an ID of five or more digits. */
const ARTICLE_SEGMENT = /(?:[^/\-_.]+[-_]){3,}[^/\-_.]+|\d{5,}|\.(?:s?html?|php|aspx?)$/i;
const SECTION_SEGMENT = /^[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)?$/u;

/** The address's shape, a weak signal: a root or short section path, an article's slug or ID, or neither. */
function urlShape(pageUrl: string): PageTypeSignals['url'] {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return 'other';
  }
  const segments = url.pathname.split('/').filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  if (segments.some((segment) => ARTICLE_SEGMENT.test(segment)) || /\d{5,}/.test(url.search)) return 'article';
  if (segments.length === 0 || (segments.length === 1 && /^index\.\w+$/.test(segments[0]!))) return url.search ? 'other' : 'root';
  if (segments.length <= 2 && segments.every((segment) => segment.length <= 24 && SECTION_SEGMENT.test(segment) && !/\d{3,}/.test(segment))) {
    return 'section';
  }
  return 'other';
}

// --- the walk -----------------------------------------------------------------------------------------

/** Subtrees that are not the main area, or hold no text. */
const SKIPPED_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'head', 'nav', 'footer', 'aside',
  'select', 'button', 'textarea', 'dialog', 'title',
]);
const BLOCK_TAGS = new Set([
  'html', 'body', 'address', 'article', 'blockquote', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hgroup', 'li', 'main', 'menu', 'ol', 'p', 'pre',
  'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th', 'caption', 'ul', 'br',
]);
const PLAYER_SOURCE = /youtube\.com|youtu\.be|youtube-nocookie|vimeo\.com|dailymotion|jwplayer|jwplatform|brightcove|kaltura|rutube|vk\.com\/video|ok\.ru\/videoembed|youku|bilibili|\/player|video|\.m3u8|\.mp4/i;
/** A time of day opening a short line: 14:05, 9.30, 14h05, 2:05 pm, with a word of the language around it. */
const TIME_OF_DAY = /(?:^|[^\d.:/])(?:[01]?\d|2[0-3])[:.h][0-5]\d(?!\d|[./-]\d)/;
const MAX_TIMESTAMP_CHARS = 40;
const YEAR = /(?:^|\D)(?:19|20)\d\d(?!\d)/;
/**
 * A live update is stamped with the time of day. A stamp with a year belongs to a list that spans days:
 * comments, an archive, a news ticker.
 */
const isTimeOfDay = (text: string) => TIME_OF_DAY.test(text) && !YEAR.test(text);
const ARTICLE_CONTAINERS = new Set(['article', 'main']);
/** A headline, not a site's or a section's name. */
const MIN_HEADLINE_CHARS = 20;
/** A line of prose: a paragraph, not a label or a headline. */
const MIN_PROSE_CHARS = 40;
const MIN_TEASER_CHARS = 24;
/** A timestamp opens an update when this much prose follows it before the next one. */
const MIN_ENTRY_PROSE = 60;
/** Levels above a paragraph's block that gather it with its siblings (Readability credits up to five). */
const RUN_LEVELS = 4;

interface Frame {
  element: ParentNode;
  /** Text this block owns directly (not in a nested block), and the part of it inside links. */
  chars: number;
  linkChars: number;
  /** Prose and teaser links gathered from the blocks up to RUN_LEVELS below. */
  runProse: number;
  runLinks: number;
  /** Teaser links this block owns directly. */
  teasers: number;
  /** Links that opened in this block, judged when it closes (the text after them counts). */
  links: OpenLink[];
  stampChecked: boolean;
}

interface OpenLink {
  element: Element;
  href: string | null;
  chars: number;
  /** The block it opened in, and how much of the link's text that block owns directly. */
  frame: Frame;
  charsInFrame: number;
}

const isUnlikely = (element: Element): boolean => {
  const { attribs } = element;
  if (attribs.role && UNLIKELY_ROLES.has(attribs.role)) return true;
  if (attribs.hidden !== undefined || attribs['aria-hidden'] === 'true') return true;
  const hint = `${attribs.class ?? ''} ${attribs.id ?? ''}`;
  return hint.length > 1 && UNLIKELY_HINT.test(hint) && !MAYBE_CANDIDATE_HINT.test(hint) && element.name !== 'body' && element.name !== 'html';
};

/** The page's address without its fragment, to tell a link to another page from one to itself. */
function linkTarget(href: string | undefined, base: URL | null): string | null {
  if (!href || !base) return null;
  try {
    const url = new URL(href, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    if (url.href === base.href || url.pathname === '/') return null;
    return url.href;
  } catch {
    return null;
  }
}

const isPictureFile = (href: string) => /\.(?:jpe?g|png|gif|webp|avif)(?:$|\?)/i.test(href);

/** Reads the page once, without recursion (a page may be nested 100,000 deep), into PageTypeSignals. */
export function pageTypeSignals(root: AnyNode, pageUrl: string): PageTypeSignals {
  let base: URL | null = null;
  try {
    base = new URL(pageUrl);
    base.hash = '';
  } catch {
    base = null;
  }
  const jsonLdScripts: string[] = [];
  let ogType: string | null = null;
  const signals = { headline: false, proseRun: 0, prose: 0, images: 0, players: 0, timedEntries: 0 };
  const teasers = new Set<string>();
  const frames: Frame[] = [];
  const links: OpenLink[] = [];
  // A timestamp waits for the prose that follows it.
  let pendingTimestamp = false;
  let proseSinceTimestamp = 0;

  const openFrame = (element: ParentNode) => {
    const parent = frames.at(-1);
    if (parent) checkTimestamp(parent);
    frames.push({ element, chars: 0, linkChars: 0, runProse: 0, runLinks: 0, teasers: 0, links: [], stampChecked: false });
  };
  const closeFrame = () => {
    const frame = frames.pop()!;
    for (const link of frame.links) {
      // A headline stands alone: its text is most of what its block says around it (not a link in a sentence).
      if (link.href && link.chars >= MIN_TEASER_CHARS && frame.chars - link.charsInFrame < link.chars && !teasers.has(link.href)) {
        teasers.add(link.href);
        frame.teasers++;
      }
    }
    const ownProse = frame.chars - frame.linkChars;
    const prose = ownProse >= MIN_PROSE_CHARS && frame.linkChars * 2 < frame.chars ? ownProse : 0;
    signals.prose += prose;
    if (prose > 0 && pendingTimestamp) {
      proseSinceTimestamp += prose;
      if (proseSinceTimestamp >= MIN_ENTRY_PROSE) {
        signals.timedEntries++;
        pendingTimestamp = false;
      }
    }
    if (isTag(frame.element) && frame.element.name === 'h1' && frame.linkChars === 0 && frame.chars >= MIN_HEADLINE_CHARS && links.length === 0) {
      signals.headline = true;
    }
    checkTimestamp(frame);
    for (let level = 1; level <= RUN_LEVELS && frames.length - level >= 0; level++) {
      const ancestor = frames[frames.length - level]!;
      ancestor.runProse += prose;
      ancestor.runLinks += frame.teasers;
    }
    frame.runLinks += frame.teasers;
    signals.proseRun = Math.max(signals.proseRun, frame.runProse / (1 + frame.runLinks));
  };
  // A short line that is a time of day opens an update (a live blog's "14:05"). It is looked at when its
  // block's first nested block opens (the update's text may be nested in the stamp's block) or closes.
  const checkTimestamp = (frame: Frame) => {
    if (frame.stampChecked || frame.chars === 0) return;
    frame.stampChecked = true;
    if (frame.chars <= MAX_TIMESTAMP_CHARS && frame.linkChars === 0 && isTimeOfDay(blockText(frame.element))) {
      pendingTimestamp = true;
      proseSinceTimestamp = 0;
    }
  };
  const closeLink = () => {
    const link = links.pop()!;
    if (link.chars > MAX_LINK_LABEL_CHARS) return;
    link.frame.links.push(link);
    // A timestamp then a headline linking elsewhere is a teaser in a list of news, not an update.
    if (link.href && link.chars >= MIN_TEASER_CHARS) pendingTimestamp = false;
  };

  type Step = { node: AnyNode; exit?: 'frame' | 'link' };
  const stack: Step[] = [{ node: root }];
  // The document is the outermost block (htmlparser2 adds no implied <html> or <body>).
  if ('children' in root && !isTag(root)) openFrame(root);
  while (stack.length > 0) {
    const step = stack.pop()!;
    if (step.exit === 'frame') {
      closeFrame();
      continue;
    }
    if (step.exit === 'link') {
      closeLink();
      continue;
    }
    const { node } = step;
    if (isText(node)) {
      const frame = frames.at(-1);
      if (!frame) continue;
      const length = weightedLength(node.data.trim());
      if (length === 0) continue;
      frame.chars += length;
      const link = links.at(-1);
      // Past MAX_LINK_LABEL_CHARS a link is a wrapper (a stray, unclosed <a>), and what follows is the page's text.
      if (link && links.every((open) => open.chars <= MAX_LINK_LABEL_CHARS)) {
        link.chars += length;
        if (link.frame === frame) link.charsInFrame += length;
        frame.linkChars += length;
      }
      continue;
    }
    if (!isTag(node)) {
      if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]! });
      continue;
    }
    const { name, attribs } = node;
    if (name === 'meta') {
      const key = (attribs.property ?? attribs.name ?? '').trim().toLowerCase();
      if (key === 'og:type' && attribs.content) ogType ??= attribs.content.trim().toLowerCase();
      continue;
    }
    if (name === 'script') {
      const script = jsonLdScriptText(node);
      if (script !== null) jsonLdScripts.push(script);
      continue;
    }
    if (name === 'head') {
      // Only its meta tags and scripts: its text is not the page's.
      for (let i = node.children.length - 1; i >= 0; i--) {
        const child = node.children[i]!;
        if (isTag(child) && (child.name === 'meta' || child.name === 'script')) stack.push({ node: child });
      }
      continue;
    }
    // The page's header is chrome; an article's own header (in <article> or <main>) holds its headline.
    const chromeHeader = name === 'header' && !frames.some((frame) => isTag(frame.element) && ARTICLE_CONTAINERS.has(frame.element.name));
    if (SKIPPED_TAGS.has(name) || chromeHeader || isUnlikely(node)) {
      // Chrome: only its declarations count.
      collectDeclarations(node, stack);
      continue;
    }
    if (name === 'video' || ((name === 'iframe' || name === 'embed' || name === 'object') && PLAYER_SOURCE.test(attribs.src ?? attribs['data-src'] ?? attribs.data ?? ''))) {
      signals.players++;
      continue;
    }
    if (name === 'img') {
      const link = links.at(-1);
      const tiny = ['width', 'height'].some((side) => {
        const value = Number.parseInt(attribs[side] ?? '', 10);
        return Number.isFinite(value) && value < 100;
      });
      if (!tiny && (attribs.src || attribs['data-src'] || attribs.srcset) && (!link?.href || isPictureFile(link.href))) signals.images++;
      continue;
    }
    if (BLOCK_TAGS.has(name) || name.includes('-')) {
      if (name === 'br') continue;
      openFrame(node);
      stack.push({ node, exit: 'frame' });
    }
    if (name === 'a' && frames.length > 0) {
      const frame = frames.at(-1)!;
      links.push({ element: node, href: linkTarget(attribs.href, base), chars: 0, frame, charsInFrame: 0 });
      stack.push({ node, exit: 'link' });
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]! });
  }
  while (links.length > 0) closeLink();
  while (frames.length > 0) closeFrame();
  return { ogType, ...readDeclarations(jsonLdScripts), url: urlShape(pageUrl), ...signals, teaserLinks: teasers.size };
}

/** Meta tags and JSON-LD inside a skipped subtree (some CMSes put them in the body's header). */
function collectDeclarations(element: Element, stack: { node: AnyNode }[]): void {
  const found: Element[] = [];
  const pending: AnyNode[] = [...element.children];
  for (let seen = 0; pending.length > 0 && seen < 5_000; seen++) {
    const node = pending.pop()!;
    if (!isTag(node)) continue;
    if (node.name === 'meta' || node.name === 'script') found.push(node);
    else pending.push(...node.children);
  }
  for (const node of found.reverse()) stack.push({ node });
}

/** A short block's own text (a timestamp candidate). */
function blockText(element: ParentNode): string {
  const parts: string[] = [];
  const pending: AnyNode[] = [...element.children];
  for (let seen = 0; pending.length > 0 && seen < 50; seen++) {
    const node = pending.shift()!;
    if (isText(node)) parts.push(node.data);
    else if (isTag(node) && !BLOCK_TAGS.has(node.name)) pending.unshift(...node.children);
  }
  return parts.join(' ').trim();
}
