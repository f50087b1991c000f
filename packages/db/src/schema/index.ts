export * from './articles.js';
export * from './feeds.js';
