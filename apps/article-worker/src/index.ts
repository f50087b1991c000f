export { type AttemptInfo, MIN_PAGE_TEXT_CHARS, processArticle } from './process-article.js';
export { startArticleWorker } from './worker.js';
