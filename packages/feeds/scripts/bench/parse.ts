/**
 * Parse throughput on the corpus's real-world feeds: files of role "feed", RSS or Atom, over 5 KB (the
 * small ones are unit-test snippets that measure call overhead, not parsing), that both parsers accept.
 *
 * - ours: parseFeedBytes on the raw bytes = decode (charset rules, detection) + parse + normalize;
 * - rss-parser: `parseString` of rss-parser 3.13 on the already-decoded string, no normalization.
 *
 * Warm-up passes first, then ROUNDS timed passes over the whole set, alternating the two; medians.
 * Budget: ours may cost at most 25% more than rss-parser alone. Also times synthetic 10,000- and
 * 50,000-item feeds: the ratio of the two shows parsing stays linear.
 *
 * `pnpm bench parse [--corpus DIR] [--rounds N]`
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeBody } from '@polywire/http';
import Parser from 'rss-parser';
import { parseFeed, parseFeedBytes } from '../../src/index.js';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, rounds: { type: 'string', default: '9' } } });
const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const corpus = path.resolve(process.cwd(), values.corpus ?? path.join(repoRoot, '../shared/corpus/feeds'));
const rounds = Number(values.rounds);

interface Row {
  path: string;
  role: string;
  format?: string;
  size: number;
  http_content_type?: string | null;
}
const rssParser = new Parser({ defaultRSS: 2 });
const manifest = JSON.parse(readFileSync(path.join(corpus, 'manifest.json'), 'utf8')) as Row[];
const files: { bytes: Buffer; text: string; contentType: string | null }[] = [];
for (const row of manifest) {
  if (row.role !== 'feed' || row.size <= 5 * 1024 || !/^(rss|atom)/.test(row.format ?? '')) continue;
  const bytes = readFileSync(path.join(corpus, row.path));
  const contentType = row.http_content_type ?? null;
  const { text } = decodeBody(bytes, contentType);
  try {
    await rssParser.parseString(text);
    await parseFeedBytes(bytes, contentType);
  } catch {
    continue; // only files both parsers accept, so both do the same work
  }
  files.push({ bytes, text, contentType });
}
const totalBytes = files.reduce((sum, file) => sum + file.bytes.length, 0);

async function passOurs() {
  for (const file of files) await parseFeedBytes(file.bytes, file.contentType);
}
async function passRssParser() {
  for (const file of files) await rssParser.parseString(file.text);
}
async function timed(pass: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await pass();
  return performance.now() - start;
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

for (let warmup = 0; warmup < 2; warmup++) {
  await passOurs();
  await passRssParser();
}
const ours: number[] = [];
const baseline: number[] = [];
for (let round = 0; round < rounds; round++) {
  ours.push(await timed(passOurs));
  baseline.push(await timed(passRssParser));
}
const oursMs = median(ours);
const baselineMs = median(baseline);
const mb = totalBytes / 1e6;
const describe = (name: string, ms: number) =>
  `${name.padEnd(34)} ${(mb / (ms / 1000)).toFixed(1).padStart(6)} MB/s ${(files.length / (ms / 1000)).toFixed(0).padStart(6)} feeds/s  (median ${ms.toFixed(0)} ms per pass)`;
console.log(`${files.length} feeds, ${mb.toFixed(2)} MB, ${rounds} rounds after 2 warm-up passes`);
console.log(describe('decode+parse+normalize (ours)', oursMs));
console.log(describe('rss-parser parseString (decoded)', baselineMs));
const ratio = oursMs / baselineMs;
console.log(`ratio ours / rss-parser: ${ratio.toFixed(2)} (budget 1.25) ${ratio <= 1.25 ? 'OK' : 'OVER BUDGET'}`);

// Linearity: time per item must not grow with the feed's length.
const bigFeed = (count: number) => {
  const items = Array.from(
    { length: count },
    (_, index) =>
      `<item><title>Item ${index} &amp; more</title><link>https://example.com/${index}</link><guid>g-${index}</guid><pubDate>Tue, 03 Nov 2026 08:00:00 +0100</pubDate><description>&lt;p&gt;Text ${index}&lt;/p&gt;</description></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items.join('\n')}</channel></rss>`;
};
const perItem: Record<number, number> = {};
for (const count of [10_000, 50_000]) {
  const xml = bigFeed(count);
  await parseFeed(xml);
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    const feed = await parseFeed(xml);
    times.push(performance.now() - start);
    if (feed.items.length !== count) throw new Error(`expected ${count} items, got ${feed.items.length}`);
  }
  perItem[count] = median(times) / count;
  console.log(`${count.toLocaleString('en')}-item feed: ${median(times).toFixed(0)} ms (${((perItem[count] ?? 0) * 1000).toFixed(1)} µs per item)`);
}
console.log(`per-item cost 50,000 vs 10,000 items: ×${((perItem[50_000] ?? 0) / (perItem[10_000] ?? 1)).toFixed(2)} (≈1 means linear)`);
if (ratio > 1.25) process.exitCode = 1;
