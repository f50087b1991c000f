/**
 * Metadata accuracy on the multilingual extraction set (`extraction-multilingual/`, see its README): the
 * title and the published date each page's reference gives, against what `extractArticle` reads, with
 * Readability's title (and its `publishedTime`) in the same run as a peer. Part of `pnpm eval:extract`
 * (its JSON's `metadata` key and a short table); run alone, `tsx --conditions=@polywire/source
 * packages/extract/scripts/eval-metadata.ts [--multilingual DIR] [--half A|B] [--json] [--misses]`, it
 * also lists the pages ours gets wrong.
 *
 * Pages are decoded as the article worker decodes them (decodeBody), and split into the same two halves
 * of the sites as the full-text figures (halfOf in ./eval-multilingual.ts).
 *
 * - Title: both sides normalized (white space collapsed, Unicode NFC, lower-cased). "exact" is equality;
 *   "close" is exact, or one containing the other, or a token F1 of 0.9 or more (words, and each Han,
 *   kana or Thai character as a token of its own, since those scripts write no spaces). Pages whose
 *   reference has no title (54 of the DAniEL pages) are left out.
 * - Published date, on the pages whose reference has one (the fundus pages): "instant" when ours is
 *   within 60 s of the reference, "day" when ours falls on the reference's calendar day in the
 *   reference's own offset. A few references name no offset (a publisher's local time, written as
 *   fundus found it): the same wall clock in any zone in use meets them, and a bare midnight is only a
 *   day, met by the same day. A missing date counts as wrong.
 *
 * Every figure comes with the number of pages it rests on.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { extractArticle } from '../src/index.js';
import { type Half, halfOf, readabilityParse, readPage, row, usableUrl } from './eval-multilingual.js';

/** What a reader of a page says about it: its title and its published instant. */
export interface MetadataReading {
  title: string | null;
  publishedAt: Date | null;
}
export type ReadPageMetadata = (html: string, url: string) => MetadataReading;

interface ReferencePage {
  url: string;
  lang: string;
  source: string;
  title?: string | null;
  publishingDate?: string | null;
}

export interface TitleScore {
  /** Pages whose reference has a title. */
  pages: number;
  exact: number;
  close: number;
}
export interface DateScore {
  /** Pages whose reference has a published date. */
  pages: number;
  instant: number;
  day: number;
  /** Share of those pages where a date was read at all. */
  found: number;
}
export interface MetadataGroupScore {
  group: string;
  title: Record<string, TitleScore>;
  date: Record<string, DateScore>;
}
export interface MetadataMiss {
  id: string;
  url: string;
  lang: string;
  source: string;
  field: 'title' | 'date';
  expected: string;
  actual: string | null;
  /** For a title: "close" when only the close test passed, "wrong" otherwise; for a date: "day", "wrong" or "missing". */
  verdict: string;
}
export interface MetadataReport {
  corpus: string;
  half: Half | 'all';
  pages: number;
  overall: MetadataGroupScore;
  byLanguage: MetadataGroupScore[];
  bySource: MetadataGroupScore[];
  /** Ours only, in page order. */
  misses: MetadataMiss[];
}

/** Our extractor, the whole call, and Readability 0.6 on linkedom as eval-extract.ts runs it. */
export const METADATA_READERS: Record<string, ReadPageMetadata> = {
  ours: (html, url) => {
    const { title, publishedAt } = extractArticle(html, url);
    return { title, publishedAt };
  },
  readability: (html) => {
    try {
      const article = readabilityParse(html);
      const time = article?.publishedTime ? Date.parse(article.publishedTime) : Number.NaN;
      return { title: article?.title || null, publishedAt: Number.isNaN(time) ? null : new Date(time) };
    } catch {
      // Readability throws on a few pages of the set: nothing read.
      return { title: null, publishedAt: null };
    }
  },
};

export const normalizeTitle = (title: string) => title.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase();

const UNSPACED_CHARACTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu;
const WORD = /[\p{L}\p{N}_]+/gu;
const titleTokens = (title: string) => title.replace(UNSPACED_CHARACTER, ' $& ').match(WORD) ?? [];

/** Token F1 of two normalized titles (tokens as a multiset). */
function tokenF1(expected: string, actual: string): number {
  const expectedTokens = titleTokens(expected);
  const actualTokens = titleTokens(actual);
  if (expectedTokens.length === 0 || actualTokens.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const token of expectedTokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of actualTokens) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      common++;
      counts.set(token, left - 1);
    }
  }
  const precision = common / actualTokens.length;
  const recall = common / expectedTokens.length;
  return common === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** "exact", "close" or "wrong" for a title read against the reference's. */
export function judgeTitle(expected: string, actual: string | null): 'exact' | 'close' | 'wrong' {
  const reference = normalizeTitle(expected);
  const read = normalizeTitle(actual ?? '');
  if (!read) return 'wrong';
  if (read === reference) return 'exact';
  if (read.includes(reference) || reference.includes(read) || tokenF1(reference, read) >= 0.9) return 'close';
  return 'wrong';
}

const REFERENCE_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(?:([+-])(\d{2}):?(\d{2})|Z)?$/;
const MINUTE = 60_000;

interface ReferenceDate {
  /** The wall-clock time written, as if it were UTC. */
  wall: number;
  /** Minutes east of UTC, or null when the reference names no offset. */
  offsetMinutes: number | null;
  /** False for a bare midnight without an offset: a calendar day, not a time. */
  hasTime: boolean;
}

/** fundus writes "2024-09-02 17:07:00+05:30", and for a few publishers a local time without an offset. */
function parseReferenceDate(text: string): ReferenceDate | null {
  const match = REFERENCE_DATE.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, sign, offsetHours, offsetMinutes] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), Number((fraction ?? '0').slice(0, 3).padEnd(3, '0')));
  const hasZone = sign !== undefined || /Z$/.test(text.trim());
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) : hasZone ? 0 : null;
  return { wall, offsetMinutes: offset, hasTime: offset !== null || wall % (24 * 60 * MINUTE) !== 0 };
}

// A reference without an offset is a local time in a zone it does not name: it is met by the same wall
// clock in any zone in use (UTC-12:00 to UTC+14:00, by quarter hours).
const ANY_OFFSET = Array.from({ length: (26 * 60) / 15 + 1 }, (_, index) => -12 * 60 + index * 15);

/**
 * "instant" (within 60 s; for a reference that is only a day, the same day), "day" (the reference's
 * calendar day in its own offset), "wrong" or "missing", for a date read against the reference's.
 */
export function judgeDate(expected: string, actual: Date | null): 'instant' | 'day' | 'wrong' | 'missing' {
  if (!actual) return 'missing';
  const reference = parseReferenceDate(expected);
  if (!reference) throw new Error(`eval-metadata: unreadable reference date ${JSON.stringify(expected)}`);
  const offsets = reference.offsetMinutes === null ? ANY_OFFSET : [reference.offsetMinutes];
  const time = actual.getTime();
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);
  const sameDay = offsets.some((offset) => day(time + offset * MINUTE) === day(reference.wall));
  const sameInstant = reference.hasTime ? offsets.some((offset) => Math.abs(time - (reference.wall - offset * MINUTE)) <= MINUTE) : sameDay;
  return sameInstant ? 'instant' : sameDay ? 'day' : 'wrong';
}

interface Tally {
  title: Record<string, { pages: number; exact: number; close: number }>;
  date: Record<string, { pages: number; instant: number; day: number; found: number }>;
}

/**
 * Scores every reader on the corpus at `corpus` (the half of its sites given, or all), or returns null
 * when it is not there.
 */
export function evaluateMetadata(corpus: string, half?: Half, readers: Record<string, ReadPageMetadata> = METADATA_READERS): MetadataReport | null {
  const truthFile = path.join(corpus, 'ground-truth.json');
  if (!existsSync(truthFile)) return null;
  const names = Object.keys(readers);
  const truth = Object.entries(JSON.parse(readFileSync(truthFile, 'utf8')) as Record<string, ReferencePage>).filter(
    ([, page]) => !half || halfOf(page.url) === half,
  );
  const newTally = (): Tally => ({
    title: Object.fromEntries(names.map((name) => [name, { pages: 0, exact: 0, close: 0 }])),
    date: Object.fromEntries(names.map((name) => [name, { pages: 0, instant: 0, day: 0, found: 0 }])),
  });
  const overall = newTally();
  const byLanguage = new Map<string, Tally>();
  const bySource = new Map<string, Tally>();
  const misses: MetadataMiss[] = [];
  for (const [id, page] of truth) {
    const html = readPage(corpus, id);
    const url = usableUrl(page.url);
    const tallies = [overall, ...[[byLanguage, page.lang] as const, [bySource, page.source] as const].map(([groups, key]) => {
      const tally = groups.get(key) ?? newTally();
      groups.set(key, tally);
      return tally;
    })];
    for (const name of names) {
      const reading = readers[name]!(html, url);
      if (page.title) {
        const verdict = judgeTitle(page.title, reading.title);
        for (const tally of tallies) {
          const score = tally.title[name]!;
          score.pages++;
          if (verdict === 'exact') score.exact++;
          if (verdict !== 'wrong') score.close++;
        }
        if (name === 'ours' && verdict !== 'exact') {
          misses.push({ id, url: page.url, lang: page.lang, source: page.source, field: 'title', expected: page.title, actual: reading.title, verdict });
        }
      }
      if (page.publishingDate) {
        const verdict = judgeDate(page.publishingDate, reading.publishedAt);
        for (const tally of tallies) {
          const score = tally.date[name]!;
          score.pages++;
          if (verdict === 'instant') score.instant++;
          if (verdict === 'instant' || verdict === 'day') score.day++;
          if (verdict !== 'missing') score.found++;
        }
        if (name === 'ours' && verdict !== 'instant') {
          const actual = reading.publishedAt?.toISOString() ?? null;
          misses.push({ id, url: page.url, lang: page.lang, source: page.source, field: 'date', expected: page.publishingDate, actual, verdict });
        }
      }
    }
  }
  const share = (part: number, whole: number) => (whole ? part / whole : 0);
  const scores = (group: string, tally: Tally): MetadataGroupScore => ({
    group,
    title: Object.fromEntries(
      Object.entries(tally.title).map(([name, { pages, exact, close }]) => [name, { pages, exact: share(exact, pages), close: share(close, pages) }]),
    ),
    date: Object.fromEntries(
      Object.entries(tally.date).map(([name, { pages, instant, day, found }]) => [
        name,
        { pages, instant: share(instant, pages), day: share(day, pages), found: share(found, pages) },
      ]),
    ),
  });
  const groups = (map: Map<string, Tally>) =>
    [...map]
      .map(([group, tally]) => scores(group, tally))
      .sort((a, b) => b.title[names[0]!]!.pages - a.title[names[0]!]!.pages || a.group.localeCompare(b.group));
  return {
    corpus,
    half: half ?? 'all',
    pages: truth.length,
    overall: scores('all', overall),
    byLanguage: groups(byLanguage),
    bySource: groups(bySource),
    misses,
  };
}

/** Languages with fewer pages than this are left out of the printed table (the JSON has them all). */
const PRINTED_LANGUAGE_PAGES = 20;

/** The short tables eval-extract.ts prints after the multilingual ones. */
export function printMetadata(report: MetadataReport | null, corpus: string): void {
  if (!report) {
    console.log(`\nMetadata: skipped (no ground-truth.json in ${corpus}; pass --multilingual DIR)`);
    return;
  }
  const names = Object.keys(report.overall.title);
  const first = names[0]!;
  const halfNote = report.half === 'all' ? '' : `, the sites of half ${report.half}`;
  const groups = [
    report.overall,
    ...report.byLanguage.filter((score) => score.title[first]!.pages >= PRINTED_LANGUAGE_PAGES),
    ...report.bySource.map((score) => ({ ...score, group: `source ${score.group}` })),
  ];
  const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
  console.log(`\nMetadata on the multilingual pages (${report.pages} pages${halfNote}; languages with ${PRINTED_LANGUAGE_PAGES}+ titles)`);
  console.log(row(['title: exact | close', 'pages', ...names.flatMap((name) => [`${name}`, ''])]));
  for (const score of groups) {
    const pages = score.title[first]!.pages;
    if (pages) console.log(row([score.group, String(pages), ...names.flatMap((name) => [percent(score.title[name]!.exact), percent(score.title[name]!.close)])]));
  }
  console.log(row(['date: instant | day', 'pages', ...names.flatMap((name) => [`${name}`, ''])]));
  for (const score of groups) {
    const pages = score.date[first]!.pages;
    if (pages) console.log(row([score.group, String(pages), ...names.flatMap((name) => [percent(score.date[name]!.instant), percent(score.date[name]!.day)])]));
  }
}

function main(): void {
  const { values } = parseArgs({
    options: { multilingual: { type: 'string' }, half: { type: 'string' }, json: { type: 'boolean', default: false }, misses: { type: 'boolean', default: false } },
  });
  if (values.half !== undefined && values.half !== 'A' && values.half !== 'B') {
    console.error(`eval-metadata: --half must be A or B, not ${JSON.stringify(values.half)}`);
    process.exit(2);
  }
  const repoRoot = path.resolve(import.meta.dirname, '../../..');
  const corpus = path.resolve(process.cwd(), values.multilingual ?? path.join(repoRoot, '../shared/corpus/extraction-multilingual'));
  const report = evaluateMetadata(corpus, values.half as Half | undefined);
  if (values.json) {
    console.log(JSON.stringify(report));
    return;
  }
  printMetadata(report, corpus);
  if (report && values.misses) {
    console.log('\nWhat ours got wrong (title: close or wrong; date: day, wrong or missing):');
    for (const miss of report.misses) {
      console.log(`  ${miss.field} ${miss.verdict.padEnd(7)} ${miss.lang} ${miss.source} ${miss.id.slice(0, 10)} ${miss.url}`);
      console.log(`      expected ${JSON.stringify(miss.expected)}\n      ours     ${JSON.stringify(miss.actual)}`);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) main();
