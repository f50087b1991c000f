import { limitTagNesting, type TagNestingRules } from '@polywire/text';

/** How deep a page's elements may nest before it is parsed; no real page comes near (issue 15). */
export const MAX_NESTING = 1_000;

/**
 * How a page's tags are counted. Elements whose end tag is forbidden or may be omitted (img, br, p, li,
 * td…) are not counted, since they do not reliably deepen the tree, and tags inside raw-text elements
 * (those htmlparser2 reads as raw text: script, style, textarea, title, xmp) are text. An iframe or noframes
 * is not raw text to htmlparser2: counting it as such let `<iframe>` hide 100,000 nested divs.
 */
const HTML_NESTING: TagNestingRules = {
  syntax: 'html',
  notCounted: new Set([
    'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param',
    'keygen', 'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'colgroup', 'option', 'optgroup',
    'rb', 'rt', 'rtc', 'rp', 'html', 'head', 'body',
  ]),
  rawText: new Set(['script', 'style', 'textarea', 'title', 'xmp']),
};

/**
 * The page with the tags nested deeper than `maxDepth` dropped, their text kept where it was (see
 * limitTagNesting). htmlparser2 keeps its open elements with `unshift`, so a page nested 100,000 deep
 * took seconds to parse. On ordinary pages it only counts and returns the string it was given.
 */
export const limitNesting = (html: string, maxDepth: number = MAX_NESTING): string =>
  limitTagNesting(html, maxDepth, HTML_NESTING);
