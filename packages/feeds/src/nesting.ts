/**
 * How deep the elements of a feed or an OPML document may nest, as in @polywire/extract for pages.
 * htmlparser2 keeps its open elements with `unshift`, so each level costs time in proportion to the
 * depth, and the readers walk text and XHTML recursively: a title nested 10,000 deep overflowed the
 * stack, an OPML file nested 100,000 deep blocked the process for 23 s (issue 15). Real feeds nest under
 * ten levels (XHTML content a few more), OPML lists two or three.
 */
export const MAX_XML_DEPTH = 1_000;

/**
 * Drops the tags nested deeper than `maxDepth` (a closing tag goes with the opening tag it ends), keeping
 * what is inside them where it was. A tag counter, not a parser, as @polywire/extract's limitNesting for
 * pages: self-closing tags do not deepen; comments, CDATA, processing instructions and the DOCTYPE are
 * skipped; quoted attribute values may hold `>`. A document within the limit is returned as it is.
 */
export function limitNesting(xml: string, maxDepth: number = MAX_XML_DEPTH): string {
  // Cutting is only needed when there are more opening tags than the limit: "<a>" is 3 characters.
  if (xml.length < maxDepth * 3) return xml;
  let depth = 0;
  let skipped = 0;
  const cuts: number[] = [];
  let index = xml.indexOf('<');
  while (index !== -1) {
    const next = xml.charCodeAt(index + 1);
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      const close = xml.startsWith('<!--', index) ? '-->' : xml.startsWith('<![CDATA[', index) ? ']]>' : next === 0x3f ? '?>' : '>';
      const end = xml.indexOf(close, index + 2);
      if (end === -1) break;
      index = xml.indexOf('<', end + close.length);
      continue;
    }
    const end = tagEnd(xml, index + 1);
    if (end === -1) break;
    if (next === 0x2f /* / */) {
      if (skipped > 0) {
        skipped--;
        cuts.push(index, end + 1);
      } else if (depth > 0) depth--;
    } else if (xml.charCodeAt(end - 1) !== 0x2f /* self-closing */) {
      if (depth >= maxDepth) {
        skipped++;
        cuts.push(index, end + 1);
      } else depth++;
    }
    index = xml.indexOf('<', end + 1);
  }
  if (cuts.length === 0) return xml;
  const parts: string[] = [];
  let from = 0;
  for (let cut = 0; cut < cuts.length; cut += 2) {
    parts.push(xml.slice(from, cuts[cut]));
    from = cuts[cut + 1]!;
  }
  parts.push(xml.slice(from));
  return parts.join('');
}

/** Where the tag that starts before `from` ends: its `>`, outside quoted attribute values; -1 for none. */
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let index = from; index < xml.length; index++) {
    const code = xml.charCodeAt(index);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) quote = code;
    else if (code === 0x3e) return index;
  }
  return -1;
}
