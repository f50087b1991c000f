import { type DetectOptions, detectLanguage } from './detect.js';

/**
 * The `polywire lang` contract: UTF-8 lines in, one JSON line out per line in, in order:
 * `{"tag":"id","confidence":0.97,"alternatives":[{"tag":"ms","confidence":0.02}]}`. An empty line
 * gives `und`, so outputs stay aligned with inputs. Accepts a byte or string stream (process.stdin)
 * or any iterable of chunks; a chunk may end in the middle of a line or of a UTF-8 sequence.
 */
export async function* detectLines(
  input: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: DetectOptions = {},
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      yield detectLine(pending.slice(0, newline), options);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  pending += decoder.decode();
  if (pending !== '') yield detectLine(pending, options);
}

/** One input line (without its newline) → one JSON line (without a newline). */
export function detectLine(line: string, options: DetectOptions = {}): string {
  const { tag, confidence, alternatives } = detectLanguage(line.replace(/\r$/, ''), options);
  return JSON.stringify({ tag, confidence, alternatives });
}
