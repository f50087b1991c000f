import { describe, expect, it } from 'vitest';
import { itemKeys } from './keys.js';

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
});
