import { readFile } from 'node:fs/promises';
import { OpmlParseError, parseOpml, writeOpml } from '@polywire/feeds';
import { apiClient, parseResponse } from './api.js';
import { CliError } from './errors.js';
import type { CommandInput } from './options.js';
import { pad, positiveNumber, progress } from './output.js';

/** Feeds per import request: small enough to show progress, large enough to stay fast. */
const IMPORT_CHUNK = 200;

export async function addFeed({ values, operands: [url] }: CommandInput): Promise<void> {
  if (!url) throw new CliError('feeds add needs a URL');
  const response = await apiClient().api.feeds.$post({ json: { url, title: values.title } });
  const feed = await parseResponse(response);
  if (values.json) console.log(JSON.stringify(feed));
  else console.log(`${response.status === 201 ? 'added' : 'already present'}: feed ${feed.id} ${feed.url}`);
}

export async function listFeeds({ values }: CommandInput): Promise<void> {
  const { items } = await parseResponse(apiClient().api.feeds.$get());
  if (values.json) {
    for (const feed of items) console.log(JSON.stringify(feed));
    return;
  }
  console.log(`${pad('ID', 5)} ${pad('STATUS', 8)} ${pad('ARTICLES', 8)} ${pad('LAST FETCH', 20)} TITLE / URL`);
  for (const feed of items) {
    console.log(
      `${pad(feed.id, 5)} ${pad(feed.status, 8)} ${pad(feed.articleCount, 8)} ${pad(feed.lastFetchedAt?.slice(0, 19).replace('T', ' ') ?? '-', 20)} ${feed.title ?? ''} ${feed.url}${feed.lastError ? `\n      error: ${feed.lastError}` : ''}`,
    );
  }
}

export async function removeFeed({ operands: [id] }: CommandInput): Promise<void> {
  if (!id || !positiveNumber.test(id)) throw new CliError('feeds remove needs a feed ID (a positive number)');
  await apiClient().api.feeds[':id'].$delete({ param: { id } });
  console.log(`removed: feed ${id}`);
}

export async function importOpmlFile({ values, operands: [file] }: CommandInput): Promise<void> {
  if (!file) throw new CliError('feeds import-opml needs a FILE');
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
  const api = apiClient();
  const total = { added: 0, existing: 0, invalid: [] as { url: string; error: string }[] };
  const bar = progress('importing feeds');
  bar.update(0, feeds.length);
  try {
    for (let start = 0; start < feeds.length; start += IMPORT_CHUNK) {
      const chunk = feeds.slice(start, start + IMPORT_CHUNK);
      // The API takes the OPML document itself as the body (no JSON), so the client sends it as is.
      const result = await parseResponse(
        api.api.feeds['import-opml'].$post(undefined, {
          headers: { 'content-type': 'text/xml; charset=utf-8' },
          init: { body: writeOpml(chunk, { title: `polywire import of ${file}` }) },
        }),
      );
      total.added += result.added;
      total.existing += result.existing;
      total.invalid.push(...result.invalid);
      bar.update(start + chunk.length, feeds.length);
    }
  } finally {
    bar.end();
  }
  if (values.json) console.log(JSON.stringify(total));
  else {
    console.log(`added ${total.added}, already present ${total.existing}, refused ${total.invalid.length} of ${feeds.length} feeds`);
    for (const refused of total.invalid) console.log(`refused: ${refused.url} (${refused.error})`);
  }
  if (total.invalid.length > 0) process.exitCode = 1;
}

export async function exportOpml(): Promise<void> {
  const response = await apiClient().api.feeds['export.opml'].$get();
  process.stdout.write(await response.text());
}
