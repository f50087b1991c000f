import { describe, expect, it } from 'vitest';
import { decideLanguage } from './decide.js';
import { detectLanguage } from './detect.js';
import { SUPPORTED_LANGUAGES } from './languages.js';
import { detectLines } from './lines.js';

/*
 * Pathological text, as a feed item or a page can carry it (issue 15). Each call must end well within a
 * job's lock: the limit catches a cost that grows with the square (or cube) of the input, which takes
 * minutes at these sizes; it is generous for a slow, loaded machine and measures nothing finer.
 */
const LIMIT_MS = 5_000;
const LONG = 200_000;

const PATHOLOGICAL: Record<string, string> = {
  'latin token': 'a'.repeat(LONG),
  'cyrillic token': 'ж'.repeat(LONG),
  'han token': '中'.repeat(LONG),
  'thai token': 'ก'.repeat(LONG),
  'emoji (surrogate pairs)': '😀'.repeat(LONG),
  'combining marks': `e${'\u0301'.repeat(LONG)}`,
  'letters and at signs': 'ж@'.repeat(LONG / 2),
  'at signs': '@'.repeat(LONG),
  'letters and dots': 'ж.'.repeat(LONG / 2),
  'an address-like token': `a@${'b'.repeat(LONG)}`,
  'URL-like tokens': 'www.a'.repeat(LONG / 5),
  'hashtags': '#a'.repeat(LONG / 2),
  'spaces': ` ${' '.repeat(LONG)}a`,
  'punctuation': '.,;:!?'.repeat(LONG / 6),
  'mixed scripts': 'aж中1.λก'.repeat(LONG / 7),
  'many words': 'the government said on monday '.repeat(LONG / 30),
};

const TAGS = new Set([...SUPPORTED_LANGUAGES.map((language) => language.tag), 'und']);

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

describe('bad input: pathological text', () => {
  it.each(Object.entries(PATHOLOGICAL))('detectLanguage of %s ends in time with a known tag', (_name, input) => {
    const { value, ms } = timed(() => detectLanguage(input));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(TAGS).toContain(value.tag);
    expect(value.confidence).toBeGreaterThanOrEqual(0);
    expect(value.confidence).toBeLessThanOrEqual(1);
  });

  it.each(Object.entries(PATHOLOGICAL))('decideLanguage of a title and a text of %s ends in time', (_name, input) => {
    const { value, ms } = timed(() => decideLanguage(input, input, { declared: ['en'], url: 'https://news.example.com/' }));
    expect(ms).toBeLessThan(LIMIT_MS);
    if (value.language !== null) expect(TAGS).toContain(value.language);
  });

  it('still finds the language of text that starts with a long address', () => {
    expect(detectLanguage(`${'ж@'.repeat(20)} The government raised taxes on Monday after a long debate in parliament.`).tag).toBe('en');
  });

  it('reads a 16 MB line that arrives in 64 KB chunks in time, and the lines after it', async () => {
    const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
    async function* stream() {
      for (let index = 0; index < 256; index++) yield chunk;
      yield '\nDie Regierung hat die Steuern erhöht.\n';
    }
    const start = performance.now();
    const lines: string[] = [];
    for await (const line of detectLines(stream())) lines.push(JSON.parse(line).tag);
    expect(performance.now() - start).toBeLessThan(LIMIT_MS);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('de');
  });
});
