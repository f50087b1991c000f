import type { RetagProgress, RetagSummary } from '@polywire/pipeline';
import { loadConfig } from '@polywire/config';
import { CliError } from './errors.js';
import { languageTags } from './languages.js';
import type { CommandInput } from './options.js';
import { count, positiveNumber, rate } from './output.js';

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
export async function retag({ values }: CommandInput): Promise<void> {
  const [{ DEFAULT_RETAG_BATCH, MAX_RETAG_BATCH, retagArticles }, { createDb, DatabaseInUseError, isDatabaseUnavailable }] = await Promise.all([
    import('@polywire/pipeline'),
    import('@polywire/db'),
  ]);
  if (values.batch !== undefined && !(positiveNumber.test(values.batch) && Number(values.batch) <= MAX_RETAG_BATCH)) {
    throw new CliError(`--batch must be a number from 1 to ${MAX_RETAG_BATCH}, not ${values.batch}`);
  }
  const languages = await languageTags(values.lang);
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
      batchSize: values.batch === undefined ? DEFAULT_RETAG_BATCH : Number(values.batch),
      languages,
      dryRun: values['dry-run'],
      signal: stop.signal,
      onProgress: (progress) => bar.show(progress),
    });
    bar.end();
    if (values.json) console.log(JSON.stringify(summary));
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
