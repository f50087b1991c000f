/**
 * Duplicate detection measured on the labeled set written for Polywire (`eval-set/`, see its README):
 * `pnpm eval:dedupe [--set DIR] [--json]`.
 *
 * Every article is stored, oldest first, through the same code the article worker runs
 * (articleFingerprints → storeArticle with its `near`, which carries duplicatePolicy, on an embedded
 * PGlite database), so the figures are those of the real store path: exact text, same site + title,
 * SimHash bands and MinHash LSH bands. Two articles are predicted
 * duplicates when they resolve to the same original (`duplicateOf`, or themselves); they truly are
 * when they share a `dupGroup`. Precision and recall are over pairs.
 *
 * Story clusters: each stored article then goes through clusterArticle with the same policy as the
 * worker (storyClustering); two articles are in one predicted cluster when they share a clusterId, in
 * one true cluster when they share an `event`. Pairwise precision and recall, overall and for pairs of
 * articles in different languages.
 */
import path from 'node:path';
import { DEFAULT_SET_DIR, loadLabeledSet } from './eval-set.js';
import { parseArgs } from 'node:util';
import { countClusterPairs, storeAndCluster } from './store-and-cluster.js';


const { values } = parseArgs({
  options: { set: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const setDir = path.resolve(values.set ?? DEFAULT_SET_DIR);
const articles = loadLabeledSet(setDir);

const { rootOf, clusterOf, elapsedMs } = await storeAndCluster(
  articles.map((article) => ({ ...article, publishedAt: new Date(article.publishedAt) })),
  'polywire-eval-dedupe-',
);
const predictedBy = new Map<string, string[]>();

const cluster = countClusterPairs(articles, clusterOf);
let truePairs = 0;
let predictedPairs = 0;
let bothPairs = 0;
const falseMerges: string[] = [];
const missed: string[] = [];
for (let i = 0; i < articles.length; i++) {
  for (let j = i + 1; j < articles.length; j++) {
    const a = articles[i]!;
    const b = articles[j]!;
    const truth = a.dupGroup !== null && a.dupGroup === b.dupGroup;
    const predicted = rootOf.get(a.id) === rootOf.get(b.id);
    if (truth) truePairs++;
    if (predicted) predictedPairs++;
    if (truth && predicted) bothPairs++;
    if (predicted && !truth) falseMerges.push(`${a.id} (${a.kind}) ~ ${b.id} (${b.kind})`);
    if (truth && !predicted) missed.push(`${a.id} (${a.kind}) ~ ${b.id} (${b.kind})`);
  }
}
for (const article of articles) {
  const root = String(rootOf.get(article.id));
  predictedBy.set(root, [...(predictedBy.get(root) ?? []), article.id]);
}
const precision = predictedPairs ? bothPairs / predictedPairs : 1;
const recall = truePairs ? bothPairs / truePairs : 1;
const report = {
  set: setDir,
  articles: articles.length,
  duplicates: { precision, recall, truePairs, predictedPairs, correctPairs: bothPairs },
  clusters: {
    precision: cluster.predictedPairs ? cluster.correctPairs / cluster.predictedPairs : 1,
    recall: cluster.truePairs ? cluster.correctPairs / cluster.truePairs : 1,
    crossLanguageRecall: cluster.crossTrue ? cluster.crossCorrect / cluster.crossTrue : 1,
    truePairs: cluster.truePairs,
    predictedPairs: cluster.predictedPairs,
    crossLanguagePairs: cluster.crossTrue,
    falseMerges: cluster.falseMerges,
  },
  msPerArticle: elapsedMs / articles.length,
  falseMerges,
  missed,
};
if (values.json) {
  console.log(JSON.stringify(report));
} else {
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  console.log(`Duplicate detection on ${articles.length} labeled articles (${setDir})`);
  console.log(`  precision ${pct(precision)} (${bothPairs}/${predictedPairs} predicted pairs)   target ≥ 99%`);
  console.log(`  recall    ${pct(recall)} (${bothPairs}/${truePairs} true pairs)   target ≥ 95%`);
  console.log(`  ${(elapsedMs / articles.length).toFixed(2)} ms per article stored and clustered (PGlite)`);
  const c = report.clusters;
  console.log('Story clusters (pairs of articles about one event):');
  console.log(`  precision ${pct(c.precision)} (${cluster.correctPairs}/${c.predictedPairs})   target ≥ 95%`);
  console.log(`  recall    ${pct(c.recall)} (${cluster.correctPairs}/${c.truePairs})   target ≥ 80%`);
  console.log(`  cross-language recall ${pct(c.crossLanguageRecall)} (${cluster.crossCorrect}/${c.crossLanguagePairs})   target ≥ 60%`);
  if (c.falseMerges.length) console.log(`Cluster false merges (${c.falseMerges.length}, first 20):\n  ${c.falseMerges.slice(0, 20).join('\n  ')}`);
  if (falseMerges.length) console.log(`False merges (${falseMerges.length}):\n  ${falseMerges.slice(0, 30).join('\n  ')}`);
  if (missed.length) console.log(`Missed duplicate pairs (${missed.length}, first 30):\n  ${missed.slice(0, 30).join('\n  ')}`);
}
