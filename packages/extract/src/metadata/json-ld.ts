import { type Element, isText } from 'domhandler';
import { decodeHTML } from 'entities';

export type JsonObject = { [key: string]: unknown };

/** The text of a `<script type="application/ld+json">`, or null for any other element. */
export function jsonLdScriptText(element: Element): string | null {
  if (element.name !== 'script' || !element.attribs.type?.trim().toLowerCase().startsWith('application/ld+json')) return null;
  return element.children.map((child) => (isText(child) ? child.data : '')).join('');
}

// Wrappers CMSes put around the script's JSON so that old browsers or XHTML parsers skip it.
const SCRIPT_WRAPPERS = /<!--|-->|<!\[CDATA\[|\]\]>/g;
const ESCAPED_QUOTE = /&(?:quot|#34|#x22);/i;
const JSON_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);

/**
 * The JSON values in the text of one `<script type="application/ld+json">`, tolerating what publishers
 * ship: trailing commas, `//` and block comments, raw newlines and tabs inside strings, invalid escapes
 * (`\'`), `<!-- -->` or CDATA wrappers, several objects one after another (with or without commas between
 * them), and a whole script HTML-escaped (`{&quot;@type&quot;: …}`). A value that stays unreadable after
 * repair is dropped, not guessed at; the other values of the script are kept.
 */
export function parseJsonLd(source: string): unknown[] {
  const text = source.trim();
  if (!text) return [];
  try {
    return [JSON.parse(text)];
  } catch {
    // Repaired below.
  }
  const values = repairAndSplit(text);
  if (values.length === 0 && ESCAPED_QUOTE.test(text)) return repairAndSplit(decodeHTML(text));
  return values;
}

/**
 * One pass over the text that keeps track of strings, so that a `//` inside a URL or a comma inside a
 * headline is left alone, and collects every balanced top-level object or array.
 */
function repairAndSplit(source: string): unknown[] {
  const text = source.replace(SCRIPT_WRAPPERS, ' ');
  const values: unknown[] = [];
  let current: string[] = [];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      if (char === '\\') {
        const next = text[i + 1];
        if (next === undefined) break;
        i++;
        if (JSON_ESCAPES.has(next)) current.push(char, next);
        else if (next === '\n' || next === '\r') current.push('\\n');
        else current.push(escapeControl(next));
      } else if (char === '"') {
        inString = false;
        current.push(char);
      } else {
        current.push(escapeControl(char));
      }
      continue;
    }
    if (char === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    if (depth === 0) {
      // Between top-level values: commas, stray text. Only an opening bracket starts a value.
      if (char !== '{' && char !== '[') continue;
      current = [];
    }
    if (char === '"') inString = true;
    if (char === '{' || char === '[') depth++;
    if (char === '}' || char === ']') {
      dropTrailingComma(current);
      depth--;
    }
    current.push(char);
    if (depth === 0) {
      try {
        values.push(JSON.parse(current.join('')));
      } catch {
        // Unrepairable: skip this value, keep reading the next.
      }
      current = [];
    }
  }
  return values;
}

function escapeControl(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0x20) return char;
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

function dropTrailingComma(parts: string[]): void {
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    if (/^\s$/.test(part)) continue;
    if (part === ',') parts.splice(i, 1);
    return;
  }
}

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schema.org type names of a node, without their prefix (`schema:NewsArticle`, `https://schema.org/NewsArticle`). */
export function typesOf(node: JsonObject): string[] {
  const declared = node['@type'];
  const list = Array.isArray(declared) ? declared : [declared];
  return list.filter((type): type is string => typeof type === 'string').map((type) => type.replace(/^.*[/:#]/, ''));
}

// Bounds for the walk over a page's JSON-LD: real pages have tens of nodes, a few levels deep.
const MAX_DEPTH = 32;
const MAX_NODES = 10_000;

export interface JsonLdGraph {
  /** Nodes that stand for a thing on the page: top-level values, `@graph` members, `mainEntity`. */
  nodes: JsonObject[];
  /** `@id` → the fullest node with that id, so `{"@id": "…#author"}` references can be followed. */
  byId: Map<string, JsonObject>;
}

/** Flattens the parsed scripts of a page into candidate nodes and an index of identified nodes. */
export function buildGraph(values: unknown[]): JsonLdGraph {
  const nodes: JsonObject[] = [];
  const byId = new Map<string, JsonObject>();
  let visited = 0;

  // Every object with an @id anywhere in the data, so references resolve wherever the node is spelled out.
  const index = (value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || visited > MAX_NODES) return;
    visited++;
    if (Array.isArray(value)) {
      for (const item of value) index(item, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    const id = value['@id'];
    if (typeof id === 'string') {
      const known = byId.get(id);
      if (!known || Object.keys(value).length > Object.keys(known).length) byId.set(id, value);
    }
    for (const child of Object.values(value)) index(child, depth + 1);
  };
  for (const value of values) index(value, 0);

  const seen = new Set<JsonObject>();
  const collect = (value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || nodes.length > MAX_NODES) return;
    if (Array.isArray(value)) {
      for (const item of value) collect(item, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    const node = resolveReference(value, byId);
    if (seen.has(node)) return;
    seen.add(node);
    nodes.push(node);
    collect(node['@graph'], depth + 1);
    // A WebPage whose mainEntity is the article, or an article nested in its page.
    for (const key of ['mainEntity', 'mainEntityOfPage'] as const) {
      const child = node[key];
      if (Array.isArray(child) || (isObject(child) && typesOf(resolveReference(child, byId)).length > 0)) {
        collect(child, depth + 1);
      }
    }
  };
  for (const value of values) collect(value, 0);
  return { nodes, byId };
}

/** The node a bare `{"@id": …}` reference points to, or the value itself. */
export function resolveReference(value: JsonObject, byId: Map<string, JsonObject>): JsonObject {
  const id = value['@id'];
  if (typeof id !== 'string') return value;
  return byId.get(id) ?? value;
}
