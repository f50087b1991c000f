/**
 * Duplicate detection measured on the labeled set written for Polywire (`eval-set/`, see its README):
 * `pnpm eval:dedupe [--set DIR] [--json]`.
 *
 * Every article is stored, oldest first, through the same code the article worker runs
 * (articleFingerprints → storeArticle on an embedded PGlite database), so the figures are those of the
 * real store path: exact text, same site + title, SimHash bands and MinHash LSH bands. Two articles are predicted
 * duplicates when they resolve to the same original (`duplicateOf`, or themselves); they truly are
 * when they share a `dupGroup`. Precision and recall are over pairs.
 *
 * Story clusters are not built yet (issue 6, part 2): their pairwise figures are reported as missing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb, storeArticle } from '@polywire/db';
import { articleFingerprints, canonicalizeUrl, urlHash } from '../src/index.js';

interface LabeledArticle {
  id: string;
  event: string;
  dupGroup: string | null;
  url: string;
  site: string;
  language: string;
  publishedAt: string;
  title: string;
  text: string;
  kind: string;
}

const { values } = parseArgs({
  options: { set: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const setDir = path.resolve(values.set ?? path.join(import.meta.dirname, '..', 'eval-set'));
const articles: LabeledArticle[] = readdirSync(setDir)
  .filter((file) => file.endsWith('.json'))
  .flatMap((file) => JSON.parse(readFileSync(path.join(setDir, file), 'utf8')) as LabeledArticle[])
  .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id.localeCompare(b.id));

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'polywire-eval-dedupe-'));
const handle = createDb({ dataDir });
const started = performance.now();
const rootOf = new Map<string, number>();
const predictedBy = new Map<string, string[]>();
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
        publishedAt: new Date(article.publishedAt),
        ...fingerprints.columns,
      },
      null,
      [],
      fingerprints.near,
    );
    rootOf.set(article.id, result.duplicateOf ?? result.articleId);
  }
} finally {
  await handle.close();
  rmSync(dataDir, { recursive: true, force: true });
}
const elapsedMs = performance.now() - started;

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
  clusters: null as null,
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
  console.log(`  ${(elapsedMs / articles.length).toFixed(2)} ms per article stored (fingerprints + PGlite store)`);
  console.log('Story clusters: not built yet (pairwise and cross-language figures pending).');
  if (falseMerges.length) console.log(`False merges (${falseMerges.length}):\n  ${falseMerges.slice(0, 30).join('\n  ')}`);
  if (missed.length) console.log(`Missed duplicate pairs (${missed.length}, first 30):\n  ${missed.slice(0, 30).join('\n  ')}`);
}
