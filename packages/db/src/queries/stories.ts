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

/*
 * The story queries' contract (issue 17). listStories and getStory are implemented below this
 * contract; the API, the pages, the CLI and the feeds out all read stories through these types.
 */

/** How a list of stories is ordered; every order ends with `id desc`, so it is total. */
export type StorySort = 'updated' | 'size' | 'languages' | 'rising';
export const storySorts: readonly StorySort[] = ['updated', 'size', 'languages', 'rising'];

/** Where a page of stories ends: the last story's id and its sort key. */
export interface StoryCursor {
  id: number;
  key: string | number | null;
}

export interface StoryFilters {
  since?: Date;
  until?: Date;
  /** The time since/until apply to (default: updated). */
  by?: 'first_seen' | 'updated';
  /** Stories with a member in any of these languages (BCP-47; a primary tag matches its subtags). */
  languages?: string[];
  minLanguages?: number;
  /** Distinct sites. */
  minSources?: number;
  /** Words in any member's title or text, each member searched in its own language's configuration. */
  q?: string;
  /** A member came from this feed. */
  feedId?: number;
  /** A member's site, exactly. */
  site?: string;
  /** Default `updated`. */
  sort?: StorySort;
  /** The title shown for a story: a member's title in this language when there is one. */
  uiLanguage?: string;
  cursor?: StoryCursor;
  limit: number;
  /** The clock for `rising` and quiet stories (default: now). */
  now?: Date;
}

export interface StoryListItem {
  id: number;
  /** A member's title in `uiLanguage` when one has it, else the earliest original's. */
  title: string | null;
  titleLanguage: string | null;
  /** One title per language (the earliest original's in that language). */
  titles: Record<string, string>;
  /** Members per language. */
  languages: Record<string, number>;
  languageCount: number;
  /** Distinct sites, most members first (at most 20). */
  sites: string[];
  sourceCount: number;
  articleCount: number;
  originalCount: number;
  firstSeenAt: Date | null;
  lastUpdatedAt: Date | null;
  /** No member joined for STORY_QUIET_HOURS. */
  quiet: boolean;
  /** For sort=rising: members in the last hour over the story's own hourly average before it (null otherwise). */
  rising: number | null;
}

export interface StoryPage {
  items: StoryListItem[];
  nextCursor: StoryCursor | null;
}

export interface StoryMember {
  id: number;
  url: string;
  title: string | null;
  site: string | null;
  language: string | null;
  publishedAt: Date | null;
  ingestedAt: Date;
  feedIds: number[];
  /** Copies of this member (duplicates folded under their original). */
  copies: Omit<StoryMember, 'copies'>[];
}

/** What ties the members together: keys shared by at least two members, most shared first. */
export interface StoryEvidence {
  kind: 'number' | 'percentage' | 'date' | 'name' | 'place';
  /** The key as stored (`n:1200`, `p:3.5`, `d:03-15`, `w:putin`, …). */
  key: string;
  /** A readable form: `1,200`, `3.5 %`, `15 March`, `putin`. */
  label: string;
  /** How many members carry it. */
  members: number;
}

export interface StoryDetail extends StoryListItem {
  /** Set when the requested id was absorbed into another story: the id that answered. */
  requestedId: number;
  /** Ids of clusters absorbed into this one. */
  absorbedIds: number[];
  /** Originals grouped by language (languages by member count, then tag), copies folded under them. */
  membersByLanguage: { language: string; members: StoryMember[] }[];
  /** Members per hour (by published, else ingested time), from the first hour to the last. */
  timeline: { hour: Date; articles: number }[];
  evidence: StoryEvidence[];
}

/** A story goes quiet after this many hours without a new member; a quiet story is not joined again. */
export const STORY_QUIET_HOURS = 72;
