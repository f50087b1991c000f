/**
 * Render time of the feeds out: `pnpm bench feeds-out [--iterations=500]`.
 *
 * A feed carries at most 100 entries; rendering one (entries made from rows, then written as Atom 1.0
 * or JSON Feed 1.1) must take at most 50 ms. Rows are synthetic but sized as real ones: articles with
 * 80–160-character titles and 300–600-character leads in ten scripts, with markup and control
 * characters sprinkled in so the escaper does real work; stories with 2–10 languages, a title in each
 * and 20 sites. Prints p50, p95 and max per feed over the iterations and fails when a p95 is over 50 ms.
 */
import { parseArgs } from 'node:util';
import type { ArticleListItem, StoryListItem } from '@polywire/db';
import { seededRandom } from '@polywire/testing';
import { renderAtom } from '../../src/feeds-out/atom.js';
import { articleEntry, storyEntry } from '../../src/feeds-out/entries.js';
import { renderJsonFeed } from '../../src/feeds-out/json-feed.js';
import type { OutFeed } from '../../src/feeds-out/model.js';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '500' } } });
const iterations = Number(values.iterations);
const BUDGET_MS = 50;
const ENTRIES = 100;
const origin = 'https://polywire.example';

const random = seededRandom(17);
const scripts: [string, string][] = [
  ['en', 'the quick brown fox jumps over lazy dogs '],
  ['de', 'Größere Übermäßige Straßenbahn fährt '],
  ['ru', 'Быстрая коричневая лиса прыгает через '],
  ['ja', '東京で新しい駅が開業しました　'],
  ['zh-Hant', '台北市政府今天宣布新的交通政策'],
  ['ar', 'أعلنت الحكومة اليوم عن خطة جديدة '],
  ['hi', 'सरकार ने आज एक नई योजना की घोषणा की '],
  ['el', 'Η κυβέρνηση ανακοίνωσε σήμερα νέο σχέδιο '],
  ['ko', '정부는 오늘 새로운 계획을 발표했습니다 '],
  ['tr', 'Hükümet bugün yeni bir planı açıkladı '],
];
const hostile = ['<b>', ' & ', ']]>', '\u0007', '"', '\uFFFE', '📰'];
const textOf = (base: string, length: number) => {
  let text = '';
  while (text.length < length) text += random() < 0.05 ? hostile[Math.floor(random() * hostile.length)] : base[Math.floor(random() * base.length)];
  return text;
};
const between = (low: number, high: number) => low + Math.floor(random() * (high - low));

const articleRows: ArticleListItem[] = Array.from({ length: ENTRIES }, (_, index) => {
  const [language, base] = scripts[index % scripts.length]!;
  const url = `https://site-${index % 20}.example/world/${index}-${textOf('abcdefghij', 40)}`;
  return {
    id: index + 1,
    urlHash: 'h'.repeat(64),
    url,
    canonicalUrl: url,
    title: textOf(base, between(80, 160)),
    summary: null,
    lead: textOf(base, between(300, 600)),
    authors: ['A. Writer', 'B. Reporter'],
    publishedAt: new Date(Date.UTC(2026, 2, 1, 0, index)),
    modifiedAt: null,
    section: 'World',
    tags: ['world', 'politics'],
    image: `https://site-${index % 20}.example/${index}.jpg`,
    site: `site-${index % 20}.example`,
    language,
    languageConfidence: 0.9,
    declaredLanguage: language,
    languageBase: language.split('-')[0]!,
    titleLanguage: language,
    languageModelVersion: 'bench',
    extraction: 'page',
    contentHash: null,
    titleHash: null,
    simhash: null,
    simhashBand0: null,
    simhashBand1: null,
    simhashBand2: null,
    simhashBand3: null,
    duplicateOf: null,
    clusterId: null,
    ingestedAt: new Date(Date.UTC(2026, 2, 1, 1, index)),
    updatedAt: new Date(Date.UTC(2026, 2, 1, 1, index)),
    searchConfig: 'simple',
    feedIds: [1],
  } as ArticleListItem;
});

const storyRows: StoryListItem[] = Array.from({ length: ENTRIES }, (_, index) => {
  const languages = scripts.slice(0, between(2, 11));
  return {
    id: index + 1,
    title: textOf(languages[0]![1], between(80, 160)),
    titleLanguage: languages[0]![0],
    titles: Object.fromEntries(languages.map(([tag, base]) => [tag, textOf(base, between(80, 160))])),
    languages: Object.fromEntries(languages.map(([tag]) => [tag, between(1, 20)])),
    languageCount: languages.length,
    sites: Array.from({ length: 20 }, (_, site) => `site-${site}.example`),
    sourceCount: 35,
    articleCount: 80,
    originalCount: 60,
    firstSeenAt: new Date(Date.UTC(2026, 2, 1, 0, index)),
    lastUpdatedAt: new Date(Date.UTC(2026, 2, 1, 5, index)),
    quiet: false,
    rising: null,
  };
});

const feedOf = (kind: string, build: () => OutFeed['entries']): (() => OutFeed) => () => ({
  id: `${origin}/feeds/${kind}.atom`,
  title: `Polywire ${kind}`,
  selfUrl: `${origin}/feeds/${kind}.atom?key=pwf_x`,
  homeUrl: `${origin}/${kind}`,
  updated: new Date(),
  entries: build(),
});
const articles = feedOf('articles', () => articleRows.map((row) => articleEntry(row, origin)));
const stories = feedOf('stories', () => storyRows.map((row) => storyEntry(row, origin, new Date())));

const cases: [string, () => string][] = [
  ['articles.atom', () => renderAtom(articles())],
  ['articles.json', () => renderJsonFeed(articles())],
  ['stories.atom', () => renderAtom(stories())],
  ['stories.json', () => renderJsonFeed(stories())],
];

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
let over = 0;
console.log(`${ENTRIES} entries per feed, ${iterations} renders each (after 50 to warm up); budget ${BUDGET_MS} ms`);
for (const [name, render] of cases) {
  for (let warm = 0; warm < 50; warm++) render();
  const times: number[] = [];
  let bytes = 0;
  for (let run = 0; run < iterations; run++) {
    const start = performance.now();
    bytes = Buffer.byteLength(render());
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const [p50, p95, max] = [quantile(times, 0.5), quantile(times, 0.95), times.at(-1)!];
  if (p95 > BUDGET_MS) over++;
  console.log(`${name.padEnd(14)} p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms  max ${max.toFixed(2)} ms  ${(bytes / 1024).toFixed(0)} KiB`);
}
if (over) {
  console.error(`${over} feed(s) over the ${BUDGET_MS} ms budget at p95`);
  process.exit(1);
}
