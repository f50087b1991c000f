import {
  type ArticleLanguages,
  type ArticleToRetag,
  countArticlesToRetag,
  type Database,
  listArticlesToRetag,
  updateArticleLanguages,
} from '@polywire/db';
import { CLEAR_TEXT_CONFIDENCE, decideLanguage, LANGUAGE_MODEL_VERSION } from '@polywire/lang';

export interface RetagOptions {
  /** Articles read, decided and written per step (default 500). */
  batchSize?: number;
  /** Only articles stored under these tags (`zh` takes the family). */
  languages?: readonly string[];
  /** Decide and count, write nothing. */
  dryRun?: boolean;
  /** Stops after the batch in progress; every finished batch is written, so the next run resumes. */
  signal?: AbortSignal;
  /** Called after each batch. */
  onProgress?: (progress: RetagProgress) => void;
  /** The version articles are brought to (LANGUAGE_MODEL_VERSION; tests pass others). */
  version?: string;
}

export interface RetagProgress {
  /** Articles tagged by another version when the run started. */
  total: number;
  /** Articles decided so far. */
  done: number;
  /** Articles whose language, confidence or title language was rewritten (would be, in a dry run). */
  updated: number;
  /** Of those, articles whose language changed. */
  changed: number;
  seconds: number;
}

export interface RetagSummary extends RetagProgress {
  version: string;
  dryRun: boolean;
  /** Stopped by the signal before the last batch. */
  stopped: boolean;
  /** The language changes, commonest first. */
  changes: { from: string | null; to: string | null; count: number }[];
}

export const DEFAULT_RETAG_BATCH = 500;
/**
 * A batch is written in one statement with up to four bind parameters per article, and PostgreSQL's
 * protocol allows 65,535 per statement.
 */
export const MAX_RETAG_BATCH = 10_000;

/** float4 is what PostgreSQL keeps of a confidence: compare at that precision. */
const sameConfidence = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.fround(a) === Math.fround(b));

/**
 * The language decision on a stored article, made as ingestArticle makes it on store: title and
 * text (or, when the text is missing, the lead or summary), the declared tag and the site's TLD.
 */
export function redecideLanguage(article: ArticleToRetag): ArticleLanguages {
  const body = article.text || article.lead || article.summary || '';
  const decision = decideLanguage(article.title, body, { declared: [article.declaredLanguage], url: article.canonicalUrl });
  const clear = decision.source === 'detected' && (decision.confidence ?? 0) >= CLEAR_TEXT_CONFIDENCE;
  if (!body && !clear) {
    // Retention dropped the text, lead and summary: the stored tag was decided on the whole text,
    // which beats an unclear answer on the title alone.
    return { id: article.id, language: article.language, languageConfidence: article.languageConfidence, titleLanguage: decision.titleLanguage };
  }
  return { id: article.id, language: decision.language, languageConfidence: decision.confidence, titleLanguage: decision.titleLanguage };
}

/**
 * Re-decides the language of every stored article tagged by another language-model version than the
 * current one, in batches along the id, and writes what changed. A run that is stopped (or killed)
 * loses at most its batch in progress: each batch is one statement, so the next run starts where the
 * last one stopped, and a run after a finished one finds nothing to do.
 */
export async function retagArticles(db: Database, options: RetagOptions = {}): Promise<RetagSummary> {
  const version = options.version ?? LANGUAGE_MODEL_VERSION;
  const batchSize = options.batchSize ?? DEFAULT_RETAG_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_RETAG_BATCH) {
    throw new RangeError(`batchSize must be an integer from 1 to ${MAX_RETAG_BATCH}, not ${batchSize}`);
  }
  const selection = { version, languages: options.languages };
  const started = performance.now();
  const progress: RetagProgress = { total: await countArticlesToRetag(db, selection), done: 0, updated: 0, changed: 0, seconds: 0 };
  const changes = new Map<string, { from: string | null; to: string | null; count: number }>();
  let stopped = false;
  let afterId = 0;
  for (;;) {
    if (options.signal?.aborted) {
      stopped = true;
      break;
    }
    const batch = await listArticlesToRetag(db, { ...selection, afterId, limit: batchSize });
    if (batch.length === 0) break;
    const changed: ArticleLanguages[] = [];
    const unchanged: number[] = [];
    for (const article of batch) {
      const next = redecideLanguage(article);
      if (next.language === article.language && next.titleLanguage === article.titleLanguage && sameConfidence(next.languageConfidence, article.languageConfidence)) {
        unchanged.push(article.id);
        continue;
      }
      changed.push(next);
      if (next.language !== article.language) {
        progress.changed++;
        const key = `${article.language}\u0000${next.language}`;
        const entry = changes.get(key) ?? { from: article.language, to: next.language, count: 0 };
        entry.count++;
        changes.set(key, entry);
      }
    }
    if (!options.dryRun) await updateArticleLanguages(db, version, { changed, unchanged });
    afterId = batch.at(-1)!.id;
    progress.done += batch.length;
    progress.updated += changed.length;
    progress.seconds = (performance.now() - started) / 1000;
    options.onProgress?.({ ...progress });
  }
  progress.seconds = (performance.now() - started) / 1000;
  return {
    ...progress,
    version,
    dryRun: options.dryRun ?? false,
    stopped,
    changes: [...changes.values()].sort((a, b) => b.count - a.count || String(a.from).localeCompare(String(b.from))),
  };
}
