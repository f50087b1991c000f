export { startArticleWorker } from './worker.js';
