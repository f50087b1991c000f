export { CLEAR_TEXT_CONFIDENCE, decideLanguage, LANGUAGE_MODEL_VERSION, type LanguageDecision, type LanguageSources, supportedDeclaredTag } from './decide.js';
export { type DetectOptions, detectLanguage, type LanguageDetection, type LanguageGuess, type LanguageHints, UNDETERMINED } from './detect.js';
export { languageName, SUPPORTED_LANGUAGES, type SupportedLanguage, supportedLanguage } from './languages.js';
export { detectLine, detectLines } from './lines.js';
export { normalizeLanguageTag } from './tag.js';
export { languagesForTld } from './tld.js';
