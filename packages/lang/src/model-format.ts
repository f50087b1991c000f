/**
 * The layout of model/ngrams.bin, shared by scripts/build-model.ts (which writes it) and the loader.
 *
 * brotli( MAGIC · u32 header length · header JSON (padded with spaces to an even length) ·
 *         u8 entry count per bucket · u16 check per entry · u8 posting count per entry ·
 *         u8 language index per posting · u8 cost per posting )
 *
 * An entry is an n-gram, identified by two hashes of it (see model.ts): the top `bucketBits` bits of
 * the first pick its bucket, the top 16 bits of the second are its check. Entries are stored bucket
 * by bucket, so the loader only sums counts to find them: no n-gram text to decode or hash at start.
 * A posting's cost is −ln P(last character | the ones before it) in units of `costStep` nats. The
 * header names the models (a language index is a position in `languages`) and, per model, the
 * typical cost per letter of text in its own language (see `typicalCost`).
 */
export const MODEL_MAGIC = 'PWLANG3\n';

export const MAX_ORDER = 5;
export const COST_STEP = 0.06;

export interface ModelHeader {
  /** Model keys: a stored tag (`hu`, `uz-Latn`), or `sr` and `zh`, whose models serve two tags each. */
  languages: string[];
  costStep: number;
  entries: number;
  postings: number;
  bucketBits: number;
  /**
   * Mean cost (nats) per scored letter of running text in the model's own language, measured by the
   * build on text the model was not trained on (the UDHR for lingua's models, held-out UDHR
   * paragraphs for the ones trained here). The detector compares a text's cost with it to tell text in
   * a language it does not know from text in one it does.
   */
  typicalCost: Record<string, number>;
  /** Where each model comes from: `lingua` or `udhr`. */
  sources: Record<string, string>;
}
