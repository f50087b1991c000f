import type { Logger } from '@polywire/config';
import {
  addArticleEvents,
  type ArticleEventInput,
  clusterArticle,
  type Database,
  findStoredItemKeys,
  isDatabaseUnavailable,
  storeArticle,
  type StoreArticleResult,
} from '@polywire/db';
import { articleFingerprints, canonicalizeUrl, chooseCanonicalUrl, storyClustering } from '@polywire/dedupe';
import { type ExtractedArticle, extractArticle, htmlToText } from '@polywire/extract';
import { decodeBody, FetchError } from '@polywire/http';
import { decideLanguage, LANGUAGE_MODEL_VERSION, type LanguageDecision } from '@polywire/lang';
import { type ArticleProcessPayload, HostBusyError, UnrecoverableError } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';
import { cutText, storableText } from '@polywire/text';

/** Below this many characters the page extraction is taken as failed (Media Cloud's threshold). */
export const MIN_PAGE_TEXT_CHARS = 200;

export interface AttemptInfo {
  jobId: string;
  attempt: number;
  /** True on the job's last attempt: no retry will follow, so fall back rather than fail. */
  lastAttempt: boolean;
  /** The job's logger (bound to jobId, urlHash, feedId); the runtime's logger otherwise. */
  logger?: Logger;
}

const clip = (text: string | null, length: number) => (text && text.length > length ? `${cutText(text, length - 1)}…` : text);

/**
 * Fetches an item's page, extracts it, and stores the article with the feed item as its source.
 * When the page cannot be had (a permanent HTTP error, or a transient one on the last attempt) or its
 * text is too short, the feed's own content is used, and the breadcrumbs say so.
 *
 * A job whose article is already stored with this item as its source (a run that BullMQ took for stalled
 * and ran again, or one that died after storing) has done its work: it ends well whatever the page does
 * now, rather than retrying a page it no longer needs or failing for want of text (issue 15: an item's
 * job ended failed although its article was stored). It still goes through the store, which adds nothing,
 * and the clustering, which finishes a run that died between the two.
 */
export async function ingestArticle(
  runtime: Runtime,
  payload: ArticleProcessPayload,
  attempt: AttemptInfo,
): Promise<StoreArticleResult> {
  const crumb = (kind: ArticleEventInput['kind'], detail: Record<string, unknown>): ArticleEventInput => ({
    urlHash: payload.urlHash,
    kind,
    feedId: payload.feedId,
    jobId: attempt.jobId,
    attempt: attempt.attempt,
    detail,
  });
  const events: ArticleEventInput[] = [];
  const logger =
    attempt.logger ?? runtime.logger.child({ component: 'article-worker', jobId: attempt.jobId, urlHash: payload.urlHash, feedId: payload.feedId });
  const { time } = runtime.metrics;
  const alreadyStored = (await findStoredItemKeys(runtime.db.db, payload.feedId, [payload.itemKey])).has(payload.itemKey);

  let page: ExtractedArticle | null = null;
  let finalUrl = payload.url;
  let contentLanguage: string | null = null;
  try {
    const response = await time('fetch', () =>
      runtime.http.fetch(payload.url, {
        accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
        logContext: { jobId: attempt.jobId, urlHash: payload.urlHash },
      }),
    );
    finalUrl = response.url;
    contentLanguage = response.headers['content-language'] ?? null;
    const { text: html, encoding } = decodeBody(response.body, response.contentType);
    events.push(crumb('fetched', { status: response.status, bytes: response.body.length, encoding, finalUrl }));
    logger.debug({ status: response.status, bytes: response.body.length, finalUrl }, 'page fetched');
    const extracted = await time('extract', () => extractArticle(html, finalUrl));
    page = extracted;
    events.push(crumb('extracted', { chars: extracted.text.length, title: clip(extracted.title, 200), pageType: extracted.pageType }));
  } catch (error) {
    // A busy host (our own politeness) is transient like a timeout.
    if (!(error instanceof FetchError || error instanceof HostBusyError)) throw error;
    const reason = {
      error: error.message,
      kind: error instanceof FetchError ? error.kind : 'host_busy',
      status: error instanceof FetchError ? (error.status ?? null) : null,
    };
    const retryable = error instanceof HostBusyError || error.retryable;
    if (retryable && !attempt.lastAttempt && !alreadyStored) {
      // Record why, then let BullMQ retry with backoff.
      logger.info(reason, 'page fetch failed: will retry');
      await addArticleEvents(runtime.db.db, [crumb('fetch_failed', { ...reason, willRetry: true })]);
      throw error;
    }
    logger.info(reason, 'page fetch failed: using the feed item');
    events.push(crumb('fetch_failed', reason));
  }

  const feedText = payload.item.contentHtml
    ? htmlToText(payload.item.contentHtml)
    : payload.item.summary
      ? htmlToText(payload.item.summary)
      : '';
  const pageText = page?.text ?? '';
  const useFeed = pageText.length < MIN_PAGE_TEXT_CHARS && feedText.length > pageText.length;
  if (useFeed) {
    events.push(crumb('fallback_to_feed', { pageChars: pageText.length, feedChars: feedText.length }));
  }
  const text = useFeed ? feedText : pageText;
  const title = page?.title ?? payload.item.title;
  if (!text && !title && !alreadyStored) {
    throw new UnrecoverableError('neither the page nor the feed item has any text or title');
  }

  // The strongest declaration is stored as declared (for comparison); all of them are hints.
  const declared = page?.declaredLanguage ?? payload.item.language ?? contentLanguage;
  const tagging = await time('tag', () =>
    decideLanguage(title, text, { declared: [page?.declaredLanguage, payload.item.language, contentLanguage], url: finalUrl }),
  );
  events.push(crumb('tagged', taggedDetail(tagging, declared)));

  const fingerprints = await time('dedupe', () => articleFingerprints(title, text, page?.siteName ?? null));
  const publishedAt = page?.publishedAt ?? (payload.item.publishedAt ? new Date(payload.item.publishedAt) : null);
  // The near-duplicate lookup and the clustering run inside the store (they need the database and its
  // locks), so "store" includes them; "dedupe" is the fingerprinting.
  const endStore = runtime.metrics.stageSeconds.startTimer({ stage: 'store' });
  const stored = await storeArticle(
    runtime.db.db,
    {
      urlHash: payload.urlHash,
      url: payload.url,
      // The page's own canonical link or og:url when it is same-site and sane; the feed's link otherwise.
      canonicalUrl: canonicalizeUrl(chooseCanonicalUrl(finalUrl, page?.canonicalUrl ?? null)),
      title,
      summary: payload.item.summary ? clip(htmlToText(payload.item.summary), 1000) : null,
      text,
      authors: page?.authors.length ? page.authors : payload.item.authors,
      publishedAt,
      modifiedAt: page?.modifiedAt ?? null,
      lead: page?.lead ?? null,
      section: page?.section ?? null,
      tags: page?.tags ?? [],
      image: page?.image ?? null,
      site: page?.siteName ?? new URL(finalUrl).hostname,
      language: tagging.language,
      languageConfidence: tagging.confidence,
      declaredLanguage: declared,
      titleLanguage: tagging.titleLanguage,
      languageModelVersion: LANGUAGE_MODEL_VERSION,
      extraction: useFeed ? 'feed' : 'page',
      // What the page is, even when its text came from the feed (a front's text is empty); a page that
      // could not be fetched is taken for an article.
      pageType: page?.pageType ?? 'article',
      ...fingerprints.columns,
    },
    { feedId: payload.feedId, itemKey: payload.itemKey, itemUrl: payload.url },
    events,
    fingerprints.near,
  );
  // Also when the article was already stored: a job that died between the two steps is finished here
  // (clusterArticle leaves an article that has its cluster alone).
  const { keys, policy } = await storyClustering({ title, text, language: tagging.language, publishedAt });
  await clusterArticle(runtime.db.db, stored.articleId, keys, policy);
  endStore();
  runtime.metrics.articleSources.inc({ source: useFeed ? 'feed' : 'page' });
  logger.debug(
    { articleId: stored.articleId, created: stored.created, duplicateOf: stored.duplicateOf, language: tagging.language, extraction: useFeed ? 'feed' : 'page' },
    stored.created ? 'article stored' : 'article already stored',
  );
  return stored;
}

/**
 * The errors of ingestArticle that are an outage of a service every article needs: PostgreSQL down.
 * The article waits for it with all its attempts left, rather than spending them (and its page fetch
 * retries) on an outage that is not its fault. A FetchError wraps the socket error of a page fetch,
 * which must not pass for the database's.
 */
export const isArticleIngestOutage = (error: unknown): boolean =>
  !(error instanceof FetchError || error instanceof HostBusyError) && isDatabaseUnavailable(error);

/** An article job that will not run again: its last attempt, and why it failed. */
export interface IngestFailure {
  urlHash: string;
  feedId: number | null;
  jobId: string;
  attempt: number;
  error: string;
}

/** Leaves the reason of a job that will not run again in its article's breadcrumbs (the 'failed' one). */
export async function recordIngestFailure(db: Database, failure: IngestFailure): Promise<void> {
  await addArticleEvents(db, [
    {
      urlHash: failure.urlHash,
      kind: 'failed',
      feedId: failure.feedId,
      jobId: failure.jobId,
      attempt: failure.attempt,
      // An error message may quote a page's NULs or broken surrogates, which jsonb refuses.
      detail: { error: storableText(failure.error) },
    },
  ]);
}

/**
 * The 'tagged' breadcrumb: the stored language and where it came from (the text, or a declaration
 * standing in for unclear text), the detector's answer and runners-up, the title's own language, and
 * the declaration as declared beside the supported tag it was read as.
 */
function taggedDetail(decision: LanguageDecision, declared: string | null): Record<string, unknown> {
  return {
    language: decision.language,
    source: decision.source,
    confidence: decision.confidence,
    detected: decision.detection.tag,
    detectedConfidence: decision.detection.confidence,
    alternatives: decision.detection.alternatives,
    titleLanguage: decision.titleLanguage,
    declared,
    declaredAs: decision.declared,
    modelVersion: LANGUAGE_MODEL_VERSION,
  };
}
