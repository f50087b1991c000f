export { limitTagNesting, type TagNestingRules } from './nesting.js';
export { collapseWhitespace, cutText, storableText } from './text.js';
