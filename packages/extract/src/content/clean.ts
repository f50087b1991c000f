import { BYLINE_HINT, CAPTION_HINT, RELATED_HEADING, RELATED_HINT, SHARE_HINT } from './hints.js';
import { type Block, HEADINGS, hintsOf, STATS, type Stat, type View } from './page.js';
import { classWeight, type Selection, wrapsPage } from './score.js';
import { weightedLength } from './text.js';

/**
 * Cleaning inside the chosen article (Readability's _prepArticle, widened): figures and captions, share
 * bars, bylines, "Related" boxes, and containers that look like chrome (many links, many images per
 * paragraph, form fields, embeds, a class name that says so).
 */

/** Containers removed inside the article when they look like chrome (Readability's list, widened). */
const CONDITIONAL_TAGS = new Set(['form', 'fieldset', 'table', 'ul', 'ol', 'dl', 'div', 'section', 'aside', 'header']);
const ALWAYS_REMOVED = new Set(['figure', 'figcaption', 'nav', 'footer', 'aside']);

export interface CleanOptions {
  weighClasses: boolean;
  cleanConditionally: boolean;
  title: string | null;
  /** Elements never removed: the parts of a recipe the page declares (see recipe.ts). */
  keep?: Uint8Array | null;
}

/**
 * Marks what to drop inside the selection. Elements are visited in reverse document order, so descendants
 * come before their ancestors and an ancestor is judged on what is left of it (Readability removes as it
 * goes); what a removal takes away is carried up in `lost`, in the same pass.
 */
export function clean(view: View, selection: Selection, options: CleanOptions): Uint8Array {
  const { page, stats } = view;
  const size = page.size;
  const inside = new Uint8Array(size);
  const inCode = new Uint8Array(size);
  const inDataTable = new Uint8Array(size);
  const inFigure = new Uint8Array(size);
  // No container scored: the whole page is the text, and it is cleaned as an article would be (figures,
  // "Related" boxes, share bars), not kept as it stands.
  inside[0] = selection.roots[0]!;
  for (let index = 1; index < size; index++) {
    if (view.excluded[index]) continue;
    const parent = page.parent[index]!;
    const tag = page.tags[index]!;
    inside[index] = selection.roots[index]! || inside[parent]!;
    inCode[index] = inCode[parent]! || (tag === 'pre' ? 1 : 0);
    inFigure[index] = inFigure[parent]! || (tag === 'figure' ? 1 : 0);
    inDataTable[index] = inDataTable[parent]! || (tag === 'table' && stats.headerCells[index]! > 0 ? 1 : 0);
  }
  let selectedChars = 0;
  let figureChars = 0;
  for (let index = 0; index < size; index++) {
    if (selection.roots[index]) selectedChars += stats.chars[index]!;
    // Outermost figures and captions of the selection.
    if (inside[index] && (page.tags[index] === 'figure' || page.tags[index] === 'figcaption') && !inFigure[page.parent[index]!]) figureChars += stats.chars[index]!;
  }
  for (const block of selection.runs) selectedChars += block.chars;
  /** Most of the article: a class name or a label is not enough to drop it. */
  const isBulk = (chars: number) => chars > 0.5 * selectedChars;
  /** A slideshow written as figures: its captions are the text. */
  const captionsAreText = isBulk(figureChars);

  const removed = new Uint8Array(size);
  removeRelatedBoxes(view, inside, removed, isBulk);
  const lost = Object.fromEntries(STATS.map((stat) => [stat, new Float64Array(size)])) as Record<Stat, Float64Array>;
  const left = (stat: Stat, index: number) => stats[stat][index]! - lost[stat][index]!;
  for (let index = size - 1; index > 0; index--) {
    if (view.excluded[index]) continue;
    const parent = page.parent[index]!;
    if (inside[index] && (removed[index] || shouldRemove(index))) {
      removed[index] = 1;
      for (const stat of STATS) lost[stat][parent]! += stats[stat][index]!;
    } else {
      for (const stat of STATS) lost[stat][parent]! += lost[stat][index]!;
    }
  }
  return removed;

  function shouldRemove(index: number): boolean {
    const element = page.elements[index]!;
    const tag = page.tags[index]!;
    const chars = left('chars', index);
    if (chars === 0 || options.keep?.[index]) return false; // nothing to print anyway, or the page's own recipe
    if (ALWAYS_REMOVED.has(tag) && !(captionsAreText && (tag === 'figure' || tag === 'figcaption'))) return true;
    // A form's text is labels and messages (see scoreCandidates), unless it wraps the article.
    if (tag === 'form' && !isBulk(chars) && !wrapsPage(view, index)) return true;
    const hints = hintsOf(element);
    if (hints !== '' && selection.roots[index] !== 1) {
      if (SHARE_HINT.test(hints) && chars < 500) return true;
      if (BYLINE_HINT.test(hints) && chars < 100) return true;
      if (CAPTION_HINT.test(hints) && chars < 300 && !captionsAreText) return true;
    }
    if (element.attribs.rel === 'author' || element.attribs.itemprop?.includes('author')) return chars < 100;
    if ((tag === 'h1' || tag === 'h2') && classWeight(element, options.weighClasses) < 0) return true;
    if (!options.cleanConditionally || !CONDITIONAL_TAGS.has(tag) || inCode[index] || inDataTable[index]) return false;
    // The top candidate, or a wrapper of all of its text (the candidate moved up through only children), is
    // the article itself: judged as a box of it, it would take the whole text with it.
    if (stats.chars[index] === stats.chars[selection.top]) return false;

    const weight = classWeight(element, options.weighClasses);
    if (weight < 0 && !isBulk(chars)) return true;
    if (left('commas', index) >= 10) return false;
    const linkDensity = Math.min(1, left('linkChars', index) / chars);
    const paragraphs = left('paragraphs', index);
    const images = left('images', index);
    const listItems = left('listItems', index) - 100;
    const inputs = left('inputs', index);
    const embeds = left('embeds', index);
    const headingDensity = left('headingChars', index) / chars;
    const isList = tag === 'ul' || tag === 'ol' || left('listChars', index) / chars > 0.9;
    const figure = inFigure[index] === 1;
    if (!figure && images > 1 && paragraphs / images < 0.5) return true;
    if (!isList && listItems > paragraphs) return true;
    if (inputs > Math.floor(paragraphs / 3)) return true;
    if (!isList && !figure && headingDensity < 0.9 && chars < 25 && (images === 0 || images > 2) && linkDensity > 0) return true;
    if (!isList && weight < 25 && linkDensity > 0.2) return true;
    if (weight >= 25 && linkDensity > 0.5) return true;
    return (embeds === 1 && chars < 75) || embeds > 1;
  }
}

const normalizeTitle = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** A heading or line that repeats the page title (Readability's _headerDuplicatesTitle, in any script). */
export function sameTitle(text: string, title: string): boolean {
  const a = normalizeTitle(text);
  const b = normalizeTitle(title);
  if (a === '' || b === '') return false;
  if (a === b) return true;
  // "Title | Site" or "Site - Title": the heading is the title without the site's name.
  return weightedLength(a) >= 15 && b.includes(a) && weightedLength(a) / weightedLength(b) > 0.5;
}

const HEADING_RANK: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
const NOT_A_HEADING = 7;

/**
 * A "Related" / "Leia também" / "関連記事" heading opens a box of links or teasers: the heading goes, and so
 * do the siblings after it, up to the next heading of the same or a higher rank (or the bulk of the
 * article). A heading alone in its wrapper stands for the wrapper.
 */
function removeRelatedBoxes(view: View, inside: Uint8Array, removed: Uint8Array, isBulk: (chars: number) => boolean): void {
  const { page, stats } = view;
  let minRank: Uint8Array | null = null;
  for (const block of page.blocks) {
    if (!inside[block.owner] || block.chars >= 80 || stats.chars[block.owner] !== block.chars || !isRelatedHeading(view, block)) continue;
    if (minRank === null) {
      minRank = new Uint8Array(page.size).fill(NOT_A_HEADING);
      for (let index = page.size - 1; index > 0; index--) {
        const rank = Math.min(minRank[index]!, HEADING_RANK[page.tags[index]!] ?? NOT_A_HEADING);
        minRank[index] = rank;
        const parent = page.parent[index]!;
        if (rank < minRank[parent]!) minRank[parent] = rank;
      }
    }
    const rank = HEADING_RANK[page.tags[block.owner]!] ?? NOT_A_HEADING;
    let unit = block.owner;
    for (let parent = page.parent[unit]!; parent > 0 && inside[parent] && stats.chars[parent] === block.chars; parent = page.parent[parent]!) unit = parent;
    removed[unit] = 1;
    const parent = page.parent[unit]!;
    for (let sibling = page.end[unit]!; sibling < page.end[parent]!; sibling = page.end[sibling]!) {
      if (view.excluded[sibling]) continue;
      if (minRank[sibling]! <= rank || isBulk(stats.chars[sibling]!)) break;
      removed[sibling] = 1;
    }
  }
}

/** "Related", "Leia também"…, or a heading whose class says so. */
function isRelatedHeading(view: View, block: Block): boolean {
  if (RELATED_HEADING.test(block.text)) return true;
  const owner = view.page.elements[block.owner];
  return owner !== null && owner !== undefined && HEADINGS.has(view.page.tags[block.owner]!) && RELATED_HINT.test(hintsOf(owner));
}
