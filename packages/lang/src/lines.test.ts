import { describe, expect, it } from 'vitest';
import { detectLine, detectLines } from './lines.js';

async function collect(input: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>, options = {}) {
  const out: unknown[] = [];
  for await (const line of detectLines(input, options)) out.push(JSON.parse(line));
  return out as { tag: string; confidence: number; alternatives: { tag: string; confidence: number }[] }[];
}

describe('detectLines', () => {
  it('prints one JSON object per input line, in order, with the CLI contract keys', async () => {
    const results = await collect(['The government raised taxes on Monday.\nDie Regierung hat die Steuern erhöht.\n']);
    expect(results.map((r) => r.tag)).toEqual(['en', 'de']);
    for (const result of results) expect(Object.keys(result)).toEqual(['tag', 'confidence', 'alternatives']);
  });

  it('keeps lines aligned: an empty line gives und, CRLF and a missing final newline are handled', async () => {
    const results = await collect(['Le gouvernement a annoncé une baisse des impôts.\r\n\r\nLa Generalitat ha aprovat els pressupostos.']);
    expect(results.map((r) => r.tag)).toEqual(['fr', 'und', 'ca']);
  });

  it('reassembles lines and UTF-8 sequences split across chunks (as stdin delivers them)', async () => {
    const bytes = new TextEncoder().encode('Правительство России объявило о повышении пенсий.\n国务院总理今天在北京会见了代表团\n');
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 40), bytes.subarray(40, 101), bytes.subarray(101)];
    async function* stream() {
      for (const chunk of chunks) yield chunk;
    }
    expect((await collect(stream())).map((r) => r.tag)).toEqual(['ru', 'zh-Hans']);
  });

  it('passes the hints to every line', async () => {
    const results = await collect(['Harga beras di pasar naik.\n'], { hints: { tld: 'my' } });
    expect(results[0]?.tag).toBe('ms');
  });

  it('detectLine gives the JSON of one line', () => {
    expect(JSON.parse(detectLine(''))).toEqual({ tag: 'und', confidence: 0, alternatives: [] });
  });
});
