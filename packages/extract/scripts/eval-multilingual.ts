/**
 * The multilingual part of `pnpm eval:extract`: news pages in many languages with reference texts, and
 * pages with must-contain / must-not-contain snippets (`extraction-multilingual/`, see its README).
 *
 * Each page's bytes are decoded as the article worker decodes a fetched page (decodeBody: BOM, meta
 * charset, detection), and both extractors get the same string. Full text is scored with the benchmark's
 * shingle F1 (./shingles.ts) overall, per language and per source. The snippet test counts, per
 * extractor, the share of `with` snippets found and of `without` snippets avoided in the extracted text
 * (whitespace-normalized substring test); its F1 is the harmonic mean of the two shares.
 *
 * `half` keeps the pages of one fixed half of the sites (by the parity of the first byte of the SHA-1 of
 * the URL's host, "www." left out), so a rule tuned while looking at half A is checked on sites it has
 * never seen in half B: the way a hidden set of other publishers will check it.
 *
 * What moved the full-text F1 here (issue 18; half A looked at and tuned on, half B held out):
 * - A 0.9368 / B 0.9355  start (a link over 600 characters is a wrapper; class hints apply in layout
 *                        tables, measured on the whole set before the halves existed);
 * - A 0.9396 / B 0.9356  a class name lifts a sibling over the bar only with half of it earned in prose;
 * - A 0.9417 / B 0.9367  closing lines in more languages: headings with nothing after them, editor,
 *                        source, tag, disclaimer and phone lines, comment and rating prompts;
 * - A 0.9421 / B 0.9357  page types: a short report among many headline links taken for a front loses
 *                        its text (one Greek page in B);
 * - A 0.9449 / B 0.9357  comment threads told by their "Reply" lines;
 * - A 0.9475 / B 0.9357  paywalled parts sent hidden; an article split into two copies of one wrapper;
 * - A 0.9482 / B 0.9357  an endless scroll's next story left out;
 * - A 0.9489 / B 0.9360  the standfirst between headline and text (a box named as the lead) joins it.
 * B barely moved: the failures these fixed are of kinds half A shows and half B does not. From here on
 * half B's failures were looked at too (the whole set is now a development set; a hidden set of other
 * publishers is the check), each change kept only when it lost no page it did not explain:
 * - A 0.9493 / B 0.9380  a line with a copyright sign earns no score (a legal footer outscored short items);
 * - A 0.9493 / B 0.9380  four ways a short item came out empty (snippets 0.917 -> 0.921): wrappers of the
 *                        whole candidate are not cleaned as its boxes, slideshow captions are text, a
 *                        later pass's short text counts inside the strict pass's container, a container
 *                        declared itemprop=articleBody is never unlikely;
 * - A 0.9493 / B 0.9391  React's streamed parts (<div hidden id="S:n">) are read;
 * - A 0.9511 / B 0.9391  counters of comments or views inside paragraphs are not text;
 * - A 0.9515 / B 0.9397  Russian and Polish names of related-reading boxes;
 * - A 0.9529 / B 0.9397  the editor's line signs an article off, a widget's scraps below a closing
 *                        notice and a text-size switcher go;
 * - A 0.9530 / B 0.9416  cleaning never removes the chosen container itself;
 * - A 0.9530 / B 0.9434  comment threads are left out in every pass, not only the strict one;
 * - A 0.9533 / B 0.9437  a passage printed twice is kept once; a bare address line goes;
 * - A 0.9537 / B 0.9443  a related heading with no prose below it ends the text; counter lines and a
 *                        blog engine's "posted in" line go;
 * - A 0.9543 / B 0.9446  a list whose items are all links is not text, inside the article too;
 * - A 0.9543 / B 0.9461  a text-size switcher inside a toolbar line ("Send Print Text size Share");
 * - A 0.9546 / B 0.9467  a signature below the last paragraph ("- Reuters", "IAR": a few words, no
 *                        sentence, not a list item);
 * - A 0.9548 / B 0.9473  a credit or a name above the first paragraph ("From: AP", "资料图");
 * - A 0.9548 / B 0.9473  a list item reached as the top candidate gives way to its list (snippets only).
 * Snippets, per half (A / B), were 0.9252 / 0.9212 at this point (0.9235 overall), and then:
 * - 0.9284 / 0.9284      a recipe the page declares (microdata, or JSON-LD found again in its lines) is
 *                        the article, its ingredients and steps never cleaned (recipe.ts; full text
 *                        unchanged: the reference set has no recipes);
 * - 0.9297 / 0.9306      a form's text (labels, validation messages) earns no score (full text: one
 *                        front page's sign-up box, A 0.9548 -> 0.9548, B 0.9473 -> 0.9475); calls to
 *                        subscribe, "Kommentare schreiben" and Polish copyright notices close an article,
 *                        an ad label with a colon is not text;
 * - 0.9304 / 0.9306      a PHP error printed into the page is not text; a form inside the article is
 *                        cleaned out unless it holds most of it (full text A 0.9549, B 0.9475).
 * - 0.9304 / 0.9306      a label of a few words with nothing after it ("Credit:") closes no article, nor
 *                        does a call to download an app (full text A 0.9549, B 0.9476, ru 0.9309 ->
 *                        0.9313; up to 60 characters cost a benchmark page whose text ends on a label
 *                        introducing an embedded post, so 30).
 * - 0.9304 / 0.9306      "Читай также:" teasers, "Ctrl-Enter" typo prompts, "we are on Facebook" calls (full
 *                        text ru 0.9318). Tried and dropped: disclaimers up to 600 characters long (four
 *                        Chinese pages gained, but two lost most of their text: the strict pass's text fell
 *                        under ENOUGH_TEXT and a looser pass took the page; two references keep theirs).
 * - 0.9304 / 0.9306      a box hidden by a CSS framework's class ("hidden", "d-none") unless a responsive
 *                        class shows it: subscription offers sent for a script to show (full text A 0.9549
 *                        -> 0.9553, B 0.9477; three Postmedia pages up, old BBC pages +-0.01).
 * Tried and dropped: capping a class name's bonus by the score its paragraphs earned (A down, snippets
 * -0.007); class bonus only from 250 characters (no change); no score for every line naming rights or
 * disclaimers (a Chinese page lost 0.36); dropping every line said twice (pull quotes: benchmark -0.001);
 * a container holding most of the page's paragraphs never unlikely (ru -0.001); a related heading ending
 * the text wherever it stands (an inline "Mehr zum Thema" box cut an article in half); photo captions
 * and credits as chrome ("Фото …", "(Fot. …)", "图为…": no gain, references keep some captions).
 * What is left is mostly the references' own choices (truncated texts, teaser lists as truth on two
 * aif.ru pages, a print copy kept twice) and pages whose chrome is prose (legal footers, shop notices).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { decodeBody } from '@polywire/http';
import { parseHTML } from 'linkedom';
import { compareTexts, type PageCounts, summarize } from './shingles.js';

export type Extract = (html: string, url: string) => string;

interface ReferencePage {
  articleBody: string;
  url: string;
  lang: string;
  source: string;
}
interface SnippetPage {
  url: string;
  lang: string;
  with: string[];
  without: string[];
}

export interface GroupScore {
  group: string;
  pages: number;
  f1: Record<string, number>;
}
export type Half = 'A' | 'B';
export interface MultilingualReport {
  corpus: string;
  half: Half | 'all';
  pages: number;
  overall: Record<string, { f1: number; precision: number; recall: number; medianMs: number }>;
  byLanguage: GroupScore[];
  bySource: GroupScore[];
  snippets: { pages: number; byExtractor: Record<string, { withFound: number; withoutAvoided: number; f1: number }> } | null;
}

/** Languages with at least this many pages get a target of their own (issue 18: 0.93). */
export const LANGUAGE_TARGET_PAGES = 50;

/** The median of a list of numbers. */
export const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
/** A table row: the first cell left-aligned, the others right-aligned. */
export const row = (cells: string[]) => cells.map((cell, index) => (index === 0 ? cell.padEnd(22) : cell.padStart(10))).join(' ');
const normalizeSpace = (text: string) => text.replace(/\s+/gu, ' ').trim();
/** Some snippet pages name their origin instead of an address ("hard::dw.com…"): they get a placeholder URL. */
export const usableUrl = (url: string) => (URL.canParse(url) ? url : 'https://page.invalid/');

/**
 * Readability 0.6 on a linkedom document, the peer every part of eval:extract runs (linkedom's parse
 * included: it is what Readability needs in Node without a browser). It may throw on broken pages.
 */
export function readabilityParse(html: string) {
  const { document } = parseHTML(html);
  // linkedom's Document is not lib.dom's type; Readability only uses the DOM subset linkedom has.
  return new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
}

/** The half a page's site belongs to (see the file's comment); pages without a usable URL go to A. */
export function halfOf(url: string): Half {
  const host = URL.canParse(url) ? new URL(url).hostname.replace(/^www\./u, '') : '';
  return createHash('sha1').update(host).digest()[0]! % 2 === 0 ? 'A' : 'B';
}

/** A page of the set as the article worker would have it: its bytes decoded by decodeBody. */
export function readPage(corpus: string, id: string): string {
  const bytes = gunzipSync(readFileSync(path.join(corpus, 'html', `${id}.html.gz`)));
  return decodeBody(bytes, 'text/html').text;
}

function groupScores(groups: Map<string, Record<string, PageCounts[]>>, names: string[]): GroupScore[] {
  return [...groups]
    .map(([group, counts]) => ({
      group,
      pages: counts[names[0]!]!.length,
      f1: Object.fromEntries(names.map((name) => [name, summarize(counts[name]!).f1])),
    }))
    .sort((a, b) => b.pages - a.pages || a.group.localeCompare(b.group));
}

/** Scores every extractor on the corpus at `corpus`, or returns null when it is not there. */
export function evaluateMultilingual(corpus: string, extractors: Record<string, Extract>, half?: Half): MultilingualReport | null {
  const truthFile = path.join(corpus, 'ground-truth.json');
  if (!existsSync(truthFile)) return null;
  const names = Object.keys(extractors);
  const inHalf = <T extends { url: string }>(pages: Record<string, T>) =>
    Object.fromEntries(Object.entries(pages).filter(([, page]) => !half || halfOf(page.url) === half));
  const truth = inHalf(JSON.parse(readFileSync(truthFile, 'utf8')) as Record<string, ReferencePage>);
  const all: Record<string, PageCounts[]> = Object.fromEntries(names.map((name) => [name, []]));
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const byLanguage = new Map<string, Record<string, PageCounts[]>>();
  const bySource = new Map<string, Record<string, PageCounts[]>>();
  const add = (groups: Map<string, Record<string, PageCounts[]>>, group: string, name: string, counts: PageCounts) => {
    const entry = groups.get(group) ?? Object.fromEntries(names.map((each) => [each, [] as PageCounts[]]));
    entry[name]!.push(counts);
    groups.set(group, entry);
  };
  for (const [id, page] of Object.entries(truth)) {
    const html = readPage(corpus, id);
    for (const name of names) {
      const start = performance.now();
      const text = extractors[name]!(html, usableUrl(page.url));
      times[name]!.push(performance.now() - start);
      const counts = compareTexts(page.articleBody, text);
      all[name]!.push(counts);
      add(byLanguage, page.lang, name, counts);
      add(bySource, page.source, name, counts);
    }
  }

  let snippets: MultilingualReport['snippets'] = null;
  const snippetFile = path.join(corpus, 'ground-truth-snippets.json');
  if (existsSync(snippetFile)) {
    const pages = inHalf(JSON.parse(readFileSync(snippetFile, 'utf8')) as Record<string, SnippetPage>);
    const tally = Object.fromEntries(names.map((name) => [name, { withFound: 0, withTotal: 0, withoutAvoided: 0, withoutTotal: 0 }]));
    for (const [id, page] of Object.entries(pages)) {
      const html = readPage(corpus, id);
      for (const name of names) {
        const text = normalizeSpace(extractors[name]!(html, usableUrl(page.url)));
        const counts = tally[name]!;
        for (const snippet of page.with) {
          counts.withTotal++;
          if (text.includes(normalizeSpace(snippet))) counts.withFound++;
        }
        for (const snippet of page.without) {
          counts.withoutTotal++;
          if (!text.includes(normalizeSpace(snippet))) counts.withoutAvoided++;
        }
      }
    }
    const share = (part: number, whole: number) => (whole ? part / whole : 1);
    snippets = {
      pages: Object.keys(pages).length,
      byExtractor: Object.fromEntries(
        names.map((name) => {
          const counts = tally[name]!;
          const withFound = share(counts.withFound, counts.withTotal);
          const withoutAvoided = share(counts.withoutAvoided, counts.withoutTotal);
          const f1 = withFound + withoutAvoided === 0 ? 0 : (2 * withFound * withoutAvoided) / (withFound + withoutAvoided);
          return [name, { withFound, withoutAvoided, f1 }];
        }),
      ),
    };
  }

  return {
    corpus,
    half: half ?? 'all',
    pages: Object.keys(truth).length,
    overall: Object.fromEntries(names.map((name) => [name, { ...summarize(all[name]!), medianMs: median(times[name]!) }])),
    byLanguage: groupScores(byLanguage, names),
    bySource: groupScores(bySource, names),
    snippets,
  };
}
