import { LANGUAGE_MODEL_VERSION } from '@polywire/lang';
import { getArticle, listArticleEvents, upsertFeed } from '@polywire/db';
import { canonicalizeUrl, urlHash } from '@polywire/dedupe';
import { type ArticleProcessPayload, UnrecoverableError } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { startHttpServer, type TestServer } from '@polywire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestArticle, recordIngestFailure } from './ingest-article.js';

const longText = 'Ein langer Absatz über den Haushalt, der mehr als zweihundert Zeichen hat. '.repeat(4).trim();
/** The feed's own full text of other stories (distinct from the page text, so no copy of it). */
const feedText = (topic: string) => `Die Meldung aus dem Feed über ${topic} ist lang genug, um als Artikel zu gelten. `.repeat(4).trim();

describe('ingestArticle', () => {
  let runtime: Runtime;
  let server: TestServer;
  let feedId: number;
  let otherFeedId: number;
  let flaky: 'up' | 'gone' | 'busy' = 'up';
  const attempt = (n = 1, last = false) => ({ jobId: 'job-1', attempt: n, lastAttempt: last });
  const payload = (path: string, overrides: Partial<ArticleProcessPayload['item']> = {}): ArticleProcessPayload => {
    const url = `${server.url}${path}`;
    return {
      url,
      urlHash: urlHash(canonicalizeUrl(url)),
      feedId,
      itemKey: path,
      item: { title: 'Feed title', summary: 'Feed summary', contentHtml: null, publishedAt: '2026-11-03T08:00:00Z', authors: ['Feed Author'], language: 'de-DE', ...overrides },
    };
  };

  beforeAll(async () => {
    runtime = await createTestRuntime();
    feedId = (await upsertFeed(runtime.db.db, { url: 'https://feed.example/de.xml' })).feed.id;
    otherFeedId = (await upsertFeed(runtime.db.db, { url: 'https://feed.example/other.xml' })).feed.id;
    server = await startHttpServer((request, response) => {
      if (request.url?.startsWith('/de/')) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
          `<html lang="de"><head><title>Haushalt</title><meta name="author" content="Anna Schmidt">
           <meta name="description" content="Der Bundestag hat den Haushalt für das kommende Jahr beschlossen.">
           <meta property="article:section" content="Politik"><meta property="article:tag" content="Haushalt"></head>
           <body><nav>Startseite</nav><article><h1>Bundestag beschließt Haushalt</h1><p>${longText}</p></article></body></html>`,
        );
      } else if (request.url === '/id/berita') {
        // An unconfigured CMS: the page says English, the text is Indonesian.
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
          `<html lang="en"><head><title>Pemerintah menaikkan anggaran pendidikan</title>
           <link rel="canonical" href="/id/2026/11/pemerintah-menaikkan-anggaran-pendidikan"></head><body><article>
           <h1>Pemerintah menaikkan anggaran pendidikan</h1>
           <p>Pemerintah Indonesia memutuskan untuk menaikkan anggaran pendidikan tahun depan. Menurut menteri keuangan, dana tambahan itu akan dipakai untuk memperbaiki sekolah di daerah terpencil dan meningkatkan gaji guru honorer.</p>
           <p>Keputusan tersebut disambut baik oleh para guru, namun sejumlah pengamat meminta agar penggunaan uang negara diawasi dengan ketat supaya tidak terjadi korupsi.</p>
           </article></body></html>`,
        );
      } else if (request.url?.startsWith('/wire/')) {
        // One wire story on two outlets: other chrome, one figure corrected, a sentence added.
        const edited = request.url === '/wire/b';
        const paragraphs = [
          'Ein Erdbeben der Stärke 6,4 hat am Samstagmorgen den Osten des Landes erschüttert und mindestens 14 Menschen getötet, teilte die Katastrophenschutzbehörde mit.',
          `Mehr als ${edited ? 240 : 230} Menschen wurden verletzt, viele von ihnen durch einstürzende Mauern in den Altstädten der Provinz.`,
          'Rettungsteams suchten in drei Bezirken nach Verschütteten, und das Innenministerium schickte Zelte und Feldküchen in die Region.',
          'Die Schulen der Provinz bleiben eine Woche geschlossen, während Ingenieure die Gebäude prüfen, sagte der Gouverneur auf einer Pressekonferenz.',
          ...(edited ? ['Auch in den Nachbarprovinzen war das Beben deutlich zu spüren, berichteten Anwohner.'] : []),
        ];
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
          `<html lang="de"><body><article><h1>${edited ? 'Erdbeben: mindestens 14 Tote' : 'Schweres Erdbeben im Osten'}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`,
        );
      } else if (request.url === '/flaky') {
        // Up for the first run, then gone (or busy) when the job runs again.
        if (flaky === 'up') {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html lang="de"><body><article><h1>Fähre fährt wieder</h1><p>${longText}</p></article></body></html>`);
        } else response.writeHead(flaky === 'gone' ? 404 : 503, { 'retry-after': '1' }).end();
      } else if (request.url === '/busy') {
        response.writeHead(503, { 'retry-after': '1' }).end();
      } else if (request.url === '/politik') {
        // A section front: a grid of teasers, each a headline linking to an article and a summary.
        const teasers = Array.from(
          { length: 30 },
          (_, n) => `<div class="card"><h3><a href="/politik/2026/11/${n}/meldung-nummer-${n}-aus-dem-bundestag">Meldung Nummer ${n} aus dem Bundestag über den Haushalt</a></h3>
            <p>Eine kurze Zusammenfassung der Meldung ${n}, damit Leser weiterklicken.</p></div>`,
        ).join('');
        response
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<html lang="de"><head><title>Politik</title><meta property="og:type" content="website"></head><body><main><h1>Politik</h1>${teasers}</main></body></html>`);
      } else if (request.url === '/short') {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>Cookie wall</p></body></html>');
      } else {
        response.writeHead(404).end();
      }
    });
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
  });

  it('stores the page text and metadata, with a breadcrumb per step', async () => {
    const job = payload('/de/haushalt');
    const result = await ingestArticle(runtime, job, attempt());
    expect(result).toMatchObject({ created: true, sourceAdded: true });
    const article = await getArticle(runtime.db.db, result.articleId);
    expect(article).toMatchObject({
      title: 'Bundestag beschließt Haushalt',
      text: longText,
      language: 'de',
      declaredLanguage: 'de',
      authors: ['Anna Schmidt'],
      lead: 'Der Bundestag hat den Haushalt für das kommende Jahr beschlossen.',
      section: 'Politik',
      tags: ['Haushalt'],
      extraction: 'page',
      publishedAt: new Date('2026-11-03T08:00:00Z'),
      feedIds: [feedId],
    });
    expect(article?.events.map((event) => event.kind)).toEqual(['fetched', 'extracted', 'tagged', 'stored', 'clustered']);
  });

  it('stores a section front as a front, without its teasers as text', async () => {
    const result = await ingestArticle(runtime, payload('/politik', { summary: null, contentHtml: `<p>${feedText('die Politik')}</p>` }), attempt());
    const article = await getArticle(runtime.db.db, result.articleId);
    expect(article).toMatchObject({ pageType: 'front', extraction: 'feed', text: feedText('die Politik') });
    expect(article?.events.find((event) => event.kind === 'extracted')?.detail).toMatchObject({ chars: 0, pageType: 'front' });
    // An article page is stored as one.
    const story = await getArticle(runtime.db.db, (await ingestArticle(runtime, payload('/de/seite'), attempt())).articleId);
    expect(story?.pageType).toBe('article');
  });

  it('tags the language from the text, keeping the wrong declared tag beside it', async () => {
    const result = await ingestArticle(runtime, payload('/id/berita', { language: 'en' }), attempt());
    const article = await getArticle(runtime.db.db, result.articleId);
    expect(article).toMatchObject({ language: 'id', declaredLanguage: 'en', titleLanguage: 'id' });
    // The page's same-site canonical link is the stored canonical URL.
    expect(article?.canonicalUrl).toBe(`${server.url}/id/2026/11/pemerintah-menaikkan-anggaran-pendidikan`);
    expect(article?.languageConfidence).toBeGreaterThan(0.8);
    expect(article?.languageModelVersion).toBe(LANGUAGE_MODEL_VERSION);
    const tagged = article?.events.find((event) => event.kind === 'tagged');
    expect(tagged?.detail).toMatchObject({
      language: 'id',
      source: 'detected',
      confidence: article?.languageConfidence,
      detected: 'id',
      titleLanguage: 'id',
      declared: 'en',
      declaredAs: 'en',
      modelVersion: LANGUAGE_MODEL_VERSION,
    });
    expect(tagged?.detail?.alternatives).toEqual(expect.any(Array));
  });

  it('stores the declared language, in its supported form, when the text says nothing', async () => {
    // No page and only a title of digits: the feed's declared Azerbaijani stands in, as `az-Latn`.
    const result = await ingestArticle(runtime, payload('/gone-az', { title: '2026 · 12:30', summary: null, language: 'az-AZ' }), attempt());
    const article = await getArticle(runtime.db.db, result.articleId);
    expect(article).toMatchObject({ language: 'az-Latn', languageConfidence: null, declaredLanguage: 'az-AZ', titleLanguage: null, languageModelVersion: LANGUAGE_MODEL_VERSION });
    const tagged = article?.events.find((event) => event.kind === 'tagged');
    expect(tagged?.detail).toMatchObject({ language: 'az-Latn', source: 'declared', confidence: null, detected: 'und', declared: 'az-AZ', declaredAs: 'az-Latn' });
  });

  it('stores a URL once; running the job again or from another feed only adds a source', async () => {
    const job = payload('/de/zweimal');
    const first = await ingestArticle(runtime, job, attempt());
    const again = await ingestArticle(runtime, job, attempt(2));
    const fromOtherFeed = await ingestArticle(runtime, { ...job, feedId: otherFeedId, itemKey: 'other-guid' }, attempt());
    expect([first.created, again.created, fromOtherFeed.created]).toEqual([true, false, false]);
    expect([first.sourceAdded, again.sourceAdded, fromOtherFeed.sourceAdded]).toEqual([true, false, true]);
    expect(new Set([first.articleId, again.articleId, fromOtherFeed.articleId]).size).toBe(1);
    expect((await getArticle(runtime.db.db, first.articleId))?.feedIds).toEqual([feedId, otherFeedId]);
  });

  it('ends a job whose article is already stored well, whatever the page does when it runs again', async () => {
    // A feed item with no text and no title of its own: only its page makes an article.
    const job = payload('/flaky', { title: null, summary: null, contentHtml: null });
    flaky = 'up';
    const first = await ingestArticle(runtime, job, attempt(1));
    expect(first.created).toBe(true);
    // Run again (BullMQ took the first run for stalled): the page is now busy, then gone.
    flaky = 'busy';
    const busy = await ingestArticle(runtime, job, attempt(1));
    flaky = 'gone';
    const gone = await ingestArticle(runtime, job, attempt(2));
    expect([busy, gone]).toEqual([
      { articleId: first.articleId, created: false, sourceAdded: false, duplicateOf: first.duplicateOf },
      { articleId: first.articleId, created: false, sourceAdded: false, duplicateOf: first.duplicateOf },
    ]);
    expect(await getArticle(runtime.db.db, first.articleId)).toMatchObject({ title: 'Fähre fährt wieder', text: longText });
  });

  it('falls back to the feed content when the page is gone, and says so', async () => {
    const job = payload('/gone', { contentHtml: `<p>${feedText('die Bahn')}</p>` });
    const result = await ingestArticle(runtime, job, attempt());
    const article = await getArticle(runtime.db.db, result.articleId);
    expect(article).toMatchObject({ extraction: 'feed', text: feedText('die Bahn'), title: 'Feed title', authors: ['Feed Author'], language: 'de' });
    expect(article?.events.map((event) => event.kind)).toEqual(['fetch_failed', 'fallback_to_feed', 'tagged', 'stored', 'clustered']);
    expect(article?.events[0]?.detail).toMatchObject({ status: 404 });
  });

  it('falls back to the feed when the page text is too short', async () => {
    const result = await ingestArticle(runtime, payload('/short', { contentHtml: `<p>${feedText('das Wetter')}</p>` }), attempt());
    expect((await getArticle(runtime.db.db, result.articleId))?.extraction).toBe('feed');
  });

  it('stores a syndicated copy on another site as a duplicate of the first', async () => {
    const first = await ingestArticle(runtime, payload('/de/agentur-1'), attempt());
    const copy = await ingestArticle(runtime, payload('/de/agentur-2'), attempt());
    // Both pages carry the same body (the German page): the second is a copy of the earliest original.
    expect(first.duplicateOf).not.toBeNull(); // the very first German page of this file came earlier
    expect(copy.duplicateOf).toBe(first.duplicateOf);
    const events = (await getArticle(runtime.db.db, copy.articleId))?.events.map((event) => event.kind);
    expect(events).toContain('duplicate_of');
  });

  it('stores a lightly edited copy as a near duplicate (MinHash bands)', async () => {
    const first = await ingestArticle(runtime, payload('/wire/a'), attempt());
    const copy = await ingestArticle(runtime, payload('/wire/b'), attempt());
    expect(first.duplicateOf).toBeNull();
    expect(copy.duplicateOf).toBe(first.articleId);
    const merged = (await getArticle(runtime.db.db, copy.articleId))?.events.find((event) => event.kind === 'duplicate_of');
    expect(merged?.detail).toMatchObject({ originalId: first.articleId, rule: 'near_text_minhash' });
  });

  it('retries a transient failure, and falls back on the last attempt', async () => {
    const job = payload('/busy');
    await expect(ingestArticle(runtime, job, attempt(1))).rejects.toMatchObject({ retryable: true, status: 503 });
    expect((await listArticleEvents(runtime.db.db, job.urlHash)).map((event) => event.detail?.willRetry)).toEqual([true]);
    const result = await ingestArticle(runtime, job, attempt(4, true));
    expect((await getArticle(runtime.db.db, result.articleId))?.text).toBe('Feed summary');
  });

  it('gives up for good on an item with no page, no text and no title', async () => {
    const job = payload('/nothing', { title: null, summary: null, contentHtml: null });
    await expect(ingestArticle(runtime, job, attempt())).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('leaves the reason of a job that failed for good in its breadcrumbs, even one quoting a NUL', async () => {
    const job = payload('/failed-for-good');
    await recordIngestFailure(runtime.db.db, { urlHash: job.urlHash, feedId, jobId: 'job-9', attempt: 4, error: 'HTTP 500: \u0000oops' });
    const events = await listArticleEvents(runtime.db.db, job.urlHash);
    expect(events).toMatchObject([{ kind: 'failed', feedId, jobId: 'job-9', attempt: 4, detail: { error: 'HTTP 500: oops' } }]);
  });
});
