import { CLUSTER_WINDOW_HOURS, type ClusterCandidate, chooseCluster, MIN_SHARED_KEYS } from './cluster.js';
import { matchingKey, storyKeys } from './story.js';

/**
 * Everything the store's clusterArticle needs for one article: its story keys and the policy that
 * fetches candidates (window, shared keys) and chooses among them. Shared by the article worker and
 * `pnpm eval:dedupe`, so the evaluation measures the code that runs.
 */
export function storyClustering(article: { title: string | null; text: string; language: string | null; publishedAt: Date | null }) {
  const keys = [...storyKeys(article.title ?? '', article.text, article.language)];
  return {
    keys,
    policy: {
      windowHours: CLUSTER_WINDOW_HOURS,
      minSharedKeys: MIN_SHARED_KEYS,
      matchingKey,
      choose: (candidates: ClusterCandidate[], keyFrequency: ReadonlyMap<string, number>) =>
        chooseCluster({ language: article.language, publishedAt: article.publishedAt, keys, title: article.title, keyFrequency }, candidates),
    },
  };
}
