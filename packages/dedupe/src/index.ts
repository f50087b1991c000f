export { canonicalizeUrl, urlHash } from './canonical-url.js';
