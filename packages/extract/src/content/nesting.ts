import { limitTagNesting, type TagNestingRules } from '@polywire/text';

/** How deep a page's elements may nest before it is parsed; no real page comes near (issue 15). */
export const MAX_NESTING = 1_000;

const P = new Set(['p']);
const FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const TABLE_SECTION = new Set(['thead', 'tbody']);
const DD_DT = new Set(['dd', 'dt']);
const RT_RP = new Set(['rt', 'rp']);

/**
 * The page is parsed by htmlparser2 10 in HTML mode (cheerio with `xmlMode: false`, see extract.ts), and
 * these are its tables (Parser.ts), so that the limit counts the depth its tree reaches. A change of
 * htmlparser2's major version should be checked against them. Tags inside raw-text elements (those its
 * tokenizer reads as text: script, style, textarea, title, xmp) are text. An iframe or noframes is not
 * raw text to htmlparser2: counting it as such let `<iframe>` hide 100,000 nested divs.
 */
const HTML_NESTING: TagNestingRules = {
  syntax: 'html',
  impliedCloses: new Map([
    ['tr', new Set(['tr', 'th', 'td'])],
    ['th', new Set(['th'])],
    ['td', new Set(['thead', 'th', 'td'])],
    ['body', new Set(['head', 'link', 'script'])],
    ['li', new Set(['li'])],
    ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((name) => [name, P] as const),
    ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((name) => [name, FORM] as const),
    ['option', new Set(['option'])],
    ['optgroup', new Set(['optgroup', 'option'])],
    ['dd', DD_DT],
    ['dt', DD_DT],
    ...[
      'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer',
      'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul',
    ].map((name) => [name, P] as const),
    ['rt', RT_RP],
    ['rp', RT_RP],
    ['tbody', TABLE_SECTION],
    ['tfoot', TABLE_SECTION],
  ]),
  voidElements: new Set([
    'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen',
    'link', 'meta', 'param', 'source', 'track', 'wbr',
  ]),
  rawText: new Set(['script', 'style', 'textarea', 'title', 'xmp']),
  foreignElements: new Set(['math', 'svg']),
  htmlIntegrationElements: new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']),
};

/**
 * The page with the tags that would nest deeper than `maxDepth` in htmlparser2's tree dropped, their
 * text kept where it was (see limitTagNesting). htmlparser2 keeps its open elements with `unshift`, so a
 * page nested 100,000 deep took seconds to parse. On ordinary pages it only reads and returns the string
 * it was given.
 */
export const limitNesting = (html: string, maxDepth: number = MAX_NESTING): string =>
  limitTagNesting(html, maxDepth, HTML_NESTING);
