#!/usr/bin/env node
import { ConfigError } from '@polywire/config';
import { dispatch } from './dispatch.js';
import { CliError } from './errors.js';

// `polywire`: the commands are in this folder, one module per group, found through dispatch.ts.

dispatch(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CliError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`polywire: ${(error as Error).message}`);
    process.exit(2);
  }
  throw error;
});
