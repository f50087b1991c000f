import { afterAll, describe, expect, it } from 'vitest';
import { closeJapaneseNames, isJapanese, japaneseNameReadings, MAX_READING_CHARS } from './japanese-names.js';
import { matchingKey, storyKeys, storySimilarity } from './story.js';

// A fictional event, written for this test: a Japanese report and its English version.
const japaneseTitle = '浜松市の橋が崩落、7人死亡';
const japanese =
  '静岡県浜松市で14日、天竜川にかかる道路橋が崩落し、7人が死亡、38人がけがをした。鈴木健一知事が記者会見で明らかにした。' +
  '橋は1974年に建設され、1日約1万2500台が通行していた。県警は施工業者の高橋誠社長から事情を聴いている。';
const englishTitle = 'Bridge collapse in Hamamatsu kills 7';
const english =
  'A road bridge over the Tenryu river collapsed in Hamamatsu, in Shizuoka prefecture, on the 14th, killing 7 people and injuring 38, ' +
  'governor Kenichi Suzuki told reporters. The bridge, built in 1974, carried about 12,500 vehicles a day. ' +
  'Police questioned Makoto Takahashi, the president of the company that built it.';

describe('japaneseNameReadings', () => {
  afterAll(closeJapaneseNames);

  it('reads the names a Japanese text writes in kanji, and leaves countries and katakana words to other rules', async () => {
    const readings = await japaneseNameReadings(`${japaneseTitle}\n${japanese}\n米国のトランプ氏`);
    expect(readings).toEqual(expect.arrayContaining(['ハママツ', 'シズオカ', 'スズキ', 'タカハシ']));
    expect(readings).not.toContain('ベイコク');
    expect(readings).not.toContain('トランプ');
  });

  it('gives the Japanese report name keys its English version meets', async () => {
    const readings = await japaneseNameReadings(`${japaneseTitle}\n${japanese}`);
    const withReadings = storyKeys(japaneseTitle, japanese, 'ja', readings);
    const withoutReadings = storyKeys(japaneseTitle, japanese, 'ja');
    const englishKeys = storyKeys(englishTitle, english, 'en');
    const englishNames = new Set([...englishKeys].map(matchingKey).filter((key) => key.startsWith('w:')));
    const sharedNames = [...withReadings].filter((key) => key.startsWith('w:') && englishNames.has(key));
    // Hamamatsu, Shizuoka, Suzuki, Kenichi, Takahashi, Makoto.
    expect(sharedNames.length).toBeGreaterThanOrEqual(4);
    expect([...withoutReadings].filter((key) => englishNames.has(matchingKey(key)) && key.startsWith('w:'))).toEqual([]);
    expect(storySimilarity(withReadings, englishKeys)).toBeGreaterThan(0.5);
  });

  it('reads nothing in text that is not Japanese (Chinese has no hiragana)', async () => {
    expect(isJapanese('习近平主席在北京会见了普京总统，双方讨论了合作问题。')).toBe(false);
    expect(await japaneseNameReadings('习近平主席在北京会见了普京总统，双方讨论了合作问题。')).toEqual([]);
    expect(await japaneseNameReadings(english)).toEqual([]);
  });

  it('starts its analyser again after it was ended (as it ends by itself when idle), and answers requests side by side', async () => {
    await japaneseNameReadings(japanese);
    await closeJapaneseNames();
    const [first, second] = await Promise.all([japaneseNameReadings(japanese), japaneseNameReadings('東京都の高橋さんは、新しい計画について話しました。')]);
    expect(first).toContain('スズキ');
    expect(second).toEqual(expect.arrayContaining(['トウキョウ', 'タカハシ']));
    expect(second).not.toContain('スズキ');
  });

  it('reads a text made to be hostile (one run of katakana or kanji far longer than any sentence) in bounded pieces', async () => {
    // Read whole, the analyser's cost grows with the square of such a run: 20,000 katakana exhausted a 4 GB heap.
    const hostile = `静岡県の鈴木さんは、これから長い文章を読みます。${'ア'.repeat(MAX_READING_CHARS)}${'漢'.repeat(MAX_READING_CHARS)}`;
    expect(isJapanese(hostile)).toBe(true);
    expect(await japaneseNameReadings(hostile)).toEqual(expect.arrayContaining(['シズオカ', 'スズキ']));
  });
});
