import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { articleEvents, articleStoryKeys, articles, clusters } from '../schema/index.js';
import { lockKeys } from './locks.js';
import { refreshStorySummary, STORY_QUIET_HOURS } from './stories.js';

export interface ClusterCandidateRow {
  articleId: number;
  clusterId: number;
  language: string | null;
  publishedAt: Date | null;
  title: string | null;
  keys: string[];
  minhash: number[] | null;
  /** Originals in the candidate's cluster. */
  clusterSize: number;
}

/**
 * For each key (in matching form), how many other originals in the window carry it, by the cluster they
 * are in (counted up to POSTINGS_PER_KEY per stored form). Kept by cluster so that a story's own members
 * do not make its keys look common to a candidate of that story.
 */
export type KeyFrequency = ReadonlyMap<string, ReadonlyMap<number, number>>;

export interface ClusteringPolicy {
  /** Candidates are originals published within this many hours of the article. */
  windowHours: number;
  /** …sharing at least this many story keys with it. */
  minSharedKeys: number;
  /**
   * Picks the cluster to join among the candidates, or null for a new one, and the clusters the article
   * shows to be the same story, merged into it (@polywire/dedupe's chooseCluster). `keyFrequency`: how
   * many other originals in the window carry each key, by cluster (see KeyFrequency).
   */
  choose(candidates: ClusterCandidateRow[], keyFrequency: KeyFrequency): { clusterId: number | null; score: number; reason: string; merge?: number[] };
  /** The key a stored key is looked up by (a maybe-name `m:x` meets `w:x`); the identity when absent. */
  matchingKey?(key: string): string;
}

/**
 * Candidates looked at, at most: the ones sharing the most keys. A story's members share many keys, so
 * they rank first; reading the keys and signatures of 200 instead cost a third of a store's time.
 */
const MAX_CANDIDATES = 50;
/** Postings read per key, newest first. */
const POSTINGS_PER_KEY = 100;

/**
 * Puts a stored article into a story cluster. A copy joins its original's cluster. An original's
 * story keys are stored, then candidates are the originals sharing keys with it inside the time
 * window (through the key index, no scan), and `policy.choose` decides. Before opening a new cluster,
 * transaction-scoped advisory locks on the keys serialize two articles of one story clustered at the
 * same moment, and the second looks again, so they cannot open two clusters. Running it twice for an
 * article changes nothing.
 */
export async function clusterArticle(
  db: Database,
  articleId: number,
  keys: string[],
  policy: ClusteringPolicy,
): Promise<{ clusterId: number; created: boolean; reason: string; merged?: number[] }> {
  return db.transaction(async (tx) => {
    const [article] = await tx
      .select({
        id: articles.id,
        clusterId: articles.clusterId,
        duplicateOf: articles.duplicateOf,
        title: articles.title,
        urlHash: articles.urlHash,
        at: sql<Date>`coalesce(${articles.publishedAt}, ${articles.ingestedAt})`,
      })
      .from(articles)
      .where(eq(articles.id, articleId));
    if (!article) throw new Error(`article ${articleId} does not exist`);
    if (article.clusterId !== null) return { clusterId: article.clusterId, created: false, reason: 'already clustered' };
    const at = article.at instanceof Date ? article.at : new Date(article.at);

    const done = async (chosen: number, created: boolean, reason: string, merge: readonly number[] = []) => {
      // Lock the clusters involved (in id order, so two merges cannot deadlock), then follow a merge that
      // committed since the candidates were read: nobody joins or merges an absorbed cluster.
      const involved = [...new Set([chosen, ...merge])].sort((a, b) => a - b);
      const locked = (await tx.execute(
        sql`select id, merged_into as "mergedInto" from clusters where id in (${sql.join(involved.map((id) => sql`${id}`), sql`, `)}) order by id for update`,
      )) as unknown as { rows: { id: number | string; mergedInto: number | string | null }[] };
      const absorbedAlready = new Map(locked.rows.filter((row) => row.mergedInto !== null).map((row) => [Number(row.id), Number(row.mergedInto)]));
      let clusterId = chosen;
      for (let hops = 0; absorbedAlready.has(clusterId) && hops < 16; hops++) clusterId = absorbedAlready.get(clusterId)!;
      if (clusterId !== chosen) clusterId = (await followMerges(tx as unknown as Database, clusterId)) ?? clusterId;
      const absorbed = merge.filter((id) => id !== clusterId && !absorbedAlready.has(id));
      await tx.update(articles).set({ clusterId }).where(eq(articles.id, articleId));
      if (absorbed.length > 0) {
        const ids = sql.join(absorbed.map((id) => sql`${id}`), sql`, `);
        await tx.execute(sql`update articles set cluster_id = ${clusterId} where cluster_id in (${ids})`);
        // Earlier absorptions into an absorbed cluster now point at the survivor too: one hop from any id.
        await tx.execute(sql`update clusters set merged_into = ${clusterId} where id in (${ids}) or merged_into in (${ids})`);
      }
      await refreshStorySummary(tx as unknown as Database, [clusterId, ...absorbed]);
      const detail = absorbed.length > 0 ? { clusterId, created, reason, merged: absorbed } : { clusterId, created, reason };
      await tx.insert(articleEvents).values({ urlHash: article.urlHash, kind: 'clustered', detail });
      return { clusterId, created, reason, merged: absorbed };
    };

    if (article.duplicateOf !== null) {
      const [original] = await tx.select({ clusterId: articles.clusterId }).from(articles).where(eq(articles.id, article.duplicateOf));
      if (original?.clusterId != null) return done(original.clusterId, false, `copy of article ${article.duplicateOf}`);
    }

    const unique = [...new Set(keys)];
    if (unique.length > 0) {
      await tx
        .insert(articleStoryKeys)
        .values(unique.map((key) => ({ key, articleId })))
        .onConflictDoNothing();
    }
    const decide = async () => {
      const { candidates, keyFrequency } =
        unique.length > 0 ? await clusterCandidates(tx as unknown as Database, articleId, unique, at, policy) : { candidates: [], keyFrequency: new Map() };
      return candidates.length > 0 ? policy.choose(candidates, keyFrequency) : { clusterId: null, score: 0, reason: 'no candidate', merge: [] };
    };

    let decision = await decide();
    if (decision.clusterId !== null) return done(decision.clusterId, false, decision.reason, decision.merge);
    if (unique.length > 0) {
      // Opening a cluster is the one step two articles of a story must not take side by side: lock the
      // keys (an article sharing one, about to open a cluster too, waits here), then look again, now
      // seeing every article committed meanwhile. Joining needs no lock, so common keys do not
      // serialize the whole ingest.
      await lockKeys(tx, unique.map((key) => `story:${key}`));
      decision = await decide();
      if (decision.clusterId !== null) return done(decision.clusterId, false, decision.reason, decision.merge);
    }
    const [cluster] = await tx.insert(clusters).values({ title: article.title }).returning({ id: clusters.id });
    return done(cluster!.id, true, decision.reason);
  });
}

/** The end of a chain of merges from `id` (bounded), or undefined for an unknown id. */
async function followMerges(db: Database, id: number): Promise<number | undefined> {
  let current = id;
  for (let hops = 0; hops < 16; hops++) {
    const [row] = await db.select({ mergedInto: clusters.mergedInto }).from(clusters).where(eq(clusters.id, current));
    if (!row) return undefined;
    if (row.mergedInto === null) return current;
    current = row.mergedInto;
  }
  return current;
}

/**
 * Originals sharing at least `policy.minSharedKeys` of `keys` inside the window (the most sharing
 * first), with their keys and their cluster's size, and how many originals in the window carry each
 * key. Clusters gone quiet (no member for STORY_QUIET_HOURS before the article) are not joined again.
 */
async function clusterCandidates(
  tx: Database,
  articleId: number,
  keys: string[],
  at: Date,
  policy: ClusteringPolicy,
): Promise<{ candidates: ClusterCandidateRow[]; keyFrequency: KeyFrequency }> {
  const matching = policy.matchingKey ?? ((key: string) => key);
  // Every stored form a key meets (a name `w:x` also meets the maybe-name `m:x` and the reverse).
  const lookups = new Map<string, string>();
  for (const key of keys) {
    const match = matching(key);
    lookups.set(key, match);
    if (match.startsWith('w:')) {
      lookups.set(match, match);
      lookups.set(`m:${match.slice(2)}`, match);
    }
  }
  // Each key's newest postings only (the primary key's index, read backwards): a key as common as a
  // country's name would otherwise make every article read thousands of rows, and a story's own
  // articles are recent and share its rarer keys too.
  const postings = sql.join(
    [...lookups].map(
      ([key, match]) =>
        sql`(select article_id, ${match}::text as match from article_story_keys where key = ${key} and article_id <> ${articleId} order by article_id desc limit ${POSTINGS_PER_KEY})`,
    ),
    sql` union all `,
  );
  const rows = (await tx.execute(sql`
    select p.article_id as "articleId", a.cluster_id as "clusterId", array_agg(distinct p.match) as matches
    from (${postings}) as p
    join articles a on a.id = p.article_id
    where a.duplicate_of is null and a.cluster_id is not null
      and coalesce(a.published_at, a.ingested_at) between ${at.toISOString()}::timestamptz - make_interval(hours => ${policy.windowHours})
                                                      and ${at.toISOString()}::timestamptz + make_interval(hours => ${policy.windowHours})
    group by p.article_id, a.cluster_id`)) as unknown as { rows: { articleId: number | string; clusterId: number | string; matches: string[] }[] };
  const keyFrequency = new Map<string, Map<number, number>>();
  for (const row of rows.rows) {
    const clusterId = Number(row.clusterId);
    for (const match of row.matches) {
      const byCluster = keyFrequency.get(match) ?? new Map<number, number>();
      byCluster.set(clusterId, (byCluster.get(clusterId) ?? 0) + 1);
      keyFrequency.set(match, byCluster);
    }
  }
  const ids = rows.rows
    .filter((row) => row.matches.length >= policy.minSharedKeys)
    .sort((a, b) => b.matches.length - a.matches.length || Number(b.articleId) - Number(a.articleId))
    .slice(0, MAX_CANDIDATES)
    .map((row) => Number(row.articleId));
  if (ids.length === 0) return { candidates: [], keyFrequency };
  const [found, keyRows] = await Promise.all([
    tx
      .select({
        articleId: articles.id,
        clusterId: articles.clusterId,
        language: articles.language,
        publishedAt: articles.publishedAt,
        title: articles.title,
        minhash: articles.minhash,
        clusterSize: clusters.originalCount,
      })
      .from(articles)
      .innerJoin(clusters, eq(clusters.id, articles.clusterId))
      .where(
        and(
          inArray(articles.id, ids),
          sql`${clusters.mergedInto} is null`,
          sql`${clusters.lastUpdatedAt} >= ${at.toISOString()}::timestamptz - make_interval(hours => ${STORY_QUIET_HOURS})`,
        ),
      ),
    tx
      .select({ articleId: articleStoryKeys.articleId, keys: sql<string[]>`array_agg(${articleStoryKeys.key})` })
      .from(articleStoryKeys)
      .where(inArray(articleStoryKeys.articleId, ids))
      .groupBy(articleStoryKeys.articleId),
  ]);
  const keysOf = new Map(keyRows.map((row) => [row.articleId, row.keys]));
  return { candidates: found.map((row) => ({ ...row, clusterId: row.clusterId!, keys: keysOf.get(row.articleId) ?? [] })), keyFrequency };
}

export interface ClusterMember {
  id: number;
  url: string;
  title: string | null;
  site: string | null;
  language: string | null;
  publishedAt: Date | null;
  duplicateOf: number | null;
  feedIds: number[];
}

/** A cluster with its members (oldest first), their languages and sources. */
export async function getCluster(db: Database, id: number) {
  const [cluster] = await db.select().from(clusters).where(eq(clusters.id, id));
  if (!cluster) return undefined;
  const members = await db
    .select({
      id: articles.id,
      url: articles.url,
      title: articles.title,
      site: articles.site,
      language: articles.language,
      publishedAt: articles.publishedAt,
      duplicateOf: articles.duplicateOf,
      feedIds: sql<number[]>`coalesce((select array_agg(s.feed_id order by s.id) from article_sources s where s.article_id = "articles"."id"), '{}')`,
    })
    .from(articles)
    .where(eq(articles.clusterId, id))
    .orderBy(asc(articles.id));
  const languages = [...new Set(members.map((member) => member.language).filter((language): language is string => language !== null))];
  const sites = [...new Set(members.map((member) => member.site).filter((site): site is string => site !== null))];
  return { ...cluster, languages, sites, articleCount: members.length, members: members.map((member) => ({ ...member, feedIds: member.feedIds.map(Number) })) };
}

