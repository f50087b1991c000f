import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Every option of every command: parseArgs refuses any other (exit status 2). */
const options = {
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
  'min-languages': { type: 'string' },
  'min-sources': { type: 'string' },
  'ui-lang': { type: 'string' },
  label: { type: 'string' },
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
} as const satisfies ParseArgsConfig['options'];

export function parseCommandLine(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options });
}

export type Options = ReturnType<typeof parseCommandLine>['values'];

/** What a command is run with: the options, and the words after its name (a URL, an ID, files). */
export interface CommandInput {
  values: Options;
  operands: string[];
}
