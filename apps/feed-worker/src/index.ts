export { articlePayload, type FeedFetchOutcome, fetchFeed } from './fetch-feed.js';
export { FEED_CLAIM_LEASE_SECONDS, type Scheduler, startScheduler } from './scheduler.js';
export { startFeedWorker } from './worker.js';
export { type Retention, type RetentionOptions, startRetention } from './retention.js';
