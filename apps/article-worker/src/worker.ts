import { addArticleEvents } from '@polywire/db';
import { articleProcess, createWorker, UnrecoverableError, type Worker } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { processArticle } from './process-article.js';

export function startArticleWorker(runtime: Runtime): Worker {
  const logger = runtime.logger.child({ component: 'article-worker' });
  const attempts = articleProcess.options.attempts;
  const worker = createWorker(
    articleProcess,
    async (payload, job) => {
      const attempt = job.attemptsMade + 1;
      const result = await processArticle(runtime, payload, {
        jobId: String(job.id),
        attempt,
        lastAttempt: attempt >= (job.opts.attempts ?? attempts),
      });
      logger.debug({ jobId: job.id, ...result }, result.created ? 'article stored' : 'article already stored');
      return result;
    },
    {
      connection: runtime.workerRedis,
      prefix: runtime.config.QUEUE_PREFIX,
      concurrency: runtime.config.ARTICLE_WORKER_CONCURRENCY,
      lockDurationMs: runtime.config.JOB_LOCK_MS,
    },
  );
  // A job that will not run again leaves its reason in the article's breadcrumbs.
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? attempts);
    logger.warn({ jobId: job.id, attemptsMade: job.attemptsMade, final, err: error.message }, 'article job failed');
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
        detail: { error: error.message },
      },
    ]).catch((recordError: unknown) => logger.error({ err: recordError }, 'could not record the failure'));
  });
  return worker;
}
