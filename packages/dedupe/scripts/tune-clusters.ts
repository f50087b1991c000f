/**
 * Story-cluster thresholds tuned and measured on the labeled set (`eval-set/`, see its README):
 * `pnpm exec tsx --conditions=@polywire/source packages/dedupe/scripts/tune-clusters.ts [--json] [--no-tune]`.
 *
 * Simulates the database step in memory: articles are replayed in publishedAt order; an article whose
 * dupGroup already has an earlier member is a duplicate and inherits that member's cluster; every other
 * article gets its candidates exactly as the DB step fetches them (earlier originals within
 * ± CLUSTER_WINDOW_HOURS sharing ≥ MIN_SHARED_KEYS keys of storyKeys) and joins the cluster chooseCluster
 * picks, or starts a new one.
 *
 * Against overfitting, the events are split in two halves, A and B: events are taken in groups (a
 * hard-negative pair such as e01/e02 is one group, every other event its own), and the groups in event
 * order alternate between the halves, so each half holds hard negatives. A grid of thresholds is scored on half A alone (pairwise precision must reach 0.95; then the highest
 * recall + cross-language recall wins, ties to the stricter thresholds), and the chosen thresholds are
 * reported on half B and on the whole set, beside the ones shipped in CLUSTER_THRESHOLDS.
 */
import path from 'node:path';
import { DEFAULT_SET_DIR, type LabeledArticle, loadLabeledSet } from './eval-set.js';
import { countClusterPairs } from './store-and-cluster.js';
import { parseArgs } from 'node:util';
import {
  CLUSTER_THRESHOLDS,
  CLUSTER_WINDOW_HOURS,
  type ClusterCandidate,
  type ClusterThresholds,
  chooseClusterWith,
  MIN_SHARED_KEYS,
} from '../src/cluster.js';
import { storyKeys } from '../src/story.js';


const { values } = parseArgs({
  options: { set: { type: 'string' }, json: { type: 'boolean', default: false }, 'no-tune': { type: 'boolean', default: false } },
});
const setDir = path.resolve(values.set ?? DEFAULT_SET_DIR);
const all = loadLabeledSet(setDir);
const keysOf = new Map(all.map((article) => [article.id, [...storyKeys(article.title, article.text, article.language)]]));

interface Scores {
  articles: number;
  precision: number;
  recall: number;
  crossRecall: number;
  truePairs: number;
  predictedPairs: number;
  crossTruePairs: number;
  falseMerges: string[];
}

/** Replays the articles through the simulated DB step; returns each article's cluster. */
function simulate(articles: LabeledArticle[], thresholds: ClusterThresholds): Map<string, number> {
  const clusterOf = new Map<string, number>();
  const groupCluster = new Map<string, number>();
  const originals: (ClusterCandidate & { id: string })[] = [];
  let nextCluster = 1;
  articles.forEach((article, index) => {
    const inherited = article.dupGroup === null ? undefined : groupCluster.get(article.dupGroup);
    if (inherited !== undefined) {
      clusterOf.set(article.id, inherited);
      return;
    }
    const keys = keysOf.get(article.id)!;
    const keySet = new Set(keys);
    const publishedAt = new Date(article.publishedAt);
    const candidates = originals.filter(
      (original) =>
        Math.abs(original.publishedAt!.getTime() - publishedAt.getTime()) <= CLUSTER_WINDOW_HOURS * 3_600_000 &&
        original.keys.filter((key) => keySet.has(key)).length >= MIN_SHARED_KEYS,
    );
    const decision = chooseClusterWith({ language: article.language, publishedAt, keys, title: article.title }, candidates, thresholds);
    const clusterId = decision.clusterId ?? nextCluster++;
    clusterOf.set(article.id, clusterId);
    if (article.dupGroup !== null) groupCluster.set(article.dupGroup, clusterId);
    originals.push({ id: article.id, articleId: index, clusterId, language: article.language, publishedAt, keys, title: article.title });
  });
  return clusterOf;
}

function score(articles: LabeledArticle[], thresholds: ClusterThresholds): Scores {
  const counts = countClusterPairs(articles, simulate(articles, thresholds));
  // The report names the two events of a false merge, not its articles.
  const eventOf = new Map(articles.map((article) => [article.id, article.event]));
  const falseMerges = new Set(counts.falseMerges.map((pair) => pair.split(' ~ ').map((id) => eventOf.get(id)).sort().join(' + ')));
  return {
    articles: articles.length,
    precision: counts.predictedPairs ? counts.correctPairs / counts.predictedPairs : 1,
    recall: counts.truePairs ? counts.correctPairs / counts.truePairs : 1,
    crossRecall: counts.crossTrue ? counts.crossCorrect / counts.crossTrue : 1,
    truePairs: counts.truePairs,
    predictedPairs: counts.predictedPairs,
    crossTruePairs: counts.crossTrue,
    falseMerges: [...falseMerges],
  };
}

// The two events of a hard negative (same topic, different event: e01/e02 … e15/e16, e32/e33) stay in
// one half, or neither half would contain a pair that must not merge. Groups alternate between halves.
const HARD_NEGATIVES = [['e01', 'e02'], ['e03', 'e04'], ['e05', 'e06'], ['e07', 'e08'], ['e09', 'e10'], ['e11', 'e12'], ['e13', 'e14'], ['e15', 'e16'], ['e32', 'e33']];
const groupOf = (event: string) => HARD_NEGATIVES.find((pair) => pair.includes(event))?.[0] ?? event;
const groups = [...new Set(all.map((article) => groupOf(article.event)))].sort();
const half = (article: LabeledArticle) => groups.indexOf(groupOf(article.event)) % 2;
const halfA = all.filter((article) => half(article) === 0);
const halfB = all.filter((article) => half(article) === 1);

const grid: ClusterThresholds[] = [];
for (const sameLanguage of [0.06, 0.08, 0.1, 0.12, 0.15, 0.2])
  for (const sameLanguageUnconfirmed of [0.15, 0.2, 0.25, 0.3, 1])
    for (const crossLanguage of [0.08, 0.1, 0.12, 0.15, 0.18, 0.2, 0.25])
      for (const minSharedWeight of [2, 3, 4, 5, 6])
        if (sameLanguageUnconfirmed >= sameLanguage) grid.push({ ...CLUSTER_THRESHOLDS, sameLanguage, sameLanguageUnconfirmed, crossLanguage, minSharedWeight });

let tuned: ClusterThresholds | null = null;
if (!values['no-tune']) {
  let bestValue = -1;
  for (const thresholds of grid) {
    const result = score(halfA, thresholds);
    if (result.precision < 0.95) continue;
    // Recall first; among equals the strictest thresholds (the sum of them), which leave the most margin.
    const strictness = thresholds.sameLanguage + thresholds.sameLanguageUnconfirmed + thresholds.crossLanguage + thresholds.minSharedWeight / 20;
    const value = Math.round((result.recall + result.crossRecall) * 1e4) + strictness / 100;
    if (value > bestValue) {
      bestValue = value;
      tuned = thresholds;
    }
  }
}

const report = {
  window: CLUSTER_WINDOW_HOURS,
  minSharedKeys: MIN_SHARED_KEYS,
  shipped: {
    thresholds: CLUSTER_THRESHOLDS,
    halfA: score(halfA, CLUSTER_THRESHOLDS),
    halfB: score(halfB, CLUSTER_THRESHOLDS),
    all: score(all, CLUSTER_THRESHOLDS),
  },
  tunedOnHalfA: tuned && { thresholds: tuned, halfA: score(halfA, tuned), halfB: score(halfB, tuned), all: score(all, tuned) },
};

if (values.json) {
  console.log(JSON.stringify(report));
} else {
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(6);
  const line = (name: string, s: Scores) =>
    `  ${name.padEnd(22)} precision ${pct(s.precision)}  recall ${pct(s.recall)}  cross-language recall ${pct(s.crossRecall)}  (${s.articles} articles, ${s.truePairs} true pairs, ${s.crossTruePairs} cross, ${s.predictedPairs} predicted)` +
    (s.falseMerges.length ? `\n      false merges: ${s.falseMerges.join(', ')}` : '');
  console.log(`Story clusters on ${all.length} labeled articles (${setDir}); window ±${CLUSTER_WINDOW_HOURS} h, ≥ ${MIN_SHARED_KEYS} shared keys`);
  console.log('Targets: precision ≥ 95%, recall ≥ 80%, cross-language recall ≥ 60%');
  console.log(`Shipped thresholds ${JSON.stringify(CLUSTER_THRESHOLDS)}:`);
  console.log(line('half A (tuning)', report.shipped.halfA));
  console.log(line('half B (held out)', report.shipped.halfB));
  console.log(line('all events', report.shipped.all));
  if (report.tunedOnHalfA) {
    console.log(`Best on half A of ${grid.length} grid points ${JSON.stringify(report.tunedOnHalfA.thresholds)}:`);
    console.log(line('half A (tuning)', report.tunedOnHalfA.halfA));
    console.log(line('half B (held out)', report.tunedOnHalfA.halfB));
    console.log(line('all events', report.tunedOnHalfA.all));
  }
}
