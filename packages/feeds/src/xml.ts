import { decodeHTMLStrict } from 'entities';
import { Parser } from 'htmlparser2';
import { limitNesting } from './nesting.js';

/**
 * A small, forgiving XML reader for feeds: a namespace-aware element tree with `xml:base` and
 * `xml:lang` resolved, built from htmlparser2's tokenizer in XML mode.
 *
 * Why not rss-parser's xml2js/sax: sax in strict mode stops at the first error, and real feeds are full
 * of them (`&nbsp;` and other HTML entities, bare `&`, unclosed tags); one of those loses the whole feed.
 * xml2js also drops the order of mixed content (XHTML titles) and every namespace binding, so `dc:` under
 * another prefix or a prefixed Atom feed is invisible. Measured on the conformance corpus (pnpm
 * eval:feeds), see parse.ts for the numbers.
 *
 * Safety: elements nested deeper than MAX_XML_DEPTH lose their tags, not their text (see nesting.ts).
 * Nothing in a DOCTYPE is fetched or expanded recursively. Internal entities whose value is
 * plain text (no `&`, `<` or `%`) are honoured, as feedparser does; the expansion is capped. External
 * entities (XXE) and entities that reference entities (billion laughs) are left as written.
 */

export const NS = {
  xml: 'http://www.w3.org/XML/1998/namespace',
  atom10: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rss10: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  media: 'http://search.yahoo.com/mrss/',
  sy: 'http://purl.org/rss/1.0/modules/syndication/',
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  xhtml: 'http://www.w3.org/1999/xhtml',
  sitemap: 'http://www.sitemaps.org/schemas/sitemap/0.9',
  news: 'http://www.google.com/schemas/sitemap-news/0.9',
  image: 'http://www.google.com/schemas/sitemap-image/1.1',
} as const;

// Prefixes feeds use without declaring them (feedparser's undeclared_namespace case); binding them to
// their usual namespace is what every forgiving reader does.
const WELL_KNOWN_PREFIXES: Record<string, string> = {
  xml: NS.xml,
  atom: NS.atom10,
  rdf: NS.rdf,
  dc: NS.dc,
  dcterms: NS.dcterms,
  content: NS.content,
  media: NS.media,
  sy: NS.sy,
  itunes: NS.itunes,
  xhtml: NS.xhtml,
  news: NS.news,
  image: NS.image,
};

export interface XmlElement {
  /** The name as written, prefix included. */
  name: string;
  local: string;
  /** Namespace URI, '' for none. */
  ns: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Effective xml:base (already resolved against the parent's), or null. */
  base: string | null;
  /** Effective xml:lang, or null. */
  lang: string | null;
  /** In-scope prefix → namespace bindings (a prototype chain, '' is the default namespace). */
  scope: Record<string, string>;
}
export type XmlNode = XmlElement | string;

export interface XmlDocument {
  root: XmlElement | null;
  /** Problems that did not stop the reading (feedparser's "bozo"). */
  warnings: string[];
}

const REPEATING_RECORDS = new Set(['item', 'entry', 'rss:item', 'atom:entry']);
const MAX_ENTITY_EXPANSION = 1 << 20;
// Characters XML 1.0 forbids (C0 controls other than tab, LF, CR); some CMSs emit them from pasted text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding these characters is the point.
const ILLEGAL_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const ILLEGAL_CONTROLS = new RegExp(ILLEGAL_CONTROL.source, 'g');
const ENTITY_REFERENCE = /&([A-Za-z_][\w.-]*);/g;

export function readXml(input: string, documentUrl: string | null = null): XmlDocument {
  const warnings: string[] = [];
  let xml = input;
  if (ILLEGAL_CONTROL.test(xml)) {
    xml = xml.replace(ILLEGAL_CONTROLS, '');
    warnings.push('illegal control characters removed');
  }
  const doctype = stripDoctype(xml);
  xml = limitNesting(doctype.xml);
  const entities = doctype.entities;
  let expanded = 0;

  const decode = (raw: string): string => {
    if (!raw.includes('&')) return raw;
    let text = raw;
    if (entities.size > 0) {
      text = text.replace(ENTITY_REFERENCE, (whole, name: string) => {
        const value = entities.get(name);
        if (value === undefined || expanded + value.length > MAX_ENTITY_EXPANSION) return whole;
        expanded += value.length;
        return value;
      });
    }
    return decodeHTMLStrict(text);
  };

  const documentScope: Record<string, string> = Object.assign(Object.create(null), WELL_KNOWN_PREFIXES, { '': '' });
  const stack: XmlElement[] = [];
  // htmlparser2's own stack of open elements, which `stack` departs from when an item is auto-closed.
  const parserStack: XmlElement[] = [];
  const autoClosed = new Set<XmlElement>();
  let root: XmlElement | null = null;
  let inCdata = false;
  let malformed = 0;
  let textBuffer = '';
  // htmlparser2 reports `<a/>` as an implied close too; only other implied closes mean broken markup.
  let justOpened: XmlElement | null = null;

  const flushText = () => {
    if (textBuffer === '') return;
    const parent = stack[stack.length - 1];
    if (parent) {
      const last = parent.children[parent.children.length - 1];
      if (typeof last === 'string') parent.children[parent.children.length - 1] = last + textBuffer;
      else parent.children.push(textBuffer);
    }
    textBuffer = '';
  };

  // An item or entry never contains another: `<item>…<item>` means the first was left unclosed, and
  // nesting the second inside it would lose it. Close the open one, as HTML closes a <p> at the next <p>.
  const closeOpenSibling = (name: string) => {
    const index = stack.findLastIndex((element) => element.name === name);
    if (index === -1) return;
    for (const element of stack.splice(index)) autoClosed.add(element);
    malformed++;
  };

  const parser = new Parser(
    {
      onopentag(name, rawAttrs) {
        flushText();
        if (REPEATING_RECORDS.has(name)) closeOpenSibling(name);
        const parent = stack[stack.length - 1];
        let scope = parent?.scope ?? documentScope;
        const attrs: Record<string, string> = {};
        let declared: Record<string, string> | null = null;
        for (const key in rawAttrs) {
          const value = decode(rawAttrs[key] ?? '');
          attrs[key] = value;
          if (key === 'xmlns' || key.startsWith('xmlns:')) {
            declared ??= Object.create(scope) as Record<string, string>;
            declared[key === 'xmlns' ? '' : key.slice(6)] = value.trim();
          }
        }
        if (declared) scope = declared;
        const colon = name.indexOf(':');
        const prefix = colon === -1 ? '' : name.slice(0, colon);
        const local = colon === -1 ? name : name.slice(colon + 1);
        const ns = scope[prefix] ?? `urn:undeclared-prefix:${prefix}`;
        let base = parent ? parent.base : documentUrl;
        const xmlBase = attrs['xml:base'];
        if (xmlBase !== undefined) base = resolveUrl(xmlBase.trim(), base) ?? base;
        const lang = attrs['xml:lang']?.trim() || (parent ? parent.lang : null);
        const element: XmlElement = { name, local, ns, attrs, children: [], base, lang, scope };
        justOpened = element;
        if (parent) parent.children.push(element);
        else if (!root) root = element;
        else {
          // A second top-level element is not well-formed: read it, but only the first counts.
          malformed++;
        }
        stack.push(element);
        parserStack.push(element);
      },
      onclosetag(_name, isImplied) {
        flushText();
        const closing = parserStack.pop();
        if (closing && autoClosed.has(closing)) return;
        if (stack[stack.length - 1] === closing) stack.pop();
        if (isImplied && closing !== justOpened) malformed++;
        justOpened = null;
      },
      ontext(data) {
        if (stack.length === 0) return;
        justOpened = null;
        textBuffer += inCdata ? data : decode(data);
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  parser.end(xml);
  flushText();
  if (malformed > 0) warnings.push('not well-formed XML: unclosed or misplaced elements');
  if (doctype.ignoredEntities > 0) warnings.push(`${doctype.ignoredEntities} DOCTYPE entity declarations ignored`);
  return { root, warnings };
}

/**
 * Removes the DOCTYPE (htmlparser2 would read its internal subset as text) and collects the internal
 * entities that are safe to expand: plain text values only, so no recursion and no external access.
 */
function stripDoctype(xml: string): { xml: string; entities: Map<string, string>; ignoredEntities: number } {
  const entities = new Map<string, string>();
  const start = findDoctype(xml);
  if (start === -1) return { xml, entities, ignoredEntities: 0 };
  let index = start + 9;
  let inSubset = false;
  let quote = '';
  for (; index < xml.length; index++) {
    const char = xml[index];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[') inSubset = true;
    else if (char === ']') inSubset = false;
    else if (char === '>' && !inSubset) break;
  }
  const declaration = xml.slice(start, index + 1);
  let ignoredEntities = 0;
  // One run of white space before the value: with `\s+(SYSTEM|PUBLIC)?\s*`, a declaration padded with a
  // long run and no value tried every way of splitting the run between the two.
  for (const match of declaration.matchAll(/<!ENTITY\s+(%\s+)?([\w.-]+)\s+(?:(SYSTEM|PUBLIC)\s*)?(?:"([^"]*)"|'([^']*)')/g)) {
    const [, parameter, name, external, doubleQuoted, singleQuoted] = match;
    const value = doubleQuoted ?? singleQuoted ?? '';
    if (parameter || external || /[&<%]/.test(value) || value.length > 4096 || !name) ignoredEntities++;
    else entities.set(name, value);
  }
  return { xml: xml.slice(0, start) + xml.slice(index + 1), entities, ignoredEntities };
}

/** Where the DOCTYPE starts, looking only in the prolog and outside comments and processing instructions. */
function findDoctype(xml: string): number {
  let index = xml.indexOf('<');
  while (index !== -1) {
    if (xml.startsWith('<!--', index)) index = xml.indexOf('-->', index + 4);
    else if (xml.startsWith('<?', index)) index = xml.indexOf('?>', index + 2);
    else if (/^<!DOCTYPE/i.test(xml.slice(index, index + 9))) return index;
    else if (/[A-Za-z_]/.test(xml[index + 1] ?? '')) return -1;
    if (index === -1) return -1;
    index = xml.indexOf('<', index + 1);
  }
  return -1;
}

/** Resolves a possibly relative URL against a base; null when it cannot be made absolute. */
export function resolveUrl(url: string, base: string | null): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  if (!base) return null;
  try {
    return new URL(url, base).toString();
  } catch {
    return null;
  }
}

// ---- Queries over the tree (what the format readers use) ----

export function elementChildren(element: XmlElement): XmlElement[] {
  const result: XmlElement[] = [];
  for (const child of element.children) if (typeof child !== 'string') result.push(child);
  return result;
}

/** The first child with this local name in one of the namespaces. */
export function child(element: XmlElement, local: string, namespaces: ReadonlySet<string>): XmlElement | null {
  for (const node of element.children) {
    if (typeof node !== 'string' && node.local === local && namespaces.has(node.ns)) return node;
  }
  return null;
}

export function childrenNamed(element: XmlElement, local: string, namespaces: ReadonlySet<string>): XmlElement[] {
  const result: XmlElement[] = [];
  for (const node of element.children) {
    if (typeof node !== 'string' && node.local === local && namespaces.has(node.ns)) result.push(node);
  }
  return result;
}

/** All character data below the element, in document order. */
export function textContent(element: XmlElement): string {
  if (element.children.length === 1 && typeof element.children[0] === 'string') return element.children[0];
  let text = '';
  for (const node of element.children) text += typeof node === 'string' ? node : textContent(node);
  return text;
}

/** An attribute by namespace and local name, whatever prefix the document bound it to. */
export function attrNS(element: XmlElement, ns: string, local: string): string | null {
  for (const key in element.attrs) {
    const colon = key.indexOf(':');
    if (colon === -1) continue;
    if (key.slice(colon + 1) === local && element.scope[key.slice(0, colon)] === ns) return element.attrs[key] ?? null;
  }
  return null;
}

/** Serializes an element's children back to markup (XHTML content, inline Atom 0.3 `mode="xml"`). */
export function innerXml(element: XmlElement): string {
  let out = '';
  for (const node of element.children) {
    if (typeof node === 'string') {
      out += escapeText(node);
      continue;
    }
    // XHTML elements are written without their prefix, as HTML readers expect.
    const name = node.ns === NS.xhtml ? node.local : node.name;
    let attributes = '';
    for (const key in node.attrs) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
      attributes += ` ${key}="${escapeText(node.attrs[key] ?? '').replace(/"/g, '&quot;')}"`;
    }
    out += node.children.length === 0 ? `<${name}${attributes}/>` : `<${name}${attributes}>${innerXml(node)}</${name}>`;
  }
  return out;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
