// `pnpm screenshots`: a PNG of each dashboard page in docs/screenshots/, taken with the browser test's
// Chromium setup from the built all-in-one app, seeded from a local newsroom (feeds in six languages,
// a failing feed, a title carrying markup, a job that fails).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@polywire/local-services';
import { waitFor } from '@polywire/testing';
import { launchChromium } from '../test/browser.js';
import { newsroomLanguages, startNewsroom } from '../test/newsroom.js';
import { startApp, waitUntilHealthy } from '../test/processes.js';

const TOKEN = 'screenshots-token-0123456789';
const ITEMS_PER_FEED = 4;
const outDir = path.resolve(import.meta.dirname, '../../../docs/screenshots');

const newsroom = await startNewsroom(ITEMS_PER_FEED);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'polywire-screenshots-'));
const outlines = [
  ...newsroomLanguages.map((language) => ({ title: `Newsroom (${language})`, url: newsroom.feedUrl(language), language })),
  { title: 'Tricky feed', url: newsroom.trickyFeedUrl, language: 'en' },
  { title: 'Moved away', url: newsroom.missingFeedUrl, language: 'en' },
];
const feedsFile = path.join(dataDir, 'seed.opml');
writeFileSync(
  feedsFile,
  `<?xml version="1.0"?><opml version="2.0"><body>${outlines
    .map((outline) => `<outline type="rss" text="${outline.title}" xmlUrl="${outline.url}" language="${outline.language}"/>`)
    .join('')}</body></opml>`,
);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const app = startApp('polywire', {
  DATA_DIR: dataDir,
  FEEDS_FILE: feedsFile,
  PORT: String(port),
  DASHBOARD_TOKEN: TOKEN,
  FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
  SCHEDULER_INTERVAL_SECONDS: '1',
  HOST_MIN_GAP_MS: '0',
  HOST_MAX_CONCURRENCY: '100',
  LOG_LEVEL: 'warn',
});
const browser = await launchChromium().catch(async (error: unknown) => {
  await app.kill();
  throw error;
});
try {
  const api = async <T>(apiPath: string) => (await (await fetch(`${base}${apiPath}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as T;
  await waitUntilHealthy(base, 'the app', 60_000);
  const expected = newsroomLanguages.length * ITEMS_PER_FEED + 1; // the tricky feed adds its hostile title
  await waitFor(async () => (await api<{ items: unknown[] }>('/api/articles?limit=500')).items.length >= expected, { what: 'the articles', timeoutMs: 120_000 });
  await waitFor(async () => (await api<{ queues: { name: string; failed: number }[] }>('/api/queues')).queues.some((queue) => queue.failed > 0), { what: 'the failed job' });
  const feeds = (await api<{ items: { id: number; title: string | null }[] }>('/api/feeds')).items;
  const articles = (await api<{ items: { id: number; language: string | null }[] }>('/api/articles?lang=de&limit=1')).items;

  mkdirSync(outDir, { recursive: true });
  const page = await browser.context.newPage();
  const shoot = async (name: string, url: string) => {
    await page.goto(`${base}${url}`);
    await page.screenshot({ path: path.join(outDir, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png  ${url}`);
  };
  await shoot('login', '/login');
  await page.getByLabel('Token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  await shoot('overview', '/');
  await shoot('feeds', '/feeds');
  await shoot('feed', `/feeds/${feeds[0]?.id}`);
  await shoot('articles', '/articles');
  await shoot('article', `/articles/${articles[0]?.id}`);
  await shoot('stories', '/stories');
  // The story with the most articles, when the newsroom's articles made one.
  await page.goto(`${base}/stories?sort=size`);
  const storyHref = await page.locator('main table.stories tbody tr a[href^="/stories/"]').first().getAttribute('href', { timeout: 1000 }).catch(() => null);
  if (storyHref) await shoot('story', storyHref);
  await shoot('queues', '/queues');
  await shoot('queue-failed', '/queues/article.process?state=failed');
  const jobLink = page.locator('main table tbody tr a').first();
  await shoot('job', new URL((await jobLink.getAttribute('href')) ?? '/queues', base).pathname);
} finally {
  await browser.close();
  await app.stop();
  await newsroom.close();
  rmSync(dataDir, { recursive: true, force: true });
}
