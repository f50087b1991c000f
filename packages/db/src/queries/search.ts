import { type SQL, sql } from 'drizzle-orm';

/**
 * Full-text search in every language. Each article's `search_vector` is a stored generated column
 * (see schema/articles.ts): PostgreSQL builds it on every insert and update with the text-search
 * configuration of the article's detected language, so nothing has to call anything after storing.
 *
 * Chinese, Japanese, Korean, Thai, Lao, Khmer, Burmese and Tibetan have no spaces between words (a
 * word inside a run of letters would never be found as a lexeme of its own): runs of those scripts are indexed
 * as overlapping character bigrams ("東京都" → "東京 京都"), built in SQL for documents and in
 * TypeScript for queries, so a query in those scripts finds the articles that contain it.
 */

/**
 * BCP-47 primary language subtag → Snowball configuration. Only configurations that PostgreSQL 15+
 * and PGlite both ship (estonian exists only from PostgreSQL 16, so Estonian uses `simple`).
 */
export const searchConfigs: Readonly<Record<string, string>> = {
  ar: 'arabic',
  hy: 'armenian',
  eu: 'basque',
  ca: 'catalan',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  el: 'greek',
  hi: 'hindi',
  hu: 'hungarian',
  id: 'indonesian',
  ga: 'irish',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  nb: 'norwegian',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  es: 'spanish',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

/** Every configuration a search vector can be built with. */
export const allSearchConfigs: readonly string[] = [...new Set([...Object.values(searchConfigs), 'simple'])].sort();

/** The text-search configuration of a language tag (`de-AT` → `german`), `simple` when there is none. */
export function searchConfigFor(language: string | null | undefined): string {
  const primary = (language ?? '').split('-')[0]!.toLowerCase();
  return searchConfigs[primary] ?? 'simple';
}

/**
 * Scripts written without spaces between words (Han, Hiragana, Katakana, Hangul, Thai, Lao, Tibetan,
 * Myanmar, Khmer), as code point ranges. Changing them changes the generation expression of
 * `articles.search_vector`, which needs a new migration (`pnpm db:generate`).
 */
const bigramRanges: [number, number][] = [
  [0x0e00, 0x0e7f], // Thai
  [0x0e80, 0x0eff], // Lao
  [0x0f00, 0x0fff], // Tibetan
  [0x1000, 0x109f], // Myanmar
  [0x1100, 0x11ff], // Hangul Jamo
  [0x1780, 0x17ff], // Khmer
  [0x2e80, 0x2fdf], // CJK radicals
  [0x3005, 0x3007], // 々 〆 〇
  [0x3040, 0x30ff], // Hiragana, Katakana (with ー)
  [0x3130, 0x318f], // Hangul compatibility Jamo
  [0x31f0, 0x31ff], // Katakana phonetic extensions
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xac00, 0xd7af], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xff66, 0xff9f], // half-width Katakana
  [0x20000, 0x3134f], // CJK extensions B–G
];
const classBody = bigramRanges.map(([from, to]) => `${String.fromCodePoint(from)}-${String.fromCodePoint(to)}`).join('');
const bigramRun = new RegExp(`[${classBody}]+`, 'gu');

/**
 * The query side of the bigram indexing: every run of those scripts becomes its overlapping bigrams
 * ("東京都" → "東京 京都"; a single character stays itself); other text is kept as it is.
 */
export function bigramText(text: string): string {
  return text.replace(bigramRun, (run) => {
    const chars = Array.from(run);
    if (chars.length < 2) return ` ${run} `;
    const pairs: string[] = [];
    for (let index = 0; index + 1 < chars.length; index++) pairs.push(chars[index]! + chars[index + 1]!);
    return ` ${pairs.join(' ')} `;
  });
}

/**
 * The document side, in SQL (immutable, so usable in a generated column): the union of two passes of
 * non-overlapping pairs, the second one starting at each run's second character, gives every bigram
 * (plus the run's last character on its own, which is harmless).
 */
function sqlBigrams(column: string): string {
  const cls = `[${classBody}]`;
  const even = `regexp_replace(${column}, '(${cls})(${cls})', ' \\1\\2 ', 'g')`;
  const withoutFirst = `regexp_replace(${column}, '${cls}(${cls}*)', ' \\1', 'g')`;
  const odd = `regexp_replace(${withoutFirst}, '(${cls})(${cls})', ' \\1\\2 ', 'g')`;
  return `(${even} || ' ' || ${odd})`;
}

/** Limits on what is indexed, so the vector stays far under PostgreSQL's 1 MB tsvector limit. */
export const SEARCH_TITLE_CHARS = 2_000;
export const SEARCH_LEAD_CHARS = 10_000;
export const SEARCH_TEXT_CHARS = 50_000;

/** The configuration of the row's `language` column, as SQL returning a literal of `type`. */
function configCase(type: 'text' | 'regconfig'): string {
  const cast = type === 'regconfig' ? '::regconfig' : '';
  const branches = Object.entries(searchConfigs)
    .map(([tag, config]) => `when '${tag}' then '${config}'${cast}`)
    .join(' ');
  return `(case lower(split_part(coalesce(language, ''), '-', 1)) ${branches} else 'simple'${cast} end)`;
}

/** Generation expression of `articles.search_config`. */
export const searchConfigExpression: SQL = sql.raw(configCase('text'));

/** Generation expression of `articles.search_vector`: title weighs A, lead (or summary) B, text C. */
export const searchVectorExpression: SQL = (() => {
  const config = configCase('regconfig');
  const part = (expression: string, limit: number, weight: string) =>
    `setweight(to_tsvector(${config}, ${sqlBigrams(`left(coalesce(${expression}, ''), ${limit})`)}), '${weight}')`;
  return sql.raw(
    [
      part('title', SEARCH_TITLE_CHARS, 'A'),
      part('coalesce(lead, summary)', SEARCH_LEAD_CHARS, 'B'),
      part('text', SEARCH_TEXT_CHARS, 'C'),
    ].join(' || '),
  );
})();

/**
 * The condition that an article matches the web-search style query `q` (quoted phrases, `or`, `-word`),
 * parsed with the article's own configuration: one branch per configuration, `(articles of that
 * configuration) and search_vector @@ websearch_to_tsquery(configuration, q)`, OR'd. Each branch's
 * tsquery is a constant, so the GIN index answers it and the planner can estimate how many articles
 * match (a common word: walk the newest articles and stop at a page; a rare one: ask the index).
 *
 * `groups` are the requested languages by configuration, each with a condition on the article's
 * language (the language decides the configuration, so it can stand in for it); without them, every
 * configuration is tried against `search_config`.
 */
export function searchCondition(q: string, groups?: readonly { config: string; articles: SQL }[]): SQL {
  const query = bigramText(q);
  const branches = groups ?? allSearchConfigs.map((config) => ({ config, articles: sql`"articles"."search_config" = ${config}` }));
  const parts = branches.map(
    ({ config, articles }) => sql`(${articles} and "articles"."search_vector" @@ websearch_to_tsquery(${config}::regconfig, ${query}))`,
  );
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
}

/** Relevance of an article to `q` (cover density, normalized by document length), for sorting. */
export function searchRank(q: string): SQL<number> {
  return sql<number>`ts_rank_cd("articles"."search_vector", websearch_to_tsquery("articles"."search_config"::regconfig, ${bigramText(q)}), 1)`;
}
