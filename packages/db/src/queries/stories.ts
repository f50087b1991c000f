import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';

/**
 * Recomputes the summary columns of the given clusters (first seen, last updated, counts, languages)
 * from their members: run in the transaction that changed the membership, so a listing never reads
 * a stale count. Its cost is one pass over each cluster's members through articles_cluster_idx.
 * `und` (undecided) is no language here.
 */
export async function refreshStorySummary(db: Database, clusterIds: readonly number[]): Promise<void> {
  const ids = [...new Set(clusterIds)];
  if (ids.length === 0) return;
  await db.execute(sql`
    update clusters as c set
      first_seen_at = s.first_seen, last_updated_at = s.last_updated, article_count = s.members,
      original_count = s.originals, source_count = s.sites, language_count = s.language_count, languages = s.languages
    from (
      select c2.id,
        min(coalesce(a.published_at, a.ingested_at)) as first_seen, max(a.ingested_at) as last_updated,
        count(a.id)::int as members, (count(a.id) filter (where a.duplicate_of is null))::int as originals,
        count(distinct a.site)::int as sites,
        count(distinct a.language) filter (where a.language <> 'und')::int as language_count,
        coalesce((select jsonb_object_agg(x.language, x.n) from (
          select l.language, count(*)::int as n from articles l
          where l.cluster_id = c2.id and l.language is not null and l.language <> 'und' group by l.language) x), '{}'::jsonb) as languages
      from clusters c2 left join articles a on a.cluster_id = c2.id
      where c2.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})
      group by c2.id
    ) as s
    where c.id = s.id`);
}
