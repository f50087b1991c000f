export { testArticle, testDuplicates } from './articles.js';
export { drivers, type OpenTestDb, useTestDb } from './drivers.js';
