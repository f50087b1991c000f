#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { detectLines } from '@polywire/lang';
import { ConfigError, loadConfig } from '@polywire/config';
import { extractFile } from '@polywire/extract';
import { parseFeedFile } from '@polywire/feeds';

const USAGE = `Usage: polywire <command>

  feeds add URL [--title TITLE]      add a feed (fetched at once)
  feeds list [--json]                list feeds with their health
  articles list [--lang L]... [--feed ID] [--q WORDS] [--limit N] [--json]
                                     list stored articles, newest first
  lang [--hint LANG]... [--tld TLD]   language of each UTF-8 line on stdin, one JSON line each
  parse-feed [--content-type "text/xml; charset=…"] FILE…
                                     parse feed files offline (no API): one JSON line per
                                     file; exit status 1 when any file is not a feed
  extract [--url URL] FILE…          extract saved pages (.html, .html.gz) offline (no API): one
                                     JSON line per file with the text and metadata; links resolve
                                     against URL, else the page's canonical link; exit status 1
                                     when any file cannot be read

The CLI talks to the running API (pnpm start, or the dashboard app) at POLYWIRE_API_URL,
default http://HOST:PORT (http://127.0.0.1:3000).`;

class CliError extends Error {}

function apiBase(): string {
  const config = loadConfig();
  if (config.POLYWIRE_API_URL) return config.POLYWIRE_API_URL.replace(/\/$/, '');
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
  const base = apiBase();
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    throw new CliError(`cannot reach the Polywire API at ${base} (${(error as Error).cause ?? error}); is \`pnpm start\` running?`);
  }
  const data = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new CliError(data.error ?? `${method} ${path} answered ${response.status}`);
  return { status: response.status, data };
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

const pad = (value: unknown, width: number) => String(value ?? '').slice(0, width).padEnd(width);

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      lang: { type: 'string', multiple: true },
      feed: { type: 'string' },
      q: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      'content-type': { type: 'string' },
      url: { type: 'string' },
      hint: { type: 'string', multiple: true },
      tld: { type: 'string' },
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
  if (group === 'articles' && command === 'list') {
    const query = new URLSearchParams();
    for (const lang of values.lang ?? []) query.append('lang', lang);
    if (values.feed) query.set('feed', values.feed);
    if (values.q) query.set('q', values.q);
    query.set('limit', values.limit ?? '50');
    const { data } = await call<{ items: ArticleRow[] }>('GET', `/api/articles?${query}`);
    if (values.json) {
      for (const article of data.items) console.log(JSON.stringify(article));
      return;
    }
    for (const article of data.items) {
      console.log(`${pad(article.id, 7)} ${pad(article.language ?? '-', 8)} ${pad(article.publishedAt?.slice(0, 16).replace('T', ' ') ?? '-', 17)} ${article.title ?? article.url}`);
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
