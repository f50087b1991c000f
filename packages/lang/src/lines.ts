import { type DetectOptions, detectLanguage } from './detect.js';
import { MAX_CHARS } from './words.js';

/**
 * How much of one input line is kept: the detector reads the first MAX_CHARS characters of a text, and
 * one more keeps a trailing `\r` from being mistaken for the line's last character.
 */
const MAX_LINE_CHARS = MAX_CHARS + 1;

/**
 * The `polywire lang` contract: UTF-8 lines in, one JSON line out per line in, in order:
 * `{"tag":"id","confidence":0.97,"alternatives":[{"tag":"ms","confidence":0.02}]}`. An empty line
 * gives `und`, so outputs stay aligned with inputs. Accepts a byte or string stream (process.stdin)
 * or any iterable of chunks; a chunk may end in the middle of a line or of a UTF-8 sequence.
 *
 * Each chunk is searched for line breaks once, and a line keeps only what the detector reads: gluing
 * chunks onto a pending line and searching it again from its start made one line of megabytes cost
 * the square of its length (an 8 MB line took seconds).
 */
export async function* detectLines(
  input: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: DetectOptions = {},
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  let pending = '';
  const keep = (piece: string) => {
    if (pending.length < MAX_LINE_CHARS) pending += piece.length > MAX_LINE_CHARS ? piece.slice(0, MAX_LINE_CHARS) : piece;
  };
  const take = () => {
    const line = pending;
    pending = '';
    return line;
  };
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
      keep(text.slice(from, newline));
      yield detectLine(take(), options);
      from = newline + 1;
    }
    keep(text.slice(from));
  }
  keep(decoder.decode());
  if (pending !== '') yield detectLine(take(), options);
}

/** One input line (without its newline) → one JSON line (without a newline). */
export function detectLine(line: string, options: DetectOptions = {}): string {
  const { tag, confidence, alternatives } = detectLanguage(line.replace(/\r$/, ''), options);
  return JSON.stringify({ tag, confidence, alternatives });
}
