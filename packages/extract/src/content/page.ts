import type { AnyNode, Element, ParentNode } from 'domhandler';
import { jsonLdScriptText } from '../metadata/json-ld.js';
import { MAYBE_CANDIDATE_HINT, UNLIKELY_HINT, UNLIKELY_ROLES } from './hints.js';
import { collapseWhitespace } from '@polywire/text';
import { countCommas, isReadable, weightedLength } from './text.js';

/**
 * A page read once into flat arrays: its block-level elements in document order, and its text as blocks
 * (runs of inline content between block boundaries and line breaks). Everything after this works on
 * indexes, never on the tree, so no step recurses and a DOM nested 100,000 deep costs what a flat one does.
 */

/** Elements that never hold article text; their subtree is skipped. */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'iframe', 'frame', 'frameset', 'object',
  'embed', 'applet', 'audio', 'video', 'source', 'track', 'picture', 'map', 'area', 'select', 'option',
  'optgroup', 'datalist', 'button', 'input', 'textarea', 'title', 'meta', 'link', 'base', 'dialog', 'head',
]);
/** Phrasing content: text inside them continues the enclosing block. */
const INLINE = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins',
  'kbd', 'label', 'mark', 'nobr', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub',
  'sup', 'time', 'tt', 'u', 'var', 'wbr', 'output', 'meter', 'progress', 'img',
]);
/** Block-level and sectioning elements; an unknown name with a hyphen (a custom element) counts too. */
const BLOCKS = new Set([
  'html', 'body', 'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'li',
  'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th',
  'caption', 'colgroup', 'col', 'ul', 'legend', 'listing', 'plaintext', 'xmp', 'search', 'marquee', 'noframes',
]);
export const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const EMBEDS = new Set(['iframe', 'object', 'embed', 'video', 'audio']);
/** Page chrome by element name. */
const CHROME_TAGS = new Set(['nav', 'aside', 'footer']);
/** What a feed item's fragment never needs. */
const FRAGMENT_CHROME_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'form']);

export interface ReadOptions {
  /** Skip header, footer, nav, aside and form elements wholesale (for feed fragments). */
  skipChromeTags?: boolean;
}

export interface Block {
  /** Index of the nearest block-level element around the text. */
  owner: number;
  text: string;
  /** Weighted length (see weightedLength). */
  chars: number;
  linkChars: number;
  commas: number;
}

/** Counts per element; a View sums them over subtrees. */
export const STATS = ['chars', 'linkChars', 'commas', 'paragraphs', 'images', 'listItems', 'inputs', 'embeds', 'headingChars', 'listChars', 'headerCells'] as const;
export type Stat = (typeof STATS)[number];

export class Page {
  /** Block-level elements in document order; index 0 is the document itself (null). */
  readonly elements: (Element | null)[] = [null];
  readonly tags: string[] = ['#document'];
  readonly parent: number[] = [-1];
  /** One past the last index of the element's subtree. */
  readonly end: number[] = [1];
  readonly blocks: Block[] = [];
  /** The element's subtree owns blocks[blockStart[i]] up to blockEnd[i] (they are contiguous). */
  readonly blockStart: number[] = [0];
  readonly blockEnd: number[] = [0];
  /** Counts of the element itself and the text it owns directly. */
  readonly own: Record<Stat, number[]> = Object.fromEntries(STATS.map((stat) => [stat, [0]])) as Record<Stat, number[]>;
  /** Class, id, role or name says page chrome (Readability's unlikely candidates). */
  readonly unlikely: number[] = [0];
  /** The text of every `<script type="application/ld+json">` (see recipe.ts). */
  readonly structuredData: string[] = [];
  /** headlines[i]: how many of the first i blocks are lines of an <h1> (built on first use). */
  private headlines: Uint32Array | null = null;

  get size(): number {
    return this.elements.length;
  }

  /** The element holds a line of an <h1>; constant time. */
  holdsHeadline(index: number): boolean {
    if (this.headlines === null) {
      this.headlines = new Uint32Array(this.blocks.length + 1);
      for (const [at, block] of this.blocks.entries()) this.headlines[at + 1] = this.headlines[at]! + (this.tags[block.owner] === 'h1' ? 1 : 0);
    }
    return this.headlines[this.blockEnd[index]!]! > this.headlines[this.blockStart[index]!]!;
  }

  /** Block-level children (the nearest block-level descendants) of an element. */
  *children(index: number): Generator<number> {
    const end = this.end[index]!;
    for (let child = index + 1; child < end; child = this.end[child]!) yield child;
  }

  isLeaf(index: number): boolean {
    return this.end[index] === index + 1;
  }

  /** The text of an element's subtree, its blocks joined by spaces. */
  textOf(index: number): string {
    return this.blocks
      .slice(this.blockStart[index], this.blockEnd[index])
      .map((block) => block.text)
      .join(' ');
  }

  add(element: Element, tag: string, parent: number, unlikely: boolean): number {
    const index = this.elements.length;
    this.elements.push(element);
    this.tags.push(tag);
    this.parent.push(parent);
    this.end.push(index + 1);
    this.blockStart.push(this.blocks.length);
    this.blockEnd.push(this.blocks.length);
    this.unlikely.push(unlikely ? 1 : 0);
    for (const stat of STATS) this.own[stat].push(0);
    return index;
  }
}

/**
 * The page with some subtrees left out (the unlikely candidates, in the strict pass), and counts summed
 * over what is left: one pass, children before parents.
 */
export class View {
  readonly excluded: Uint8Array;
  readonly stats: Record<Stat, Float64Array>;

  constructor(
    readonly page: Page,
    mask: Uint8Array | null,
  ) {
    const size = page.size;
    this.excluded = new Uint8Array(size);
    if (mask !== null) for (let index = 1; index < size; index++) this.excluded[index] = mask[index]! || this.excluded[page.parent[index]!]!;
    this.stats = Object.fromEntries(STATS.map((stat) => [stat, Float64Array.from(page.own[stat])])) as Record<Stat, Float64Array>;
    for (let index = size - 1; index > 0; index--) {
      if (this.excluded[index]) continue;
      const parent = page.parent[index]!;
      for (const stat of STATS) this.stats[stat][parent]! += this.stats[stat][index]!;
    }
  }

  linkDensity(index: number): number {
    const chars = this.stats.chars[index]!;
    return chars === 0 ? 0 : Math.min(1, this.stats.linkChars[index]! / chars);
  }
}

const ENTER = 0;
const EXIT_BLOCK = 1;
const EXIT_LINK = 2;
const EXIT_LIST = 3;
const EXIT_TABLE = 4;

const HIDDEN_STYLE = /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)/i;
/**
 * Class names of text only screen readers or a mouse hover show: "(opens in a new window)", the card that
 * pops up over a person's name. The hover box itself, not the element that opens it ("tooltip" alone is
 * often the visible word).
 */
const INVISIBLE_CLASS =
  /(^|\s)(sr-only|screen-reader(-text)?|visually-?hidden|visuallyhidden|hovercard|(tooltip|popover|rollover)[-_]?(text|content|body|block|card|inner|box|popup|panel))($|\s)/i;

/**
 * A subscriber's part of the article, sent with the page and hidden until a script checks the reader's
 * subscription: it is the article, as the publisher's own articleBody says.
 */
const PAYWALLED = /paywall/i;

/**
 * The hiding utility of a CSS framework (Bootstrap's "hidden" and "d-none", Tailwind's "hidden", Bulma's
 * "is-hidden"): a box a script shows later (a subscription offer, a sign-in prompt), unless a responsive
 * class shows it on some screens ("hidden md:block", "d-none d-lg-flex") or it is the paywalled text.
 */
const HIDING_CLASS = /(^|\s)(hidden|d-none|is-hidden|u-hidden)($|\s)/;
const SHOWING_CLASS = /(^|\s)([\w-]+:(block|flex|grid|inline|inline-block|inline-flex|table|contents)|d-[a-z]+-(block|flex|grid|inline|inline-block|inline-flex|table))($|\s)/;

/**
 * A part of the page that React's streaming renderer sends late, hidden, for its script to move into place
 * (`<div hidden id="S:1">`, swapped in for `<template id="B:1">`): once the page has loaded, it is on show.
 */
const STREAMED_PART = /^S:[0-9a-z]+$/;

/**
 * Hidden by the markup itself (what a reader never sees), a paywalled part of the article and a streamed
 * part of the page aside.
 */
export function isHidden(element: Element): boolean {
  const attribs = element.attribs;
  if (attribs.hidden !== undefined) {
    return !((attribs.class !== undefined && PAYWALLED.test(attribs.class)) || (attribs.id !== undefined && STREAMED_PART.test(attribs.id)));
  }
  if (attribs['aria-hidden'] === 'true' && !attribs.class?.includes('fallback-image')) return true;
  const style = attribs.style;
  if (style !== undefined && HIDDEN_STYLE.test(style)) return true;
  if (attribs.class === undefined) return false;
  if (HIDING_CLASS.test(attribs.class) && !SHOWING_CLASS.test(attribs.class) && !PAYWALLED.test(attribs.class)) return true;
  return INVISIBLE_CLASS.test(attribs.class) || (COUNTER_CLASS.test(attribs.class) && isNumberOnly(element));
}

/** Class names of a counter of comments, shares or likes: a number the page shows beside its text. */
const COUNTER_CLASS = /(comments?|shares?|likes?|views?)[-_]?(count|counter|num|number)|(count|counter)[-_]?(comments?|shares?|likes?|views?)/i;

/** An element whose only content is a number ("0", "12"). */
function isNumberOnly(element: Element): boolean {
  const [child, ...rest] = element.children;
  return rest.length === 0 && child !== undefined && child.type === 'text' && /^\s*\d+\s*$/.test((child as { data: string }).data);
}

export const hintsOf = (element: Element): string => {
  const { class: className, id } = element.attribs;
  return className ? (id ? `${className} ${id}` : className) : (id ?? '');
};

/** Readability's unlikely candidates: chrome by name, role, class or id (not inside a table). */
function isUnlikely(element: Element, tag: string, inTable: boolean): boolean {
  if (tag === 'a' || tag === 'body' || tag === 'html' || HEADINGS.has(tag)) return false;
  if (CHROME_TAGS.has(tag)) return true;
  const role = element.attribs.role;
  if (role !== undefined && UNLIKELY_ROLES.has(role)) return true;
  if (inTable) return false;
  const hints = hintsOf(element);
  return hints !== '' && UNLIKELY_HINT.test(hints) && !MAYBE_CANDIDATE_HINT.test(hints);
}

/**
 * A link with more text than this (characters) is no link but a wrapper: a headline with its teaser
 * fits, a whole article that a stray, unclosed <a> wraps does not.
 */
export const MAX_LINK_LABEL_CHARS = 600;

/** Parts only tables of data have. */
const DATA_TABLE_PARTS = new Set(['caption', 'thead', 'tfoot', 'colgroup', 'col', 'th']);
/** Most elements isDataTable reads of one table before it decides by what it has seen. */
const DATA_TABLE_READ = 2_000;

/**
 * A table of data (a caption, header cells, or many rows or columns), as opposed to a table that lays out
 * a page (old sites put the article, its comments and the sidebar in the cells of one). As Readability's
 * _markDataTables, with its thresholds: 10 rows, more than 4 columns, more than 10 cells.
 */
function isDataTable(table: Element): boolean {
  if (table.attribs.role === 'presentation' || table.attribs.datatable === '0') return false;
  if (table.attribs.summary) return true;
  let rows = 0;
  let columns = 0;
  let read = 0;
  const stack: AnyNode[] = [...table.children];
  while (stack.length > 0 && read++ < DATA_TABLE_READ) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    if (DATA_TABLE_PARTS.has(node.name)) return true;
    // A table inside marks this one as layout.
    if (node.name === 'table') return false;
    if (node.name === 'tr') {
      rows++;
      columns = Math.max(columns, node.children.filter((cell) => cell.type === 'tag' && cell.name === 'td').length);
    }
    if (node.name !== 'td') for (const child of node.children) stack.push(child);
  }
  return rows >= 10 || columns > 4 || rows * columns > 10;
}

/** Whether an element holds more than `limit` characters of text; reads only until it knows. */
function textLongerThan(element: ParentNode, limit: number): boolean {
  let length = 0;
  const stack: AnyNode[] = [...element.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      length += node.data.length;
      if (length > limit) return true;
    } else if (node.type === 'tag' && !SKIPPED.has(node.name)) {
      for (const child of node.children) stack.push(child);
    }
  }
  return false;
}

/** Reads the text blocks and block structure of a document or element, iteratively. */
export function readPage(root: ParentNode, options: ReadOptions = {}): Page {
  const page = new Page();
  const { own, blocks } = page;
  const open: number[] = [0];
  const nodes: (AnyNode | null)[] = [];
  const kinds: number[] = [];
  const linkWeights: number[] = [];
  let lists = 0;
  /** Data tables open around the current node: inside one, class and id hints do not make a cell unlikely. */
  let tables = 0;
  let parts: string[] = [];
  let runLinkChars = 0;

  const pushChildren = (parent: ParentNode) => {
    const { children } = parent;
    for (let index = children.length - 1; index >= 0; index--) {
      nodes.push(children[index]!);
      kinds.push(ENTER);
    }
  };
  const pushExit = (kind: number) => {
    nodes.push(null);
    kinds.push(kind);
  };
  const current = () => open[open.length - 1]!;
  const flush = () => {
    if (parts.length === 0) return;
    const text = collapseWhitespace(parts.length === 1 ? parts[0]! : parts.join(''));
    parts = [];
    const linkChars = runLinkChars;
    runLinkChars = 0;
    if (text === '' || !isReadable(text)) return;
    const owner = current();
    const chars = weightedLength(text);
    const block: Block = { owner, text, chars, linkChars: Math.min(chars, linkChars), commas: countCommas(text) };
    blocks.push(block);
    own.chars[owner]! += chars;
    own.linkChars[owner]! += block.linkChars;
    own.commas[owner]! += block.commas;
    if (HEADINGS.has(page.tags[owner]!)) own.headingChars[owner]! += chars;
    if (lists > 0) own.listChars[owner]! += chars;
  };

  pushChildren(root);
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const kind = kinds.pop()!;
    if (kind === EXIT_BLOCK) {
      flush();
      const index = open.pop()!;
      page.end[index] = page.size;
      page.blockEnd[index] = blocks.length;
      continue;
    }
    if (kind === EXIT_LINK) linkWeights.pop();
    else if (kind === EXIT_LIST) lists--;
    else if (kind === EXIT_TABLE) tables--;
    if (node === null) continue;
    if (node.type === 'text') {
      const data = node.data;
      parts.push(data);
      if (linkWeights.length > 0) runLinkChars += weightedLength(collapseWhitespace(data)) * linkWeights[linkWeights.length - 1]!;
      continue;
    }
    if (node.type === 'script') {
      const script = jsonLdScriptText(node);
      if (script !== null) page.structuredData.push(script);
    }
    // Comments, doctypes, script and style contents; a CDATA section in HTML is a bogus comment.
    if (node.type !== 'tag') continue;
    const element = node;
    const tag = element.name;
    if (SKIPPED.has(tag)) {
      if (tag === 'input') own.inputs[current()]!++;
      else if (EMBEDS.has(tag)) own.embeds[current()]!++;
      else if (tag === 'picture') own.images[current()]!++;
      // A document's <head> may wrap a whole page whose <body> tag is missing: only its metadata is skipped.
      if (tag === 'head') pushChildren(element);
      continue;
    }
    if (tag === 'img') {
      own.images[current()]!++;
      continue;
    }
    if (tag === 'br' || tag === 'hr') {
      flush();
      continue;
    }
    if (isHidden(element)) continue;
    if (options.skipChromeTags && FRAGMENT_CHROME_TAGS.has(tag)) continue;
    const unlikely = isUnlikely(element, tag, tables > 0);
    // Inline elements continue the text around them, unless they are chrome (a share link, a person card):
    // those become blocks of their own, which the strict pass can leave out.
    if (!unlikely && (INLINE.has(tag) || (!BLOCKS.has(tag) && !tag.includes('-')))) {
      if (tag === 'a') {
        // In-page links (footnotes, "jump to") are part of the text more often than navigation; a "link"
        // holding more text than any label (a stray, unclosed <a> around the article) wraps text.
        linkWeights.push(element.attribs.href?.startsWith('#') ? 0.3 : textLongerThan(element, MAX_LINK_LABEL_CHARS) ? 0 : 1);
        pushExit(EXIT_LINK);
      }
      pushChildren(element);
      continue;
    }
    flush();
    const index = page.add(element, tag, current(), unlikely);
    open.push(index);
    pushExit(EXIT_BLOCK);
    if (tag === 'p') own.paragraphs[index] = 1;
    else if (tag === 'li') own.listItems[index] = 1;
    else if (tag === 'th') own.headerCells[index] = 1;
    if (tag === 'ul' || tag === 'ol') {
      lists++;
      pushExit(EXIT_LIST);
    } else if (tag === 'table' && isDataTable(element)) {
      tables++;
      pushExit(EXIT_TABLE);
    }
    pushChildren(element);
  }
  flush();
  page.end[0] = page.size;
  page.blockEnd[0] = blocks.length;
  return page;
}
