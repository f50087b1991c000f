import { CLUSTER_WINDOW_HOURS, type ClusterCandidate, chooseCluster, type KeyFrequency, MIN_SHARED_KEYS } from './cluster.js';
import { japaneseNameReadings } from './japanese-names.js';
import { matchingKey, storyKeys } from './story.js';

/**
 * Everything the store's clusterArticle needs for one article: its story keys (with the readings of its
 * names when it is Japanese, see japanese-names.ts) and the policy that fetches candidates (window,
 * shared keys) and chooses among them. Shared by the article worker and `pnpm eval:dedupe`/`eval:stories`,
 * so the evaluations measure the code that runs.
 */
export async function storyClustering(article: { title: string | null; text: string; language: string | null; publishedAt: Date | null }) {
  const title = article.title ?? '';
  const readings = await japaneseNameReadings(`${title}\n${article.text}`);
  const keys = [...storyKeys(title, article.text, article.language, readings)];
  return {
    keys,
    policy: {
      windowHours: CLUSTER_WINDOW_HOURS,
      minSharedKeys: MIN_SHARED_KEYS,
      matchingKey,
      choose: (candidates: ClusterCandidate[], keyFrequency: KeyFrequency) =>
        chooseCluster({ language: article.language, publishedAt: article.publishedAt, keys, title: article.title, keyFrequency }, candidates),
    },
  };
}
