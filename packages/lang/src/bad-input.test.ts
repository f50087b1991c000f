import { PATHOLOGICAL_LIMIT_MS, PATHOLOGICAL_TEXTS, timed } from '@polywire/testing';
import { describe, expect, it } from 'vitest';
import { decideLanguage } from './decide.js';
import { detectLanguage } from './detect.js';
import { SUPPORTED_LANGUAGES } from './languages.js';
import { detectLines } from './lines.js';

// Pathological text, as a feed item or a page can carry it (issue 15): each call must end well within a
// job's lock (PATHOLOGICAL_LIMIT_MS).

const TAGS = new Set([...SUPPORTED_LANGUAGES.map((language) => language.tag), 'und']);

describe('bad input: pathological text', () => {
  it.each(Object.entries(PATHOLOGICAL_TEXTS))('detectLanguage of %s ends in time with a known tag', (_name, input) => {
    const { value, ms } = timed(() => detectLanguage(input));
    expect(ms).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
    expect(TAGS).toContain(value.tag);
    expect(value.confidence).toBeGreaterThanOrEqual(0);
    expect(value.confidence).toBeLessThanOrEqual(1);
  });

  it.each(Object.entries(PATHOLOGICAL_TEXTS))('decideLanguage of a title and a text of %s ends in time', (_name, input) => {
    const { value, ms } = timed(() => decideLanguage(input, input, { declared: ['en'], url: 'https://news.example.com/' }));
    expect(ms).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
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
    expect(performance.now() - start).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('de');
  });
});
