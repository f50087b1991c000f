export { type ExtractedArticle, extractArticle, htmlToText } from './extract.js';
export { type ExtractFileReport, extractFile } from './extract-file.js';
export { classifyPageType, type PageType, pageTypes } from './page-type.js';
export { type PageMetadata, type ReadMetadataOptions, readMetadata } from './metadata.js';
