import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { apiClient, parseResponse } from './api.js';
import { CliError } from './errors.js';
import { languageTags } from './languages.js';
import type { CommandInput } from './options.js';
import { counter, pad, positiveNumber, when } from './output.js';

type ArticleQuery = NonNullable<Parameters<ReturnType<typeof apiClient>['api']['articles']['$get']>[0]>['query'];

/** Largest page the API serves; longer --limit values follow the cursor. */
const ARTICLE_PAGE = 500;

/** `articles search` (and its alias `articles list`): a table, JSON lines, or a streamed export. */
export async function searchArticles({ values }: CommandInput): Promise<void> {
  const formats = (['json', 'jsonl', 'csv'] as const).filter((format) => values[format]);
  if (formats.length > 1) throw new CliError(`choose one of --${formats.join(', --')}`);
  if (values.limit !== undefined && !positiveNumber.test(values.limit)) throw new CliError(`--limit must be a positive number, not ${values.limit}`);
  const lang = await languageTags(values.lang);
  const articles = apiClient().api.articles;
  // As typed: the API checks each value itself, and its 400 names the parameter (`lang` was checked above).
  const { feed, site, cluster, q, since, until } = values;
  const query: ArticleQuery = { lang, feed, site, cluster, q, since, until, by: values.by as ArticleQuery['by'], sort: values.sort as ArticleQuery['sort'] };

  const format = values.jsonl ? 'jsonl' : values.csv ? 'csv' : undefined;
  if (format) {
    const response = await articles.$get({ query: { ...query, format, limit: values.limit } });
    await streamExport(response.body, format);
    return;
  }
  // A page at a time along the cursor, until --limit articles (default 50) or the last page.
  let remaining = Number(values.limit ?? '50');
  let cursor: string | undefined;
  if (!values.json) console.log(`${pad('ID', 7)} ${pad('LANG', 8)} ${pad('PUBLISHED', 17)} TITLE / URL`);
  while (remaining > 0) {
    const page = await parseResponse(articles.$get({ query: { ...query, limit: String(Math.min(remaining, ARTICLE_PAGE)), cursor } }));
    // The route also answers exports, typed as a plain Response; without `format` it is a JSON page.
    if (typeof page !== 'object' || !('items' in page)) throw new CliError('the API answered an export where a page of articles was asked for');
    for (const article of page.items) {
      if (values.json) console.log(JSON.stringify(article));
      else console.log(`${pad(article.id, 7)} ${pad(article.language ?? '-', 8)} ${pad(when(article.publishedAt), 17)} ${article.title ?? article.url}`);
    }
    remaining -= page.items.length;
    cursor = page.nextCursor ?? undefined;
    if (cursor === undefined || page.items.length === 0) break;
  }
}

/** Streams an export to stdout as it arrives, minding back-pressure; a closed pipe (`| head`) ends it quietly. */
async function streamExport(body: globalThis.ReadableStream | null, format: 'jsonl' | 'csv'): Promise<void> {
  if (!body) return;
  const rows = counter(`exporting articles as ${format}`);
  let header = format === 'csv';
  const countLines = new Transform({
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
    await pipeline(Readable.fromWeb(body as ReadableStream<Uint8Array>), countLines, process.stdout);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw new CliError(`export interrupted: ${(error as Error).message}`);
  } finally {
    rows.end();
  }
}

/** `articles show ID`: the article readably, or as the API's JSON. */
export async function showArticle({ values, operands: [id] }: CommandInput): Promise<void> {
  if (!id || !positiveNumber.test(id)) throw new CliError('articles show needs an article ID (a positive number)');
  const article = await parseResponse(apiClient().api.articles[':id'].$get({ param: { id } }));
  if (values.json) {
    console.log(JSON.stringify(article));
    return;
  }
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
