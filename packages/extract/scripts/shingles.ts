/**
 * The article-extraction benchmark's metric, as its evaluate.py computes it (Scrapinghub's
 * article-extraction-benchmark, `string_shingle_matching` and `metrics_from_tp_fp_fns`).
 *
 * Tokens: Python's `re.findall(r'\w+', text)` on a str pattern, where `\w` is a character for which
 * `str.isalnum()` is true (Unicode categories L* and N*) or `_`. Here that is `[\p{L}\p{N}_]+` with the `u`
 * flag: combining marks (M*) are word characters in neither, so Devanagari or Arabic text splits at the same
 * vowel signs in both. Tokens keep their case (IGNORECASE only affects matching, not what findall returns).
 * Shingles: runs of 4 consecutive tokens, as a multiset; a text of 1–3 tokens is a single shorter shingle,
 * an empty text has none.
 */

const TOKEN = /[\p{L}\p{N}_]+/gu;
const SHINGLE_SIZE = 4;

export interface PageCounts {
  /** True positives, false positives and false negatives, divided by their sum (so each page weighs the same). */
  tp: number;
  fp: number;
  fn: number;
}

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function shingles(text: string): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  // evaluate.py: range(0, max(1, len(tokens) - n + 1)), skipping the empty shingle of an empty text.
  const last = Math.max(1, tokens.length - SHINGLE_SIZE + 1);
  for (let index = 0; index < last; index++) {
    const shingle = tokens.slice(index, index + SHINGLE_SIZE);
    if (shingle.length === 0) continue;
    // A space never occurs inside a token, so joined shingles are distinct exactly when the tuples are.
    const key = shingle.join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function compareTexts(truth: string, prediction: string): PageCounts {
  const expected = shingles(truth);
  const predicted = shingles(prediction);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, expectedCount] of expected) {
    const predictedCount = predicted.get(key) ?? 0;
    tp += Math.min(expectedCount, predictedCount);
    fn += Math.max(0, expectedCount - predictedCount);
  }
  for (const [key, predictedCount] of predicted) fp += Math.max(0, predictedCount - (expected.get(key) ?? 0));
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp, fp, fn };
}

function precisionOf({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

function recallOf({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

/** One page's F1 (for listing bad pages; the benchmark's F1 is computed from the averages). */
export function pageF1(counts: PageCounts): number {
  const precision = precisionOf(counts);
  const recall = recallOf(counts);
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/**
 * Precision is averaged over the pages with a prediction (tp + fp > 0), recall over the pages with a
 * truth (tp + fn > 0), as evaluate.py does; F1 is the harmonic mean of the two averages.
 */
export function summarize(pages: PageCounts[]): { f1: number; precision: number; recall: number } {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const precision = mean(pages.filter(({ tp, fp }) => tp + fp > 0).map(precisionOf));
  const recall = mean(pages.filter(({ tp, fn }) => tp + fn > 0).map(recallOf));
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall };
}
