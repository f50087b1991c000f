/**
 * The layout of model/ngrams.bin, shared by scripts/build-model.ts (which writes it) and the loader.
 *
 * brotli( MAGIC · u32 header length · header JSON · n-grams as UTF-8 joined by "\n" (sorted) ·
 *         u8 posting count per n-gram · u8 language index per posting · u8 cost per posting )
 *
 * A posting's cost is −ln P(last character | the ones before it) in units of COST_STEP nats.
 */
export const MODEL_MAGIC = 'PWLANG1\n';

/** Languages with character n-gram models, in model order (a language index is a position here). */
export const MODEL_LANGUAGES = [
  // Latin script
  'bs', 'ca', 'cs', 'da', 'de', 'en', 'es', 'fi', 'fr', 'hr', 'id', 'it', 'ms', 'nb', 'nl', 'nn', 'pl', 'pt', 'sk', 'sv', 'tr', 'vi',
  // Cyrillic
  'be', 'bg', 'mk', 'ru', 'sr', 'uk',
  // Arabic script
  'ar', 'fa', 'ur',
  // Devanagari
  'hi', 'mr',
  // Han characters (unigrams only): tells Japanese written without kana from Chinese
  'ja', 'zh',
] as const;

export type ModelLanguage = (typeof MODEL_LANGUAGES)[number];

export const MAX_ORDER = 5;
export const COST_STEP = 0.06;

export interface ModelHeader {
  languages: string[];
  costStep: number;
  entries: number;
  postings: number;
  textBytes: number;
}
