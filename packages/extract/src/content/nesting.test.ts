import { describe, expect, it } from 'vitest';
import { limitNesting } from './nesting.js';

describe('limitNesting', () => {
  it('returns an ordinary page as it is', () => {
    const html = `<html><body>${'<div><p>Text <b>bold</b></p><ul><li>one<li>two</ul><img src="x"><br></div>'.repeat(1000)}</body></html>`;
    expect(limitNesting(html)).toBe(html);
  });

  it('drops the tags nested deeper than the limit and keeps their text', () => {
    const html = `${'<div class="x">'.repeat(10)}<p>deep text</p>${'</div>'.repeat(10)}<p>after</p>`;
    expect(limitNesting(html, 4)).toBe(`${'<div class="x">'.repeat(4)}<p>deep text</p>${'</div>'.repeat(4)}<p>after</p>`);
  });

  it('flattens unclosed elements too', () => {
    expect(limitNesting(`${'<span>'.repeat(6)}text`, 2)).toBe('<span><span>text');
  });

  it('does not count tags inside comments, scripts or styles', () => {
    const html = `<!-- ${'<div>'.repeat(20)} --><script>document.write("${'<div>'.repeat(20)}")</script><STYLE>a{}</STYLE><div>ok</div>`;
    expect(limitNesting(html, 2)).toBe(html);
  });
});
