export { type AttemptInfo, MIN_PAGE_TEXT_CHARS, processArticle } from './process-article.js';
export { DEFAULT_RETAG_BATCH, MAX_RETAG_BATCH, redecideLanguage, type RetagOptions, type RetagProgress, type RetagSummary, retagArticles } from './retag.js';
export { startArticleWorker } from './worker.js';
