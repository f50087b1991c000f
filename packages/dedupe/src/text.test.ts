import { describe, expect, it } from 'vitest';
import { contentHash, normalizeText, normalizeTitle, titleHash } from './text.js';

describe('normalizeText', () => {
  it.each([
    ['  Hello,   World!\n\nSecond line. ', 'hello world second line'],
    ['ＦＵＬＬ－ＷＩＤＴＨ １２３', 'full width 123'],
    ['Straße STRASSE', 'strasse strasse'],
    ['ΟΔΥΣΣΕΥΣ Οδυσσεύς', 'οδυσσευσ οδυσσεύσ'],
    ['İSTANBUL istanbul', 'istanbul istanbul'],
    ['Price: 1,200.50 €', 'price 1 200 50'],
    ['«Путин» — заявил', 'путин заявил'],
    ['東京、大阪。', '東京 大阪'],
    ['ﬁnance', 'finance'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe('contentHash', () => {
  it('ignores spacing, case and punctuation, not words or digits', () => {
    expect(contentHash('The talks resumed.\n\nThey ended at 4 a.m.')).toBe(contentHash('the talks resumed — they ended at 4 a m'));
    expect(contentHash('The talks resumed at 4')).not.toBe(contentHash('The talks resumed at 5'));
    expect(contentHash('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('normalizeTitle', () => {
  it.each([
    ['Ukraine talks resume in Geneva | The Guardian', 'ukraine talks resume in geneva'],
    ['Ukraine talks resume in Geneva - BBC News', 'ukraine talks resume in geneva'],
    ['Selenskyj trifft Macron in Paris – DER SPIEGEL', 'selenskyj trifft macron in paris'],
    ['Guerre en Ukraine : les négociations reprennent — Le Monde', 'guerre en ukraine les négociations reprennent'],
    ['Brexit - what happens next for the long negotiations', 'brexit what happens next for the long negotiations'],
    ['No separator here', 'no separator here'],
    ['Short | A much longer site name than the actual title of it', 'short a much longer site name than the actual title of it'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeTitle(input)).toBe(expected);
  });

  it('strips a known site name at either end', () => {
    expect(normalizeTitle('El País | La guerra en Ucrania', 'El País')).toBe('la guerra en ucrania');
    expect(normalizeTitle('La guerra en Ucrania - El País', 'El País')).toBe('la guerra en ucrania');
  });

  it('hashes the same story under two sites alike', () => {
    expect(titleHash('Talks resume in Geneva | Site A')).toBe(titleHash('Talks resume in Geneva - Site B News'));
    expect(titleHash('Talks resume in Geneva')).not.toBe(titleHash('Talks collapse in Geneva'));
  });
});
