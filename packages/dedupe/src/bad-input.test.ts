import { PATHOLOGICAL_LIMIT_MS, PATHOLOGICAL_TEXTS as PATHOLOGICAL, timed } from '@polywire/testing';
import { describe, expect, it } from 'vitest';
import { articleFingerprints, MAX_TEXT_CHARS, MAX_TITLE_CHARS, minhashSignature, simhash64, storyKeys, titleHash } from './index.js';

// Pathological text, as a feed item or a page can carry it (issue 15: one title of a single 200,000-letter
// token blocked a worker for 25 s): each call must end well within a job's lock (PATHOLOGICAL_LIMIT_MS).

describe('bad input: pathological text', () => {
  it.each(Object.entries(PATHOLOGICAL))('storyKeys of a title and a text of %s end in time, with sane keys', (_name, input) => {
    const { value: keys, ms } = timed(() => storyKeys(input, input));
    expect(ms).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
    for (const key of keys) expect(key).toMatch(/^[npdwmac]:\S{1,40}$/u);
  });

  it.each(Object.entries(PATHOLOGICAL))('fingerprints of %s end in time and are well-formed', (_name, input) => {
    const { value, ms } = timed(() => articleFingerprints(input, input, 'Site'));
    expect(ms).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
    const { columns } = value;
    expect(columns.titleHash).toMatch(/^[0-9a-f]{64}$/);
    // A text of nothing but separators or marks normalizes to nothing: no text fingerprint, no error.
    if (columns.contentHash !== null) expect(columns.contentHash).toMatch(/^[0-9a-f]{64}$/);
    if (columns.simhash !== null) expect(columns.simhash).toMatch(/^[0-9a-f]{16}$/);
    if (columns.minhash !== null) expect(columns.minhash).toHaveLength(64);
  });

  it.each(Object.entries(PATHOLOGICAL))('simhash, minhash and title hash of the whole of %s end in time', (_name, input) => {
    const { ms } = timed(() => [simhash64(input), minhashSignature(input), titleHash(input, 'Site')]);
    expect(ms).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
  });
});

describe('limits', () => {
  it('fingerprints only the start of a text longer than MAX_TEXT_CHARS', () => {
    const start = 'A wire story about the harbour, told at length. '.repeat(MAX_TEXT_CHARS / 48 + 1);
    const a = articleFingerprints('T', `${start}ending one`, null).columns;
    const b = articleFingerprints('T', `${start}another ending`, null).columns;
    expect(a.contentHash).toBe(b.contentHash);
    expect(a.simhash).toBe(b.simhash);
  });

  it('reads story keys from the first MAX_TITLE_CHARS of a title and MAX_TEXT_CHARS of a text', () => {
    const filler = 'x '.repeat(MAX_TEXT_CHARS);
    expect(storyKeys('t', `${filler} 1234 people`).has('n:1234')).toBe(false);
    expect(storyKeys(`${'y '.repeat(MAX_TITLE_CHARS)} 4321 people`, '').has('n:4321')).toBe(false);
    expect(storyKeys('t', '1234 people').has('n:1234')).toBe(true);
  });
});
