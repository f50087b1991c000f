import { ingestArticle, isArticleIngestOutage, pipelineWorkerOptions, recordIngestFailure } from '@polywire/pipeline';
import { articleProcess, createWorker, UnrecoverableError, type Worker } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';

export function startArticleWorker(runtime: Runtime): Worker {
  const logger = runtime.logger.child({ component: 'article-worker' });
  const attempts = articleProcess.options.attempts;
  // Every line about one article carries its job id and URL hash, so `grep <urlHash>` follows it
  // through the feed worker's enqueue, each attempt here, and its breadcrumbs in the database.
  const jobLogger = (job: { id?: string | undefined; data: unknown }) => {
    const data = job.data as { urlHash?: string; feedId?: number };
    return logger.child({ jobId: job.id, urlHash: data.urlHash, feedId: data.feedId });
  };
  const worker = createWorker(
    articleProcess,
    async (payload, job) => {
      const attempt = job.attemptsMade + 1;
      const log = jobLogger(job).child({ attempt });
      const result = await ingestArticle(runtime, payload, {
        jobId: String(job.id),
        attempt,
        lastAttempt: attempt >= (job.opts.attempts ?? attempts),
        logger: log,
      });
      runtime.metrics.articles.inc({ outcome: !result.created ? 'already_stored' : result.duplicateOf ? 'duplicate' : 'stored' });
      return result;
    },
    pipelineWorkerOptions(runtime, {
      logger,
      concurrency: runtime.config.ARTICLE_WORKER_CONCURRENCY,
      isOutage: isArticleIngestOutage,
      onOutage: (job, error) => {
        runtime.metrics.articles.inc({ outcome: 'outage' });
        jobLogger(job).warn({ err: (error as Error).message }, 'database unavailable: job put back');
      },
    }),
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? attempts);
    runtime.metrics.articles.inc({ outcome: final ? 'failed' : 'retry' });
    const log = jobLogger(job);
    log.warn({ attemptsMade: job.attemptsMade, final, err: error.message }, 'article job failed');
    const data = job.data as { urlHash?: string; feedId?: number };
    if (!final || !data.urlHash) return;
    recordIngestFailure(runtime.db.db, {
      urlHash: data.urlHash,
      feedId: data.feedId ?? null,
      jobId: String(job.id),
      attempt: job.attemptsMade,
      error: error.message,
    }).catch((recordError: unknown) => log.error({ err: recordError }, 'could not record the failure'));
  });
  return worker;
}
