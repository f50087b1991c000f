#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { RetagProgress, RetagSummary } from '@polywire/article-worker';
import { ConfigError, loadConfig } from '@polywire/config';
import { detectLines } from '@polywire/lang';
import { extractFile } from '@polywire/extract';
import { OpmlParseError, parseFeedFile, parseOpml, writeOpml } from '@polywire/feeds';
import type { QueueCounts } from '@polywire/queue';

const USAGE = `Usage: polywire <command>

  feeds add URL [--title TITLE]      add a feed (fetched at once)
  feeds list [--json]                list feeds with their health
  feeds remove ID                    remove a feed (and its fetch history)
  feeds import-opml FILE [--json]    add every feed of an OPML file, keeping titles, categories
                                     and languages; sent in chunks of 200 feeds, with progress
                                     on stderr when it is a terminal; exit status 1 when some
                                     URLs were refused (each is listed)
  feeds export-opml [> FILE]         write every feed as OPML 2.0 to stdout
  articles search [--lang L]... [--feed ID] [--site S] [--cluster ID] [--q WORDS]
                  [--since ISO] [--until ISO] [--by published|ingested]
                  [--sort published|relevance] [--limit N] [--json|--jsonl|--csv]
                                     find stored articles, newest first: a table, or one JSON
                                     line per article with --json (default --limit 50); --jsonl
                                     and --csv stream every match (or --limit N of them) as the
                                     API exports it, with a row count on stderr when it is a
                                     terminal
  articles list …                    the same as articles search
  articles show ID [--json]          one article: its text, language (detected, confidence,
                                     declared), sources and events
  articles retag [--batch N] [--lang L]... [--dry-run] [--json]
                                     re-decide the language of the stored articles tagged by an
                                     older language model (after an upgrade), N at a time
                                     (default 500, at most 10000), on the database itself
                                     (DATABASE_URL, or the embedded one in DATA_DIR: stop
                                     \`pnpm start\` first); resumable, progress on stderr, a
                                     summary at the end
  languages [--json]                 the languages articles are tagged with: tag, name, script
                                     and text-search configuration
  queues [--json]                    the job queues and their counts
  lang [--hint LANG]... [--tld TLD]   language of each UTF-8 line on stdin, one JSON line each
  parse-feed [--content-type "text/xml; charset=…"] FILE…
                                     parse feed files offline (no API): one JSON line per
                                     file; exit status 1 when any file is not a feed
  extract [--url URL] FILE…          extract saved pages (.html, .html.gz) offline (no API): one
                                     JSON line per file with the text and metadata; links resolve
                                     against URL, else the page's canonical link; exit status 1
                                     when any file cannot be read

--lang takes language tags (en, zh-Hant, sr-Latn), repeated or comma-separated.

The CLI talks to the running API (pnpm start, or the dashboard app) at POLYWIRE_API_URL,
default http://HOST:PORT (http://127.0.0.1:3000), sending DASHBOARD_TOKEN (or DASHBOARD_USER and
DASHBOARD_PASSWORD) when set.`;

class CliError extends Error {}

/** The dashboard's secret, when one is set, goes with every request (see the dashboard's auth.ts). */
function authorization(): Record<string, string> {
  const config = loadConfig();
  if (config.DASHBOARD_TOKEN) return { authorization: `Bearer ${config.DASHBOARD_TOKEN}` };
  if (config.DASHBOARD_USER && config.DASHBOARD_PASSWORD) {
    return { authorization: `Basic ${Buffer.from(`${config.DASHBOARD_USER}:${config.DASHBOARD_PASSWORD}`).toString('base64')}` };
  }
  return {};
}

function apiBase(): string {
  const config = loadConfig();
  if (config.POLYWIRE_API_URL) return config.POLYWIRE_API_URL.replace(/\/$/, '');
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

async function request(method: string, path: string, body?: { type: string; text: string }): Promise<Response> {
  const base = apiBase();
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { ...authorization(), ...(body ? { 'content-type': body.type } : {}) },
      body: body?.text,
    });
  } catch (error) {
    throw new CliError(`cannot reach the Polywire API at ${base} (${(error as Error).cause ?? error}); is \`pnpm start\` running?`);
  }
  if (!response.ok) {
    const data = (await response.json().catch(() => ({}))) as { error?: string };
    throw new CliError(data.error ?? `${method} ${path} answered ${response.status}`);
  }
  return response;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
  const response = await request(method, path, body === undefined ? undefined : { type: 'application/json', text: JSON.stringify(body) });
  const data = (await response.json().catch(() => ({}))) as T;
  return { status: response.status, data };
}

/** Feeds per import request: small enough to show progress, large enough to stay fast. */
const IMPORT_CHUNK = 200;

/** A progress line on stderr, only when stderr is a terminal: nothing at all in a pipe or a file. */
function progress(label: string): { update(done: number, total: number): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return {
    update(done, total) {
      if (!tty) return;
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      shown = true;
    },
    end() {
      if (tty && shown) process.stderr.write('\n');
    },
  };
}

/** A count of rows on stderr, only when stderr is a terminal, at most a few times a second. */
function counter(label: string): { add(rows: number): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  let rows = 0;
  let shownAt = 0;
  const show = () => {
    process.stderr.write(`\r${label}: ${rows.toLocaleString('en-US')} rows`);
    shownAt = Date.now();
  };
  return {
    add(count) {
      rows += count;
      if (tty && Date.now() - shownAt >= 200) show();
    },
    end() {
      if (!tty) return;
      show();
      process.stderr.write('\n');
    },
  };
}

interface ImportResult {
  added: number;
  existing: number;
  invalid: { url: string; error: string }[];
}

async function importOpmlFile(file: string, json: boolean): Promise<void> {
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let feeds: ReturnType<typeof parseOpml>;
  try {
    feeds = parseOpml(xml);
  } catch (error) {
    if (error instanceof OpmlParseError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  const total: ImportResult = { added: 0, existing: 0, invalid: [] };
  const bar = progress('importing feeds');
  bar.update(0, feeds.length);
  try {
    for (let start = 0; start < feeds.length; start += IMPORT_CHUNK) {
      const chunk = feeds.slice(start, start + IMPORT_CHUNK);
      const response = await request('POST', '/api/feeds/import-opml', {
        type: 'text/xml; charset=utf-8',
        text: writeOpml(chunk, { title: `polywire import of ${file}` }),
      });
      const result = (await response.json()) as ImportResult;
      total.added += result.added;
      total.existing += result.existing;
      total.invalid.push(...result.invalid);
      bar.update(start + chunk.length, feeds.length);
    }
  } finally {
    bar.end();
  }
  if (json) console.log(JSON.stringify(total));
  else {
    console.log(`added ${total.added}, already present ${total.existing}, refused ${total.invalid.length} of ${feeds.length} feeds`);
    for (const refused of total.invalid) console.log(`refused: ${refused.url} (${refused.error})`);
  }
  if (total.invalid.length > 0) process.exitCode = 1;
}

interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  status: string;
  articleCount: number;
  lastFetchedAt: string | null;
  lastError: string | null;
}
interface ArticleRow {
  id: number;
  title: string | null;
  url: string;
  language: string | null;
  publishedAt: string | null;
}
interface ArticleDetail extends ArticleRow {
  canonicalUrl: string;
  summary: string | null;
  lead: string | null;
  text: string | null;
  authors: string[];
  modifiedAt: string | null;
  section: string | null;
  tags: string[];
  site: string | null;
  languageConfidence: number | null;
  declaredLanguage: string | null;
  titleLanguage: string | null;
  extraction: string | null;
  duplicateOf: number | null;
  clusterId: number | null;
  ingestedAt: string;
  sources: { feedId: number; itemKey: string; itemUrl: string; firstSeenAt: string }[];
  events: { kind: string; feedId: number | null; jobId: string | null; attempt: number | null; detail: Record<string, unknown> | null; at: string }[];
}

/** Largest page the API serves; longer --limit values follow the cursor. */
const ARTICLE_PAGE = 500;
const when = (value: string | null | undefined, width = 16) => value?.slice(0, width).replace('T', ' ') ?? '-';
const positiveNumber = /^[1-9]\d{0,15}$/;

interface SearchOptions {
  lang?: string[];
  feed?: string;
  site?: string;
  cluster?: string;
  q?: string;
  since?: string;
  until?: string;
  by?: string;
  sort?: string;
  limit?: string;
  json: boolean;
  jsonl: boolean;
  csv: boolean;
}

// Loaded by the commands that use them: the database drivers and the article worker's dependencies
// would add about a second to the start of every other command.
const languageCatalog = () => import('@polywire/dashboard/languages');

/** The --lang values, split at commas, each checked as the API checks it (before anything is asked of it). */
async function languageTags(values: string[] | undefined): Promise<string[]> {
  const tags = (values ?? []).flatMap((value) => value.split(',')).map((tag) => tag.trim()).filter(Boolean);
  if (tags.length === 0) return tags;
  const { LANGUAGE_TAG } = await languageCatalog();
  for (const tag of tags) {
    if (!LANGUAGE_TAG.test(tag)) throw new CliError(`--lang: ${JSON.stringify(tag)} is not a language tag like en or zh-Hant (\`polywire languages\` lists them)`);
  }
  return tags;
}

async function searchArticles(options: SearchOptions): Promise<void> {
  const formats = (['json', 'jsonl', 'csv'] as const).filter((format) => options[format]);
  if (formats.length > 1) throw new CliError(`choose one of --${formats.join(', --')}`);
  if (options.limit !== undefined && !positiveNumber.test(options.limit)) throw new CliError(`--limit must be a positive number, not ${options.limit}`);
  const query = new URLSearchParams();
  for (const lang of await languageTags(options.lang)) query.append('lang', lang);
  for (const name of ['feed', 'site', 'cluster', 'q', 'since', 'until', 'by', 'sort'] as const) {
    const value = options[name];
    if (value !== undefined) query.set(name, value);
  }
  const format = options.jsonl ? 'jsonl' : options.csv ? 'csv' : undefined;
  if (format) {
    query.set('format', format);
    if (options.limit !== undefined) query.set('limit', options.limit);
    await streamExport(`/api/articles?${query}`, format);
    return;
  }
  // A page at a time along the cursor, until --limit articles (default 50) or the last page.
  let remaining = Number(options.limit ?? '50');
  let cursor: string | null = null;
  if (!options.json) console.log(`${pad('ID', 7)} ${pad('LANG', 8)} ${pad('PUBLISHED', 17)} TITLE / URL`);
  while (remaining > 0) {
    const page = new URLSearchParams(query);
    page.set('limit', String(Math.min(remaining, ARTICLE_PAGE)));
    if (cursor !== null) page.set('cursor', cursor);
    const { data }: { data: { items: ArticleRow[]; nextCursor?: string | null } } = await call('GET', `/api/articles?${page}`);
    for (const article of data.items) {
      if (options.json) console.log(JSON.stringify(article));
      else console.log(`${pad(article.id, 7)} ${pad(article.language ?? '-', 8)} ${pad(when(article.publishedAt), 17)} ${article.title ?? article.url}`);
    }
    remaining -= data.items.length;
    cursor = data.nextCursor ?? null;
    if (cursor === null || data.items.length === 0) break;
  }
}

/** Streams an export to stdout as it arrives, minding back-pressure; a closed pipe (`| head`) ends it quietly. */
async function streamExport(path: string, format: 'jsonl' | 'csv'): Promise<void> {
  const response = await request('GET', path);
  if (!response.body) return;
  const rows = counter(`exporting articles as ${format}`);
  let header = format === 'csv';
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let lines = 0;
      for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines++;
      if (header && lines > 0) {
        header = false;
        lines--;
      }
      rows.add(lines);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), count, process.stdout);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw new CliError(`export interrupted: ${(error as Error).message}`);
  } finally {
    rows.end();
  }
}

function showArticle(article: ArticleDetail): void {
  const lines: string[] = [];
  lines.push(`article ${article.id}: ${article.title ?? '(untitled)'}`);
  lines.push(`url:        ${article.url}`);
  if (article.canonicalUrl !== article.url) lines.push(`canonical:  ${article.canonicalUrl}`);
  if (article.site) lines.push(`site:       ${article.site}`);
  lines.push(`published:  ${when(article.publishedAt, 19)}   ingested: ${when(article.ingestedAt, 19)}`);
  if (article.authors.length > 0) lines.push(`authors:    ${article.authors.join(', ')}`);
  if (article.section) lines.push(`section:    ${article.section}`);
  if (article.tags.length > 0) lines.push(`tags:       ${article.tags.join(', ')}`);
  const confidence = article.languageConfidence === null ? '' : ` (confidence ${article.languageConfidence.toFixed(2)})`;
  lines.push(
    `language:   ${article.language ?? '-'}${confidence}, declared ${article.declaredLanguage ?? '-'}, title ${article.titleLanguage ?? '-'}`,
  );
  if (article.clusterId !== null) lines.push(`cluster:    ${article.clusterId}`);
  if (article.duplicateOf !== null) lines.push(`copy of:    article ${article.duplicateOf}`);
  lines.push(`sources (${article.sources.length}):`);
  for (const source of article.sources) lines.push(`  feed ${source.feedId}  ${when(source.firstSeenAt, 19)}  ${source.itemUrl}`);
  lines.push(`events (${article.events.length}):`);
  for (const event of article.events) {
    const where = [event.feedId === null ? '' : `feed ${event.feedId}`, event.attempt === null ? '' : `attempt ${event.attempt}`].filter(Boolean).join(' ');
    lines.push(`  ${when(event.at, 19)}  ${event.kind}${where ? `  ${where}` : ''}${event.detail ? `  ${JSON.stringify(event.detail)}` : ''}`);
  }
  if (article.lead) lines.push('', article.lead);
  else if (article.summary) lines.push('', article.summary);
  lines.push('', article.text ?? '(no stored text: never extracted, or dropped by retention)');
  console.log(lines.join('\n'));
}

const pad = (value: unknown, width: number) => String(value ?? '').slice(0, width).padEnd(width);

async function listLanguages(json: boolean): Promise<void> {
  const languages = (await languageCatalog()).supportedLanguages();
  if (json) {
    for (const language of languages) console.log(JSON.stringify(language));
    return;
  }
  console.log(`${pad('TAG', 8)} ${pad('NAME', 24)} ${pad('SCRIPT', 16)} SEARCH`);
  for (const language of languages) console.log(`${pad(language.tag, 8)} ${pad(language.name, 24)} ${pad(language.scriptName, 16)} ${language.searchConfig}`);
}

const count = (value: number) => value.toLocaleString('en-US');
const rate = (done: number, seconds: number) => (seconds > 0 ? Math.round(done / seconds) : done);

/**
 * Progress of a re-tag on stderr: a line rewritten in place on a terminal; in a pipe or a log, a
 * line at most every 10 seconds, so a long run stays visible without flooding the log.
 */
function retagProgress(): { show(progress: RetagProgress): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  let shownAt = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    show(progress) {
      const now = performance.now();
      if (now - shownAt < (tty ? 200 : 10_000)) return;
      shownAt = now;
      shown = true;
      const percent = progress.total ? ` (${Math.floor((progress.done / progress.total) * 100)}%)` : '';
      const line = `retag: ${count(progress.done)}/${count(progress.total)} articles${percent}, ${count(progress.changed)} changed language, ${count(rate(progress.done, progress.seconds))}/s`;
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    },
    end() {
      if (tty && shown) process.stderr.write('\n');
    },
  };
}

function printRetagSummary(summary: RetagSummary): void {
  const verb = summary.dryRun ? 'would re-tag' : 're-tagged';
  console.log(
    `${verb} ${count(summary.done)} of ${count(summary.total)} articles in ${summary.seconds.toFixed(1)} s (${count(rate(summary.done, summary.seconds))}/s): ` +
      `${count(summary.changed)} changed language, ${count(summary.updated)} had their language, confidence or title language rewritten`,
  );
  for (const change of summary.changes.slice(0, 20)) console.log(`  ${change.from ?? '(none)'} → ${change.to ?? '(none)'}: ${count(change.count)}`);
  if (summary.changes.length > 20) console.log(`  … and ${summary.changes.length - 20} other changes`);
  if (summary.stopped) console.log('stopped before the end: run the same command again to go on from there');
  else if (!summary.dryRun) console.log(`every article is now tagged by language model ${summary.version}`);
}

/**
 * `articles retag`: works on the database itself, like the processes do (DATABASE_URL, or the embedded
 * PGlite under DATA_DIR), not through the API: it may run for hours, and must go on where it stopped.
 */
async function retag(options: { batch?: string; lang?: string[]; 'dry-run': boolean; json: boolean }): Promise<void> {
  const [{ DEFAULT_RETAG_BATCH, MAX_RETAG_BATCH, retagArticles }, { createDb, DatabaseInUseError, isDatabaseUnavailable }] = await Promise.all([
    import('@polywire/article-worker'),
    import('@polywire/db'),
  ]);
  if (options.batch !== undefined && !(positiveNumber.test(options.batch) && Number(options.batch) <= MAX_RETAG_BATCH)) {
    throw new CliError(`--batch must be a number from 1 to ${MAX_RETAG_BATCH}, not ${options.batch}`);
  }
  const languages = await languageTags(options.lang);
  const config = loadConfig();
  let handle: ReturnType<typeof createDb>;
  try {
    handle = createDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  } catch (error) {
    if (error instanceof DatabaseInUseError) throw new CliError(error.message);
    throw error;
  }
  // Ctrl-C (or SIGTERM) finishes the batch in progress and prints the summary; a second one quits at once.
  const stop = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled = signal;
    process.stderr.write(`\npolywire: stopping after this batch (${signal} again quits at once)\n`);
    stop.abort();
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.removeListener(name, onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const bar = retagProgress();
  try {
    await handle.migrate();
    const summary = await retagArticles(handle.db, {
      batchSize: options.batch === undefined ? DEFAULT_RETAG_BATCH : Number(options.batch),
      languages,
      dryRun: options['dry-run'],
      signal: stop.signal,
      onProgress: (progress) => bar.show(progress),
    });
    bar.end();
    if (options.json) console.log(JSON.stringify(summary));
    else printRetagSummary(summary);
    if (summary.stopped && signalled) process.exitCode = signalled === 'SIGINT' ? 130 : 143;
  } catch (error) {
    bar.end();
    // The URL may hold a password: name the variable, not its value.
    if (isDatabaseUnavailable(error)) throw new CliError(`cannot reach the database (DATABASE_URL): ${(error as Error).message}`);
    throw error;
  } finally {
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.removeListener(name, onSignal);
    await handle.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      lang: { type: 'string', multiple: true },
      feed: { type: 'string' },
      site: { type: 'string' },
      cluster: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      by: { type: 'string' },
      sort: { type: 'string' },
      q: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      jsonl: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      'content-type': { type: 'string' },
      url: { type: 'string' },
      hint: { type: 'string', multiple: true },
      tld: { type: 'string' },
      batch: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [group, command, ...rest] = positionals;
  if (values.help || !group) {
    console.log(USAGE);
    return;
  }
  if (group === 'parse-feed') {
    const files = [command, ...rest].filter((file): file is string => file !== undefined);
    if (files.length === 0) throw new CliError('parse-feed needs at least one FILE');
    for (const file of files) {
      const report = await parseFeedFile(file, values['content-type'] ?? null);
      console.log(JSON.stringify(report));
      if (!report.ok) process.exitCode = 1;
    }
    return;
  }
  if (group === 'lang') {
    const hints = { languages: values.hint ?? [], tld: values.tld };
    for await (const line of detectLines(process.stdin, { hints })) process.stdout.write(`${line}\n`);
    return;
  }
  if (group === 'extract') {
    const files = [command, ...rest].filter((file): file is string => file !== undefined);
    if (files.length === 0) throw new CliError('extract needs at least one FILE');
    if (values.url !== undefined && !URL.canParse(values.url)) throw new CliError(`--url is not an absolute URL: ${values.url}`);
    for (const file of files) {
      const report = await extractFile(file, values.url ?? null);
      console.log(JSON.stringify(report));
      if ('ok' in report) process.exitCode = 1;
    }
    return;
  }
  if (group === 'feeds' && command === 'add') {
    const url = rest[0];
    if (!url) throw new CliError('feeds add needs a URL');
    const { status, data } = await call<FeedRow>('POST', '/api/feeds', { url, title: values.title });
    if (values.json) console.log(JSON.stringify(data));
    else console.log(`${status === 201 ? 'added' : 'already present'}: feed ${data.id} ${data.url}`);
    return;
  }
  if (group === 'feeds' && command === 'list') {
    const { data } = await call<{ items: FeedRow[] }>('GET', '/api/feeds');
    if (values.json) {
      for (const feed of data.items) console.log(JSON.stringify(feed));
      return;
    }
    console.log(`${pad('ID', 5)} ${pad('STATUS', 8)} ${pad('ARTICLES', 8)} ${pad('LAST FETCH', 20)} TITLE / URL`);
    for (const feed of data.items) {
      console.log(
        `${pad(feed.id, 5)} ${pad(feed.status, 8)} ${pad(feed.articleCount, 8)} ${pad(feed.lastFetchedAt?.slice(0, 19).replace('T', ' ') ?? '-', 20)} ${feed.title ?? ''} ${feed.url}${feed.lastError ? `\n      error: ${feed.lastError}` : ''}`,
      );
    }
    return;
  }
  if (group === 'feeds' && command === 'remove') {
    const id = rest[0];
    if (!id || !/^[1-9]\d{0,15}$/.test(id)) throw new CliError('feeds remove needs a feed ID (a positive number)');
    await request('DELETE', `/api/feeds/${id}`);
    console.log(`removed: feed ${id}`);
    return;
  }
  if (group === 'feeds' && command === 'import-opml') {
    const file = rest[0];
    if (!file) throw new CliError('feeds import-opml needs a FILE');
    await importOpmlFile(file, values.json);
    return;
  }
  if (group === 'feeds' && command === 'export-opml') {
    const response = await request('GET', '/api/feeds/export.opml');
    process.stdout.write(await response.text());
    return;
  }
  if (group === 'articles' && (command === 'search' || command === 'list')) {
    await searchArticles(values);
    return;
  }
  if (group === 'articles' && command === 'retag') {
    await retag(values);
    return;
  }
  if (group === 'languages' && command === undefined) {
    await listLanguages(values.json);
    return;
  }
  if (group === 'articles' && command === 'show') {
    const id = rest[0];
    if (!id || !positiveNumber.test(id)) throw new CliError('articles show needs an article ID (a positive number)');
    const { data } = await call<ArticleDetail>('GET', `/api/articles/${id}`);
    if (values.json) console.log(JSON.stringify(data));
    else showArticle(data);
    return;
  }
  if (group === 'queues' && command === undefined) {
    const { data } = await call<{ queues: QueueCounts[] }>('GET', '/api/queues');
    if (values.json) {
      for (const queue of data.queues) console.log(JSON.stringify(queue));
      return;
    }
    console.log(`${pad('QUEUE', 16)} ${pad('WAITING', 8)} ${pad('ACTIVE', 8)} ${pad('DELAYED', 8)} ${pad('FAILED', 8)} ${pad('COMPLETED', 9)} PAUSED`);
    for (const queue of data.queues) {
      console.log(
        `${pad(queue.name, 16)} ${pad(queue.waiting, 8)} ${pad(queue.active, 8)} ${pad(queue.delayed, 8)} ${pad(queue.failed, 8)} ${pad(queue.completed, 9)} ${queue.paused ? 'yes' : 'no'}`,
      );
    }
    return;
  }
  throw new CliError(`unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CliError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`polywire: ${(error as Error).message}`);
    process.exit(2);
  }
  throw error;
});
