import type { ParentNode } from 'domhandler';
import { clean, sameTitle } from './clean.js';
import { ENDS_SENTENCE, isChromeLine, LINK_ONLY, trimEdges } from './edges.js';
import { AD_OR_LOADING_TEXT, BYLINE_HINT, CAPTION_HINT, REPLY_TEXT, SHARE_HINT } from './hints.js';
import { type Block, HEADINGS, hintsOf, type Page, readPage, View } from './page.js';
import { declaredRecipe, type Recipe } from './recipe.js';
import { classWeight, NOT_SCORED, pickTopCandidate, scoreCandidates, type Selection, selectWithSiblings } from './score.js';

/**
 * The article's main text: Readability's algorithm (score paragraphs, credit their ancestors, pick the best
 * container, add its siblings that look like content, clean inside) on the flat page model of page.ts,
 * with multilingual hints, lengths in Latin-letter equivalents, and line-level cleaning at the edges.
 */

export interface MainContentOptions {
  /** The page's title (from its metadata): a heading or line that repeats it is not text. */
  title?: string | null;
}

export interface MainContent {
  /** One paragraph, heading, quote or list item per line; '' when nothing looks like an article. */
  text: string;
  /** The page's first <h1>, a fallback title. */
  heading: string | null;
}

interface Pass {
  stripUnlikely: boolean;
  weighClasses: boolean;
  cleanConditionally: boolean;
}
/** Readability's passes: each drops one heuristic when the previous one found too little text. */
const PASSES: Pass[] = [
  { stripUnlikely: true, weighClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weighClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weighClasses: false, cleanConditionally: true },
  { stripUnlikely: false, weighClasses: false, cleanConditionally: false },
];
/**
 * Enough text to stop at a pass (weighted characters). Readability asks for 500, but later passes keep
 * what the first one stripped (comments, teasers), and a short news item is often under 500.
 */
const ENOUGH_TEXT = 250;

interface Result {
  /** The top candidate (0: no container scored, the text is what is left of the whole page). */
  top: number;
  lines: Block[];
  chars: number;
}

function run(view: View, pass: Pass, title: string | null, recipe: Recipe | null): Result {
  const { page } = view;
  const score = scoreCandidates(view, pass.weighClasses);
  let top = pickTopCandidate(view, score);
  // A recipe the page declares is its article: a box of it, or chrome beside it, is not.
  if (recipe !== null && !view.excluded[recipe.element] && !within(page, recipe.element, top)) {
    top = recipe.element;
    if (score[top] === NOT_SCORED) score[top] = 0;
  }
  // The declared recipe is the whole article: its siblings are the site's (a help desk, other recipes).
  const selection = top === recipe?.element ? alone(page, top) : selectWithSiblings(view, score, top, pass.weighClasses);
  const removed = clean(view, selection, { weighClasses: pass.weighClasses, cleanConditionally: pass.cleanConditionally, title, keep: recipe?.parts ?? null });
  const kept = new Uint8Array(page.size);
  kept[0] = selection.roots[0]!;
  for (let index = 1; index < page.size; index++) {
    kept[index] = removed[index] || view.excluded[index] ? 0 : selection.roots[index]! || kept[page.parent[index]!]!;
  }
  let lines: Block[] = [];
  const linkLists = new Map<number, boolean>();
  let first = -1;
  for (const [index, block] of page.blocks.entries()) {
    if (!kept[block.owner] && !selection.runs.has(block)) continue;
    if (first < 0) first = index;
    // Links in a list of the article are content; with no article found, or when every item of the list is
    // a link, the list is a menu.
    const inList = top !== 0 && page.tags[block.owner] === 'li' && !isLinkList(page, page.parent[block.owner]!, linkLists);
    if (isChromeLine(block, inList)) continue;
    lines.push(block);
  }
  lines = withoutCopies(lines);
  if (top !== 0 && first > 0) lines.unshift(...standfirst(view, first, lines, title));
  const text = trimEdges(page, lines, title);
  return { top, lines: text, chars: text.reduce((sum, block) => sum + block.chars, 0) };
}

/** A selection of one container, without siblings. */
function alone(page: Page, top: number): Selection {
  const roots = new Uint8Array(page.size);
  roots[top] = 1;
  return { top, roots, runs: new Set() };
}

/** A list all of whose items are links (a menu, links to other stories); `memo` keeps the answers. */
function isLinkList(page: Page, list: number, memo: Map<number, boolean>): boolean {
  let answer = memo.get(list);
  if (answer === undefined) {
    const items = page.blocks.slice(page.blockStart[list], page.blockEnd[list]);
    answer = items.length >= 2 && items.every((block) => block.linkChars >= LINK_ONLY * block.chars);
    memo.set(list, answer);
  }
  return answer;
}

/** Length (weighted characters) from which a line said twice is a copy, not a refrain ("Yes.", "Update:"). */
const REPEATED_LINE = 40;

/**
 * The text without a second copy of a passage (a print version below the article, a teaser repeating
 * its opening): two or more lines in a row, each said before. One line said again is the article's own
 * (a refrain, a pull quote the truth of many pages keeps).
 */
function withoutCopies(lines: Block[]): Block[] {
  const seen = new Set<string>();
  const repeated = lines.map((block) => {
    if (block.chars < REPEATED_LINE) return false;
    if (seen.has(block.text)) return true;
    seen.add(block.text);
    return false;
  });
  return lines.filter((_, index) => !(repeated[index] && (repeated[index - 1] || repeated[index + 1])));
}

/** How many blocks may stand between the headline and the text's first line for them to be its head. */
const HEAD_BLOCKS = 8;
/** A standfirst is a paragraph or a few short points; more prose between headline and text is some other box. */
const MAX_STANDFIRST = 3;
const STANDFIRST_CHARS = 600;
/** How many of the text's first lines a standfirst must not repeat. */
const OPENING_LINES = 3;
/** Class names of an article's lead (standfirst), in several languages. */
const LEAD_HINT = /lead|intro|standfirst|teaser-?text|chapo|chapeau|vorspann|anriss|entradilla|bajada|sottotitolo|лид/iu;
/**
 * Microdata that declares a line the page's summary or second headline (schema.org description,
 * alternativeHeadline): metadata, kept as the article's lead field, not its body.
 */
const SUMMARY_PROP = /description|alternativeHeadline/iu;
/** Microdata that declares a container the article's body (schema.org articleBody). */
const ARTICLE_BODY_PROP = /\barticleBody\b/iu;
/** Tags around a line that make it a caption or chrome rather than a standfirst. */
const NOT_STANDFIRST_TAGS = new Set(['figure', 'figcaption', 'caption', 'aside', 'nav', 'footer', 'form', 'address']);

/**
 * The standfirst: the short lead a page sets between its headline and the article's text, outside the
 * container the scoring picked (a "lead", "intro" or "teaser-text" box in the header or above the body).
 * When the page's headline stands at most HEAD_BLOCKS blocks above the text's first line (`first`, a block
 * index), the lines between them that are prose (hardly a link; a heading only when it ends a sentence) in
 * a box named as the lead (see isStandfirstBox) are the standfirst, unless the text's opening repeats them.
 * Datelines, bylines, captions and share bars between them stay out.
 */
function standfirst(view: View, first: number, text: Block[], title: string | null): Block[] {
  const { page } = view;
  const firstOwner = page.blocks[first]!.owner;
  let headline = -1;
  for (let index = first - 1; index >= 0 && index >= first - HEAD_BLOCKS - 1; index--) {
    const block = page.blocks[index]!;
    const tag = page.tags[block.owner]!;
    if (tag === 'h1' || ((tag === 'h2' || tag === 'h3') && title !== null && block.chars < 300 && sameTitle(block.text, title))) {
      headline = index;
      break;
    }
  }
  if (headline < 0) return [];
  const leads: Block[] = [];
  for (let index = headline + 1; index < first; index++) {
    const block = page.blocks[index]!;
    if (block.chars < 40 || block.chars > STANDFIRST_CHARS || block.linkChars > 0.1 * block.chars || isChromeLine(block, false)) continue;
    if (HEADINGS.has(page.tags[block.owner]!) && !ENDS_SENTENCE.test(block.text)) continue;
    // A teaser that repeats the text's opening is a copy for the page's front, not more of the article.
    if (text.slice(0, OPENING_LINES).some((line) => line.text.includes(block.text))) continue;
    if (isStandfirstBox(view, block.owner, firstOwner)) leads.push(block);
  }
  return leads.length <= MAX_STANDFIRST && leads.reduce((sum, block) => sum + block.chars, 0) <= STANDFIRST_CHARS ? leads : [];
}

/**
 * A line of the standfirst stands in a box named as the lead (LEAD_HINT), and none of its containers up to
 * the one it shares with the text is left out, a figure or chrome, named as chrome, a caption, a byline or
 * a share bar, or declared the page's summary (SUMMARY_PROP). "teaser" alone names a box for another story.
 */
function isStandfirstBox(view: View, owner: number, textOwner: number): boolean {
  const { page } = view;
  let named = false;
  for (let ancestor = owner; ancestor > 0 && !(ancestor <= textOwner && textOwner < page.end[ancestor]!); ancestor = page.parent[ancestor]!) {
    if (view.excluded[ancestor] || NOT_STANDFIRST_TAGS.has(page.tags[ancestor]!)) return false;
    const element = page.elements[ancestor]!;
    if (classWeight(element, true) < 0 || SUMMARY_PROP.test(element.attribs.itemprop ?? '')) return false;
    const hints = hintsOf(element);
    if (hints === '') continue;
    if (CAPTION_HINT.test(hints) || BYLINE_HINT.test(hints) || SHARE_HINT.test(hints)) return false;
    named ||= LEAD_HINT.test(hints);
  }
  return named;
}

/**
 * Unlikely candidates for the strict pass, except a container that holds the headline (the article's own
 * header: headline, standfirst, byline) or the container the page declares its article's body
 * (ARTICLE_BODY_PROP), whatever their wrappers' class names say ("cb-sidebar-right" names a layout).
 * Threads of comments (`threads`, see commentThreads) are added.
 */
function strictMask(page: Page, title: string | null, threads: Uint8Array, recipe: Recipe | null): Uint8Array {
  const mask = Uint8Array.from(page.unlikely);
  const keep = (index: number) => {
    for (let ancestor = index; ancestor > 0 && mask[ancestor] !== 2; ancestor = page.parent[ancestor]!) mask[ancestor] = 2;
  };
  if (title !== null) {
    for (const block of page.blocks) {
      const tag = page.tags[block.owner];
      if ((tag === 'h1' || tag === 'h2') && block.chars < 300 && sameTitle(block.text, title)) keep(block.owner);
    }
  }
  for (let index = 1; index < page.size; index++) {
    if (ARTICLE_BODY_PROP.test(page.elements[index]?.attribs.itemprop ?? '') || recipe?.parts[index]) keep(index);
  }
  for (let index = 0; index < mask.length; index++) mask[index] = mask[index] === 2 ? threads[index]! : mask[index]! | threads[index]!;
  return mask;
}

/** Replies that make a thread of comments: the lowest container holding this many "Reply" lines. */
const THREAD_REPLIES = 3;
/** Containers that are the whole page, never a thread. */
const PAGE_TAGS = new Set(['html', 'body']);

/**
 * Comment threads, whatever their class names say: the lowest container that holds THREAD_REPLIES lines
 * or more that are only a "Reply" action, in any language. Its entries are paragraphs, and many of them
 * outscore a short article.
 */
function commentThreads(page: Page): Uint8Array {
  const mask = new Uint8Array(page.size);
  const replies = new Uint32Array(page.size);
  for (const block of page.blocks) {
    if (block.chars > 30 || !REPLY_TEXT.test(block.text)) continue;
    // The page's <body> is never a thread, whatever replies it holds.
    for (let ancestor = page.parent[block.owner]!; ancestor > 0 && !PAGE_TAGS.has(page.tags[ancestor]!); ancestor = page.parent[ancestor]!) {
      if (++replies[ancestor]! === THREAD_REPLIES) {
        mask[ancestor] = 1;
        break;
      }
      if (replies[ancestor]! > THREAD_REPLIES) break;
    }
  }
  return mask;
}

/** `inner` is `outer` or inside it. */
const within = (page: Page, inner: number, outer: number) => outer <= inner && inner < page.end[outer]!;

/** The main text of a document (or of any element). */
export function extractMainContent(root: ParentNode, options: MainContentOptions = {}): MainContent {
  const title = options.title ?? null;
  const page = readPage(root);
  // Threads of comments are left out in every pass: a later pass's looser rules would take one for a text.
  const threads = commentThreads(page);
  const recipe = declaredRecipe(page);
  const views = new Map<boolean, View>();
  let best: Result | null = null;
  for (const pass of PASSES) {
    let view = views.get(pass.stripUnlikely);
    if (view === undefined) {
      view = new View(page, pass.stripUnlikely ? strictMask(page, title, threads, recipe) : threads);
      views.set(pass.stripUnlikely, view);
    }
    const result = run(view, pass, title, recipe);
    if (result.chars >= ENOUGH_TEXT && !(result.top === 0 && !pass.stripUnlikely)) {
      best = result;
      break;
    }
    // A later pass only counts when it finds an article: short text without the strict pass's stripping
    // is a cookie notice or a menu that pass had rightly left out. Inside the strict pass's own container,
    // it is what that pass's cleaning took too much of: a short item is still one.
    if (best === null || (result.chars > best.chars && best.top !== 0 && within(page, result.top, best.top))) best = result;
  }
  const heading = page.blocks.find((block) => page.tags[block.owner] === 'h1')?.text ?? null;
  return { text: best?.lines.map((block) => block.text).join('\n') ?? '', heading };
}

/** All visible text of a fragment (a feed item's content), one block per line, no scoring. */
export function fragmentText(root: ParentNode): string {
  const page = readPage(root, { skipChromeTags: true });
  return page.blocks
    .map((block) => block.text)
    .filter((text) => !AD_OR_LOADING_TEXT.test(text))
    .join('\n');
}
