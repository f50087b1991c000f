export { normalizeAuthors } from './metadata/authors.js';
export { parseDate } from './metadata/dates.js';
export { parseJsonLd } from './metadata/json-ld.js';
export { type PageMetadata, type ReadMetadataOptions, readMetadata } from './metadata/read.js';
