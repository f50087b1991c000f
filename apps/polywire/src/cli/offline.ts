import { extractFile } from '@polywire/extract';
import { parseFeedFile } from '@polywire/feeds';
import { detectLines } from '@polywire/lang';
import { CliError } from './errors.js';
import type { CommandInput } from './options.js';

// The commands that work on files and stdin, without a running Polywire.

/** `lang`: the language of each line on stdin, one JSON line each. */
export async function detectLanguages({ values }: CommandInput): Promise<void> {
  const hints = { languages: values.hint ?? [], tld: values.tld };
  for await (const line of detectLines(process.stdin, { hints })) process.stdout.write(`${line}\n`);
}

/** `parse-feed FILE…`: one JSON line per file; exit status 1 when any is not a feed. */
export async function parseFeeds({ values, operands: files }: CommandInput): Promise<void> {
  if (files.length === 0) throw new CliError('parse-feed needs at least one FILE');
  for (const file of files) {
    const report = await parseFeedFile(file, values['content-type'] ?? null);
    console.log(JSON.stringify(report));
    if (!report.ok) process.exitCode = 1;
  }
}

/** `extract FILE…`: the text and metadata of saved pages; exit status 1 when any cannot be read. */
export async function extractPages({ values, operands: files }: CommandInput): Promise<void> {
  if (files.length === 0) throw new CliError('extract needs at least one FILE');
  if (values.url !== undefined && !URL.canParse(values.url)) throw new CliError(`--url is not an absolute URL: ${values.url}`);
  for (const file of files) {
    const report = await extractFile(file, values.url ?? null);
    console.log(JSON.stringify(report));
    if ('ok' in report) process.exitCode = 1;
  }
}
