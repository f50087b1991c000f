export * from './articles.js';
export * from './feeds.js';
export * from './clusters.js';
