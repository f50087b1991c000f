export { type Scheduler, startScheduler } from './scheduler.js';
export { startFeedWorker } from './worker.js';
