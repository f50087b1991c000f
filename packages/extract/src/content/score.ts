import type { Element } from 'domhandler';
import { COPYRIGHT_SIGN, NEGATIVE_HINT, POSITIVE_HINT } from './hints.js';
import type { Block, View } from './page.js';
import { SENTENCE_END } from './text.js';

/**
 * Readability's candidate scoring and choice, on a View: every paragraph credits its parent fully, its
 * grandparent half and three more ancestors less; scores shrink with link density; the best container is
 * moved up when its parent holds more of the article; its siblings that look like the same article join it.
 */

/** A form holding less than this share of the page's text is a box of it (see wrapsPage). */
const FORM_SHARE = 0.5;

/** Paragraphs shorter than this (weighted characters) add nothing to their ancestors' scores. */
const MIN_PARAGRAPH = 25;

const BASE_SCORE: Record<string, number> = {
  div: 5, article: 5, main: 5,
  pre: 3, td: 3, blockquote: 3,
  address: -3, ol: -3, ul: -3, dl: -3, dd: -3, dt: -3, li: -3, form: -3,
  h1: -5, h2: -5, h3: -5, h4: -5, h5: -5, h6: -5, th: -5,
};
/** Text owned directly by these is a paragraph of its own (its parent gets the credit). */
const PARAGRAPH_TAGS = new Set(['p', 'pre', 'td', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote']);
/** Text owned by these never scores: list items, captions, labels and the title are not prose. */
const UNSCORED_TAGS = new Set(['li', 'dt', 'dd', 'th', 'h1', 'figcaption', 'caption', 'legend', 'summary', 'address', 'menu']);
const TOP_LEVEL = new Set(['#document', 'html', 'body']);

export const NOT_SCORED = Number.NEGATIVE_INFINITY;

/** ±25 for each of class and id that names content or chrome; 0 when class weights are off. */
export function classWeight(element: Element | null, weighClasses: boolean): number {
  if (!weighClasses || element === null) return 0;
  let weight = 0;
  for (const value of [element.attribs.class, element.attribs.id]) {
    if (!value) continue;
    if (NEGATIVE_HINT.test(value)) weight -= 25;
    if (POSITIVE_HINT.test(value)) weight += 25;
  }
  return weight;
}

/** Every element's score (NOT_SCORED where no paragraph credited it). */
export function scoreCandidates(view: View, weighClasses: boolean): Float64Array {
  const { page } = view;
  const score = new Float64Array(page.size).fill(NOT_SCORED);
  const candidates: number[] = [];
  // A form's text is its labels, hints and error messages (a sign-up box's "The password must…"): never
  // an article's paragraphs, unless the form wraps the page (ASP.NET wraps the whole <body> in one).
  const inForm = new Uint8Array(page.size);
  for (let index = 1; index < page.size; index++) {
    const parent = page.parent[index]!;
    inForm[index] = inForm[parent]! || (page.tags[index] === 'form' && !wrapsPage(view, index) ? 1 : 0);
  }
  for (const block of page.blocks) {
    const owner = block.owner;
    // A line with a copyright notice is a site's legal text or a credit: long and full of commas, it
    // would make a footer outscore a short article.
    if (block.chars < MIN_PARAGRAPH || view.excluded[owner] || COPYRIGHT_SIGN.test(block.text) || inForm[owner]) continue;
    const tag = page.tags[owner]!;
    if (UNSCORED_TAGS.has(tag)) continue;
    // Loose text beside other blocks is a paragraph inside its container (Readability wraps it in a <p>).
    let ancestor = PARAGRAPH_TAGS.has(tag) || page.isLeaf(owner) ? page.parent[owner]! : owner;
    const points = 2 + block.commas + Math.min(Math.floor(block.chars / 100), 3);
    for (let level = 0; level < 5 && ancestor > 0 && page.tags[ancestor] !== 'html'; level++) {
      if (score[ancestor] === NOT_SCORED) {
        score[ancestor] = (BASE_SCORE[page.tags[ancestor]!] ?? 0) + classWeight(page.elements[ancestor]!, weighClasses);
        candidates.push(ancestor);
      }
      score[ancestor]! += points / (level === 0 ? 1 : level === 1 ? 2 : level * 3);
      ancestor = page.parent[ancestor]!;
    }
  }
  // Good content has few links; a menu's score shrinks to nothing.
  for (const candidate of candidates) score[candidate]! *= 1 - view.linkDensity(candidate);
  return score;
}

const isTopLevel = (view: View, index: number) => index <= 0 || TOP_LEVEL.has(view.page.tags[index]!);

function ancestorsOf(view: View, index: number): Set<number> {
  const ancestors = new Set<number>();
  for (let ancestor = view.page.parent[index]!; ancestor > 0; ancestor = view.page.parent[ancestor]!) ancestors.add(ancestor);
  return ancestors;
}

/** Element children that are still there (inline ones included), as the DOM would count them. */
function elementChildCount(view: View, index: number): number {
  const element = view.page.elements[index];
  if (!element) return 0;
  let count = 0;
  for (const child of element.children) if (child.type === 'tag') count++;
  for (const child of view.page.children(index)) if (view.excluded[child]) count--;
  return count;
}

/** The best container, moved up where Readability moves it; 0 (the document) when nothing scored. */
export function pickTopCandidate(view: View, score: Float64Array): number {
  const { page } = view;
  const top: number[] = [];
  for (let index = 1; index < page.size; index++) {
    const value = score[index]!;
    if (value === NOT_SCORED) continue;
    let position = top.length;
    while (position > 0 && score[top[position - 1]!]! < value) position--;
    if (position < 5) {
      top.splice(position, 0, index);
      if (top.length > 5) top.pop();
    }
  }
  let candidate = top[0];
  if (candidate === undefined || isTopLevel(view, candidate)) return 0;

  // Several near-equal candidates under one ancestor: the article is split in parts, take the ancestor.
  const best = score[candidate]!;
  const alternatives = top
    .slice(1)
    .filter((other) => score[other]! / best >= 0.75)
    .map((other) => ancestorsOf(view, other));
  if (alternatives.length >= 3) {
    for (let ancestor = page.parent[candidate]!; !isTopLevel(view, ancestor); ancestor = page.parent[ancestor]!) {
      if (alternatives.filter((ancestors) => ancestors.has(ancestor)).length >= 3) {
        candidate = ancestor;
        break;
      }
    }
  }
  if (score[candidate] === NOT_SCORED) score[candidate] = 0;

  // A parent scoring higher than the child holds more of the article.
  let lastScore = score[candidate]!;
  const threshold = lastScore / 3;
  for (let ancestor = page.parent[candidate]!; !isTopLevel(view, ancestor); ancestor = page.parent[ancestor]!) {
    const value = score[ancestor]!;
    if (value === NOT_SCORED) continue;
    if (value < threshold) break;
    if (value > lastScore) {
      candidate = ancestor;
      break;
    }
    lastScore = value;
  }
  // An only child: its parent's siblings are the ones to look at. One item of a list is not an article:
  // the list is (a recipe's steps, a listicle's points).
  for (let parent = page.parent[candidate]!; !isTopLevel(view, parent); parent = page.parent[parent]!) {
    if (elementChildCount(view, parent) !== 1 && page.tags[candidate] !== 'li') break;
    candidate = parent;
  }
  candidate = oneArticle(view, candidate);
  if (score[candidate] === NOT_SCORED) score[candidate] = 0;
  return candidate;
}

/** A story is an <article> with an <h1> of its own and at least this share of the text around it. */
const STORY_SHARE = 0.2;

/** The outermost stories (see STORY_SHARE) inside an element, the element itself included. */
function storiesIn(view: View, index: number, chars: number): number[] {
  const { page } = view;
  const stories: number[] = [];
  // Only outermost <article>s are looked at, so that each block is read once.
  for (let inner = index; inner < page.end[index]!; ) {
    if (page.tags[inner] !== 'article' || view.excluded[inner]) {
      inner++;
      continue;
    }
    if (view.stats.chars[inner]! >= chars && page.holdsHeadline(inner)) stories.push(inner);
    inner = page.end[inner]!;
  }
  return stories;
}

/**
 * A page that loads the next story below the first (an endless scroll) holds several stories under the
 * best container, each an <article> with its own <h1>: the page's story is the first. <article>s without
 * a headline of their own are boxes of one page (a recipe's ingredients, steps and comments), not stories.
 */
function oneArticle(view: View, candidate: number): number {
  const stories = storiesIn(view, candidate, STORY_SHARE * view.stats.chars[candidate]!);
  return stories.length >= 2 ? stories[0]! : candidate;
}

const looksLikeProse = (chars: number, linkDensity: number, text: string) =>
  (chars > 80 && linkDensity < 0.25) || (chars > 0 && chars <= 80 && linkDensity === 0 && SENTENCE_END.test(text));

export interface Selection {
  /** The top candidate (0: nothing scored, the whole page). */
  top: number;
  /** Roots of the subtrees that make up the article. */
  roots: Uint8Array;
  /** Loose text runs of the top candidate's parent that belong to the article. */
  runs: Set<Block>;
}

/** The share of the sibling threshold a sibling's paragraphs must earn without its class name's bonus. */
const SIBLING_CONTENT_SHARE = 0.5;

/**
 * A form that wraps the page rather than being a box of it: it holds most of the page's text
 * (FORM_SHARE), or the headline (a CMS's form around the main column).
 */
export const wrapsPage = (view: View, form: number) => view.stats.chars[form]! >= FORM_SHARE * view.stats.chars[0]! || view.page.holdsHeadline(form);

/** The top candidate and the siblings that look like more of the same (Readability's sibling step). */
export function selectWithSiblings(view: View, score: Float64Array, top: number, weighClasses: boolean): Selection {
  const { page } = view;
  const roots = new Uint8Array(page.size);
  const runs = new Set<Block>();
  roots[top] = 1;
  if (top === 0) return { top, roots, runs };
  const parent = page.parent[top]!;
  const topScore = score[top]!;
  const threshold = Math.max(10, topScore * 0.2);
  const topClass = page.elements[top]!.attribs.class ?? '';
  const isStory = page.tags[top] === 'article' && page.holdsHeadline(top);
  for (const sibling of page.children(parent)) {
    if (sibling === top || view.excluded[sibling]) continue;
    // Beside a story, another story (an endless scroll's next one) is not more of it.
    if (isStory && storiesIn(view, sibling, STORY_SHARE * view.stats.chars[top]!).length > 0) continue;
    // Parts of one article often share a class name.
    const bonus = topClass !== '' && page.elements[sibling]!.attribs.class === topClass ? topScore * 0.2 : 0;
    const siblingScore = score[sibling]!;
    // A class that names content lifts a sibling over the bar only when its paragraphs earn half the bar
    // (a list of teasers in an "article_list" box has the name, not the prose), or when it holds the
    // headline: the article's own header, with its standfirst.
    const contentScore = siblingScore - Math.max(0, classWeight(page.elements[sibling]!, weighClasses));
    const earned = contentScore + bonus >= SIBLING_CONTENT_SHARE * threshold || page.holdsHeadline(sibling);
    if (siblingScore !== NOT_SCORED && siblingScore + bonus >= threshold && earned) {
      roots[sibling] = 1;
      continue;
    }
    const tag = page.tags[sibling]!;
    const isParagraph = tag === 'p' || (page.isLeaf(sibling) && (tag === 'div' || tag === 'section'));
    if (isParagraph && looksLikeProse(view.stats.chars[sibling]!, view.linkDensity(sibling), page.textOf(sibling))) roots[sibling] = 1;
  }
  addCousins(view, score, top, Math.min(threshold, COUSIN_SHARE * topScore), roots);
  for (let index = page.blockStart[parent]!; index < page.blockEnd[parent]!; index++) {
    const block = page.blocks[index]!;
    if (block.owner === parent && looksLikeProse(block.chars, block.chars === 0 ? 0 : block.linkChars / block.chars, block.text)) runs.add(block);
  }
  return { top, roots, runs };
}

/** A cousin shaped like the top candidate joins at three quarters of its score (or the sibling bar). */
const COUSIN_SHARE = 0.75;
/** How many levels above the top candidate the wrapper that repeats may stand. */
const COUSIN_LEVELS = 4;

/**
 * An article split in parts by a paywall, an ad break or a page builder is often written as copies of the
 * same wrappers ("row > col", "row > col"; "section > container > row > col" per block): the top
 * candidate's relatives under a common ancestor up to COUSIN_LEVELS above it, reached through wrappers
 * shaped (tag and class) like the top candidate's own ancestors, shaped like it themselves and scoring at
 * least `threshold`, are parts of it too, unless they hold a headline.
 */
function addCousins(view: View, score: Float64Array, top: number, threshold: number, roots: Uint8Array): void {
  const { page } = view;
  if (!page.elements[top]!.attribs.class) return;
  const shape = (index: number) => `${page.tags[index]} ${page.elements[index]!.attribs.class ?? ''}`;
  const path = [top];
  for (let level = 1; level <= COUSIN_LEVELS; level++) {
    const ancestor = page.parent[path[level - 1]!]!;
    if (isTopLevel(view, ancestor)) return;
    path.push(ancestor);
    // Down from the ancestor above, through wrappers shaped like the path, to the cousins.
    // A copy of the wrapper with a headline of its own is the next article of an endless page.
    let frontier = [...page.children(page.parent[ancestor]!)].filter(
      (index) => index !== ancestor && !view.excluded[index] && shape(index) === shape(ancestor) && !page.holdsHeadline(index),
    );
    for (let depth = level - 1; depth >= 0 && frontier.length > 0; depth--) {
      const wanted = shape(path[depth]!);
      frontier = frontier.flatMap((index) => [...page.children(index)].filter((child) => !view.excluded[child] && shape(child) === wanted));
    }
    for (const cousin of frontier) if (score[cousin]! >= threshold) roots[cousin] = 1;
  }
}
