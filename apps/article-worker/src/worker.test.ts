import { listArticleEvents, upsertFeed } from '@polywire/db';
import { canonicalizeUrl, urlHash } from '@polywire/dedupe';
import { type ArticleProcessPayload, enqueueArticles } from '@polywire/queue';
import { createTestRuntime } from '@polywire/runtime/testing';
import { startHttpServer, waitFor } from '@polywire/testing';
import { describe, expect, it } from 'vitest';
import { startArticleWorker } from './worker.js';

const story = 'The council met on Tuesday evening to discuss the budget for the coming year, and after a long debate agreed on most points. '.repeat(3);

describe('article worker', () => {
  it('stores the article of a job, and leaves the reason of a job that failed for good in its breadcrumbs', async () => {
    const runtime = await createTestRuntime();
    const server = await startHttpServer((request, response) => {
      if (request.url === '/story') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html lang="en"><body><article><h1>Council budget</h1><p>${story}</p></article></body></html>`);
      } else response.writeHead(404).end();
    });
    const worker = startArticleWorker(runtime);
    try {
      const { feed } = await upsertFeed(runtime.db.db, { url: `${server.url}/feed.xml` });
      const payload = (path: string, title: string | null): ArticleProcessPayload => ({
        url: `${server.url}${path}`,
        urlHash: urlHash(canonicalizeUrl(`${server.url}${path}`)),
        feedId: feed.id,
        itemKey: path,
        item: { title, summary: null, contentHtml: null, publishedAt: null, authors: [], language: null },
      });
      const stored = payload('/story', 'Council budget');
      // No page and nothing in the item: a permanent failure, on its first attempt.
      const hopeless = payload('/nothing', null);
      await enqueueArticles(runtime.queues, [stored, hopeless]);

      const event = (hash: string, kind: string) => async () => (await listArticleEvents(runtime.db.db, hash)).find((event) => event.kind === kind);
      await waitFor(event(stored.urlHash, 'stored'), { what: 'the article stored' });
      const failed = await waitFor(event(hopeless.urlHash, 'failed'), { what: "the 'failed' breadcrumb" });
      expect(failed).toMatchObject({
        feedId: feed.id,
        jobId: `article-${hopeless.urlHash}`,
        attempt: 1,
        detail: { error: 'neither the page nor the feed item has any text or title' },
      });
      // The worker counts a stored article after its breadcrumb is written: wait for both counts.
      const outcomes = async () => Object.fromEntries((await runtime.metrics.articles.get()).values.map((value) => [value.labels.outcome, value.value]));
      await waitFor(async () => {
        const counted = await outcomes();
        return counted.stored === 1 && counted.failed === 1;
      }, { what: 'the stored and failed outcomes counted' });
      expect(await outcomes()).toEqual({ stored: 1, failed: 1 });
    } finally {
      await worker.close();
      await server.close();
      await runtime.close();
    }
  });
});
