export { createDb, type Database, DatabaseInUseError, type DbHandle, type DbOptions, isDatabaseUnavailable } from './client.js';
export * from './queries/store-article.js';
export * from './queries/duplicates.js';
export * from './queries/list-articles.js';
export * from './queries/feeds.js';
export * from './schema/index.js';
export * from './queries/clusters.js';
export * from './queries/stories.js';
export * from './queries/feed-keys.js';
export { allSearchConfigs, bigramText, searchConfigFor, searchConfigs } from './queries/search.js';
export { pruneArticleContent } from './queries/retention.js';
export {
  type ArticleLanguages,
  type ArticleToRetag,
  countArticlesToRetag,
  listArticlesToRetag,
  type RetagSelection,
  updateArticleLanguages,
} from './queries/retag.js';
