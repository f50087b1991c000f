import { describe, expect, it } from 'vitest';
import { limitTagNesting, type TagNestingRules } from './nesting.js';

const XML: TagNestingRules = { syntax: 'xml' };
// A few of htmlparser2's rules for HTML; extract passes all of them.
const HTML: TagNestingRules = {
  syntax: 'html',
  impliedCloses: new Map([
    ['p', new Set(['p'])],
    ['li', new Set(['li'])],
    ['td', new Set(['td', 'th'])],
  ]),
  voidElements: new Set(['br', 'img']),
  rawText: new Set(['script']),
  foreignElements: new Set(['svg']),
  htmlIntegrationElements: new Set(['foreignobject']),
};

describe('limitTagNesting', () => {
  it('returns a document within the limit as it is', () => {
    const xml = `<rss><channel>${'<item><title a="1">T</title><link/></item>'.repeat(200)}</channel></rss>`;
    expect(limitTagNesting(xml, 4, XML)).toBe(xml);
  });

  it('drops the tags nested deeper than the limit with their end tags, and keeps their text', () => {
    const xml = `${'<b class="x">'.repeat(10)}<i>deep text</i>${'</b>'.repeat(10)}<i>after</i>`;
    expect(limitTagNesting(xml, 4, XML)).toBe(`${'<b class="x">'.repeat(4)}deep text${'</b>'.repeat(4)}<i>after</i>`);
  });

  it('flattens elements that are never closed', () => {
    expect(limitTagNesting(`${'<span>'.repeat(6)}text`, 2, XML)).toBe('<span><span>text');
  });

  it('does not deepen at a self-closing tag, but does when the / belongs to an unquoted value', () => {
    expect(limitTagNesting(`<a>${'<b/><c x="1" />'.repeat(3)}<d><e>t</e></d></a>`, 3, XML)).toBe(`<a>${'<b/><c x="1" />'.repeat(3)}<d><e>t</e></d></a>`);
    expect(limitTagNesting('<a><b x=y/><c><d>t</d></c></b></a>', 3, XML)).toBe('<a><b x=y/><c>t</c></b></a>');
  });

  it('does not count tags inside comments, CDATA, processing instructions or declarations', () => {
    const xml = `<!DOCTYPE x><?pi <q>?><a><!-- <q><q> --><![CDATA[<q><q>]]><b>t</b></a>`;
    expect(limitTagNesting(xml, 2, XML)).toBe(xml);
    // As in htmlparser2, <!--> is a whole, empty comment: what follows is counted.
    expect(limitTagNesting('<a><!--><b><c>t</c></b></a> -->', 2, XML)).toBe('<a><!--><b>t</b></a> -->');
  });

  it('reads > and < inside quoted attribute values as text', () => {
    const xml = `<a title="x > y <b>"><b alt='<c><c>'>t</b></a>`.repeat(3);
    expect(limitTagNesting(xml, 2, XML)).toBe(xml);
  });

  it('does not let a quote outside an attribute value hide the tags after it', () => {
    // htmlparser2 reads x' as an attribute name: the <b>s after it are elements it would nest.
    const xml = `<title x'>${'<b>'.repeat(5)}it's${'</b>'.repeat(5)}</title>`;
    expect(limitTagNesting(xml, 3, XML)).toBe(`<title x'><b><b>it's</b></b></title>`);
  });

  it('reads any name as a tag in XML, only names that start with a letter in HTML', () => {
    expect(limitTagNesting('<日><日><日>t', 2, XML)).toBe('<日><日>t');
    const html = '<i>1 <2 and 3 < 4</i><i>a <3 b</i>'.repeat(3);
    expect(limitTagNesting(html, 1, HTML)).toBe(html);
  });

  it('does not deepen at void elements, at elements closed by implication, nor at tags inside raw-text elements', () => {
    const html = `<div><P>a<br>b<p>c</p><script>if (a<b) document.write("<div><div>")</SCRIPT><span>d</span></div>`.repeat(2);
    expect(limitTagNesting(html, 2, HTML)).toBe(html);
  });

  it('implies a close only of the innermost element, as htmlparser2 does: <li><td> repeated nests', () => {
    // Each <li> closes the <li> before it, until a <td> sits between them. Past the limit, one <td> (or
    // <li>) is kept, each replacing the one before: paragraphs past the limit stay paragraphs.
    expect(limitTagNesting(`<ul>${'<li>a'.repeat(5)}${'<li><td>b'.repeat(3)}`, 4, HTML)).toBe(`<ul>${'<li>a'.repeat(5)}<li><td>b<li><td>b<td>b`);
  });

  it('does not rise at an end tag that matches no open element, which the parser ignores', () => {
    expect(limitTagNesting('<b></i>'.repeat(5), 3, XML)).toBe(`${'<b></i>'.repeat(3)}${'</i>'.repeat(2)}`);
    expect(limitTagNesting('<div></span>'.repeat(5), 3, HTML)).toBe(`${'<div></span>'.repeat(3)}${'</span>'.repeat(2)}`);
  });

  it('rises to the element an end tag closes, with every element inside it', () => {
    const xml = `${'<a><b><c></a>'.repeat(3)}<d><d><d>t</d></d></d>`;
    expect(limitTagNesting(xml, 3, XML)).toBe(xml);
  });

  it('matches end tags by name as the parser does: case-sensitive in XML, up to white space or > only', () => {
    expect(limitTagNesting('<B></b><B></b><B>t', 2, XML)).toBe('<B></b><B></b>t');
    expect(limitTagNesting('<B></b><B></b><B>t', 2, HTML)).toBe('<B></b><B></b><B>t');
    expect(limitTagNesting('<b></b/><b></b/><b>t', 2, XML)).toBe('<b></b/><b></b/>t');
  });

  it('reads /> in HTML only in foreign content, as htmlparser2 does: <div/> opens a div', () => {
    expect(limitTagNesting(`${'<div/>'.repeat(4)}t`, 2, HTML)).toBe('<div/><div/>t');
    const svg = `<svg>${'<path/>'.repeat(4)}<foreignObject>${'<div/>'.repeat(3)}t</foreignObject></svg>`;
    expect(limitTagNesting(svg, 3, HTML)).toBe(`<svg>${'<path/>'.repeat(4)}<foreignObject><div/>t</foreignObject></svg>`);
  });

  it('reads <script/> outside svg as an ordinary element that stays open, not as the start of a script', () => {
    expect(limitTagNesting(`<script/>${'<div>'.repeat(3)}t`, 2, HTML)).toBe('<script/><div>t');
    expect(limitTagNesting(`<svg><script/>${'<div>'.repeat(3)}t`, 3, HTML)).toBe('<svg><script/><div><div>t');
  });

  it("bounds the parser's stack of foreign contexts, which svg and math push and only their end tags pop", () => {
    // htmlparser2 keeps that stack with unshift too, and <svg/> pushes onto it without opening anything.
    expect(limitTagNesting(`<svg>${'<svg/>'.repeat(5)}t</svg>`, 3, HTML)).toBe('<svg><svg/><svg/>t</svg>');
  });

  it('ends a raw-text element only at its end tag followed by white space or >', () => {
    const html = `<script>"</scripts>${'<b>'.repeat(3)}"</script ><b>t</b>`;
    expect(limitTagNesting(html, 1, HTML)).toBe(html);
  });

  it('keeps an end tag whose dropped element the parser closed with an element around it', () => {
    // </a> closes the dropped <c> too; the </c> after it is one the parser ignores in the input as in the output.
    expect(limitTagNesting('<a><b><c></a></c><d>t</d>', 2, XML)).toBe('<a><b></a></c><d>t</d>');
  });

  it('ends, with the text unchanged after the break, on a tag, a value or a comment that never ends', () => {
    expect(limitTagNesting(`<a><a><a title="${'<a>'.repeat(5)}`, 1, XML)).toBe(`<a><a title="${'<a>'.repeat(5)}`);
    expect(limitTagNesting(`<a><a><!-- ${'<a>'.repeat(5)}`, 1, XML)).toBe(`<a><!-- ${'<a>'.repeat(5)}`);
    expect(limitTagNesting(`<a><a><script>${'<a>'.repeat(5)}`, 1, HTML)).toBe(`<a><script>${'<a>'.repeat(5)}`);
  });
});

describe('limitTagNesting on hostile input', () => {
  // Each would take minutes with a scan that restarts at every tag; vitest fails a test past its timeout.
  const DEPTH = 200_000;

  it.each([
    ['nested elements', '<b>'.repeat(DEPTH)],
    ['nested elements after a stray quote', `<i x'>${'<b>'.repeat(DEPTH)}'`],
    ['nested elements with attributes', '<b a="1" b=\'2\' c=3>'.repeat(DEPTH)],
  ])('keeps 1,000 levels of %s', (_name, markup) => {
    expect(limitTagNesting(markup, 1_000, XML).split('<b').length - 1).toBe(markup.startsWith('<i') ? 999 : 1_000);
  });

  it.each([
    ['unclosed quotes', '<b a="'.repeat(DEPTH)],
    ['unclosed comments', '<!--<b>'.repeat(DEPTH)],
    ['tags that never end', '<b'.repeat(DEPTH)],
    ['end tags', '</b>'.repeat(DEPTH)],
  ])('leaves %s as they are', (_name, markup) => {
    expect(limitTagNesting(markup, 1_000, XML)).toBe(markup);
  });

  it.each([
    ['<li><td>', HTML, '<td>'],
    ['<div></span>', HTML, '<div>'],
    ['<div/>', HTML, '<div/>'],
    ['<b></i>', XML, '<b>'],
  ] as const)('keeps 1,000 levels of %s repeated', (shape, rules, opening) => {
    const kept = limitTagNesting(shape.repeat(DEPTH), 1_000, rules).split(opening).length - 1;
    expect(kept).toBe(shape === '<li><td>' ? 500 : 1_000);
  });

  it('bounds nested HTML elements inside and between raw-text elements', () => {
    const html = `${'<div><script>"<div>"</script>'.repeat(DEPTH)}${'<script>'.repeat(DEPTH)}`;
    expect(limitTagNesting(html, 1_000, HTML).split('<div>').length - 1).toBe(1_000 + DEPTH);
  });
});
