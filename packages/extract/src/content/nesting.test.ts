import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { limitNesting } from './nesting.js';

/** The page as extract.ts parses it: htmlparser2 in HTML mode, behind cheerio. */
const parse = (html: string) => cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });

/** How deep the parsed tree is and its text, read without recursion (the trees here are deep on purpose). */
function readTree(html: string): { depth: number; text: string } {
  let deepest = 0;
  let text = '';
  const pending: [AnyNode, number][] = [[parse(html).root()[0]!, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    deepest = Math.max(deepest, depth);
    if (node.type === 'text') text += node.data;
    if ('children' in node) for (const child of node.children.toReversed()) pending.push([child, depth + 1]);
  }
  return { depth: deepest, text };
}

// The counting itself is tested with limitTagNesting in @polywire/text; these test the rules for HTML.
describe('limitNesting', () => {
  it('returns an ordinary page as it is', () => {
    const html = `<html><body>${'<div><p>Text <b>bold</b></p><ul><li>one<li>two</ul><img src="x"><br></div>'.repeat(1000)}</body></html>`;
    expect(limitNesting(html)).toBe(html);
  });

  it('drops the tags nested deeper than the limit and keeps their text, and paragraphs one level past it', () => {
    const html = `${'<div class="x">'.repeat(10)}<p>deep text</p>${'</div>'.repeat(10)}<p>after</p>`;
    expect(limitNesting(html, 4)).toBe(`${'<div class="x">'.repeat(4)}<p>deep text</p>${'</div>'.repeat(4)}<p>after</p>`);
  });

  it('does not count tags inside comments, scripts or styles', () => {
    const html = `<!-- ${'<div>'.repeat(20)} --><script>document.write("${'<div>'.repeat(20)}")</script><STYLE>a{}</STYLE><div>ok</div>`;
    expect(limitNesting(html, 2)).toBe(html);
  });

  it.each(['iframe', 'noframes', 'noembed', 'plaintext'])('counts the tags after an unclosed <%s>, which htmlparser2 parses as elements', (tag) => {
    // Taken for raw text, an unclosed <iframe> once hid 100,000 nested divs from the limit (seconds to parse).
    const html = `<${tag}>${'<div>'.repeat(10)}text`;
    expect(limitNesting(html, 4)).toBe(`<${tag}>${'<div>'.repeat(3)}text`);
  });

  it('reads a > inside a quoted attribute value as text', () => {
    const html = `<div onclick="if (a > b) go()"><span data-x='<div><div>'>x</span></div>`.repeat(3);
    expect(limitNesting(html, 2)).toBe(html);
  });

  // Shapes that a depth counter read wrongly, so that htmlparser2 nested them past the limit (and took
  // seconds on 50,000 repeats): the limit must hold for the tree the parser builds from the output.
  it.each([
    ['<li><td> (each closes only an innermost element of its own kind)', '<li><td>t'.repeat(3_000)],
    ['<div></span> (an end tag that matches no open element)', '<div></span>t'.repeat(3_000)],
    ['<div/> (/> means nothing outside svg and math)', '<div/>t'.repeat(3_000)],
    ['<body> (the parser nests it like any other element)', '<body>t'.repeat(3_000)],
    ['<div> after a <script/> (an element to htmlparser2, not a script)', `<script/>${'<div>t'.repeat(3_000)}`],
  ])('bounds the parsed tree of %s repeated, keeping the text', (_name, html) => {
    const limited = limitNesting(html, 100);
    // Past the limit sit at most an element its own kind closes (p, li, td) and a void element or a script.
    expect(readTree(limited).depth).toBeLessThanOrEqual(102);
    expect(readTree(limited).text).toBe(readTree(html).text);
  });

  it('returns a page within the limit as it is, whatever its shape', () => {
    const html = `<table>${'<tr><td>a<td>b'.repeat(50)}</table><ul>${'<li>x'.repeat(200)}</ul>${'<p>y'.repeat(200)}<svg>${'<path/>'.repeat(200)}</svg>${'<br/>'.repeat(200)}`;
    expect(readTree(html).depth).toBeLessThanOrEqual(4);
    expect(limitNesting(html, 4)).toBe(html);
  });
});
