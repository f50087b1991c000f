import { type AnyNode, type Element, isTag } from 'domhandler';
import { jsonLdScriptText } from './json-ld.js';

/** The elements of a page that metadata comes from, found in one walk over the document. */
export interface PageIndex {
  /** Meta tags' content by lower-cased name, property or http-equiv (pages mix them up), in document order. */
  metas: Map<string, string[]>;
  /** Text of every `<script type="application/ld+json">`. */
  jsonLdScripts: string[];
  html: Element | null;
  title: Element | null;
  baseHref: string | null;
  canonicalHrefs: string[];
  imageSrcHref: string | null;
  /** `<h1>`s, those inside an `<article>` first. */
  headings: Element[];
  /**
   * The first MAX_HEADLINE_CANDIDATES `<h1>`–`<h3>`s and `itemprop="headline"` elements, in document order:
   * where a title's headline may be written again on the page.
   */
  headlineCandidates: Element[];
  /** `<time>`s with a datetime or pubdate attribute, and whether each is inside the article or main content. */
  times: { element: Element; inArticle: boolean }[];
  /** The first element carrying each microdata property (`itemprop="a b"` counts for both). */
  itemprops: Map<string, Element>;
  authorElements: Element[];
  /** `<a rel="author">` links. */
  authorLinks: Element[];
}

const ARTICLE_CONTAINERS = new Set(['article', 'main']);
const HEADLINE_TAGS = new Set(['h1', 'h2', 'h3']);
/** A page's headline is near its top; menus and footers may hold hundreds of headings. */
export const MAX_HEADLINE_CANDIDATES = 60;

/**
 * One iterative walk in document order. cheerio's selectors walk the tree once per query, and domutils'
 * walk is quadratic in depth (it shifts and unshifts its stack): twenty queries on a page nested 100,000
 * deep took half a minute, this walk takes milliseconds.
 */
export function indexPage(root: AnyNode): PageIndex {
  const index: PageIndex = {
    metas: new Map(),
    jsonLdScripts: [],
    html: null,
    title: null,
    baseHref: null,
    canonicalHrefs: [],
    imageSrcHref: null,
    headings: [],
    headlineCandidates: [],
    times: [],
    itemprops: new Map(),
    authorElements: [],
    authorLinks: [],
  };
  const articleHeadings: Element[] = [];
  const otherHeadings: Element[] = [];
  const stack: { node: AnyNode; inArticle: boolean }[] = [{ node: root, inArticle: false }];
  while (stack.length > 0) {
    const { node, inArticle: insideArticle } = stack.pop()!;
    if (!('children' in node)) continue;
    let inArticle = insideArticle;
    if (isTag(node)) {
      inArticle ||= ARTICLE_CONTAINERS.has(node.name) || node.attribs.role === 'main';
      visit(node, inArticle, index, articleHeadings, otherHeadings);
      // A script's or style's text is not markup.
      if (node.name === 'script' || node.name === 'style') continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, inArticle });
  }
  index.headings = [...articleHeadings, ...otherHeadings];
  return index;
}

function visit(element: Element, inArticle: boolean, index: PageIndex, articleHeadings: Element[], otherHeadings: Element[]): void {
  const { attribs } = element;
  switch (element.name) {
    case 'meta':
      if (attribs.content !== undefined) addMeta(index.metas, element);
      break;
    case 'script': {
      const script = jsonLdScriptText(element);
      if (script !== null) index.jsonLdScripts.push(script);
      break;
    }
    case 'html':
      index.html ??= element;
      break;
    case 'title':
      index.title ??= element;
      break;
    case 'base':
      if (attribs.href !== undefined) index.baseHref ??= attribs.href;
      break;
    case 'link': {
      const rel = relTokens(attribs.rel);
      if (rel.includes('canonical')) index.canonicalHrefs.push(attribs.href ?? '');
      if (rel.includes('image_src') && attribs.href) index.imageSrcHref ??= attribs.href;
      break;
    }
    case 'h1':
      (inArticle ? articleHeadings : otherHeadings).push(element);
      break;
    case 'time':
      if (attribs.datetime !== undefined || attribs.pubdate !== undefined) index.times.push({ element, inArticle });
      break;
    case 'a':
      if (relTokens(attribs.rel).includes('author')) index.authorLinks.push(element);
      break;
  }
  if (index.headlineCandidates.length < MAX_HEADLINE_CANDIDATES && (HEADLINE_TAGS.has(element.name) || attribs.itemprop?.split(/\s+/).includes('headline'))) {
    index.headlineCandidates.push(element);
  }
  if (attribs.itemprop) {
    for (const property of attribs.itemprop.trim().split(/\s+/)) {
      if (!index.itemprops.has(property)) index.itemprops.set(property, element);
      if (property === 'author') index.authorElements.push(element);
    }
  }
}

function addMeta(metas: Map<string, string[]>, element: Element): void {
  const { name, property, 'http-equiv': httpEquiv, content } = element.attribs;
  const keys = new Set([name, property, httpEquiv].filter((key): key is string => typeof key === 'string').map((key) => key.trim().toLowerCase()));
  for (const key of keys) {
    const list = metas.get(key);
    if (list) list.push(content!);
    else metas.set(key, [content!]);
  }
}

const relTokens = (rel: string | undefined) => rel?.toLowerCase().split(/\s+/) ?? [];

/** The first element in `root`'s subtree (itself excluded) carrying microdata property `name`; looks at `limit` nodes at most. */
export function findItemprop(root: Element, name: string, limit = 2_000): Element | null {
  const stack: AnyNode[] = [...root.children].reverse();
  for (let seen = 0; stack.length > 0 && seen < limit; seen++) {
    const node = stack.pop()!;
    if (!isTag(node)) continue;
    if (node.attribs.itemprop?.trim().split(/\s+/).includes(name)) return node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return null;
}
