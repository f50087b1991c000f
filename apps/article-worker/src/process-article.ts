import { addArticleEvents, type ArticleEventInput, storeArticle, type StoreArticleResult } from '@polywire/db';
import { canonicalizeUrl } from '@polywire/dedupe';
import { type ExtractedArticle, extractArticle, htmlToText } from '@polywire/extract';
import { decodeBody, FetchError } from '@polywire/http';
import { normalizeLanguageTag } from '@polywire/lang';
import { type ArticleProcessPayload, HostBusyError, UnrecoverableError } from '@polywire/queue';
import type { Runtime } from '@polywire/runtime';

/** Below this many characters the page extraction is taken as failed (Media Cloud's threshold). */
export const MIN_PAGE_TEXT_CHARS = 200;

export interface AttemptInfo {
  jobId: string;
  attempt: number;
  /** True on the job's last attempt: no retry will follow, so fall back rather than fail. */
  lastAttempt: boolean;
}

const clip = (text: string | null, length: number) => (text && text.length > length ? `${text.slice(0, length - 1)}…` : text);

/**
 * Fetches an item's page, extracts it, and stores the article with the feed item as its source.
 * When the page cannot be had (a permanent HTTP error, or a transient one on the last attempt) or its
 * text is too short, the feed's own content is used, and the breadcrumbs say so.
 */
export async function processArticle(
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

  let page: ExtractedArticle | null = null;
  let finalUrl = payload.url;
  try {
    const response = await runtime.http.fetch(payload.url, { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' });
    finalUrl = response.url;
    const { text: html, encoding } = decodeBody(response.body, response.contentType);
    events.push(crumb('fetched', { status: response.status, bytes: response.body.length, encoding, finalUrl }));
    page = extractArticle(html, finalUrl);
    events.push(crumb('extracted', { chars: page.text.length, title: clip(page.title, 200) }));
  } catch (error) {
    // A busy host (our own politeness) is transient like a timeout.
    if (!(error instanceof FetchError || error instanceof HostBusyError)) throw error;
    const reason = {
      error: error.message,
      kind: error instanceof FetchError ? error.kind : 'host_busy',
      status: error instanceof FetchError ? (error.status ?? null) : null,
    };
    const retryable = error instanceof HostBusyError || error.retryable;
    if (retryable && !attempt.lastAttempt) {
      // Record why, then let BullMQ retry with backoff.
      await addArticleEvents(runtime.db.db, [crumb('fetch_failed', { ...reason, willRetry: true })]);
      throw error;
    }
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
  if (!text && !title) {
    throw new UnrecoverableError('neither the page nor the feed item has any text or title');
  }

  const declared = page?.declaredLanguage ?? payload.item.language;
  // Until language identification lands (issue 5), the declared tag is all there is; the detected
  // language and its confidence will replace it, with the declared tag kept beside them.
  const language = normalizeLanguageTag(declared);
  events.push(crumb('tagged', { language, declared, source: 'declared' }));

  const publishedAt = page?.publishedAt ?? (payload.item.publishedAt ? new Date(payload.item.publishedAt) : null);
  return storeArticle(
    runtime.db.db,
    {
      urlHash: payload.urlHash,
      url: payload.url,
      canonicalUrl: canonicalizeUrl(payload.url),
      title,
      summary: payload.item.summary ? clip(htmlToText(payload.item.summary), 1000) : null,
      text,
      authors: page?.authors.length ? page.authors : payload.item.authors,
      publishedAt,
      image: page?.image ?? null,
      site: page?.siteName ?? new URL(finalUrl).hostname,
      language,
      languageConfidence: null,
      declaredLanguage: declared,
      extraction: useFeed ? 'feed' : 'page',
    },
    { feedId: payload.feedId, itemKey: payload.itemKey, itemUrl: payload.url },
    events,
  );
}
