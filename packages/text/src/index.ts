export { collapseWhitespace, cutText, storableText } from './text.js';
