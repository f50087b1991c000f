import { describe, expect, it } from 'vitest';
import { chooseOriginal } from './duplicates.js';

describe('chooseOriginal', () => {
  it('takes the original found by the strongest rule, whatever the order found', () => {
    const byTitle = { articleId: 1, rule: 'same_site_title' };
    const byText = { articleId: 7, rule: 'same_text' };
    const byNearText = { articleId: 3, rule: 'near_text_minhash' };
    expect(chooseOriginal([byTitle, byNearText, byText])).toBe(byText);
    expect(chooseOriginal([byNearText, byTitle])).toBe(byTitle);
    expect(chooseOriginal([{ articleId: 4, rule: 'near_text_minhash' }, { articleId: 9, rule: 'near_text' }])).toEqual({ articleId: 9, rule: 'near_text' });
  });

  it('finds no original among no candidates', () => {
    expect(chooseOriginal([])).toBeNull();
  });

  it('refuses a rule it does not know, so a renamed lookup cannot go unranked', () => {
    expect(() => chooseOriginal([{ articleId: 1, rule: 'same_url' }])).toThrow(/unknown duplicate rule same_url/);
  });
});
