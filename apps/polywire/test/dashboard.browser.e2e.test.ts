import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@polywire/local-services';
import { testEnvironment } from '@polywire/runtime/testing';
import { waitFor } from '@polywire/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchChromium } from './browser.js';
import { BROKEN_STORY_TITLE, HOSTILE_TITLE, type Newsroom, startNewsroom } from './newsroom.js';
import { type AppProcess, startApp, waitUntilHealthy } from './processes.js';

const TOKEN = 'browser-test-token-0123456789';

/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against the built
 * all-in-one app: sign in, add a local feed, watch its articles arrive, open one, retry a job that
 * failed, and see a title carrying markup shown as text, with no script run.
 */
describe('dashboard in Chromium', () => {
  let newsroom: Newsroom;
  let dataDir: string;
  let app: AppProcess;
  let base: string;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  /** What Chromium refused under the Content-Security-Policy (an inline style, say), from its console. */
  const refusedByPolicy: string[] = [];

  beforeAll(async () => {
    newsroom = await startNewsroom();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'polywire-browser-'));
    // No seeded feed list: the test adds its feed through the page.
    const feedsFile = path.join(dataDir, 'none.opml');
    writeFileSync(feedsFile, '<?xml version="1.0"?><opml version="2.0"><body/></opml>');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = startApp(
      'polywire',
      await testEnvironment({ PORT: String(port), DATA_DIR: dataDir, FEEDS_FILE: feedsFile, DASHBOARD_TOKEN: TOKEN, SCHEDULER_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn' }),
    );
    await waitUntilHealthy(base, 'the app');
    browser = await launchChromium();
    page = await browser.context.newPage();
    // An alert() from an injected title would show up here.
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refusedByPolicy.push(`${page.url()}: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.kill();
    await newsroom?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Reloads a page until `probe` holds: the pages are server-rendered and do not update by themselves. */
  const reloadUntil = (url: string, probe: () => Promise<boolean>, what: string) =>
    waitFor(
      async () => {
        await page.goto(url);
        return probe();
      },
      { what, timeoutMs: 40_000, intervalMs: 500 },
    );

  it('asks for the token, then shows the overview', async () => {
    await page.goto(`${base}/feeds`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Token').fill('wrong-token-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('did not match');
    await page.getByLabel('Token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/feeds`);
    await page.getByRole('link', { name: 'Overview' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
  });

  it('adds a local feed and watches its articles arrive', async () => {
    await page.goto(`${base}/feeds`);
    await page.getByLabel('URL').fill(newsroom.trickyFeedUrl);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    expect(await page.getByRole('status').textContent()).toMatch(/Feed #\d+ added/);
    await reloadUntil(
      `${base}/articles`,
      async () => (await page.locator('main table tbody tr').count()) === 2,
      'the two articles of the feed that can be stored',
    );
    expect(await page.getByRole('link', { name: 'Council story 1' }).count()).toBe(1);
  });

  it('opens an article with its language, source and breadcrumbs', async () => {
    await page.goto(`${base}/articles`);
    await page.getByRole('link', { name: 'Council story 1' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Council story 1');
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body, body).toMatch(/detected English \(en\), confidence (0\.\d\d|1\.00)/);
    expect(body).toContain('Sources (1)');
    expect(body).toContain('the city council approved the new transport budget');
    for (const step of ['fetched', 'extracted', 'tagged', 'stored']) {
      expect(await page.locator('main table tbody td', { hasText: new RegExp(`^${step}$`) }).count(), step).toBe(1);
    }
  });

  it('leads from an article to its story and to the Stories page, with nothing the policy refuses', async () => {
    await page.goto(`${base}/articles`);
    await page.getByRole('link', { name: 'Council story 1' }).click();
    await page.getByRole('link', { name: /^Story #\d+$/ }).click();
    expect(new URL(page.url()).pathname).toMatch(/^\/stories\/\d+$/);
    expect(await page.locator('main').textContent()).toContain('Council story 1');
    expect(await page.locator('svg.timeline rect.bar-hour').count()).toBeGreaterThan(0);
    await page.locator('header nav').getByRole('link', { name: 'Stories' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Stories');
    expect(await page.locator('main table.stories tbody tr').count()).toBeGreaterThan(0);
    expect(refusedByPolicy).toEqual([]);
  });

  it('shows a title carrying markup as text, and runs no script', async () => {
    await page.goto(`${base}/articles`);
    const link = page.getByRole('link', { name: HOSTILE_TITLE, exact: true });
    expect(await link.count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    await link.click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(HOSTILE_TITLE);
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('retries a failed article job, which then stores its article', async () => {
    await reloadUntil(`${base}/queues/article.process?state=failed`, async () => (await page.getByRole('link', { name: 'failed (1)' }).count()) === 1, 'the failed job');
    const row = page.locator('main table tbody tr', { hasText: '/broken.html' });
    expect(await row.textContent()).toContain('neither the page nor the feed item has any text or title');
    newsroom.fixBrokenStory();
    await row.getByRole('button', { name: 'Retry' }).click();
    expect(await page.getByRole('status').textContent()).toMatch(/queued again/);
    // Back on the list the form was on.
    expect(page.url()).toBe(`${base}/queues/article.process?state=failed`);
    await reloadUntil(`${base}/articles`, async () => (await page.getByRole('link', { name: BROKEN_STORY_TITLE }).count()) === 1, 'the retried article');
    await page.getByRole('link', { name: BROKEN_STORY_TITLE }).click();
    // Its breadcrumbs keep the failure and show the retry that stored it.
    const steps = await page.locator('main table tbody tr td:nth-child(2)').allTextContents();
    expect(steps.indexOf('failed')).toBeGreaterThanOrEqual(0);
    expect(steps.lastIndexOf('stored')).toBeGreaterThan(steps.indexOf('failed'));
    expect(dialogs).toEqual([]);
  });
});
