import { inArray, type SQL, sql } from 'drizzle-orm';
import { articles } from '../schema/index.js';

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
