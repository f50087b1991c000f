import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { articleEvents, articleStoryKeys, articles, clusters } from '../schema/index.js';
import { lockKeys } from './locks.js';
import { refreshStorySummary } from './stories.js';

export interface ClusterCandidateRow {
  articleId: number;
  clusterId: number;
  language: string | null;
  publishedAt: Date | null;
  title: string | null;
  keys: string[];
  minhash: number[] | null;
}

export interface ClusteringPolicy {
  /** Candidates are originals published within this many hours of the article. */
  windowHours: number;
  /** …sharing at least this many story keys with it. */
  minSharedKeys: number;
  /** Picks the cluster to join among the candidates, or null for a new one (@polywire/dedupe's chooseCluster). */
  choose(candidates: ClusterCandidateRow[]): { clusterId: number | null; score: number; reason: string };
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
): Promise<{ clusterId: number; created: boolean; reason: string }> {
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

    const done = async (clusterId: number, created: boolean, reason: string) => {
      await tx.update(articles).set({ clusterId }).where(eq(articles.id, articleId));
      await refreshStorySummary(tx as unknown as Database, [clusterId]);
      await tx.insert(articleEvents).values({ urlHash: article.urlHash, kind: 'clustered', detail: { clusterId, created, reason } });
      return { clusterId, created, reason };
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
    const at = article.at instanceof Date ? article.at : new Date(article.at);
    const decide = async () => {
      const candidates = unique.length > 0 ? await clusterCandidates(tx as unknown as Database, articleId, unique, at, policy) : [];
      return candidates.length > 0 ? policy.choose(candidates) : { clusterId: null, score: 0, reason: 'no candidate' };
    };

    let decision = await decide();
    if (decision.clusterId !== null) return done(decision.clusterId, false, decision.reason);
    if (unique.length > 0) {
      // Opening a cluster is the one step two articles of a story must not take side by side: lock the
      // keys (an article sharing one, about to open a cluster too, waits here), then look again, now
      // seeing every article committed meanwhile. Joining needs no lock, so common keys do not
      // serialize the whole ingest.
      await lockKeys(tx, unique.map((key) => `story:${key}`));
      decision = await decide();
      if (decision.clusterId !== null) return done(decision.clusterId, false, decision.reason);
    }
    const [cluster] = await tx.insert(clusters).values({ title: article.title }).returning({ id: clusters.id });
    return done(cluster!.id, true, decision.reason);
  });
}

/** Originals sharing at least `policy.minSharedKeys` of `keys` inside the window (the most sharing first), with their keys. */
async function clusterCandidates(
  tx: Database,
  articleId: number,
  keys: string[],
  at: Date,
  policy: ClusteringPolicy,
): Promise<ClusterCandidateRow[]> {
  // Each key's newest postings only (the primary key's index, read backwards): a key as common as a
  // country's name would otherwise make every article read thousands of rows, and a story's own
  // articles are recent and share its rarer keys too.
  const postings = sql.join(
    keys.map(
      (key) =>
        sql`(select article_id from article_story_keys where key = ${key} and article_id <> ${articleId} order by article_id desc limit ${POSTINGS_PER_KEY})`,
    ),
    sql` union all `,
  );
  const shared = (await tx.execute(sql`
    select p.article_id as "articleId", count(*)::int as shared
    from (${postings}) as p
    join articles a on a.id = p.article_id
    where a.duplicate_of is null and a.cluster_id is not null
      and coalesce(a.published_at, a.ingested_at) between ${at.toISOString()}::timestamptz - make_interval(hours => ${policy.windowHours})
                                                      and ${at.toISOString()}::timestamptz + make_interval(hours => ${policy.windowHours})
    group by p.article_id
    having count(*) >= ${policy.minSharedKeys}
    order by count(*) desc, p.article_id desc
    limit ${MAX_CANDIDATES}`)) as unknown as { rows: { articleId: number }[] };
  const ids = shared.rows.map((row) => Number(row.articleId));
  if (ids.length === 0) return [];
  const [rows, keyRows] = await Promise.all([
    tx
      .select({
        articleId: articles.id,
        clusterId: articles.clusterId,
        language: articles.language,
        publishedAt: articles.publishedAt,
        title: articles.title,
        minhash: articles.minhash,
      })
      .from(articles)
      .where(inArray(articles.id, ids)),
    tx
      .select({ articleId: articleStoryKeys.articleId, keys: sql<string[]>`array_agg(${articleStoryKeys.key})` })
      .from(articleStoryKeys)
      .where(inArray(articleStoryKeys.articleId, ids))
      .groupBy(articleStoryKeys.articleId),
  ]);
  const keysOf = new Map(keyRows.map((row) => [row.articleId, row.keys]));
  return rows.map((row) => ({ ...row, clusterId: row.clusterId!, keys: keysOf.get(row.articleId) ?? [] }));
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

