export { testArticle, testDuplicates } from './articles.js';
export { drivers, type OpenTestDb } from './drivers.js';
