import { limitTagNesting } from '@polywire/text';

/**
 * How deep the elements of a feed or an OPML document may nest. The readers walk text and XHTML
 * recursively: a title nested 10,000 deep overflowed the stack, an OPML file nested 100,000 deep blocked
 * the process for 23 s (issue 15). Real feeds nest under ten levels (XHTML content a few more), OPML
 * lists two or three.
 */
export const MAX_XML_DEPTH = 1_000;

/**
 * The feed or OPML document with the tags nested deeper than `maxDepth` dropped, their text kept (see
 * limitTagNesting). Both are parsed by htmlparser2 in XML mode (xml.ts, and cheerio with `xml: true` in
 * opml.ts), which has no void, raw-text or implied-close rules: every element that does not close itself
 * with `/>` opens, and an end tag closes the innermost open element of its name (case-sensitive) or,
 * when none is open, nothing; so `<b></i>` repeated nests.
 */
export const limitNesting = (xml: string, maxDepth: number = MAX_XML_DEPTH): string =>
  limitTagNesting(xml, maxDepth, { syntax: 'xml' });
