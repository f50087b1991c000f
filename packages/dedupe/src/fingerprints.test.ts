import { describe, expect, it } from 'vitest';
import { duplicatePolicy } from './duplicate-policy.js';
import { articleFingerprints, MIN_FINGERPRINT_CHARS } from './fingerprints.js';
import { simhash64 } from './simhash.js';

const story =
  'The city council approved the new transport budget on Tuesday after a long debate about buses, trams and cycle lanes. '.repeat(3);

describe('articleFingerprints', () => {
  it('gives a long text its hash, SimHash and the four bands of that SimHash', () => {
    const { columns: prints, near } = articleFingerprints('Budget passes | Daily', story, 'Daily');
    expect(prints.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(prints.simhash).toBe(simhash64(story).toString(16).padStart(16, '0'));
    const bands = [prints.simhashBand0, prints.simhashBand1, prints.simhashBand2, prints.simhashBand3];
    expect(bands.map((band) => band!.toString(16).padStart(4, '0')).join('')).toBe(prints.simhash);
    expect(prints.minhash).toHaveLength(64);
    expect(near.lshBandKeys).toHaveLength(16);
    expect(near.policy).toBe(duplicatePolicy);
  });

  it('gives a short teaser no text fingerprints, only a title hash (still looked up by the policy)', () => {
    const teaser = 'Read the full story on our site.';
    expect(teaser.length).toBeLessThan(MIN_FINGERPRINT_CHARS);
    expect(articleFingerprints('A title', teaser, null)).toMatchObject({
      columns: { contentHash: null, simhash: null, simhashBand0: null, minhash: null },
      near: { lshBandKeys: [], policy: duplicatePolicy },
    });
    expect(articleFingerprints('A title', teaser, null).columns.titleHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same title on another site the same hash once the site name is stripped', () => {
    expect(articleFingerprints('Budget passes | Daily', story, 'Daily').columns.titleHash).toBe(
      articleFingerprints('Budget passes - Herald', story, 'Herald').columns.titleHash,
    );
  });
});
