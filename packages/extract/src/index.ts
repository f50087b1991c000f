export { type ExtractedArticle, extractArticle, htmlToText } from './extract.js';
