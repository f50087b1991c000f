import { describe, expect, it } from 'vitest';
import { chineseStory, chineseUnrelated, unrelatedStory, wireStory } from './fixtures/articles.js';
import { fromSignedInt64, hammingDistance, isUnspacedScript, simhash64, simhashBands, toSignedInt64 } from './simhash.js';

const withChrome = (text: string) => `Skip to main content\nSubscribe\n${text}\nShare this article\nRead more: Climate`;

describe('simhash64', () => {
  it('gives identical (normalized) texts distance 0', () => {
    expect(hammingDistance(simhash64(wireStory), simhash64(wireStory))).toBe(0);
    expect(simhash64(wireStory)).toBe(simhash64(wireStory.toUpperCase().replace(/\n/g, '\n\n')));
  });

  it('keeps a syndicated copy with other page chrome within 3 bits', () => {
    expect(hammingDistance(simhash64(wireStory), simhash64(withChrome(wireStory)))).toBeLessThanOrEqual(3);
  });

  it('keeps a copy with a sentence rewritten close', () => {
    const edited = wireStory.replace(
      '"This is not the treaty we wanted, but it is a treaty we can build on," said',
      '"We have a basis to work from," said',
    );
    expect(hammingDistance(simhash64(wireStory), simhash64(edited))).toBeLessThanOrEqual(3);
  });

  it('keeps a lightly edited copy closer than unrelated texts', () => {
    const edited = wireStory.replace('ending two weeks of talks', 'concluding two weeks of negotiations');
    expect(hammingDistance(simhash64(wireStory), simhash64(edited))).toBeLessThanOrEqual(6);
  });

  it('puts unrelated texts far apart', () => {
    expect(hammingDistance(simhash64(wireStory), simhash64(unrelatedStory))).toBeGreaterThanOrEqual(20);
  });

  it('uses character shingles for CJK text and behaves the same', () => {
    expect(isUnspacedScript(chineseStory)).toBe(true);
    expect(isUnspacedScript(wireStory)).toBe(false);
    const base = simhash64(chineseStory);
    expect(hammingDistance(base, simhash64(chineseStory))).toBe(0);
    expect(hammingDistance(base, simhash64(`首页 新闻 ${chineseStory} 分享到微信`))).toBeLessThanOrEqual(3);
    expect(hammingDistance(base, simhash64(chineseStory.replace('环保团体对协议表示谨慎欢迎', '环保组织对协议表示欢迎')))).toBeLessThanOrEqual(3);
    expect(hammingDistance(base, simhash64(chineseUnrelated))).toBeGreaterThanOrEqual(20);
  });

  it('hashes short and empty texts', () => {
    expect(simhash64('')).toBe(0n);
    expect(simhash64('…')).toBe(0n);
    expect(simhash64('two words')).not.toBe(0n);
    expect(simhash64('two words')).not.toBe(simhash64('other words'));
    const hash = simhash64(wireStory);
    expect(hash >= 0n && hash < 1n << 64n).toBe(true);
  });
});

describe('hammingDistance', () => {
  it('counts differing bits of unsigned and signed values', () => {
    expect(hammingDistance(0n, 0n)).toBe(0);
    expect(hammingDistance(0n, (1n << 64n) - 1n)).toBe(64);
    expect(hammingDistance(0b1011n, 0b0001n)).toBe(2);
    expect(hammingDistance(-1n, 0n)).toBe(64);
    expect(hammingDistance(1n << 63n, 0n)).toBe(1);
  });
});

describe('simhashBands', () => {
  it('cuts 64 bits into 4 bands of 16, most significant first', () => {
    expect(simhashBands(0x0001_0002_0003_0004n)).toEqual([1, 2, 3, 4]);
    expect(simhashBands((1n << 64n) - 1n)).toEqual([65535, 65535, 65535, 65535]);
    expect(simhashBands(0x0102_0304_0506_0708n, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(simhashBands(0xffff_ffff_0000_0001n, 2)).toEqual([4294967295, 1]);
    expect(() => simhashBands(1n, 5)).toThrow(RangeError);
  });

  it('shares a band between any two hashes within distance 3', () => {
    const base = simhash64(wireStory);
    for (let trial = 0; trial < 200; trial++) {
      let other = base;
      for (let flip = 0; flip < 3; flip++) other ^= 1n << BigInt((trial * 7 + flip * 29) % 64);
      const a = simhashBands(base);
      const b = simhashBands(other);
      expect(a.some((band, index) => band === b[index])).toBe(true);
    }
  });
});

describe('signed 64-bit conversion', () => {
  it('round-trips through the range of a PostgreSQL bigint', () => {
    for (const hash of [0n, 1n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n, simhash64(wireStory)]) {
      const signed = toSignedInt64(hash);
      expect(signed >= -(1n << 63n) && signed < 1n << 63n).toBe(true);
      expect(fromSignedInt64(signed)).toBe(hash);
      expect(fromSignedInt64(signed.toString())).toBe(hash);
    }
    expect(toSignedInt64((1n << 64n) - 1n)).toBe(-1n);
  });
});
