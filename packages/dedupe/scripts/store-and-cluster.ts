/**
 * What the evaluation scripts (`eval-dedupe.ts`, `eval-stories.ts`) share: storing articles through the
 * article worker's own path on a throwaway PGlite database, and counting story-cluster pairs. Kept in
 * one place so both scripts measure the same thing the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clusterArticle, createDb, storeArticle } from '@polywire/db';
import { articleFingerprints, canonicalizeUrl, storyClustering, urlHash } from '../src/index.js';

/** The fields the store path needs from one evaluated article. */
export interface EvalArticle {
  id: string;
  url: string;
  site: string;
  language: string;
  publishedAt: Date;
  title: string;
  text: string;
}

export interface StoreAndClusterResult {
  /** Article id → the stored article it resolved to (its original when a duplicate, else itself). */
  rootOf: Map<string, number>;
  /** Article id → story cluster id. */
  clusterOf: Map<string, number>;
  elapsedMs: number;
}

/**
 * Stores every article in the order given, exactly as the article worker does (articleFingerprints →
 * storeArticle with its `near`, which carries duplicatePolicy), then clusters it (storyClustering →
 * clusterArticle). The database lives in a temp dir removed afterwards, so runs never share state.
 */
export async function storeAndCluster(articles: readonly EvalArticle[], tempPrefix: string): Promise<StoreAndClusterResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), tempPrefix));
  const handle = createDb({ dataDir });
  const started = performance.now();
  const rootOf = new Map<string, number>();
  const clusterOf = new Map<string, number>();
  try {
    await handle.migrate();
    for (const article of articles) {
      const canonicalUrl = canonicalizeUrl(article.url);
      const fingerprints = articleFingerprints(article.title, article.text, article.site);
      const result = await storeArticle(
        handle.db,
        {
          urlHash: urlHash(canonicalUrl),
          url: article.url,
          canonicalUrl,
          title: article.title,
          text: article.text,
          site: article.site,
          language: article.language,
          publishedAt: article.publishedAt,
          ...fingerprints.columns,
        },
        null,
        [],
        fingerprints.near,
      );
      rootOf.set(article.id, result.duplicateOf ?? result.articleId);
      const { keys, policy } = await storyClustering({
        title: article.title,
        text: article.text,
        language: article.language,
        publishedAt: article.publishedAt,
      });
      clusterOf.set(article.id, (await clusterArticle(handle.db, result.articleId, keys, policy)).clusterId);
    }
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { rootOf, clusterOf, elapsedMs: performance.now() - started };
}

export interface ClusterPairCounts {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  crossTrue: number;
  crossCorrect: number;
  /** "a ~ b" for pairs in one predicted cluster but different events, in article order. */
  falseMerges: string[];
  /** Language pair ("en–ja", languages sorted) → true pairs and how many of them were clustered together. */
  byLanguagePair: Map<string, { truePairs: number; correctPairs: number }>;
}

/**
 * Pairwise story-cluster counts over every pair of articles: truly together when they share an
 * `event`, predicted together when they share a cluster id.
 */
export function countClusterPairs(
  articles: readonly { id: string; language: string; event: string }[],
  clusterOf: ReadonlyMap<string, number>,
): ClusterPairCounts {
  const counts: ClusterPairCounts = {
    truePairs: 0,
    predictedPairs: 0,
    correctPairs: 0,
    crossTrue: 0,
    crossCorrect: 0,
    falseMerges: [],
    byLanguagePair: new Map(),
  };
  for (let i = 0; i < articles.length; i++) {
    for (let j = i + 1; j < articles.length; j++) {
      const a = articles[i]!;
      const b = articles[j]!;
      const sameEvent = a.event === b.event;
      const sameCluster = clusterOf.get(a.id) === clusterOf.get(b.id);
      const crossLanguage = a.language !== b.language;
      if (sameEvent) counts.truePairs++;
      if (sameCluster) counts.predictedPairs++;
      if (sameEvent && sameCluster) counts.correctPairs++;
      if (sameEvent && crossLanguage) counts.crossTrue++;
      if (sameEvent && sameCluster && crossLanguage) counts.crossCorrect++;
      if (sameCluster && !sameEvent) counts.falseMerges.push(`${a.id} ~ ${b.id}`);
      if (sameEvent) {
        const key = [a.language, b.language].sort().join('–');
        const pair = counts.byLanguagePair.get(key) ?? { truePairs: 0, correctPairs: 0 };
        pair.truePairs++;
        if (sameCluster) pair.correctPairs++;
        counts.byLanguagePair.set(key, pair);
      }
    }
  }
  return counts;
}
