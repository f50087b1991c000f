import { addArticleEvents, isDatabaseUnavailable } from '@polywire/db';
import { FetchError } from '@polywire/http';
import { articleProcess, createWorker, HostBusyError, UnrecoverableError, type Worker } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { storableText } from '@polywire/text';
import { processArticle } from './process-article.js';

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
      const result = await processArticle(runtime, payload, {
        jobId: String(job.id),
        attempt,
        lastAttempt: attempt >= (job.opts.attempts ?? attempts),
        logger: log,
      });
      runtime.metrics.articles.inc({ outcome: !result.created ? 'already_stored' : result.duplicateOf ? 'duplicate' : 'stored' });
      return result;
    },
    {
      connection: runtime.workerRedis,
      prefix: runtime.config.QUEUE_PREFIX,
      concurrency: runtime.config.ARTICLE_WORKER_CONCURRENCY,
      lockDurationMs: runtime.config.JOB_LOCK_MS,
      onError: (error) => logger.warn({ err: error.message }, 'worker connection error'),
      // PostgreSQL down: the article waits for it with all its attempts left, rather than spending them
      // (and its page fetch retries) on an outage that is not its fault. A FetchError wraps the socket
      // error of a page fetch, which must not pass for the database's.
      isOutage: (error) => !(error instanceof FetchError || error instanceof HostBusyError) && isDatabaseUnavailable(error),
      onOutage: (job, error) => {
        runtime.metrics.articles.inc({ outcome: 'outage' });
        jobLogger(job).warn({ err: (error as Error).message }, 'database unavailable: job put back');
      },
    },
  );
  // A job that will not run again leaves its reason in the article's breadcrumbs.
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? attempts);
    runtime.metrics.articles.inc({ outcome: final ? 'failed' : 'retry' });
    const log = jobLogger(job);
    log.warn({ attemptsMade: job.attemptsMade, final, err: error.message }, 'article job failed');
    if (!final) return;
    const data = job.data as { urlHash?: string; feedId?: number };
    if (!data.urlHash) return;
    addArticleEvents(runtime.db.db, [
      {
        urlHash: data.urlHash,
        kind: 'failed',
        feedId: data.feedId ?? null,
        jobId: String(job.id),
        attempt: job.attemptsMade,
        // An error message may quote a page's NULs or broken surrogates, which jsonb refuses.
        detail: { error: storableText(error.message) },
      },
    ]).catch((recordError: unknown) => log.error({ err: recordError }, 'could not record the failure'));
  });
  return worker;
}
