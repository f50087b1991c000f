/**
 * Story clustering measured on text Polywire did not write: the `stories/` corpus (WMT 2021 news test
 * sets, one source article and its translations per `event`; see its README.md).
 * `pnpm eval:stories [--corpus DIR] [--half A|B] [--json]`, where DIR holds `stories/` (default
 * `../shared/corpus` beside the repository). `--half` keeps the stories of one fixed half (by a hash of
 * the event id), so a change tuned while looking at one half can be checked on the other.
 *
 * Every article goes through the same store-and-cluster path as `pnpm eval:dedupe` (store-and-cluster.ts),
 * with language = the item's `lang` and site = its `outlet`. Two articles are truly one story when they
 * share an `event`, predicted so when they share a cluster id. This only measures: nothing is tuned on it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chanceEvidence } from './chance-evidence.js';
import { countClusterPairs, type EvalArticle, storeAndCluster } from './store-and-cluster.js';

interface StoryArticle {
  id: string;
  lang: string;
  title: string;
  text: string;
  event: string;
  outlet: string;
}

const REPO_ROOT = path.join(import.meta.dirname, '..', '..', '..');
const DEFAULT_CORPUS_DIR = path.join(REPO_ROOT, '..', 'shared', 'corpus');
/** Language pairs with fewer true pairs than this are left out of the human table (too few to read). */
const MIN_PAIRS_SHOWN = 20;

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    half: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('pnpm eval:stories [--corpus DIR] [--half A|B] [--json]');
  process.exit(0);
}
if (values.half !== undefined && values.half !== 'A' && values.half !== 'B') {
  console.error(`eval:stories: --half must be A or B, not ${JSON.stringify(values.half)}`);
  process.exit(1);
}
const corpusDir = path.resolve(values.corpus ?? DEFAULT_CORPUS_DIR);
const corpusFile = path.join(corpusDir, 'stories', 'articles.jsonl');
if (!existsSync(corpusFile)) {
  console.error(`eval:stories: corpus file not found: ${corpusFile}\nPass --corpus DIR, the folder that holds stories/articles.jsonl.`);
  process.exit(1);
}

const items = readFileSync(corpusFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as StoryArticle);

/** mulberry32: a tiny seeded PRNG, so the order below is the same on every run and machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * The corpus has no dates, so times are assigned as a feed would bring them: the events (sorted, then
 * shuffled with a fixed seed) start STORY_GAP_MINUTES apart, and each event's members (in a seeded
 * shuffle, so the English source is not always first) follow MEMBER_GAP_MINUTES apart. A story of 8
 * spans ~50 minutes, so neighbouring stories overlap and interleave; every story stays well inside
 * CLUSTER_WINDOW_HOURS. Articles are stored in this time order (ties by id), never story by story.
 */
const STORY_GAP_MINUTES = 30;
const MEMBER_GAP_MINUTES = 7;
const START = Date.UTC(2021, 5, 1);
const random = seededRandom(17);
const byEvent = new Map<string, StoryArticle[]>();
for (const item of items) byEvent.set(item.event, [...(byEvent.get(item.event) ?? []), item]);
const timed: { item: StoryArticle; at: number }[] = [];
for (const [storyIndex, event] of shuffled([...byEvent.keys()].sort(), random).entries()) {
  const members = shuffled(
    byEvent.get(event)!.sort((a, b) => a.id.localeCompare(b.id)),
    random,
  );
  for (const [memberIndex, item] of members.entries()) {
    timed.push({ item, at: START + (storyIndex * STORY_GAP_MINUTES + memberIndex * MEMBER_GAP_MINUTES) * 60_000 });
  }
}
timed.sort((a, b) => a.at - b.at || a.item.id.localeCompare(b.item.id));

/** The half an event belongs to: the parity of its id's SHA-1 first byte. Times stay those of the whole run. */
const halfOf = (event: string) => (createHash('sha1').update(event).digest()[0]! % 2 === 0 ? 'A' : 'B');
const kept = values.half ? timed.filter(({ item }) => halfOf(item.event) === values.half) : timed;

const articles = kept.map(({ item, at }) => ({
  id: item.id,
  // The corpus has no URLs; the store only needs one unique per article (its unique URL index).
  url: `https://stories.polywire.invalid/${encodeURIComponent(item.id)}`,
  site: item.outlet,
  language: item.lang,
  publishedAt: new Date(at),
  title: item.title,
  text: item.text,
  event: item.event,
})) satisfies (EvalArticle & { event: string })[];

const { clusterOf, elapsedMs } = await storeAndCluster(articles, 'polywire-eval-stories-');
const counts = countClusterPairs(articles, clusterOf);

/**
 * The false pairs by the two events they join, with a title of each (the English one when there is one),
 * so a reader can judge each: the corpus README warns that two events can be one real-world event
 * (several outlets on one match or parade), and asks to count those pairs apart.
 */
const eventOf = new Map(articles.map((article) => [article.id, article.event]));
const titleOf = new Map<string, string>();
for (const article of articles) if (!titleOf.has(article.event) || article.language === 'en') titleOf.set(article.event, article.title);
const mergedEvents = new Map<string, { events: [string, string]; pairs: number }>();
for (const pair of counts.falseMerges) {
  const [a, b] = pair.split(' ~ ').map((id) => eventOf.get(id)!);
  const events = [a!, b!].sort() as [string, string];
  const key = events.join(' ~ ');
  mergedEvents.set(key, { events, pairs: (mergedEvents.get(key)?.pairs ?? 0) + 1 });
}
const falseMergesByEvents = [...mergedEvents.values()]
  .sort((x, y) => y.pairs - x.pairs || x.events.join().localeCompare(y.events.join()))
  .map(({ events, pairs }) => ({ pairs, events, titles: events.map((event) => titleOf.get(event)!) }));
const ratio = (part: number, whole: number) => (whole ? part / whole : 1);
const languagePairs = [...counts.byLanguagePair.entries()]
  .map(([pair, { truePairs, correctPairs }]) => ({ pair, truePairs, correctPairs, recall: ratio(correctPairs, truePairs) }))
  .sort((a, b) => b.truePairs - a.truePairs || a.pair.localeCompare(b.pair));

const chance = chanceEvidence(
  path.join(corpusDir, 'langid', 'sentences'),
  articles.map((article) => ({ id: article.id, language: article.language, title: article.title, text: article.text })),
);

const report = {
  corpus: corpusFile,
  half: values.half ?? 'all',
  articles: articles.length,
  stories: new Set(articles.map((article) => article.event)).size,
  clustersFormed: new Set(clusterOf.values()).size,
  precision: ratio(counts.correctPairs, counts.predictedPairs),
  recall: ratio(counts.correctPairs, counts.truePairs),
  crossLanguageRecall: ratio(counts.crossCorrect, counts.crossTrue),
  truePairs: counts.truePairs,
  predictedPairs: counts.predictedPairs,
  correctPairs: counts.correctPairs,
  crossLanguagePairs: counts.crossTrue,
  crossLanguageCorrect: counts.crossCorrect,
  languagePairs,
  falseMerges: counts.falseMerges,
  falseMergesByEvents,
  articlesPerSecond: articles.length / (elapsedMs / 1000),
  chanceEvidence: chance,
};

if (values.json) {
  console.log(JSON.stringify(report));
} else {
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(6);
  const half = values.half ? `, half ${values.half}` : '';
  console.log(`Story clustering on ${report.articles} articles, ${report.stories} stories${half} (${corpusFile})`);
  console.log(`  precision             ${pct(report.precision)}  (${counts.correctPairs}/${counts.predictedPairs} predicted pairs)`);
  console.log(`  recall                ${pct(report.recall)}  (${counts.correctPairs}/${counts.truePairs} true pairs)`);
  console.log(`  cross-language recall ${pct(report.crossLanguageRecall)}  (${counts.crossCorrect}/${counts.crossTrue} true pairs)`);
  console.log(`  clusters formed       ${report.clustersFormed} (stories: ${report.stories})`);
  console.log(`  ${report.articlesPerSecond.toFixed(1)} articles per second stored and clustered (PGlite)`);
  console.log(`Recall by language pair (pairs with ≥ ${MIN_PAIRS_SHOWN} true pairs):`);
  console.log(`  ${'pair'.padEnd(7)} ${'recall'.padStart(6)}  clustered/true`);
  for (const row of languagePairs.filter((row) => row.truePairs >= MIN_PAIRS_SHOWN)) {
    console.log(`  ${row.pair.padEnd(7)} ${pct(row.recall)}  ${row.correctPairs}/${row.truePairs}`);
  }
  if (chance) {
    const total = chance.reduce((sum, row) => sum + row.joins, 0);
    console.log(`Chance joins: articles of unrelated sentences in uncased scripts (langid/sentences) scored against the corpus's Latin, Cyrillic and Greek articles: ${total} in all`);
    console.log(`  ${chance.map((row) => `${row.language} ${row.joins}/${row.pairs}`).join(', ')}`);
  } else {
    console.log('Chance joins: skipped (no langid/sentences in the corpus folder)');
  }
  if (falseMergesByEvents.length) {
    console.log(`False pairs (${counts.falseMerges.length}) by the events they join (judge: one real-world event or two?):`);
    for (const { pairs, events, titles } of falseMergesByEvents) {
      console.log(`  ${String(pairs).padStart(3)}  ${events[0]}  "${titles[0]}"\n       ${events[1]}  "${titles[1]}"`);
    }
  }
}
