/**
 * Main-text extraction on the shared extraction corpus, against Readability: `pnpm eval:extract
 * [--corpus DIR] [--multilingual DIR] [--half A|B] [--json] [--rounds N] [--pages]`. After the benchmark's
 * pages it scores the multilingual set (`../shared/corpus/extraction-multilingual`, see
 * ./eval-multilingual.ts); `--half` keeps one fixed half of that set's sites, for tuning on one half and
 * checking on the other.
 *
 * The corpus is half of Scrapinghub's article-extraction benchmark: `html/<id>.html.gz` (UTF-8 pages) and
 * `ground-truth.json` (`{id: {articleBody, url}}`). Both extractors get the same decoded string:
 * - ours: `extractArticle(html, url).text`, the whole call (parse, metadata, main text) timed;
 * - Readability: `@mozilla/readability` on a `linkedom` document, `parse().textContent`, with linkedom's
 *   parse included in the time (it is what Readability needs to run in Node without a browser).
 * Scores use the benchmark's own metric (./shingles.ts). Timing: one warm-up pass, then N rounds (3 by
 * default) alternating which extractor goes first; a page's time is its median over the rounds, and the
 * report gives the median and the mean of those over the pages.
 *
 * Pages under 0.5 F1 are listed with a diagnosis from the counts (nothing extracted, wrong block, too much,
 * too little); `--pages` lists every page.
 *
 * What moved the F1 here (each step measured on the whole corpus, no rule written for one site):
 * - 0.845  the former extractor (a few container selectors, then the longest one);
 * - 0.965  Readability's scoring, sibling step and cleaning on a flat model of the page, with class/id
 *          hints in many languages and lengths in Latin-letter equivalents;
 * - 0.973  paragraphs that are 80% link text or more dropped (teasers), list items excepted;
 * - 0.979  "Related" / "Leia também" boxes dropped with what follows their heading; datelines and
 *          bylines at the edges dropped;
 * - 0.981  hover cards and screen-reader text treated as invisible;
 * - 0.983  headline and kicker trimmed at the top; 250 instead of 500 characters to stop at the strict
 *          pass (a later pass on a short item picks up comments);
 * - 0.986  gallery counters, "©" credit lines, closing contact, credit, share and copyright lines, and
 *          trailing link lists dropped;
 * - 0.985  a standfirst kept and copyright lines dropped as the package's own fixtures expect (the
 *          benchmark's truth leaves out some standfirsts and keeps some copyright lines);
 * - 0.986  issue 18's multilingual fixes (see ./eval-multilingual.ts), chiefly a list all of whose
 *          items are links left out inside the article too.
 * Tried and dropped: trimming every short line at the edges (0.967, short articles vanished), other
 * link-text thresholds (0.6: 0.960, 0.99: 0.961).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from '../src/index.js';
import { evaluateMultilingual, type Half, LANGUAGE_TARGET_PAGES, median, readabilityParse, row } from './eval-multilingual.js';
import { evaluateMetadata, printMetadata } from './eval-metadata.js';
import { compareTexts, type PageCounts, pageF1, summarize, tokenize } from './shingles.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    json: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    pages: { type: 'boolean', default: false },
    multilingual: { type: 'string' },
    half: { type: 'string' },
  },
});
if (values.half !== undefined && values.half !== 'A' && values.half !== 'B') {
  console.error(`eval:extract: --half must be A or B, not ${JSON.stringify(values.half)}`);
  process.exit(2);
}
const half = values.half as Half | undefined;
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const corpus = path.resolve(process.cwd(), values.corpus ?? path.join(repoRoot, '../shared/corpus/extraction'));
const rounds = Math.max(1, Number(values.rounds) || 3);
const multilingualCorpus = path.resolve(process.cwd(), values.multilingual ?? path.join(repoRoot, '../shared/corpus/extraction-multilingual'));

interface Truth {
  articleBody: string;
  url: string;
}
const truth = JSON.parse(readFileSync(path.join(corpus, 'ground-truth.json'), 'utf8')) as Record<string, Truth>;
const files = new Set(readdirSync(path.join(corpus, 'html')));
const pages = Object.entries(truth).map(([id, { articleBody, url }]) => {
  const file = `${id}.html.gz`;
  if (!files.has(file)) throw new Error(`${corpus}/html has no ${file}`);
  return { id, url, expected: articleBody, html: gunzipSync(readFileSync(path.join(corpus, 'html', file))).toString('utf8') };
});

type Extractor = (html: string, url: string) => string;
const extractors: Record<'ours' | 'readability', Extractor> = {
  ours: (html, url) => extractArticle(html, url).text,
  readability: (html) => readabilityParse(html)?.textContent ?? '',
};
const names = Object.keys(extractors) as (keyof typeof extractors)[];

// ---- run ----

const outputs: Record<string, string[]> = { ours: [], readability: [] };
const times: Record<string, number[][]> = { ours: pages.map(() => []), readability: pages.map(() => []) };
for (const name of names) for (const page of pages) extractors[name](page.html, page.url); // warm-up
for (let round = 0; round < rounds; round++) {
  pages.forEach((page, index) => {
    const order = (round + index) % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const start = performance.now();
      const text = extractors[name](page.html, page.url);
      times[name]![index]!.push(performance.now() - start);
      outputs[name]![index] = text;
    }
  });
}

const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;

/** Why a page scores badly, from what was extracted against what was expected. */
function diagnose(expected: string, actual: string, counts: PageCounts): string {
  const expectedTokens = tokenize(expected).length;
  const actualTokens = tokenize(actual).length;
  const sizes = `${actualTokens} tokens extracted for ${expectedTokens} expected`;
  if (actualTokens === 0) return `nothing extracted (${expectedTokens} tokens expected)`;
  if (counts.tp === 0) return `wrong part of the page: no 4-token run in common (${sizes})`;
  const precision = counts.tp / (counts.tp + counts.fp);
  const recall = counts.tp / (counts.tp + counts.fn);
  if (precision < 0.5 && recall >= 0.5) return `article found but with too much around it: precision ${precision.toFixed(2)} (${sizes})`;
  if (recall < 0.5 && precision >= 0.5) return `only part of the article: recall ${recall.toFixed(2)} (${sizes})`;
  return `mostly the wrong block: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} (${sizes})`;
}

interface PageResult {
  id: string;
  url: string;
  f1: number;
  ms: number;
  chars: number;
  expectedChars: number;
  counts: PageCounts;
  reason: string;
}
interface ExtractorResult extends ReturnType<typeof summarize> {
  medianMs: number;
  meanMs: number;
  below05: PageResult[];
  perPage: PageResult[];
}

function score(name: keyof typeof extractors): ExtractorResult {
  const perPage = pages.map((page, index): PageResult => {
    const actual = outputs[name]![index]!;
    const counts = compareTexts(page.expected, actual);
    return {
      id: page.id,
      url: page.url,
      f1: pageF1(counts),
      ms: median(times[name]![index]!),
      chars: actual.length,
      expectedChars: page.expected.length,
      counts,
      reason: diagnose(page.expected, actual, counts),
    };
  });
  const pageMs = perPage.map((page) => page.ms);
  return {
    ...summarize(perPage.map((page) => page.counts)),
    medianMs: median(pageMs),
    meanMs: mean(pageMs),
    below05: perPage.filter((page) => page.f1 < 0.5),
    perPage,
  };
}
const results = { ours: score('ours'), readability: score('readability') };

// Readability throws on a few pages of the multilingual set: that page counts as nothing extracted.
const multilingual = evaluateMultilingual(multilingualCorpus, {
  ours: extractors.ours,
  readability: (html, url) => {
    try {
      return extractors.readability(html, url);
    } catch {
      return '';
    }
  },
}, half);
const metadata = evaluateMetadata(multilingualCorpus, half);

const targets = {
  f1: results.ours.f1 >= 0.965,
  aboveReadability: results.ours.f1 - results.readability.f1 >= 0.015,
  medianMs: results.ours.medianMs <= 15,
  fasterThanReadability: results.ours.medianMs < results.readability.medianMs,
};

if (values.json) {
  const strip = ({ perPage, ...rest }: ExtractorResult) => ({ ...rest, ...(values.pages ? { perPage } : {}) });
  console.log(JSON.stringify({ corpus, pages: pages.length, rounds, ours: strip(results.ours), readability: strip(results.readability), targets, multilingual, metadata }));
} else {
  console.log(`Main-text extraction on ${corpus}: ${pages.length} pages, times are medians of ${rounds} rounds\n`);
  console.log(row(['extractor', 'F1', 'precision', 'recall', 'median ms', 'mean ms', '< 0.5 F1']));
  const labels = { ours: 'ours (cheerio)', readability: 'Readability 0.6/linkedom' };
  for (const name of names) {
    const result = results[name];
    console.log(
      row([labels[name], result.f1.toFixed(4), result.precision.toFixed(4), result.recall.toFixed(4), result.medianMs.toFixed(2), result.meanMs.toFixed(2), String(result.below05.length)]),
    );
  }
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  console.log(`\nTargets: F1 >= 0.965 ${mark(targets.f1)}; F1 at least 0.015 above Readability (${(results.ours.f1 - results.readability.f1).toFixed(4)}) ${mark(targets.aboveReadability)};`);
  console.log(`         median <= 15 ms ${mark(targets.medianMs)}; faster than Readability ${mark(targets.fasterThanReadability)}`);
  for (const name of names) {
    console.log(`\nPages under 0.5 F1, ${labels[name]}: ${results[name].below05.length}`);
    for (const page of results[name].below05) console.log(`  ${page.id.slice(0, 12)} F1 ${page.f1.toFixed(3)} ${page.url}\n      ${page.reason}`);
  }
  printMultilingual();
  printMetadata(metadata, multilingualCorpus);
  if (values.pages) {
    console.log('\nEvery page (F1 ours | Readability, ms ours | Readability):');
    pages.forEach((page, index) => {
      const ours = results.ours.perPage[index]!;
      const theirs = results.readability.perPage[index]!;
      console.log(`  ${page.id.slice(0, 12)} ${ours.f1.toFixed(3)} | ${theirs.f1.toFixed(3)}  ${ours.ms.toFixed(1).padStart(6)} | ${theirs.ms.toFixed(1).padStart(6)} ms  ${page.url}`);
    });
  }
}

/** The multilingual tables: overall, per language, per source, and the snippet test. */
function printMultilingual(): void {
  if (!multilingual) {
    console.log(`\nMultilingual pages: skipped (no ground-truth.json in ${multilingualCorpus}; pass --multilingual DIR)`);
    return;
  }
  const { overall, byLanguage, bySource, snippets } = multilingual;
  const halfNote = half ? `, the sites of half ${half}` : '';
  console.log(`\nMultilingual news pages (${multilingual.corpus}): ${multilingual.pages} pages${halfNote}, one pass`);
  console.log(row(['extractor', 'F1', 'precision', 'recall', 'median ms']));
  for (const name of names) {
    const result = overall[name]!;
    console.log(row([name, result.f1.toFixed(4), result.precision.toFixed(4), result.recall.toFixed(4), result.medianMs.toFixed(2)]));
  }
  const groups = (title: string, list: typeof byLanguage) => {
    console.log(`\n${row([title, 'pages', ...names])}`);
    for (const group of list) console.log(row([group.group, String(group.pages), ...names.map((name) => group.f1[name]!.toFixed(3))]));
  };
  groups('language', byLanguage);
  groups('source', bySource);
  const languages = byLanguage.filter((group) => group.pages >= LANGUAGE_TARGET_PAGES);
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const worst = languages.reduce((low, group) => Math.min(low, group.f1.ours!), 1);
  console.log(
    `\nTargets (issue 18): F1 >= 0.95 overall ${mark(overall.ours!.f1 >= 0.95)}; >= 0.93 in every language with ${LANGUAGE_TARGET_PAGES}+ pages (lowest ${worst.toFixed(3)}) ${mark(worst >= 0.93)}; ` +
      `ahead of Readability ${mark(overall.ours!.f1 > overall.readability!.f1)}`,
  );
  if (snippets) {
    console.log(`\nSnippets (${snippets.pages} pages): share of "with" snippets found, of "without" snippets avoided, F1`);
    for (const name of names) {
      const score = snippets.byExtractor[name]!;
      console.log(row([name, score.withFound.toFixed(3), score.withoutAvoided.toFixed(3), score.f1.toFixed(3)]));
    }
    console.log(`Target: snippet F1 >= 0.93 ${mark(snippets.byExtractor.ours!.f1 >= 0.93)}`);
  }
  const trafilatura = spawnSync('python3', ['-c', 'import trafilatura'], { stdio: 'ignore' }).status === 0;
  console.log(trafilatura ? 'trafilatura: installed, but not compared yet (issue 18)' : 'trafilatura: skipped (its Python package is not installed)');
}
