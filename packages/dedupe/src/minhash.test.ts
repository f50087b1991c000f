import { describe, expect, it } from 'vitest';
import { estimatedJaccard, LSH_BANDS, lshBandKeys, minhashSignature, NEAR_COPY_JACCARD, signatureToInts } from './minhash.js';

const body = [
  'A magnitude 6.4 earthquake struck the eastern province early on Saturday, killing at least 14 people and injuring more than 230, the disaster agency said.',
  'The quake hit at 04:12 local time at a depth of about nine kilometres, and was felt in neighbouring provinces, where residents ran into the streets.',
  'Rescue teams were searching collapsed buildings in three districts, and the interior minister said tents and field kitchens were being sent to the region.',
  'Schools in the province will stay closed for a week while engineers inspect the buildings, the governor told reporters at a news conference.',
].join('\n');

describe('MinHash', () => {
  it('estimates the same text at 1 and unrelated texts near 0', () => {
    const a = minhashSignature(body)!;
    expect(estimatedJaccard(a, minhashSignature(body)!)).toBe(1);
    const other = minhashSignature('The central bank cut its main interest rate by a quarter point on Thursday, citing slowing inflation and weak exports, and signalled further cuts next year.')!;
    expect(estimatedJaccard(a, other)).toBeLessThan(0.1);
  });

  it('sees a copy with other chrome and a light edit as a near copy sharing an LSH band', () => {
    const copy = `By Wire Staff\n3 October 2026\n${body.replace('more than 230', 'more than 240')}\nAdvertisement\nShare this article`;
    const a = minhashSignature(body)!;
    const b = minhashSignature(copy)!;
    expect(estimatedJaccard(a, b)).toBeGreaterThanOrEqual(NEAR_COPY_JACCARD);
    const keysA = lshBandKeys(a);
    const keysB = lshBandKeys(b);
    expect(keysA).toHaveLength(LSH_BANDS);
    expect(keysA.some((key, band) => key === keysB[band])).toBe(true);
  });

  it('works on text without spaces between words', () => {
    const zh = '土耳其东部省份周六凌晨发生6.4级地震，造成至少14人死亡、230多人受伤。救援人员正在三个区的倒塌建筑中搜寻幸存者。';
    expect(estimatedJaccard(minhashSignature(zh)!, minhashSignature(`${zh}广告`)!)).toBeGreaterThan(0.7);
  });

  it('gives empty text no signature, and signatures fit signed integer columns', () => {
    expect(minhashSignature('  ')).toBeNull();
    for (const value of signatureToInts(minhashSignature(body)!)) {
      expect(value).toBeGreaterThanOrEqual(-(2 ** 31));
      expect(value).toBeLessThan(2 ** 31);
    }
  });
});
