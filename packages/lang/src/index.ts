export { type DetectOptions, detectLanguage, type LanguageDetection, type LanguageGuess, type LanguageHints, UNDETERMINED } from './detect.js';
export { detectLine, detectLines } from './lines.js';
export { normalizeLanguageTag } from './tag.js';
export { languagesForTld } from './tld.js';
