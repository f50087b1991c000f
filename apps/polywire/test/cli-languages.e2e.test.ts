import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { articles, createDb, type DbHandle, type NewArticle, searchConfigFor, storeArticle } from '@polywire/db';
import { LANGUAGE_MODEL_VERSION, SUPPORTED_LANGUAGES } from '@polywire/lang';
import { freePort } from '@polywire/local-services';
import { createTestDatabase, testServices } from '@polywire/testing';
import { describe, expect, it } from 'vitest';
import { runCli } from './processes.js';

const jsonLines = <T>(stdout: string) => stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as T);

/** Hungarian news an older model stored as Slovak, and an English one it got right. */
const STORED: [string, string, string][] = [
  [
    'Emelkednek a nyugdíjak jövőre',
    'A kormány bejelentette, hogy jövőre emeli a nyugdíjakat és a családi pótlékot. A pénzügyminiszter szerint a költségvetés ezt lehetővé teszi, az ellenzék azonban bírálta a tervet, mert szerintük az infláció mindent elvisz.',
    'sk',
  ],
  [
    'Új hidat építenek a Dunán',
    'Budapest déli részén új közúti híd épül a Duna fölött. A beruházás három évig tart, és a fővárosi közgyűlés csütörtökön döntött a finanszírozásról. A lakók örülnek, mert a reggeli dugók végre enyhülhetnek.',
    'sk',
  ],
  [
    'Harbour reopens after the storm',
    'The harbour reopened on Monday after the storm had kept every ship at anchor for a week. Fishermen said the damage to the piers was smaller than they had feared, and the council promised to repair the lighthouse before winter.',
    'en',
  ],
];

async function storeWronglyTagged(db: DbHandle): Promise<void> {
  await db.migrate();
  for (const [index, [title, text, language]] of STORED.entries()) {
    const url = `https://hirek.example/${index}`;
    const row: NewArticle = { urlHash: `cli-retag-${index}`.padEnd(64, '0'), url, canonicalUrl: url, title, text, language, languageConfidence: 0.4, languageModelVersion: 'lang-old' };
    await storeArticle(db.db, row, null);
  }
}

const languagesOf = async (db: DbHandle) =>
  (await db.db.select({ language: articles.language, version: articles.languageModelVersion }).from(articles).orderBy(articles.id)).map(
    (row) => `${row.language}@${row.version === LANGUAGE_MODEL_VERSION ? 'current' : row.version}`,
  );

interface Summary {
  total: number;
  done: number;
  changed: number;
  updated: number;
  stopped: boolean;
  dryRun: boolean;
  version: string;
  changes: { from: string; to: string; count: number }[];
}

describe('polywire languages', () => {
  it('lists every supported language with its name, script and search configuration, offline', () => {
    // No API anywhere: the list needs none.
    const table = runCli(['languages'], { apiUrl: 'http://127.0.0.1:9' });
    expect(table.status).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TAG\s+NAME\s+SCRIPT\s+SEARCH$/);
    expect(lines).toHaveLength(SUPPORTED_LANGUAGES.length + 1);
    expect(table.stdout).toMatch(/^hu\s+Hungarian\s+Latin\s+hungarian$/m);
    expect(table.stdout).toMatch(/^sr-Cyrl\s+Serbian \(Cyrillic\)\s+Cyrillic\s+serbian$/m);
    expect(table.stdout).toMatch(/^az-Latn\s+Azerbaijani\s+Latin\s+simple$/m);

    const json = jsonLines<{ tag: string; name: string; script: string; scriptName: string; searchConfig: string }>(runCli(['languages', '--json']).stdout);
    expect(json.map((language) => language.tag)).toEqual(SUPPORTED_LANGUAGES.map((language) => language.tag));
    for (const language of json) expect(language.searchConfig).toBe(searchConfigFor(language.tag));
    expect(json.find((language) => language.tag === 'zh-Hans')).toEqual({ tag: 'zh-Hans', name: 'Chinese (Simplified)', script: 'Hans', scriptName: 'Simplified Han', searchConfig: 'simple' });
  });

  it('checks --lang tags itself, before asking the API', async () => {
    // Nothing listens there: a refusal that names --lang came from the CLI.
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const bad = runCli(['articles', 'search', '--lang', 'de,not a language'], { apiUrl: nowhere });
    expect(bad).toEqual({ status: 2, stdout: '', stderr: 'polywire: --lang: "not a language" is not a language tag like en or zh-Hant (`polywire languages` lists them)\n' });
    expect(runCli(['articles', 'retag', '--lang', 'zh_Hant'], { env: { DATABASE_URL: 'postgres://127.0.0.1:9/none' } }).stderr).toMatch(/^polywire: --lang: "zh_Hant"/);
    expect(runCli(['articles', 'retag', '--batch', '20000'], { env: { DATABASE_URL: 'postgres://127.0.0.1:9/none' } })).toMatchObject({
      status: 2,
      stderr: 'polywire: --batch must be a number from 1 to 10000, not 20000\n',
    });
    const good = runCli(['articles', 'search', '--lang', 'az-Latn,hu'], { apiUrl: nowhere });
    expect(good.status).toBe(2);
    expect(good.stderr).toContain('cannot reach the Polywire API');
  });
});

describe('polywire articles retag', () => {
  it('re-tags stored articles on PostgreSQL, resumably: a second run does nothing', async () => {
    const url = await createTestDatabase(testServices().postgresUrl);
    const db = createDb({ databaseUrl: url, dataDir: '/nonexistent' });
    try {
      await storeWronglyTagged(db);
      const env = { DATABASE_URL: url };

      const dry = runCli(['articles', 'retag', '--dry-run', '--json'], { env });
      expect(dry.status, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, total: 3, done: 3, changed: 2, changes: [{ from: 'sk', to: 'hu', count: 2 }] });
      expect(await languagesOf(db)).toEqual(['sk@lang-old', 'sk@lang-old', 'en@lang-old']);

      const run = runCli(['articles', 'retag', '--batch', '2', '--json'], { env });
      expect(run.status, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as Summary;
      expect(summary).toMatchObject({ dryRun: false, stopped: false, total: 3, done: 3, changed: 2, updated: 3, version: LANGUAGE_MODEL_VERSION });
      // In a pipe, progress is a plain line on stderr (the first one at once).
      expect(run.stderr).toMatch(/^retag: 2\/3 articles \(66%\), 2 changed language, [\d,]+\/s$/m);
      expect(await languagesOf(db)).toEqual(['hu@current', 'hu@current', 'en@current']);

      const again = runCli(['articles', 'retag'], { env });
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^re-tagged 0 of 0 articles in [\d.]+ s \(0\/s\): 0 changed language, 0 had their language, confidence or title language rewritten$/m);
      expect(again.stdout).toContain(`every article is now tagged by language model ${LANGUAGE_MODEL_VERSION}`);
    } finally {
      await db.close();
    }
  });

  it('re-tags the embedded database in DATA_DIR, and refuses while another process has it open', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'polywire-cli-retag-'));
    try {
      // This test process holds the database open, as a running `pnpm start` would.
      const open = createDb({ dataDir });
      await storeWronglyTagged(open);
      const refused = runCli(['articles', 'retag'], { env: { DATA_DIR: dataDir } });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toBe(
        `polywire: the embedded database in ${path.join(dataDir, 'pglite')} is open in process ${process.pid} (a running \`pnpm start\`?): stop that process first, or set DATABASE_URL\n`,
      );
      await open.close();

      const run = runCli(['articles', 'retag', '--lang', 'sk'], { env: { DATA_DIR: dataDir } });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^re-tagged 2 of 2 articles in [\d.]+ s \([\d,]+\/s\): 2 changed language, 2 had their language, confidence or title language rewritten\n {2}sk → hu: 2\n/);

      const reopened = createDb({ dataDir });
      try {
        // Only the Slovak ones were asked for: the English one keeps its old version.
        expect(await languagesOf(reopened)).toEqual(['hu@current', 'hu@current', 'en@lang-old']);
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Creates an embedded database and opens it three times (here, the CLI, here): 30 s was too short
    // with two test runs side by side on two cores.
  }, 90_000);

  it('says so when the database cannot be reached, without printing its URL', async () => {
    const result = runCli(['articles', 'retag'], { env: { DATABASE_URL: `postgres://polywire:secret@127.0.0.1:${await freePort()}/none` } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^polywire: cannot reach the database \(DATABASE_URL\): /);
    expect(result.stderr).not.toContain('secret');
  });
});
