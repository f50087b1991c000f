import { and, asc, desc, eq, getTableColumns, gt, gte, inArray, isNotNull, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { articleStoryKeys, articles, clusters } from '../schema/index.js';
import { languageMatch, searchInLanguages } from './language-match.js';

/**
 * Recomputes the summary columns of the given clusters (first seen, last updated, counts, languages)
 * from their members: run in the transaction that changed the membership, so a listing never reads
 * a stale count. Its cost is one pass over each cluster's members through articles_cluster_idx.
 * `und` (undecided) is no language here. Both times are news times, as the clustering window's are: a
 * member's publication time, never later than when it was ingested (a feed's future dates do not count),
 * so a story backfilled from old feeds goes quiet by its own clock, not by the day it was read
 * (`least` skips a missing publication time).
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
        min(least(a.published_at, a.ingested_at)) as first_seen, max(least(a.published_at, a.ingested_at)) as last_updated,
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
  /** sort=rising: the clock the first page ranked with, so that later pages continue its ranking. */
  now?: Date;
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
  /** A readable form: `1,200`, `3.5 %`, `15 March`, `Putin` (a name's key, `ptn`, when no title shows the name). */
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

/** The window `rising` counts recent members in. */
const RISING_WINDOW_HOURS = 1;
/** Most sites a list item names. */
const MAX_STORY_SITES = 20;
/** Most evidence keys a story page shows. */
const MAX_STORY_EVIDENCE = 50;
/** How many absorbed ids getStory follows before it gives up (a longer chain, or a cycle, is a bug). */
const MAX_MERGE_HOPS = 16;
/** Hours of the timeline filled with zeros; a longer span (a member dated years back) lists its busy hours only. */
const MAX_TIMELINE_HOURS = 31 * 24;

type ClusterRow = typeof clusters.$inferSelect;

/** The summary's last update as exact text (microseconds, offset), so a cursor compares equal to the row. */
const updatedKey = sql<string | null>`(to_json(${clusters.lastUpdatedAt}) #>> '{}')`;

/**
 * One page of stories (clusters no other absorbed), read from the clusters' summary columns so that a
 * page never aggregates the whole store: the time window, the counts and the languages are columns of
 * `clusters`; the search, feed and site filters ask each candidate's members through
 * articles_cluster_idx (or, for a rare word, the search index) with a semi-join.
 *
 * Orders, each ending with `id desc` and paged by a keyset cursor on (key, id):
 * - `updated`: the latest member first (`last_updated_at`);
 * - `size`: most members (copies included) first;
 * - `languages`: most languages first;
 * - `rising`: the rate of new members against the story's own usual rate. With H = 1 hour before
 *   `now`: recent = members ingested in (now − H, now]; before = members ingested up to now − H;
 *   hours = the hours from the story's first seen time to now − H, at least 1; then
 *   rising = recent / max(1, before / hours). The usual rate is floored at one member an hour, so a
 *   story younger than an hour (nothing before) ranks by its count in that hour, and a sleepy story
 *   with one new member does not outrank a breaking one. Stories without a recent member have 0 and
 *   follow, newest id first. A cursor carries the `now` its first page ranked with, so later pages
 *   continue the same ranking.
 *
 * `languages` with `q`: the matching member must be in one of those languages (its own configuration
 * then), as the article search does.
 */
export async function listStories(db: Database, filters: StoryFilters): Promise<StoryPage> {
  const sort = filters.sort ?? 'updated';
  const now = filters.cursor?.now ?? filters.now ?? new Date();
  const conditions = await storyConditions(db, filters);
  const limit = filters.limit;
  const cursor = filters.cursor;

  let rows: (ClusterRow & { sortKey: string | number | null; rising: number | null })[];
  if (sort === 'rising') {
    rows = await risingRows(db, conditions, now, limit, cursor);
  } else {
    let key: SQL;
    let keyType: SQL;
    if (sort === 'updated') [key, keyType] = [sql`${clusters.lastUpdatedAt}`, sql`timestamptz`];
    else if (sort === 'size') [key, keyType] = [sql`${clusters.articleCount}`, sql`int`];
    else [key, keyType] = [sql`${clusters.languageCount}`, sql`int`];
    if (cursor) {
      if (cursor.key === null || typeof cursor.key !== (sort === 'updated' ? 'string' : 'number')) {
        throw new Error(`a ${sort} cursor needs a ${sort === 'updated' ? 'time' : 'numeric'} key`);
      }
      conditions.push(sql`(${key}, ${clusters.id}) < (${cursor.key}::${keyType}, ${cursor.id})`);
    }
    const found = await db
      .select({ ...getTableColumns(clusters), sortKey: sort === 'updated' ? updatedKey : sql<number>`${key}` })
      .from(clusters)
      .where(and(...conditions))
      // `nulls last` as the indexes are built, so that the order is an index walk.
      .orderBy(sql`${key} desc nulls last`, sql`${clusters.id} desc nulls last`)
      .limit(limit + 1);
    rows = found.map((row) => ({ ...row, rising: null }));
  }

  const page = rows.slice(0, limit);
  const items = await describeStories(db, page, { uiLanguage: filters.uiLanguage, now });
  for (const [index, row] of page.entries()) items[index]!.rising = row.rising;
  const last = rows.length > limit ? page.at(-1) : undefined;
  let nextCursor: StoryCursor | null = null;
  if (last) {
    nextCursor = { id: last.id, key: sort === 'updated' ? (last.sortKey as string) : Number(last.sortKey) };
    if (sort === 'rising') nextCursor.now = now;
  }
  return { items, nextCursor };
}

/**
 * Members matching a condition read up front, at most this many: fewer, and the list keeps the stories
 * of those members (a rare word, a small feed); more, and it walks the stories in order and asks each
 * one's members (a common word finds a page of stories soon). One plan for both was either a walk of
 * every story for a rare word (0.8 s at 1M articles) or a read of most articles for a common one.
 */
const MEMBER_PROBE_LIMIT = 2000;

/** The filters of a story list as conditions on `clusters` (never an absorbed one, never an empty one). */
async function storyConditions(db: Database, filters: StoryFilters): Promise<SQL[]> {
  const conditions: SQL[] = [isNull(clusters.mergedInto), gt(clusters.articleCount, 0)];
  const timeColumn = filters.by === 'first_seen' ? clusters.firstSeenAt : clusters.lastUpdatedAt;
  if (filters.since) conditions.push(gte(timeColumn, filters.since));
  if (filters.until) conditions.push(lte(timeColumn, filters.until));
  if (filters.minLanguages !== undefined) conditions.push(gte(clusters.languageCount, filters.minLanguages));
  if (filters.minSources !== undefined) conditions.push(gte(clusters.sourceCount, filters.minSources));
  const members: SQL[] = [];
  const member = (condition: SQL) => members.push(condition);
  const languages = filters.languages ?? [];
  const q = filters.q?.trim() ? filters.q : undefined;
  if (q) {
    member(searchInLanguages(q, languages));
  } else if (languages.length) {
    // The summary's members per language answer this without reading a member.
    const families = languages.filter((tag) => !tag.includes('-')).map((tag) => tag.toLowerCase());
    const exact = languages.filter((tag) => tag.includes('-'));
    const matches = [
      ...(families.length ? [sql`lower(split_part(k.tag, '-', 1)) in (${sql.join(families.map((tag) => sql`${tag}`), sql`, `)})`] : []),
      ...(exact.length ? [sql`k.tag in (${sql.join(exact.map((tag) => sql`${tag}`), sql`, `)})`] : []),
    ];
    conditions.push(sql`exists (select 1 from jsonb_object_keys(${clusters.languages}) as k(tag) where ${sql.join(matches, sql` or `)})`);
  }
  if (filters.feedId !== undefined) {
    member(sql`exists (select 1 from article_sources s where s.article_id = ${articles.id} and s.feed_id = ${filters.feedId})`);
  }
  if (filters.site !== undefined) member(eq(articles.site, filters.site));
  // Each its own member: a word in one member, the feed of another.
  for (const condition of members) {
    const probe = await db
      .select({ clusterId: articles.clusterId })
      .from(articles)
      .where(and(condition, isNotNull(articles.clusterId)))
      .limit(MEMBER_PROBE_LIMIT + 1);
    conditions.push(
      probe.length <= MEMBER_PROBE_LIMIT
        ? inArray(clusters.id, [...new Set(probe.map((row) => Number(row.clusterId)))])
        : sql`exists (select 1 from articles where ${articles.clusterId} = ${clusters.id} and ${condition})`,
    );
  }
  return conditions;
}

/**
 * sort=rising in two steps: the stories with a member in the last hour (found through
 * articles_ingested_idx: an hour's articles, whatever the store's size), ranked; then, when the page
 * is not full, the others (rising 0), newest id first.
 */
async function risingRows(db: Database, conditions: SQL[], now: Date, limit: number, cursor: StoryCursor | undefined) {
  if (cursor && typeof cursor.key !== 'number') throw new Error('a rising cursor needs a numeric key');
  const windowStart = new Date(now.getTime() - RISING_WINDOW_HOURS * 3600_000);
  const recent = db.$with('recent').as(
    db
      .select({
        clusterId: sql<number>`${articles.clusterId}`.as('cluster_id'),
        recent: sql<number>`(count(*) filter (where ${articles.ingestedAt} <= ${now.toISOString()}::timestamptz))::int`.as('recent'),
        later: sql<number>`count(*)::int`.as('later'),
      })
      .from(articles)
      .where(and(gt(articles.ingestedAt, windowStart), isNotNull(articles.clusterId)))
      .groupBy(articles.clusterId),
  );
  const hoursBefore = sql`greatest(1, extract(epoch from (${windowStart.toISOString()}::timestamptz - ${clusters.firstSeenAt}))::float8 / 3600)`;
  const rising = sql<number>`(${recent.recent} / greatest(1, (${clusters.articleCount} - ${recent.later})::float8 / ${hoursBefore}))::float8`;
  const rows: (ClusterRow & { sortKey: number; rising: number })[] = [];
  if (!cursor || (cursor.key as number) > 0) {
    const ranked = await db
      .with(recent)
      .select({ ...getTableColumns(clusters), sortKey: rising })
      .from(clusters)
      .innerJoin(recent, eq(recent.clusterId, clusters.id))
      .where(and(...conditions, gt(recent.recent, 0), cursor ? sql`(${rising}, ${clusters.id}) < (${cursor.key}::float8, ${cursor.id})` : undefined))
      .orderBy(sql`${rising} desc`, desc(clusters.id))
      .limit(limit + 1);
    rows.push(...ranked.map((row) => ({ ...row, sortKey: Number(row.sortKey), rising: Number(row.sortKey) })));
  }
  if (rows.length <= limit) {
    const rest = await db
      .with(recent)
      .select(getTableColumns(clusters))
      .from(clusters)
      .where(
        and(
          ...conditions,
          sql`${clusters.id} not in (select ${recent.clusterId} from ${recent} where ${recent.recent} > 0)`,
          cursor && cursor.key === 0 ? lt(clusters.id, cursor.id) : undefined,
        ),
      )
      .orderBy(desc(clusters.id))
      .limit(limit + 1 - rows.length);
    rows.push(...rest.map((row) => ({ ...row, sortKey: 0, rising: 0 })));
  }
  return rows;
}

/** The list items of clusters, in their order: titles and sites read from the members in two queries. */
async function describeStories(db: Database, rows: ClusterRow[], options: { uiLanguage?: string; now: Date }): Promise<StoryListItem[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const language = sql<string>`coalesce(${articles.language}, 'und')`;
  const time = sql<string>`(to_json(coalesce(${articles.publishedAt}, ${articles.ingestedAt})) #>> '{}')`;
  const isCopy = sql<boolean>`(${articles.duplicateOf} is not null)`;
  const [titleRows, siteRows] = await Promise.all([
    // Each story's earliest titled member per language, an original when there is one.
    db
      .selectDistinctOn([articles.clusterId, language], { clusterId: articles.clusterId, language, title: articles.title, isCopy, time, id: articles.id })
      .from(articles)
      .where(and(inArray(articles.clusterId, ids), isNotNull(articles.title)))
      .orderBy(articles.clusterId, language, isCopy, sql`coalesce(${articles.publishedAt}, ${articles.ingestedAt})`, articles.id),
    db
      .select({ clusterId: articles.clusterId, site: articles.site, members: sql<number>`count(*)::int` })
      .from(articles)
      .where(and(inArray(articles.clusterId, ids), isNotNull(articles.site)))
      .groupBy(articles.clusterId, articles.site),
  ]);
  const titlesOf = groupBy(titleRows, (row) => Number(row.clusterId));
  const sitesOf = groupBy(siteRows, (row) => Number(row.clusterId));
  const quietSince = options.now.getTime() - STORY_QUIET_HOURS * 3600_000;
  return rows.map((row) => {
    const candidates = titlesOf.get(row.id) ?? [];
    const chosen = chooseTitle(candidates, options.uiLanguage);
    const titles: Record<string, string> = {};
    for (const candidate of candidates) if (candidate.language !== 'und') titles[candidate.language] = candidate.title!;
    const sites = (sitesOf.get(row.id) ?? [])
      .sort((a, b) => b.members - a.members || a.site!.localeCompare(b.site!))
      .slice(0, MAX_STORY_SITES)
      .map((site) => site.site!);
    return {
      id: row.id,
      title: chosen?.title ?? row.title,
      titleLanguage: chosen ? (chosen.language === 'und' ? null : chosen.language) : null,
      titles,
      languages: row.languages,
      languageCount: row.languageCount,
      sites,
      sourceCount: row.sourceCount,
      articleCount: row.articleCount,
      originalCount: row.originalCount,
      firstSeenAt: row.firstSeenAt,
      lastUpdatedAt: row.lastUpdatedAt,
      quiet: row.lastUpdatedAt !== null && row.lastUpdatedAt.getTime() < quietSince,
      rising: null,
    };
  });
}

function groupBy<T, K>(list: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of list) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * The title shown: a member's in `uiLanguage` (that tag exactly, else one of its family: `pt` for
 * `pt-BR`, `zh-Hant` for `zh`), else the earliest original's. Candidates are each language's earliest.
 */
function chooseTitle<T extends { language: string; title: string | null; isCopy: boolean; time: string; id: number }>(
  candidates: T[],
  uiLanguage: string | undefined,
): T | undefined {
  const earliest = (list: T[]) =>
    list.reduce<T | undefined>((best, candidate) => {
      if (!best) return candidate;
      if (best.isCopy !== candidate.isCopy) return best.isCopy ? candidate : best;
      const [a, b] = [Date.parse(candidate.time), Date.parse(best.time)];
      return a < b || (a === b && candidate.id < best.id) ? candidate : best;
    }, undefined);
  if (uiLanguage) {
    const exact = candidates.filter((candidate) => candidate.language.toLowerCase() === uiLanguage.toLowerCase());
    if (exact.length) return earliest(exact);
    const base = uiLanguage.split('-')[0]!.toLowerCase();
    const family = candidates.filter((candidate) => candidate.language.split('-')[0]!.toLowerCase() === base);
    if (family.length) return earliest(family);
  }
  return earliest(candidates);
}

/**
 * A story with its members, its timeline and its evidence. An absorbed id answers with the story it
 * was merged into (following a chain of merges), `requestedId` saying which id was asked for.
 */
export async function getStory(
  db: Database,
  id: number,
  options: {
    uiLanguage?: string;
    now?: Date;
    /** Readable forms of name keys by their value (@polywire/dedupe's nameLabels), from the members' titles; without it a name shows as its key. */
    nameLabels?: (titles: string[]) => ReadonlyMap<string, string>;
  } = {},
): Promise<StoryDetail | undefined> {
  const survivorId = await resolveStoryId(db, id);
  if (survivorId === undefined) return undefined;
  const columns = {
    id: articles.id,
    url: articles.url,
    title: articles.title,
    site: articles.site,
    language: articles.language,
    publishedAt: articles.publishedAt,
    ingestedAt: articles.ingestedAt,
    duplicateOf: articles.duplicateOf,
    // Qualified by hand: drizzle writes a selected column unqualified, which inside this sub-select would be s.id.
    feedIds: sql<number[]>`coalesce((select array_agg(s.feed_id order by s.id) from article_sources s where s.article_id = "articles"."id"), '{}')`,
  };
  const [[row], absorbed, members, evidence] = await Promise.all([
    db.select().from(clusters).where(eq(clusters.id, survivorId)),
    db.select({ id: clusters.id }).from(clusters).where(eq(clusters.mergedInto, survivorId)).orderBy(asc(clusters.id)),
    db
      .select(columns)
      .from(articles)
      .where(eq(articles.clusterId, survivorId))
      .orderBy(sql`coalesce(${articles.publishedAt}, ${articles.ingestedAt})`, asc(articles.id)),
    db
      .select({ key: articleStoryKeys.key, members: sql<number>`count(*)::int` })
      .from(articleStoryKeys)
      .innerJoin(articles, eq(articles.id, articleStoryKeys.articleId))
      .where(eq(articles.clusterId, survivorId))
      .groupBy(articleStoryKeys.key)
      .having(sql`count(*) >= 2`)
      .orderBy(sql`count(*) desc`, asc(articleStoryKeys.key))
      .limit(MAX_STORY_EVIDENCE),
  ]);
  if (!row) return undefined;
  const [item] = await describeStories(db, [row], { uiLanguage: options.uiLanguage, now: options.now ?? new Date() });
  const membersOut = members.map(({ duplicateOf, ...member }) => ({ ...member, feedIds: member.feedIds.map(Number), duplicateOf }));
  const names = options.nameLabels?.(members.map((member) => member.title ?? ''));
  return {
    ...item!,
    requestedId: id,
    absorbedIds: absorbed.map((cluster) => Number(cluster.id)),
    membersByLanguage: groupMembers(membersOut),
    timeline: timelineOf(membersOut.map((member) => member.publishedAt ?? member.ingestedAt)),
    evidence: evidence.map(({ key, members: count }) => {
      const described = describeStoryKey(key);
      const label = described.kind === 'name' && /^[wm]:/.test(key) ? (names?.get(key.slice(2)) ?? described.label) : described.label;
      return { ...described, label, key, members: Number(count) };
    }),
  };
}

/** The story an id answers with: itself, or the end of its chain of merges; undefined for an unknown id or a broken chain. */
export async function resolveStoryId(db: Database, id: number): Promise<number | undefined> {
  const result = (await db.execute(sql`
    with recursive chain (id, merged_into, hops) as (
      select id, merged_into, 0 from clusters where id = ${id}
      union all
      select c.id, c.merged_into, chain.hops + 1 from clusters c join chain on c.id = chain.merged_into where chain.hops < ${MAX_MERGE_HOPS}
    )
    select id from chain where merged_into is null limit 1`)) as unknown as { rows: { id: number | string }[] };
  const found = result.rows[0];
  return found ? Number(found.id) : undefined;
}

type MemberRow = Omit<StoryMember, 'copies'> & { duplicateOf: number | null };

/**
 * Originals by language (languages with the most members first, then by tag), each original with
 * the copies of it (a copy of a copy too) folded under it; a copy whose original is not in the story
 * stands as an original. Members keep their time order.
 */
function groupMembers(members: MemberRow[]): StoryDetail['membersByLanguage'] {
  const byId = new Map(members.map((member) => [member.id, member]));
  const rootOf = (member: MemberRow): MemberRow => {
    let current = member;
    for (let hops = 0; current.duplicateOf !== null && byId.has(current.duplicateOf) && hops < members.length; hops++) current = byId.get(current.duplicateOf)!;
    return current;
  };
  const strip = ({ duplicateOf: _duplicateOf, ...member }: MemberRow): Omit<StoryMember, 'copies'> => member;
  const entries = new Map<number, StoryMember>();
  for (const member of members) if (rootOf(member) === member) entries.set(member.id, { ...strip(member), copies: [] });
  for (const member of members) {
    const root = rootOf(member);
    if (root !== member) entries.get(root.id)!.copies.push(strip(member));
  }
  const groups = new Map<string, { members: StoryMember[]; count: number }>();
  for (const entry of entries.values()) {
    const language = entry.language ?? 'und';
    const group = groups.get(language) ?? { members: [], count: 0 };
    group.members.push(entry);
    group.count += 1 + entry.copies.length;
    groups.set(language, group);
  }
  return [...groups]
    .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : a > b ? 1 : 0))
    .map(([language, group]) => ({ language, members: group.members }));
}

/** Members per hour from the first hour to the last, zero-filled up to MAX_TIMELINE_HOURS. */
function timelineOf(times: Date[]): StoryDetail['timeline'] {
  const counts = new Map<number, number>();
  for (const time of times) {
    const hour = Math.floor(time.getTime() / 3600_000);
    counts.set(hour, (counts.get(hour) ?? 0) + 1);
  }
  const hours = [...counts.keys()].sort((a, b) => a - b);
  if (hours.length === 0) return [];
  const [first, last] = [hours[0]!, hours.at(-1)!];
  const span = last - first < MAX_TIMELINE_HOURS ? Array.from({ length: last - first + 1 }, (_, index) => first + index) : hours;
  return span.map((hour) => ({ hour: new Date(hour * 3600_000), articles: counts.get(hour) ?? 0 }));
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 20 });
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/**
 * What a story key is and how people read it: `n:1200` → number `1,200`, `p:3.5` → percentage
 * `3.5 %`, `d:03-15` → date `15 March`, `c:DE` → place `Germany`; `w:` and any other prefix (`k:` and
 * whatever comes later) → name, the part after the prefix.
 */
export function describeStoryKey(key: string): Pick<StoryEvidence, 'kind' | 'label'> {
  const colon = key.indexOf(':');
  const [prefix, value] = colon < 0 ? ['', key] : [key.slice(0, colon), key.slice(colon + 1)];
  const number = Number(value);
  switch (prefix) {
    case 'n':
      if (value !== '' && Number.isFinite(number)) return { kind: 'number', label: numberFormat.format(number) };
      break;
    case 'p':
      if (value !== '' && Number.isFinite(number)) return { kind: 'percentage', label: `${numberFormat.format(number)} %` };
      break;
    case 'd': {
      const [month, day] = value.split('-').map(Number);
      if (month && day && month <= 12 && day <= 31) return { kind: 'date', label: `${day} ${MONTHS[month - 1]}` };
      break;
    }
    case 'c':
      // A city, by its time zone (`c:@Asia/Tokyo`).
      if (value.startsWith('@')) return { kind: 'place', label: value.slice(value.lastIndexOf('/') + 1).replace(/_/g, ' ') };
      if (/^[A-Za-z]{2}$/.test(value)) {
        let label = value.toUpperCase();
        try {
          label = regionNames.of(label) ?? label;
        } catch {}
        return { kind: 'place', label };
      }
      return { kind: 'place', label: value };
  }
  return { kind: 'name', label: value };
}
