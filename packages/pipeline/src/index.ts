// The pipeline's steps, called by the workers, the dashboard, the CLI and the bench alike.
export { enqueueDueFeeds, enqueueFeedNow, FEED_CLAIM_LEASE_SECONDS } from './enqueue-feeds.js';
export { type AttemptInfo, type IngestFailure, ingestArticle, isArticleIngestOutage, recordIngestFailure } from './ingest-article.js';
export { articlePayload, isFeedRefreshOutage, type RefreshFeedResult, refreshFeed } from './refresh-feed.js';
export {
  DEFAULT_RETAG_BATCH,
  MAX_RETAG_BATCH,
  redecideLanguage,
  type RetagOptions,
  type RetagProgress,
  type RetagSummary,
  retagArticles,
} from './retag.js';
export { type Retention, type RetentionOptions, startRetention } from './retention.js';
export { type PipelineWorkerOptions, pipelineWorkerOptions } from './worker-options.js';
