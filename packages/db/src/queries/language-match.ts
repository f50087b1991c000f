import { inArray, type SQL, sql } from 'drizzle-orm';
import { articles } from '../schema/index.js';
import { searchCondition, searchConfigFor } from './search.js';

/** `zh` matches the family (`zh-Hans`, `zh-Hant`) through the indexed base column; `zh-Hant` that tag only. */
export function languageMatch(tags: readonly string[]): SQL {
  const families = tags.filter((tag) => !tag.includes('-')).map((tag) => tag.toLowerCase());
  const exact = tags.filter((tag) => tag.includes('-'));
  const matches = [
    ...(families.length ? [inArray(articles.languageBase, families)] : []),
    ...(exact.length ? [inArray(articles.language, exact)] : []),
  ];
  return matches.length === 1 ? matches[0]! : sql`(${sql.join(matches, sql` or `)})`;
}

/**
 * Articles matching `q`, each in its own language's configuration: one search branch per configuration
 * among `languages` (each branch limited to its tags), or every configuration when no language is given.
 */
export function searchInLanguages(q: string, languages: readonly string[]): SQL {
  const tagsByConfig = new Map<string, string[]>();
  for (const tag of languages) {
    const config = searchConfigFor(tag);
    tagsByConfig.set(config, [...(tagsByConfig.get(config) ?? []), tag]);
  }
  const groups = [...tagsByConfig].map(([config, tags]) => ({ config, articles: languageMatch(tags) }));
  return searchCondition(q, groups.length ? groups : undefined);
}
