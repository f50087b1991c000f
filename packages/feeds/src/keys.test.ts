import { describe, expect, it } from 'vitest';
import { itemKeys, MAX_ITEM_KEY_CHARS } from './keys.js';

describe('itemKeys', () => {
  it('uses the GUID, else the link, else nothing', () => {
    expect(itemKeys([{ guid: 'g', link: 'https://x/1' }, { guid: null, link: 'https://x/2' }, { guid: null, link: null }])).toEqual(['g', 'https://x/2', null]);
  });

  it('falls back to guid|link for GUIDs repeated within the document', () => {
    expect(itemKeys([{ guid: 'g', link: 'https://x/1' }, { guid: 'g', link: 'https://x/2' }, { guid: 'h', link: 'https://x/3' }])).toEqual([
      'g|https://x/1',
      'g|https://x/2',
      'h',
    ]);
  });

  it('replaces a key too long for the index by a fixed-length digest of all of it', () => {
    const guid = `tag:long.example,2026:${'x'.repeat(10_000)}`;
    const [key, again, other] = itemKeys([
      { guid, link: 'https://x/1' },
      { guid: `${guid}2`, link: 'https://x/2' },
      { guid: null, link: `https://x/${'y'.repeat(10_000)}` },
    ]);
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(other).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The same GUID on the next fetch is the same item; a GUID that differs only past any cut is another.
    expect(itemKeys([{ guid, link: null }])[0]).toBe(key);
    expect(again).not.toBe(key);
    expect(Buffer.byteLength(key!, 'utf8')).toBeLessThanOrEqual(MAX_ITEM_KEY_CHARS);
  });

  it('keeps keys up to the limit as written', () => {
    const guid = '東'.repeat(MAX_ITEM_KEY_CHARS);
    expect(itemKeys([{ guid, link: null }])).toEqual([guid]);
    expect(Buffer.byteLength(guid, 'utf8')).toBeLessThanOrEqual(1_500);
    expect(itemKeys([{ guid: `${guid}x`, link: null }])[0]).toMatch(/^sha256:/);
  });

  it('bounds a guid|link key built from a repeated GUID', () => {
    const link = `https://x/${'z'.repeat(MAX_ITEM_KEY_CHARS)}`;
    const keys = itemKeys([{ guid: 'g', link }, { guid: 'g', link: `${link}2` }]);
    expect(keys[0]).toMatch(/^sha256:/);
    expect(keys[1]).toMatch(/^sha256:/);
    expect(keys[0]).not.toBe(keys[1]);
  });
});
