import { describe, expect, it } from 'vitest';
import { CLEAR_TEXT_CONFIDENCE, decideLanguage, supportedDeclaredTag } from './decide.js';

describe('supportedDeclaredTag', () => {
  it.each([
    ['hu-HU', 'hu'],
    ['HU', 'hu'],
    ['az', 'az-Latn'],
    ['az-Latn-AZ', 'az-Latn'],
    ['uz', 'uz-Latn'],
    ['uz-Cyrl', 'uz-Cyrl'],
    ['sr', 'sr-Cyrl'],
    ['sr-Latn-RS', 'sr-Latn'],
    ['zh-TW', 'zh-Hant'],
    ['zh_CN', 'zh-Hans'],
    ['prs', 'fa-AF'],
    ['fa-AF', 'fa-AF'],
    ['fa-IR', 'fa'],
    ['no', 'nb'],
    ['pcm-NG', 'pcm'],
    ['ha-Latn-NG', 'ha'],
  ])('%s → %s', (declared, tag) => {
    expect(supportedDeclaredTag(declared)).toBe(tag);
  });

  it.each([[null], [''], ['und'], ['x-klingon'], ['qu'], ['!!']])('%j → null (not one of ours)', (declared) => {
    expect(supportedDeclaredTag(declared)).toBeNull();
  });
});

describe('decideLanguage', () => {
  it('clear text wins over a wrong declaration', () => {
    const decision = decideLanguage('Die Bundesregierung beschließt neue Regeln', 'Die Bundesregierung hat am Donnerstag neue Regeln für den Wohnungsbau beschlossen.', {
      declared: ['en'],
      url: 'https://example.com/a',
    });
    expect(decision.language).toBe('de');
    expect(decision.source).toBe('detected');
    expect(decision.confidence).toBeGreaterThanOrEqual(CLEAR_TEXT_CONFIDENCE);
    expect(decision.declared).toBe('en');
  });

  it('a declared supported language wins over unclear text', () => {
    // Two words that several languages write alike: the text alone cannot say.
    const decision = decideLanguage(null, 'Radio Internet', { declared: ['hu'] });
    expect(decision.language).toBe('hu');
    expect(decision.source).toBe('declared');
  });

  it('a text without letters takes the declared language, with no confidence', () => {
    const decision = decideLanguage('2024', '12:30 — 45 %', { declared: ['ro-RO'] });
    expect(decision).toMatchObject({ language: 'ro', source: 'declared', confidence: null });
  });

  it('neither text nor declaration: null', () => {
    expect(decideLanguage(null, '12345', {})).toMatchObject({ language: null, source: 'none' });
  });

  it('Persian text on an Afghan site or declared Dari is stored as fa-AF', () => {
    const text = 'دولت امروز از افزایش قیمت بنزین در سراسر کشور خبر داد و گفت این تصمیم از هفته آینده اجرا می‌شود.';
    expect(decideLanguage(null, text, { url: 'https://www.example.af/news/1' }).language).toBe('fa-AF');
    expect(decideLanguage(null, text, { declared: ['prs'] }).language).toBe('fa-AF');
    expect(decideLanguage(null, text, { url: 'https://www.example.ir/news/1' }).language).toBe('fa');
  });

  it('a page declared Hungarian is never stored as Slovak', () => {
    const decision = decideLanguage('Orbán: megvédjük a rezsicsökkentést', 'A kormány szerint a rezsicsökkentés megmarad jövőre is.', {
      declared: ['hu'],
      url: 'https://index.hu/belfold/1',
    });
    expect(decision.language).toBe('hu');
  });

  it('tells the title language apart from the article language', () => {
    const decision = decideLanguage('Breaking news', 'Le gouvernement a annoncé jeudi une baisse des impôts sur le revenu pour l’an prochain.', {});
    expect(decision.language).toBe('fr');
    expect(decision.titleLanguage).toBe('en');
  });
});
