import { describe, expect, it } from 'vitest';
import { countCommas, isReadable, weightedLength } from './text.js';

describe('weightedLength', () => {
  it('counts Latin, Cyrillic, Arabic and Thai text by characters', () => {
    expect(weightedLength('harbour')).toBe(7);
    expect(weightedLength('гавань')).toBe(6);
    expect(weightedLength('الميناء')).toBe(7);
    expect(weightedLength('ท่าเรือ')).toBe(7);
  });

  it('counts a Chinese or Japanese character as three, a Hangul syllable as two', () => {
    expect(weightedLength('地铁开通')).toBe(12);
    expect(weightedLength('港が再開')).toBe(12);
    expect(weightedLength('항구')).toBe(4);
    expect(weightedLength('Metro 3号线')).toBe(9 + 2 * 2);
  });
});

describe('countCommas', () => {
  it('counts commas of several scripts', () => {
    expect(countCommas('one, two، three，four、five')).toBe(4);
  });
});

describe('isReadable', () => {
  it('accepts text and rejects binary data decoded as text', () => {
    expect(isReadable('Plain text, with\ttabs.')).toBe(true);
    expect(isReadable('A single stray \u0000 in a long enough sentence of ordinary words')).toBe(true);
    expect(isReadable('\u0000\u0001b\u0013\u00c4u&\u00d79\u00eaL\u00fd\u00ae_\u0010\u00c1r#\u00d46\ufffd\ufffd')).toBe(false);
  });
});
