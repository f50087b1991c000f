/**
 * Bounds the nesting of a page before it is parsed. htmlparser2 keeps its stack of open elements with
 * `unshift`, so every opening tag costs time in proportion to the depth: a page nested 100,000 deep takes
 * seconds to parse (parse5 takes longer still). Past a depth no real page reaches, tags carry no
 * structure worth keeping, so they are dropped and their text stays where it was.
 *
 * The scan is approximate on purpose (it is a tag counter, not a parser): elements whose end tag is
 * optional or forbidden (p, li, td, img, br…) are not counted, comments and raw-text elements (script,
 * style…) are skipped. On ordinary pages it only counts and returns the string it was given.
 */

export const MAX_NESTING = 1_000;

/** Void elements and elements whose end tag may be omitted: they do not reliably deepen the tree. */
const NOT_COUNTED = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param',
  'keygen', 'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'colgroup', 'option', 'optgroup',
  'rb', 'rt', 'rtc', 'rp', 'html', 'head', 'body',
]);
/** Elements whose content is text up to their end tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
const TAG_NAME = /[A-Za-z][^\s/>]*/y;
const RAW_TEXT_END = new Map([...RAW_TEXT].map((name) => [name, new RegExp(`</${name}`, 'gi')]));

export function limitNesting(html: string, maxDepth: number = MAX_NESTING): string {
  // Cutting is only needed when there are more opening tags than the limit: "<b>" is 3 characters.
  if (html.length < maxDepth * 3) return html;
  let depth = 0;
  let skipped = 0;
  const cuts: number[] = [];
  let index = html.indexOf('<');
  while (index !== -1 && index < html.length - 1) {
    const next = html.charCodeAt(index + 1);
    if (next === 0x21 /* ! */) {
      const end = html.startsWith('<!--', index) ? html.indexOf('-->', index + 4) : html.indexOf('>', index + 2);
      if (end === -1) break;
      index = html.indexOf('<', end);
      continue;
    }
    const closing = next === 0x2f; /* / */
    TAG_NAME.lastIndex = index + (closing ? 2 : 1);
    const match = TAG_NAME.exec(html);
    if (match === null) {
      index = html.indexOf('<', index + 1);
      continue;
    }
    const name = match[0].toLowerCase();
    const tagEnd = html.indexOf('>', TAG_NAME.lastIndex);
    if (tagEnd === -1) break;
    if (closing) {
      if (!NOT_COUNTED.has(name)) {
        if (skipped > 0) {
          skipped--;
          cuts.push(index, tagEnd + 1);
        } else if (depth > 0) depth--;
      }
    } else if (RAW_TEXT.has(name)) {
      const end = RAW_TEXT_END.get(name)!;
      end.lastIndex = tagEnd + 1;
      index = end.exec(html) === null ? -1 : html.indexOf('<', end.lastIndex);
      continue;
    } else if (!NOT_COUNTED.has(name) && html.charCodeAt(tagEnd - 1) !== 0x2f) {
      if (depth >= maxDepth) {
        skipped++;
        cuts.push(index, tagEnd + 1);
      } else depth++;
    }
    index = html.indexOf('<', tagEnd + 1);
  }
  if (cuts.length === 0) return html;
  const parts: string[] = [];
  let from = 0;
  for (let cut = 0; cut < cuts.length; cut += 2) {
    parts.push(html.slice(from, cuts[cut]));
    from = cuts[cut + 1]!;
  }
  parts.push(html.slice(from));
  return parts.join('');
}
