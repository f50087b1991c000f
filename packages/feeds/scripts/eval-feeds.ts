/**
 * Conformance evaluation of the feed parser on the shared feed corpus: `pnpm eval:feeds [--corpus DIR]
 * [--json] [--mismatches] [--parser ours|rss-parser]`.
 *
 * Reads every file's raw bytes (with the HTTP Content-Type the corpus simulates), decodes and parses it
 * as the feed worker does, and compares with the peers' expected output (expectations.json) and with
 * Python feedparser's results (oracle.json), which get the same comparison so the two can be set side by
 * side.
 *
 * What "agree" means (applied identically to us and to feedparser):
 * - item count: the number of items read from the document, before items with neither GUID nor link
 *   are dropped (identity is worker policy; the peers count every item);
 * - text (titles): whitespace collapsed and Unicode NFC; a peer's string agrees when it equals our plain
 *   text either as written or reduced to its visible text (tags stripped, entities decoded), since peers
 *   keep titles as text or as markup; only compared where the expectation has a value;
 * - link: equal as URLs after WHATWG normalization; a relative expected link agrees with an absolute
 *   one that it resolves to;
 * - date: equal to the second, in UTC, with either the published or the updated date (peers differ in
 *   which one they call the item's date).
 * An expectation that is itself wrong (mojibake: UTF-8 read as Latin-1, or U+FFFD where the document has
 * a real character) is counted and listed, not matched.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeBody, normalizeEncodingLabel } from '@polywire/http';
import { decodeHTMLStrict } from 'entities';
import iconv from 'iconv-lite';
import Parser from 'rss-parser';
import { FeedParseError, readFeedDocument } from '../src/index.js';

interface ManifestRow {
  path: string;
  source: string;
  role: string;
  format?: string;
  http_content_type?: string | null;
  declared_encoding?: string | null;
  size: number;
}
interface First {
  title?: string | null;
  link?: string | null;
  date?: string | null;
  dates?: string[];
  id?: string | null;
}
interface Expectation {
  kind: 'peer' | 'derived' | 'peer-assertion';
  itemCount?: number;
  feedTitle?: string | null;
  feed?: { title?: string | null; link?: string | null };
  first?: First;
  assertion?: string;
  bozo?: boolean;
  encoding?: string;
}
interface OracleRow {
  bozo: boolean;
  encoding: string | null;
  itemCount: number;
  feedTitle: string | null;
  first?: First;
}
/** What a parser under evaluation returns for one file. */
interface Result {
  itemCount: number;
  feedTitle: string | null;
  first: { title: string | null; link: string | null; dates: Date[] } | null;
}

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    json: { type: 'boolean', default: false },
    mismatches: { type: 'boolean', default: false },
    parser: { type: 'string', default: 'ours' },
  },
});
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const corpus = path.resolve(process.cwd(), values.corpus ?? path.join(repoRoot, '../shared/corpus/feeds'));
const readJson = <T>(name: string): T => JSON.parse(readFileSync(path.join(corpus, name), 'utf8')) as T;
const manifest = readJson<ManifestRow[]>('manifest.json');
const expectations = readJson<Record<string, Expectation>>('expectations.json');
const oracle = readJson<Record<string, OracleRow>>('oracle.json');

// ---- the parsers under evaluation ----

async function parseOurs(bytes: Buffer, contentType: string | null): Promise<Result & { text: string }> {
  const { text } = decodeBody(bytes, contentType);
  const { document } = readFeedDocument(text);
  const first = document.items[0];
  return {
    text,
    itemCount: document.items.length,
    feedTitle: document.title,
    first: first ? { title: first.title, link: first.link, dates: [first.publishedAt, first.updatedAt].filter((date) => date !== null) } : null,
  };
}

// The previous implementation's core, kept to measure the change: rss-parser on the decoded text.
const rssParser = new Parser({ defaultRSS: 2 });
async function parseWithRssParser(bytes: Buffer, contentType: string | null): Promise<Result & { text: string }> {
  const { text } = decodeBody(bytes, contentType);
  let feed: Awaited<ReturnType<typeof rssParser.parseString>>;
  try {
    feed = await rssParser.parseString(text);
  } catch (error) {
    throw new FeedParseError((error as Error).message);
  }
  const first = feed.items[0];
  const date = first ? new Date(first.isoDate ?? first.pubDate ?? '') : null;
  return {
    text,
    itemCount: feed.items.length,
    feedTitle: feed.title ?? null,
    first: first ? { title: first.title ?? null, link: first.link ?? null, dates: date && !Number.isNaN(date.getTime()) ? [date] : [] } : null,
  };
}
const parse = values.parser === 'rss-parser' ? parseWithRssParser : parseOurs;

// ---- agreement ----

/** Our titles are plain text: only whitespace and Unicode form are normalized. */
function normText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** A peer's string may be plain text or markup; it agrees with our text read either way. */
const sameText = (expected: unknown, actual: string) => normText(expected) === actual || visibleText(expected) === actual;

/** Peers keep titles as HTML or escaped markup: reduce them to the text a reader would see. */
function visibleText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return normText(decodeHTMLStrict(value.replace(/<\/?[A-Za-z][^<>]*>/g, '')));
}

function sameLink(expected: string, actual: string | null): boolean {
  if (actual == null) return false;
  const trimmedExpected = expected.trim();
  try {
    const absolute = new URL(actual.trim()).href;
    return new URL(trimmedExpected, absolute).href === absolute;
  } catch {
    return trimmedExpected === actual.trim();
  }
}

function sameDate(expected: string[], actual: Date[]): boolean {
  const seconds = (time: number) => Math.floor(time / 1000);
  return expected.some((iso) => actual.some((date) => seconds(Date.parse(iso)) === seconds(date.getTime())));
}

/** The expectation is mojibake of our text (UTF-8 read as cp1252/latin1), or has U+FFFD where we have a character. */
function expectationIsMojibake(expected: string, actual: string): boolean {
  if (expected === actual) return false;
  if (expected.includes('\ufffd')) {
    const pattern = new RegExp(`^${expected.split('\ufffd').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.{1,3}')}$`, 'su');
    return pattern.test(actual);
  }
  for (const encoding of ['windows-1252', 'latin1']) {
    const bytes = iconv.encode(expected, encoding);
    if (bytes.toString('utf8') === actual) return true;
  }
  return false;
}

type Field = 'items' | 'feedTitle' | 'title' | 'link' | 'date';
const FIELDS: Field[] = ['items', 'feedTitle', 'title', 'link', 'date'];
interface Tally {
  agree: number;
  total: number;
}
const newTallies = (): Record<Field, Tally> =>
  Object.fromEntries(FIELDS.map((field) => [field, { agree: 0, total: 0 }])) as Record<Field, Tally>;

interface Mismatch {
  file: string;
  field: Field;
  expected: unknown;
  actual: unknown;
}

/** Compares one result with one expectation; returns per-field agreement, or 'wrong' for bad expectations. */
function compare(expectation: Expectation, result: Result | null, textOf: (value: unknown) => string = normText): Map<Field, { agree: boolean; expected: unknown; actual: unknown }> {
  const out = new Map<Field, { agree: boolean; expected: unknown; actual: unknown }>();
  if (expectation.itemCount !== undefined) {
    out.set('items', { agree: result?.itemCount === expectation.itemCount, expected: expectation.itemCount, actual: result?.itemCount });
  }
  const feedTitle = expectation.feedTitle ?? expectation.feed?.title;
  if (feedTitle) {
    out.set('feedTitle', { agree: sameText(feedTitle, textOf(result?.feedTitle)), expected: feedTitle, actual: result?.feedTitle });
  }
  const first = expectation.first;
  if (first) {
    if (first.title) out.set('title', { agree: sameText(first.title, textOf(result?.first?.title)), expected: first.title, actual: result?.first?.title });
    if (first.link) out.set('link', { agree: sameLink(first.link, result?.first?.link ?? null), expected: first.link, actual: result?.first?.link });
    const dates = first.dates ?? (first.date ? [first.date] : []);
    if (first.date) out.set('date', { agree: sameDate(dates, result?.first?.dates ?? []), expected: first.date, actual: result?.first?.dates.map((date) => date.toISOString()) });
  }
  return out;
}

// ---- run ----

interface SourceStats {
  files: number;
  parsed: number;
  rejected: number;
  crashed: number;
  ours: Record<Field, Tally>;
  peer: Record<Field, Tally>;
  assertion: Record<Field, Tally>;
}
const bySource = new Map<string, SourceStats>();
const stats = (source: string) => {
  let entry = bySource.get(source);
  if (!entry) {
    entry = { files: 0, parsed: 0, rejected: 0, crashed: 0, ours: newTallies(), peer: newTallies(), assertion: newTallies() };
    bySource.set(source, entry);
  }
  return entry;
};
const crashes: { file: string; error: string }[] = [];
const rejectedFeeds: { file: string; error: string }[] = [];
const mismatches: Mismatch[] = [];
const wrongExpectations: { file: string; field: Field; expected: unknown; actual: unknown; reason: string }[] = [];
const encodingTitles = { right: 0, total: 0, wrong: [] as { file: string; expected: string; actual: string | null }[], corrupt: [] as { file: string; reason: string }[] };

const ENCODING_DIRS = /^(derived-encodings\/|feedparser-py\/tests\/encoding\/|feedparser-py\/tests\/illformed\/chardet\/)/;

for (const row of manifest) {
  if (!['feed', 'negative', 'non-feed-xml'].includes(row.role)) continue;
  const bytes = readFileSync(path.join(corpus, row.path));
  const contentType = row.http_content_type ?? null;
  const source = stats(row.source);
  let result: (Result & { text: string }) | null = null;
  try {
    result = await parse(bytes, contentType);
  } catch (error) {
    if (error instanceof FeedParseError) {
      if (row.role === 'feed') rejectedFeeds.push({ file: row.path, error: error.message });
    } else crashes.push({ file: row.path, error: (error as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(error) });
  }
  if (row.role !== 'feed') continue;
  source.files++;
  if (result) source.parsed++;
  else if (crashes.at(-1)?.file === row.path) source.crashed++;
  else source.rejected++;

  const expectation = expectations[row.path];
  if (expectation) {
    const comparison = compare(expectation, result);
    const tallies = expectation.kind === 'peer-assertion' ? source.assertion : source.ours;
    for (const [field, { agree, expected, actual }] of comparison) {
      if (!agree && typeof expected === 'string' && typeof actual === 'string' && expectationIsMojibake(visibleText(expected), normText(actual))) {
        wrongExpectations.push({ file: row.path, field, expected, actual, reason: 'expected text is mojibake of the document text' });
        continue;
      }
      tallies[field].total++;
      if (agree) tallies[field].agree++;
      else mismatches.push({ file: row.path, field, expected, actual });
    }
    const peer = oracle[row.path];
    if (peer && expectation.kind !== 'peer-assertion') {
      const peerResult: Result = {
        itemCount: peer.itemCount,
        feedTitle: peer.feedTitle,
        first: peer.first ? { title: peer.first.title ?? null, link: peer.first.link ?? null, dates: (peer.first.dates ?? [peer.first.date]).filter((date): date is string => !!date).map((date) => new Date(date)) } : null,
      };
      for (const [field, { agree, expected, actual }] of compare(expectation, peerResult, visibleText)) {
        if (wrongExpectations.some((wrong) => wrong.file === row.path && wrong.field === field)) continue;
        void actual;
        void expected;
        source.peer[field].total++;
        if (agree) source.peer[field].agree++;
      }
    }
  }

  if (ENCODING_DIRS.test(row.path)) checkEncodingTitles(row, bytes, expectation, result);
}

/**
 * Titles in the encoding cases must come out as the document's author wrote them. The reference is
 * the peer's expected title when there is one; else the document decoded with the encoding feedparser's
 * test asserts. A file whose bytes are invalid in the encoding it declares, and which feedparser's test
 * expects to be flagged (bozo), is deliberately corrupt: listed, not scored.
 */
function checkEncodingTitles(row: ManifestRow, bytes: Buffer, expectation: Expectation | undefined, result: (Result & { text: string }) | null) {
  // The encoding the document claims: its byte order mark, else its declaration, else XML's default.
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf-8' : null;
  const declared = bom ?? (row.declared_encoding ? normalizeEncodingLabel(row.declared_encoding) : null) ?? 'utf-8';
  if (expectation?.bozo && !expectation.encoding && !decodesCleanly(bytes, declared)) {
    encodingTitles.corrupt.push({
      file: row.path,
      reason: `bytes are not valid ${declared}, the encoding the document claims; feedparser's test expects a bozo flag ("${expectation.assertion}")`,
    });
    return;
  }
  const references: { expected: string; actual: string | null }[] = [];
  const feedTitle = expectation?.feedTitle ?? expectation?.feed?.title;
  const firstTitle = expectation?.first?.title;
  if (feedTitle || firstTitle) {
    if (feedTitle) references.push({ expected: feedTitle, actual: result?.feedTitle ?? null });
    if (firstTitle) references.push({ expected: firstTitle, actual: result?.first?.title ?? null });
  } else if (expectation?.encoding) {
    const encoding = normalizeEncodingLabel(expectation.encoding.replace(/^utf-32(be|le)$/, 'utf-32$1'));
    if (!encoding) return;
    let reference: Result | null = null;
    try {
      const text = iconv.decode(bytes, encoding.replace('x-mac-cyrillic', 'maccyrillic'));
      const { document } = readFeedDocument(text);
      reference = { itemCount: document.items.length, feedTitle: document.title, first: document.items[0] ? { title: document.items[0].title, link: null, dates: [] } : null };
    } catch {
      return;
    }
    if (reference.feedTitle) references.push({ expected: reference.feedTitle, actual: result?.feedTitle ?? null });
    if (reference.first?.title) references.push({ expected: reference.first.title, actual: result?.first?.title ?? null });
  }
  for (const { expected, actual } of references) {
    encodingTitles.total++;
    if (sameText(expected, normText(actual))) encodingTitles.right++;
    else encodingTitles.wrong.push({ file: row.path, expected, actual });
  }
}

function decodesCleanly(bytes: Buffer, encoding: string): boolean {
  if (encoding === 'utf-8') {
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    return Buffer.from(body.toString('utf8'), 'utf8').equals(body);
  }
  try {
    return !iconv.decode(bytes, encoding).includes('\ufffd');
  } catch {
    return true;
  }
}

// ---- report ----

const pct = ({ agree, total }: Tally) => (total === 0 ? '-' : `${((100 * agree) / total).toFixed(1)}%`);
const frac = (tally: Tally) => (tally.total === 0 ? '-' : `${tally.agree}/${tally.total} ${pct(tally)}`);
const sumTallies = (pick: (entry: SourceStats) => Record<Field, Tally>) => {
  const total = newTallies();
  for (const entry of bySource.values()) {
    for (const field of FIELDS) {
      total[field].agree += pick(entry)[field].agree;
      total[field].total += pick(entry)[field].total;
    }
  }
  return total;
};
const overall = {
  files: [...bySource.values()].reduce((sum, entry) => sum + entry.files, 0),
  parsed: [...bySource.values()].reduce((sum, entry) => sum + entry.parsed, 0),
  rejected: [...bySource.values()].reduce((sum, entry) => sum + entry.rejected, 0),
  crashed: [...bySource.values()].reduce((sum, entry) => sum + entry.crashed, 0),
  ours: sumTallies((entry) => entry.ours),
  peer: sumTallies((entry) => entry.peer),
  assertion: sumTallies((entry) => entry.assertion),
};

const report = {
  parser: values.parser,
  corpus,
  definitions:
    'items: count read from the document; text: whitespace collapsed, NFC, peer string read as text or as markup (tags stripped, entities decoded); link: equal URLs, relative expected resolves to ours; date: equal to the second with published or updated',
  overall,
  sources: Object.fromEntries(bySource),
  encodingTitles: { right: encodingTitles.right, total: encodingTitles.total, wrong: encodingTitles.wrong, corrupt: encodingTitles.corrupt },
  wrongExpectations,
  crashes,
  rejectedFeeds,
  ...(values.mismatches ? { mismatches } : {}),
};

if (values.json) {
  console.log(JSON.stringify(report));
} else {
  const line = (cells: string[], widths: number[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 10)).join(' ');
  const widths = [18, 6, 6, 5, 5, 19, 19, 19, 19, 19];
  console.log(`Feed parser conformance (${values.parser}) on ${corpus}\n`);
  console.log('Peer expectations (gofeed, feed-rs, KDE, rss-parser, miniflux, derived): ours | Python feedparser on the same files');
  console.log(line(['source', 'files', 'parsed', 'rej', 'crash', 'items', 'feed title', 'first title', 'first link', 'first date'], widths));
  const rows: [string, Omit<SourceStats, 'assertion'>][] = [...[...bySource].sort(([a], [b]) => a.localeCompare(b)), ['OVERALL', overall]];
  for (const [name, entry] of rows) {
    console.log(line([name, String(entry.files), String(entry.parsed), String(entry.rejected), String(entry.crashed), ...FIELDS.map((field) => frac(entry.ours[field]))], widths));
    if (FIELDS.some((field) => entry.peer[field].total > 0)) {
      console.log(line(['  feedparser', '', '', '', '', ...FIELDS.map((field) => frac(entry.peer[field]))], widths));
    }
  }
  console.log(`\nfeedparser-py Expect: assertions (feed title, first title/link where the assertion names them):`);
  console.log(`  feed title ${frac(overall.assertion.feedTitle)}, first title ${frac(overall.assertion.title)}, first link ${frac(overall.assertion.link)}`);
  console.log(`\nTitles in derived-encodings/, feedparser encoding/ and illformed/chardet/: ${encodingTitles.right}/${encodingTitles.total} right`);
  for (const wrong of encodingTitles.wrong) console.log(`  WRONG ${wrong.file}: expected ${JSON.stringify(wrong.expected)}, got ${JSON.stringify(wrong.actual)}`);
  console.log(`Deliberately corrupt files (not scored):`);
  for (const corrupt of encodingTitles.corrupt) console.log(`  ${corrupt.file}: ${corrupt.reason}`);
  console.log(`\nWrong expectations (counted, not matched): ${wrongExpectations.length}`);
  for (const wrong of wrongExpectations) console.log(`  ${wrong.file} [${wrong.field}] ${wrong.reason}: expected ${JSON.stringify(wrong.expected)}, we have ${JSON.stringify(wrong.actual)}`);
  console.log(`\nCrashes: ${crashes.length}`);
  for (const crash of crashes) console.log(`  ${crash.file}: ${crash.error}`);
  console.log(`Feeds rejected as not a feed: ${rejectedFeeds.length}${values.mismatches ? '' : ' (--mismatches lists them and every disagreement)'}`);
  if (values.mismatches) {
    for (const rejected of rejectedFeeds) console.log(`  REJECTED ${rejected.file}: ${rejected.error}`);
    for (const mismatch of mismatches) console.log(`  ${mismatch.field.padEnd(9)} ${mismatch.file}: expected ${JSON.stringify(mismatch.expected)}, got ${JSON.stringify(mismatch.actual)}`);
  }
}
