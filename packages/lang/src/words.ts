import { cutText } from '@polywire/text';
import { isMark, Script, scriptOf } from './script.js';

/** Only the start of a long text is read: a few hundred words decide, and the cost stays flat. */
export const MAX_CHARS = 2000;

export interface Words {
  /** Code points of every letter, words one after another. */
  chars: Int32Array;
  /**
   * Run w of letters is chars[starts[w], starts[w + 1]), in script scripts[w]: a word, or the part of
   * a word between two combining marks (see splitWords).
   */
  starts: number[];
  scripts: Script[];
  /** Each word as written (lowercase, with its combining marks), for marker words, and its script. */
  texts: string[];
  textScripts: Script[];
  /** Letters per script. */
  letters: number[];
}

/**
 * Turkish decoded as windows-1252 instead of windows-1254 (a charset mix-up common on Turkish sites)
 * turns ı ş ğ İ Ş Ğ into ý þ ð Ý Þ Ð. Of our languages only Icelandic writes þ and ð, and Icelandic
 * text also writes á é í ó ú or æ, which Turkish never does: þ or ð without those is the tell (ý,
 * common in Czech, is left alone otherwise).
 */
const TURKISH_MOJIBAKE = /[þðÞÐ]/;
const ICELANDIC_LETTERS = /[áéíóúæÁÉÍÓÚÆ]/;
const TURKISH_REPAIR: Record<string, string> = { ý: 'ı', þ: 'ş', ð: 'ğ', Ý: 'İ', Þ: 'Ş', Ð: 'Ğ' };

/**
 * URLs, e-mail addresses and @handles: letters, but no language's words. An address starts where a run
 * without `@` or white space starts, and its parts exclude `@`: written `\S+@\S+\.\S+`, the pattern
 * tried every split of every token, and 2,000 characters of "ж@ж@…" took seconds.
 */
const NOT_WORDS = /\b(?:https?:\/\/|www\.)\S+|(?<![^\s@])[^\s@]+@[^\s@]+\.\S+|[@#]\w+/giu;

/**
 * The letters of a text as words, lowercased, with their scripts. A combining mark (a Devanagari
 * vowel sign, a virama, a tone mark) counts as a letter of its word but ends the run of letters that
 * is scored: lingua's models were trained on runs of letters (\p{L}) alone, so its Hindi model knows
 * "क्ष" as "क" and "ष", never "कष". Marks stay in `texts`.
 */
export function splitWords(text: string): Words {
  let source = cutText(text, MAX_CHARS).replace(NOT_WORDS, ' ');
  if (TURKISH_MOJIBAKE.test(source) && !ICELANDIC_LETTERS.test(source)) source = source.replace(/[ýþðÝÞÐ]/g, (char) => TURKISH_REPAIR[char] ?? char);
  const lower = source.normalize('NFC').toLowerCase();
  const chars = new Int32Array(lower.length);
  const starts: number[] = [];
  const scripts: Script[] = [];
  const texts: string[] = [];
  const textScripts: Script[] = [];
  const letters: number[] = new Array(32).fill(0);
  let length = 0;
  let current: Script = Script.None;
  let wordFrom = 0;
  let offset = 0;
  /** A mark ended the current run: the next letter starts a new one, in the same word. */
  let broken = false;
  const endWord = (at: number) => {
    if (current === Script.None) return;
    texts.push(lower.slice(wordFrom, at));
    textScripts.push(current);
  };
  for (const char of lower) {
    const code = char.codePointAt(0)!;
    const at = offset;
    offset += char.length;
    if (isMark(code)) {
      // Within the word it belongs to, and counted as one of its letters (Thai and Devanagari words are
      // half marks), but not scored.
      if (current !== Script.None) {
        letters[current]!++;
        broken = true;
      }
      continue;
    }
    const script = scriptOf(code);
    if (script === Script.None) {
      endWord(at);
      current = Script.None;
      broken = false;
      continue;
    }
    // Han and kana characters are words of their own: there are no spaces to find words by.
    if (script !== current || script === Script.Han || script === Script.Kana) {
      endWord(at);
      starts.push(length);
      scripts.push(script);
      current = script;
      wordFrom = at;
    } else if (broken) {
      starts.push(length);
      scripts.push(script);
    }
    broken = false;
    chars[length++] = code;
    letters[script]!++;
  }
  endWord(offset);
  starts.push(length);
  return { chars: chars.subarray(0, length), starts, scripts, texts, textScripts, letters };
}

