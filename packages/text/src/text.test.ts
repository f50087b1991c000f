import { describe, expect, it } from 'vitest';
import { collapseWhitespace, cutText, storableText } from './index.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('cutText', () => {
  it('keeps a text of at most max units as it is', () => {
    expect(cutText('', 10)).toBe('');
    expect(cutText('short', 10)).toBe('short');
    expect(cutText('exact', 5)).toBe('exact');
    expect(cutText('😀😀', 4)).toBe('😀😀');
  });

  it('cuts a longer text to its first max units', () => {
    expect(cutText('headline', 4)).toBe('head');
    expect(cutText('headline', 0)).toBe('');
    expect(cutText('a😀b', 3)).toBe('a😀');
  });

  it('stops one unit short rather than split a surrogate pair', () => {
    expect(cutText('a😀b', 2)).toBe('a');
    expect(cutText('😀', 1)).toBe('');
    const emoji = '😀'.repeat(1_000);
    for (const max of [1, 2, 3, 999, 1_000, 1_001]) {
      const cut = cutText(emoji, max);
      expect(cut.length).toBe(max % 2 === 0 ? max : max - 1);
      expect(cut).not.toMatch(LONE_SURROGATE);
    }
  });
});

describe('storableText', () => {
  it('leaves ordinary text, empty text and null alone', () => {
    expect(storableText('Grüße aus 東京 😀')).toBe('Grüße aus 東京 😀');
    expect(storableText('')).toBe('');
    expect(storableText(null)).toBeNull();
  });

  it('removes every NUL', () => {
    expect(storableText('Brea\u0000king\u0000 news\u0000')).toBe('Breaking news');
    expect(storableText('\u0000\u0000')).toBe('');
  });

  it('replaces a lone high or low surrogate with U+FFFD and keeps pairs', () => {
    expect(storableText('half \uD83D pair')).toBe('half \uFFFD pair');
    expect(storableText('half \uDE00 pair')).toBe('half \uFFFD pair');
    expect(storableText('end \uD83D')).toBe('end \uFFFD');
    expect(storableText('\uDE00\uD83D')).toBe('\uFFFD\uFFFD'); // low before high is no pair
    expect(storableText('\uD83D\uD83D\uDE00')).toBe('\uFFFD😀');
  });

  it('gives text that encodes to UTF-8 and back unchanged', () => {
    const text = storableText('a\u0000\uD800b\uDFFFc😀');
    expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
  });
});

describe('collapseWhitespace', () => {
  it('collapses runs of white space, Unicode spaces included, to one space and trims', () => {
    expect(collapseWhitespace('  Talks \n\t resume\u00A0\u00A0in\u2003Geneva  ')).toBe('Talks resume in Geneva');
    expect(collapseWhitespace(' \n ')).toBe('');
  });

  it('keeps ideographic spaces inside the text', () => {
    expect(collapseWhitespace('東京\u3000新駅が開業 \n 記念式典')).toBe('東京\u3000新駅が開業 記念式典');
    expect(collapseWhitespace('速報\u3000\u3000地震')).toBe('速報\u3000\u3000地震');
  });
});
