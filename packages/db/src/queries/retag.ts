import { and, asc, count, gt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { refreshStorySummary } from './stories.js';
import { articles } from '../schema/index.js';
import { languageMatch } from './language-match.js';

export interface RetagSelection {
  /** The version the articles are brought to: articles tagged by any other one (or none) are selected. */
  version: string;
  /** Only articles stored under these tags (`zh` takes the family, as in listArticles). */
  languages?: readonly string[];
}

/** What the language decision reads of a stored article, and what it wrote last time. */
export interface ArticleToRetag {
  id: number;
  title: string | null;
  text: string | null;
  lead: string | null;
  summary: string | null;
  /** Where the tagged page ended up after redirects, as stored (the TLD is a hint). */
  canonicalUrl: string;
  declaredLanguage: string | null;
  language: string | null;
  languageConfidence: number | null;
  titleLanguage: string | null;
}

function retagCondition(selection: RetagSelection): SQL {
  const conditions = [sql`${articles.languageModelVersion} is distinct from ${selection.version}`];
  if (selection.languages?.length) conditions.push(languageMatch(selection.languages));
  return and(...conditions)!;
}

/** How many articles are still tagged by another version than `selection.version` (a run's total). */
export async function countArticlesToRetag(db: Database, selection: RetagSelection): Promise<number> {
  const [row] = await db.select({ n: count() }).from(articles).where(retagCondition(selection));
  return Number(row?.n ?? 0);
}

/**
 * The next `limit` articles after `afterId` (in id order) that are still tagged by another version.
 * A run walks them by keyset on the id; a run that was stopped starts again at id 0 and finds only
 * what it had not reached, since the articles it finished carry the new version.
 */
export async function listArticlesToRetag(db: Database, selection: RetagSelection & { afterId: number; limit: number }): Promise<ArticleToRetag[]> {
  return db
    .select({
      id: articles.id,
      title: articles.title,
      text: articles.text,
      lead: articles.lead,
      summary: articles.summary,
      canonicalUrl: articles.canonicalUrl,
      declaredLanguage: articles.declaredLanguage,
      language: articles.language,
      languageConfidence: articles.languageConfidence,
      titleLanguage: articles.titleLanguage,
    })
    .from(articles)
    .where(and(retagCondition(selection), gt(articles.id, selection.afterId)))
    .orderBy(asc(articles.id))
    .limit(selection.limit);
}

export interface ArticleLanguages {
  id: number;
  language: string | null;
  languageConfidence: number | null;
  titleLanguage: string | null;
}

/**
 * Records one batch of re-decided articles as tagged by `version`, in one statement: `changed` get
 * their new language, confidence and title language (and `updated_at`); `unchanged` only the version.
 *
 * The split is what keeps a re-tag cheap: PostgreSQL recomputes a stored generated column only when
 * the UPDATE assigns a column it depends on, so an unchanged article's `search_vector` (its text
 * parsed and stemmed again) is left alone, while a changed one's follows its new language. Measured
 * on PostgreSQL 15 with 2,000 rows of 45,000 characters: 17 s when `language` is assigned (even to
 * itself), 20 ms when only another column is.
 */
export async function updateArticleLanguages(
  db: Database,
  version: string,
  batch: { changed: readonly ArticleLanguages[]; unchanged: readonly number[] },
): Promise<void> {
  const { changed, unchanged } = batch;
  const markUnchanged = unchanged.length
    ? sql`update articles set language_model_version = ${version} where id in (${sql.join(unchanged.map((id) => sql`${id}::bigint`), sql`, `)})`
    : null;
  const relabel = changed.length
    ? sql`update articles as a
        set language = v.language, language_confidence = v.confidence, title_language = v.title_language,
            language_model_version = ${version}, updated_at = now()
        from (values ${sql.join(
          changed.map((row) => sql`(${row.id}::bigint, ${row.language}::text, ${row.languageConfidence}::real, ${row.titleLanguage}::text)`),
          sql`, `,
        )}) as v(id, language, confidence, title_language)
        where a.id = v.id`
    : null;
  // Both in one statement (one round trip, one snapshot): a data-modifying WITH query may not touch
  // the rows of the main one, and these two sets of ids are disjoint.
  const statement = relabel && markUnchanged ? sql`with relabelled as (${relabel} returning a.id) ${markUnchanged}` : (relabel ?? markUnchanged);
  if (statement) await db.execute(statement);
  if (changed.length === 0) return;
  // The stories of relabelled articles count their languages again.
  const clustered = (await db.execute(
    sql`select distinct cluster_id as "clusterId" from articles where cluster_id is not null and id in (${sql.join(changed.map((row) => sql`${row.id}::bigint`), sql`, `)})`,
  )) as unknown as { rows: { clusterId: number }[] };
  await refreshStorySummary(db, clustered.rows.map((row) => Number(row.clusterId)));
}
