/**
 * Bounds how deep the elements of a page or a feed nest, before it is parsed. htmlparser2 keeps its open
 * elements with `unshift`, so every opening tag costs time in proportion to the depth, and readers that
 * walk the tree recursively overflow the stack: a page nested 100,000 deep took seconds to parse, an OPML
 * file 23 s, a feed title 10,000 deep crashed (issue 15). Past a depth no real document reaches, tags
 * carry no structure worth keeping, so they are dropped and their text stays where it was.
 *
 * A tag counter, not a parser, in one pass over the text: each character is read a bounded number of
 * times whatever the input, and a document within the limit is returned as it is. It reads tags as
 * htmlparser2's tokenizer does (both callers parse with it), because where the two disagree the parser
 * nests tags the counter did not count: a quote opens an attribute value only after `=`, so the
 * apostrophe in `<title x'>` does not hide the rest of the feed from the count.
 */

/** What differs between the markup languages; the caller states them (extract for HTML, feeds for XML). */
export interface TagNestingRules {
  /**
   * Decides which `<` starts a tag: in HTML only one followed by an ASCII letter (`a < b` is text), in
   * XML one followed by anything but white space, `/` or `>`.
   */
  syntax: 'html' | 'xml';
  /** Lower-case names of elements that do not deepen the count (void elements, optional end tags). */
  notCounted?: ReadonlySet<string>;
  /** Lower-case names of elements whose content is text up to their end tag: no tag inside counts. */
  rawText?: ReadonlySet<string>;
}

const HTML_TAG_NAME = /[A-Za-z][^\t\n\f\r />]*/y;
const XML_TAG_NAME = /[^\t\n\f\r />]+/y;
const NONE: ReadonlySet<string> = new Set();
const RAW_TEXT_END_TAGS = new Map<string, RegExp>();

/**
 * `markup` without the tags nested deeper than `maxDepth` (a closing tag goes with the opening tag it
 * ends), what is inside them kept where it was. Self-closing tags do not deepen; comments, CDATA,
 * processing instructions, declarations and the content of raw-text elements are skipped.
 */
export function limitTagNesting(markup: string, maxDepth: number, rules: TagNestingRules): string {
  // Cutting is only needed when there are more opening tags than the limit: "<b>" is 3 characters.
  if (markup.length < maxDepth * 3) return markup;
  const tagName = rules.syntax === 'html' ? HTML_TAG_NAME : XML_TAG_NAME;
  const notCounted = rules.notCounted ?? NONE;
  const rawText = rules.rawText ?? NONE;
  let depth = 0;
  let skipped = 0;
  const cuts: number[] = [];
  let index = markup.indexOf('<');
  while (index !== -1 && index < markup.length - 1) {
    const next = markup.charCodeAt(index + 1);
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      const end = sectionEnd(markup, index);
      if (end === -1) break;
      index = markup.indexOf('<', end);
      continue;
    }
    const closing = next === 0x2f; /* / */
    tagName.lastIndex = index + (closing ? 2 : 1);
    const name = tagName.exec(markup)?.[0].toLowerCase();
    if (name === undefined) {
      index = markup.indexOf('<', index + 1);
      continue;
    }
    if (closing) {
      // An end tag ends at its first `>`: htmlparser2 reads no attribute values in it.
      const end = markup.indexOf('>', tagName.lastIndex);
      if (end === -1) break;
      if (!notCounted.has(name)) {
        if (skipped > 0) {
          skipped--;
          cuts.push(index, end + 1);
        } else if (depth > 0) depth--;
      }
      index = markup.indexOf('<', end + 1);
      continue;
    }
    const tag = startTagEnd(markup, tagName.lastIndex);
    if (tag === null) break;
    if (rawText.has(name)) {
      index = rawTextEnd(markup, name, tag.end + 1);
      continue;
    }
    if (!tag.selfClosing && !notCounted.has(name)) {
      if (depth >= maxDepth) {
        skipped++;
        cuts.push(index, tag.end + 1);
      } else depth++;
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

/** Where the next tag after a raw-text element whose content starts at `from` may be; -1 when it never ends. */
function rawTextEnd(markup: string, name: string, from: number): number {
  let endTag = RAW_TEXT_END_TAGS.get(name);
  if (endTag === undefined) {
    endTag = new RegExp(`</${name}`, 'gi');
    RAW_TEXT_END_TAGS.set(name, endTag);
  }
  endTag.lastIndex = from;
  return endTag.exec(markup) === null ? -1 : markup.indexOf('<', endTag.lastIndex);
}

/** White space as HTML and htmlparser2 define it (not `\s`: a no-break space is part of a name). */
const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
const isNameEnd = (code: number) => code === 0x3d || code === 0x2f || code === 0x3e || isSpace(code);
