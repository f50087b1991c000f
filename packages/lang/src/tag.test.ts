import { describe, expect, it } from 'vitest';
import { normalizeLanguageTag } from './tag.js';

describe('normalizeLanguageTag', () => {
  it.each([
    ['en-US', 'en'],
    ['EN', 'en'],
    ['pt_BR', 'pt'],
    ['de-de', 'de'],
    ['zh-TW', 'zh-Hant'],
    ['zh-CN', 'zh-Hans'],
    ['zh-Hant-HK', 'zh-Hant'],
    ['zh', 'zh-Hans'],
    ['iw', 'he'], // deprecated code still sent by old CMSs
    ['in', 'id'],
    ['fr-FR, en', 'fr'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeLanguageTag(input)).toBe(expected);
  });

  it.each([[null], [''], ['  '], ['und'], ['x'], ['12-ab'], ['!!']])('%j → null', (input) => {
    expect(normalizeLanguageTag(input)).toBeNull();
  });
});
