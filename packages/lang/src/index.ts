export { normalizeLanguageTag } from './tag.js';
