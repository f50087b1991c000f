import { describe, expect, it } from 'vitest';
import { limitTagNesting, type TagNestingRules } from './nesting.js';

const XML: TagNestingRules = { syntax: 'xml' };
const HTML: TagNestingRules = { syntax: 'html', notCounted: new Set(['p', 'br']), rawText: new Set(['script']) };

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

  it('does not count the elements it is told to leave out, nor tags inside raw-text elements', () => {
    const html = `<div><P>a<br>b<p>c</p><script>if (a<b) document.write("<div><div>")</SCRIPT><span>d</span></div>`.repeat(2);
    expect(limitTagNesting(html, 2, HTML)).toBe(html);
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

  it('bounds nested HTML elements inside and between raw-text elements', () => {
    const html = `${'<div><script>"<div>"</script>'.repeat(DEPTH)}${'<script>'.repeat(DEPTH)}`;
    expect(limitTagNesting(html, 1_000, HTML).split('<div>').length - 1).toBe(1_000 + DEPTH);
  });
});
