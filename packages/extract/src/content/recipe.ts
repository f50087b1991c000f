import { collapseWhitespace } from '@polywire/text';
import { buildGraph, isObject, type JsonObject, parseJsonLd, typesOf } from '../metadata/json-ld.js';
import type { Page } from './page.js';

/**
 * The recipe a page declares (schema.org Recipe or HowTo), located in the page. A recipe's ingredients
 * and steps are its text, but they are lists of short lines in boxes of their own (an ingredient table,
 * a steps list, a rating widget between them): the scoring takes one box, or a longer block of chrome,
 * for the article. The page says where its recipe is:
 * - in microdata, an itemscope of type Recipe or HowTo, or the elements marked as its ingredients and
 *   steps (itemprop recipeIngredient, ingredients, recipeInstructions);
 * - in JSON-LD, the ingredients and steps as strings, which are found again among the page's lines.
 * The recipe is the lowest element holding most of those parts (RECIPE_SHARE); none when the page declares
 * none, declares several (a collection of recipes is a list, not an article) or its parts are not found
 * together. Everything here is bounded (MAX_STRINGS parts, MAX_WORDS words an ingredient) and linear in
 * the page.
 */

const RECIPE_TYPE = /schema\.org\/(Recipe|HowTo)$/iu;
const RECIPE_PART = /\b(recipeIngredient|ingredients|recipeInstructions)\b/u;
/** The share of the located parts the recipe element must hold (more than half: one chain of ancestors). */
const RECIPE_SHARE = 0.75;
/** Fewer located parts than this is not a recipe located. */
const MIN_PARTS = 3;
/** Bounds on what a page's JSON-LD declares: real recipes have tens of ingredients and steps. */
const MAX_STRINGS = 200;
const MAX_WORDS = 30;
/** A step is found by the first characters of its text (pages split or shorten a step's text). */
const STEP_PREFIX = 40;

const normalize = (text: string) => collapseWhitespace(text).toLowerCase();

/** Located parts of a recipe: the elements showing its ingredients, and those showing its steps. */
interface Parts {
  ingredients: number[];
  steps: number[];
}

export interface Recipe {
  /** The element holding the recipe. */
  element: number;
  /** The elements that show its ingredients and steps, and their wrappers up to `element`: its text. */
  parts: Uint8Array;
}

/** The page's declared recipe (see the file's comment), or null. */
export function declaredRecipe(page: Page): Recipe | null {
  const parts: Parts = { ingredients: [], steps: [] };
  const items: number[] = [];
  for (let index = 1; index < page.size; index++) {
    const attribs = page.elements[index]!.attribs;
    // Items nested in an item are its parts; several items side by side are a list of recipes, not one.
    const outermost = items.length === 0 || index >= page.end[items[items.length - 1]!]!;
    if (outermost && attribs.itemscope !== undefined && RECIPE_TYPE.test(attribs.itemtype ?? '')) items.push(index);
    const property = RECIPE_PART.exec(attribs.itemprop ?? '')?.[1];
    const list = property === 'recipeInstructions' ? parts.steps : parts.ingredients;
    if (property && list.length < MAX_STRINGS) list.push(index);
  }
  let element = items.length === 1 ? items[0]! : items.length > 1 ? 0 : holderOf(page, parts);
  if (element === 0 && items.length === 0 && page.structuredData.length > 0) {
    const located = jsonLdParts(page);
    element = holderOf(page, located);
    if (element !== 0) Object.assign(parts, located);
  }
  if (element === 0) return null;
  const mask = new Uint8Array(page.size);
  for (const part of [...parts.ingredients, ...parts.steps]) {
    if (part < element || part >= page.end[element]!) continue;
    for (let ancestor = part; ancestor !== element && mask[ancestor] === 0; ancestor = page.parent[ancestor]!) mask[ancestor] = 1;
  }
  return { element, parts: mask };
}

/** The lowest element holding RECIPE_SHARE of the ingredients and of the steps located, or 0. */
function holderOf(page: Page, parts: Parts): number {
  if (parts.ingredients.length + parts.steps.length < MIN_PARTS) return 0;
  const counts = new Map<number, [number, number]>();
  let best = 0;
  for (const [kind, list] of [parts.ingredients, parts.steps].entries()) {
    for (const part of list) {
      for (let ancestor = part; ancestor > 0; ancestor = page.parent[ancestor]!) {
        const count = counts.get(ancestor) ?? [0, 0];
        count[kind]!++;
        counts.set(ancestor, count);
      }
    }
  }
  for (const [element, [ingredients, steps]] of counts) {
    // Elements holding more than half of each kind are nested: the deepest comes last in document order.
    const holds = ingredients >= RECIPE_SHARE * parts.ingredients.length && steps >= RECIPE_SHARE * parts.steps.length;
    if (holds && element > best) best = element;
  }
  return best > 0 && page.tags[best] !== 'body' && page.tags[best] !== 'html' ? best : 0;
}

/**
 * The elements that show the ingredients and steps a JSON-LD Recipe or HowTo declares: for an ingredient,
 * the first line that says it, or its amount or its name alone (pages set them in cells of their own);
 * for a step, the first line that begins with its first STEP_PREFIX characters.
 */
function jsonLdParts(page: Page): Parts {
  const recipes = page.structuredData
    .filter((source) => source.includes('recipeIngredient') || source.includes('HowTo'))
    .flatMap((source) => buildGraph(parseJsonLd(source)).nodes.filter((node) => typesOf(node).some((type) => type === 'Recipe' || type === 'HowTo')));
  const parts: Parts = { ingredients: [], steps: [] };
  // Several recipes are a list of them (a collection page), not one article.
  if (recipes.length !== 1) return parts;
  const [recipe] = recipes as [JsonObject];
  const ingredients: string[] = [];
  const steps: string[] = [];
  collectStrings(recipe.recipeIngredient ?? recipe.ingredients ?? recipe.supply, ingredients);
  collectStrings(recipe.recipeInstructions ?? recipe.step, steps);
  const lines = new Map<string, number>();
  const openings = new Map<string, number>();
  for (const block of page.blocks) {
    const text = normalize(block.text);
    if (!lines.has(text)) lines.set(text, block.owner);
    if (text.length >= STEP_PREFIX && !openings.has(text.slice(0, STEP_PREFIX))) openings.set(text.slice(0, STEP_PREFIX), block.owner);
  }
  for (const ingredient of ingredients) {
    const words = normalize(ingredient).split(' ').slice(0, MAX_WORDS);
    const found = lines.get(words.join(' ')) ?? splitLine(words, lines);
    if (found !== undefined) parts.ingredients.push(found);
  }
  for (const step of steps) {
    for (const paragraph of step.split(/\n+/u)) {
      const text = normalize(paragraph);
      const found = text.length >= STEP_PREFIX ? openings.get(text.slice(0, STEP_PREFIX)) : lines.get(text);
      if (found !== undefined) {
        parts.steps.push(found);
        break;
      }
    }
  }
  return parts;
}

/** An ingredient set as two lines ("2 Pck." and "Vanillezucker"): the line of its name, else of its amount. */
function splitLine(words: string[], lines: Map<string, number>): number | undefined {
  for (let cut = 1; cut < words.length; cut++) {
    const found = lines.get(words.slice(cut).join(' ')) ?? lines.get(words.slice(0, words.length - cut).join(' '));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The text of a JSON-LD value that lists strings, steps (HowToStep.text) or sections of steps. */
function collectStrings(value: unknown, into: string[], depth = 0): void {
  if (into.length >= MAX_STRINGS || depth > 4) return;
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value.slice(0, MAX_STRINGS)) collectStrings(item, into, depth + 1);
  else if (isObject(value)) collectStrings(value.text ?? value.itemListElement ?? value.name, into, depth + 1);
}
