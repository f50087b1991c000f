import { describe, expect, it } from 'vitest';
import { limitNesting } from './nesting.js';

// The counting itself is tested with limitTagNesting in @polywire/text; these test the rules for HTML.
describe('limitNesting', () => {
  it('returns an ordinary page as it is', () => {
    const html = `<html><body>${'<div><p>Text <b>bold</b></p><ul><li>one<li>two</ul><img src="x"><br></div>'.repeat(1000)}</body></html>`;
    expect(limitNesting(html)).toBe(html);
  });

  it('drops the tags nested deeper than the limit and keeps their text, not counting paragraphs', () => {
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
});
