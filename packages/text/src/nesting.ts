/**
 * Bounds how deep the elements of a page or a feed nest, before it is parsed. htmlparser2 keeps its open
 * elements with `unshift`, so every opening tag costs time in proportion to the depth, and readers that
 * walk the tree recursively overflow the stack: a page nested 100,000 deep took seconds to parse, an OPML
 * file 23 s, a feed title 10,000 deep crashed (issue 15). Past a depth no real document reaches, tags
 * carry no structure worth keeping, so they are dropped and their text stays where it was.
 *
 * One pass over the text that keeps the stack of open elements as htmlparser2 10 (both callers parse
 * with it) will build it from the output: tags read as its tokenizer reads them, end tags, implied
 * closes, void elements and `/>` handled as its Parser handles them. Wherever a plain depth counter
 * disagreed with the parser, hostile pages nested anyway and stayed quadratic: `<li><td>` repeated
 * (an `<li>` only closes an `<li>` that is the innermost element), `<div></span>` (the parser ignores an
 * end tag that matches no open element; a feed of `<b></i>` crashed at 10,000), `<div/>` and
 * `<script/>` (HTML ignores `/>` outside svg and math), `<body>` repeated.
 *
 * Each character is read a bounded number of times and every element is pushed and popped at most once,
 * whatever the input; a document within the limit is returned as it is.
 */

/**
 * How the markup language and its parser behave; the caller states them (extract for HTML, feeds for
 * XML). In XML every element that does not close itself with `/>` opens, and names are case-sensitive.
 */
export interface TagNestingRules {
  /**
   * Decides which `<` starts a tag (in HTML only one followed by an ASCII letter, `a < b` is text; in
   * XML one followed by anything but white space, `/` or `>`), whether names are case-insensitive
   * (HTML) and where `/>` closes a tag (always in XML, only in foreign content in HTML).
   */
  syntax: 'html' | 'xml';
  /**
   * HTML: for an opening tag, the elements it closes while they are the innermost open one, as in
   * htmlparser2's `openImpliesClose`: `<li>` closes an open `<li>` but not an `<li>` around a `<td>`.
   */
  impliedCloses?: ReadonlyMap<string, ReadonlySet<string>>;
  /** HTML: lower-case names of elements that never have content (br, img…). */
  voidElements?: ReadonlySet<string>;
  /** HTML: lower-case names of elements whose content is text up to their end tag: no tag inside counts. */
  rawText?: ReadonlySet<string>;
  /** HTML: elements that start foreign content (svg, math), inside which `/>` closes the tag. */
  foreignElements?: ReadonlySet<string>;
  /** HTML: elements that return from foreign content to HTML, where `/>` is ignored again. */
  htmlIntegrationElements?: ReadonlySet<string>;
}

const HTML_TAG_NAME = /[A-Za-z][^\t\n\f\r />]*/y;
const XML_TAG_NAME = /[^\t\n\f\r />]+/y;
// htmlparser2 reads an end tag's name up to white space or `>`: `</b/>` ends no <b>.
const END_TAG_NAME = /[^\t\n\f\r >]*/y;
const NONE: ReadonlySet<string> = new Set();
const NO_IMPLIED_CLOSES: ReadonlyMap<string, ReadonlySet<string>> = new Map();
const RAW_TEXT_END_TAGS = new Map<string, RegExp>();

/** Element names innermost last, with a count per name so that "is one open?" costs the same at any depth. */
class ElementStack {
  private readonly names: string[] = [];
  private readonly counts = new Map<string, number>();

  get size(): number {
    return this.names.length;
  }

  get innermost(): string | undefined {
    return this.names[this.names.length - 1];
  }

  has(name: string): boolean {
    return (this.counts.get(name) ?? 0) > 0;
  }

  push(name: string): void {
    this.names.push(name);
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  pop(): string | undefined {
    const name = this.names.pop();
    if (name !== undefined) this.counts.set(name, this.counts.get(name)! - 1);
    return name;
  }

  /** Closes the innermost `name` and everything inside it; nothing when no `name` is open. */
  closeTo(name: string): void {
    if (!this.has(name)) return;
    let closed = this.pop();
    while (closed !== name) closed = this.pop();
  }

  /** Closes the innermost elements while `names` holds them. */
  closeWhileIn(names: ReadonlySet<string>): void {
    while (this.size > 0 && names.has(this.innermost!)) this.pop();
  }

  clear(): void {
    this.names.length = 0;
    this.counts.clear();
  }
}

/**
 * `markup` without the tags that would put an element deeper than `maxDepth` in htmlparser2's tree (an
 * end tag goes with the opening tag it ends), what is inside them kept where it was. Comments, CDATA,
 * processing instructions, declarations and the content of raw-text elements are skipped. Three kinds
 * of element may sit past the limit, so the tree is at most `maxDepth + 2` deep: one element that the
 * next of its kind closes (a paragraph), and below it an element that opens and closes at once (`<br>`,
 * `<x/>` where `/>` counts: dropping it would lose an element for nothing) or a raw-text element
 * (dropping its tag would turn a script into markup).
 */
export function limitTagNesting(markup: string, maxDepth: number, rules: TagNestingRules): string {
  // Cutting is only needed when there are more opening tags than the limit: "<b>" is 3 characters.
  if (markup.length < maxDepth * 3) return markup;
  const html = rules.syntax === 'html';
  const tagName = html ? HTML_TAG_NAME : XML_TAG_NAME;
  const impliedCloses = rules.impliedCloses ?? NO_IMPLIED_CLOSES;
  const voidElements = rules.voidElements ?? NONE;
  const rawText = rules.rawText ?? NONE;
  const foreignElements = rules.foreignElements ?? NONE;
  const integrationElements = rules.htmlIntegrationElements ?? NONE;

  // The parser's stack as it will be when it reads the output: every kept tag changes it as it changes
  // the parser's, so that its size is the depth the parser reaches.
  const open = new ElementStack();
  // Elements whose opening tag was dropped, innermost last, as they would have stayed open in the input:
  // their end tags are dropped too, and an end tag that closes an element around them ends them all.
  const dropped = new ElementStack();
  // htmlparser2's second stack: whether `/>` closes a tag, pushed by svg, math and the elements that
  // return to HTML, popped by their end tags only (not when an end tag or `<p>` closes them), so it is
  // bounded on its own.
  const foreign: boolean[] = [false];

  /** What the parser does with a kept opening tag. */
  const openElement = (name: string, isVoid: boolean, selfClosing: boolean) => {
    const closes = impliedCloses.get(name);
    if (closes) open.closeWhileIn(closes);
    if (isVoid) return;
    open.push(name);
    if (foreignElements.has(name)) foreign.push(true);
    else if (integrationElements.has(name)) foreign.push(false);
    if (selfClosing) open.pop();
  };

  /** What the parser does with a kept end tag: an end tag that matches no open element changes nothing. */
  const closeElement = (name: string) => {
    // htmlparser2 pops this stack at any such end tag, matched or not.
    if (foreignElements.has(name) || integrationElements.has(name)) foreign.pop();
    open.closeTo(name);
  };

  let index = markup.indexOf('<');
  const cuts: number[] = [];
  while (index !== -1 && index < markup.length - 1) {
    const next = markup.charCodeAt(index + 1);
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      const end = sectionEnd(markup, index);
      if (end === -1) break;
      index = markup.indexOf('<', end);
      continue;
    }

    if (next === 0x2f /* / */) {
      const tag = endTag(markup, index, html);
      if (tag === null) break;
      if (tag.name !== null) {
        const name = html ? tag.name.toLowerCase() : tag.name;
        if (dropped.has(name)) {
          dropped.closeTo(name);
          cuts.push(index, tag.end + 1);
        } else {
          // Dropped elements are inside every kept one but the one past the limit: closing it leaves them open.
          const pastLimit = open.size > maxDepth && open.innermost === name;
          if (open.has(name) && !pastLimit) dropped.clear();
          closeElement(name);
        }
      }
      index = markup.indexOf('<', tag.end + 1);
      continue;
    }

    tagName.lastIndex = index + 1;
    const written = tagName.exec(markup)?.[0];
    if (written === undefined) {
      index = markup.indexOf('<', index + 1);
      continue;
    }
    const name = html ? written.toLowerCase() : written;
    const tag = startTagEnd(markup, tagName.lastIndex);
    if (tag === null) break;
    const isVoid = voidElements.has(name);
    // The tokenizer reads `<script/>` as an ordinary tag; the parser then ignores the `/` in HTML.
    const isRawText = rawText.has(name) && !tag.selfClosing;
    // htmlparser2 reads `/>` in HTML only in foreign content, as it stands once this element is open.
    const inForeignContent = foreignElements.has(name) || (!integrationElements.has(name) && foreign.at(-1) === true);
    const selfClosing = tag.selfClosing && (!html || inForeignContent);
    const staysOpen = !isVoid && !isRawText && !selfClosing;
    const closes = impliedCloses.get(name);
    // In the input, the tag closes the dropped elements it implies closing, invisibly.
    if (closes) dropped.closeWhileIn(closes);
    const closesInnermost = closes !== undefined && open.size > 0 && closes.has(open.innermost!);
    const foreignRoom = isVoid || !(foreignElements.has(name) || integrationElements.has(name)) || foreign.length <= maxDepth;
    // One level past the limit is left to elements that the next of their kind closes (p, li, td…), so
    // that the paragraphs of a page nested past the limit stay paragraphs: while one is innermost, the
    // next replaces it rather than nesting in it.
    const closesOwnKind = closes?.has(name) === true && (open.size === maxDepth ? !closesInnermost : open.size === maxDepth + 1 && closesInnermost);
    let keep: boolean;
    if (isRawText) keep = true;
    else if (staysOpen) keep = ((dropped.size === 0 && (open.size < maxDepth || closesInnermost)) || closesOwnKind) && foreignRoom;
    // Kept past the limit, it would close elements the parser keeps open in the input.
    else keep = (dropped.size === 0 || !closesInnermost) && foreignRoom;
    if (keep) openElement(name, isVoid, selfClosing);
    else {
      cuts.push(index, tag.end + 1);
      if (staysOpen) dropped.push(name);
    }

    if (isRawText) {
      // The content ends at the first `</name` followed by white space or `>`, which ends the element.
      const end = rawTextEnd(markup, name, tag.end + 1);
      if (end === -1) break;
      closeElement(name);
      index = markup.indexOf('>', end);
      if (index !== -1) index = markup.indexOf('<', index + 1);
      continue;
    }
    index = markup.indexOf('<', tag.end + 1);
  }
  if (cuts.length === 0) return markup;
  const parts: string[] = [];
  let from = 0;
  for (let cut = 0; cut < cuts.length; cut += 2) {
    parts.push(markup.slice(from, cuts[cut]));
    from = cuts[cut + 1]!;
  }
  parts.push(markup.slice(from));
  return parts.join('');
}

/**
 * Where the comment, CDATA section, declaration or processing instruction at `start` ends: the last
 * character of its closing string, -1 for none. The closing string is looked for right after `<!`, so
 * `<!-->` is a whole, empty comment, as htmlparser2 reads it.
 */
function sectionEnd(markup: string, start: number): number {
  const close = markup.startsWith('<!--', start) ? '-->' : markup.startsWith('<![CDATA[', start) ? ']]>' : '>';
  const end = markup.indexOf(close, start + 2);
  return end === -1 ? -1 : end + close.length - 1;
}

/**
 * The end tag at `start` (`</`) as htmlparser2's tokenizer reads it: its name (null for `</>` and for
 * `</` followed by what cannot start a name, which is a comment up to `>`) and its `>`; null when it
 * never ends. White space after `</` is skipped, and the tag ends at its first `>`: no attribute
 * values are read in it.
 */
function endTag(markup: string, start: number, html: boolean): { name: string | null; end: number } | null {
  let index = start + 2;
  while (index < markup.length && isSpace(markup.charCodeAt(index))) index++;
  if (index >= markup.length) return null;
  const first = markup.charCodeAt(index);
  if (first === 0x3e /* > */) return { name: null, end: index };
  const startsName = html ? isAsciiLetter(first) : first !== 0x2f; /* / */
  END_TAG_NAME.lastIndex = index;
  const name = startsName ? END_TAG_NAME.exec(markup)![0] : null;
  const end = markup.indexOf('>', startsName ? END_TAG_NAME.lastIndex : index);
  return end === -1 ? null : { name, end };
}

/**
 * Where the start tag whose name ends before `from` ends (its `>`), and whether it closes itself; null
 * when it never ends. Attributes are read as htmlparser2 reads them: a value is quoted only when its
 * first character after `=` is a quote, and an unquoted value runs to white space or `>`, so a `/` in
 * `<a href=/x/>` belongs to the value and does not close the tag.
 */
function startTagEnd(markup: string, from: number): { end: number; selfClosing: boolean } | null {
  let selfClosing = false;
  let index = from;
  while (index < markup.length) {
    const code = markup.charCodeAt(index);
    if (code === 0x3e /* > */) return { end: index, selfClosing };
    if (code === 0x2f /* / */) {
      selfClosing = true;
      index++;
    } else if (isSpace(code)) index++;
    else if (code === 0x3d /* = */) {
      selfClosing = false;
      index++;
      while (index < markup.length && isSpace(markup.charCodeAt(index))) index++;
      const quote = markup.charCodeAt(index);
      if (quote === 0x22 /* " */ || quote === 0x27 /* ' */) {
        const close = markup.indexOf(quote === 0x22 ? '"' : "'", index + 1);
        if (close === -1) return null;
        index = close + 1;
      } else {
        while (index < markup.length && !isSpace(markup.charCodeAt(index)) && markup.charCodeAt(index) !== 0x3e) index++;
      }
    } else {
      // An attribute's name, quotes and all, up to `=`, white space, `/` or `>`.
      selfClosing = false;
      while (index < markup.length && !isNameEnd(markup.charCodeAt(index))) index++;
    }
  }
  return null;
}

/**
 * Where the end tag of a raw-text element whose content starts at `from` starts (its `</`), -1 when it
 * never ends. As in htmlparser2, `</script` ends a script only when white space or `>` follows.
 */
function rawTextEnd(markup: string, name: string, from: number): number {
  let endTag = RAW_TEXT_END_TAGS.get(name);
  if (endTag === undefined) {
    endTag = new RegExp(`</${name}(?=[\\t\\n\\f\\r >])`, 'gi');
    RAW_TEXT_END_TAGS.set(name, endTag);
  }
  endTag.lastIndex = from;
  return endTag.exec(markup)?.index ?? -1;
}

/** White space as HTML and htmlparser2 define it (not `\s`: a no-break space is part of a name). */
const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
const isNameEnd = (code: number) => code === 0x3d || code === 0x2f || code === 0x3e || isSpace(code);
const isAsciiLetter = (code: number) => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
