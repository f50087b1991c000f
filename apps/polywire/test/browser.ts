import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium. Polywire never downloads a browser (playwright-core has no browser of its own). */
export const CHROMIUM = '/usr/bin/chromium';

export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError';
  constructor() {
    super(
      [
        `${CHROMIUM} is missing; the dashboard's browser test and \`pnpm screenshots\` drive Debian's Chromium.`,
        'Install it:  sudo apt-get install chromium   (bash .ci/run does this on CI)',
      ].join('\n'),
    );
  }
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium on a fresh profile in a temporary folder, with everything that would reach the
 * network on its own (updates, safe browsing, first-run pages) switched off. `--no-sandbox`: CI runs
 * as root, where Chromium's sandbox cannot start.
 */
export async function launchChromium(): Promise<Browser> {
  // Like a missing redis-server (@polywire/local-services), a missing browser fails with what to do,
  // rather than skipping the test and reporting green.
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError();
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'polywire-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      viewport: { width: 1280, height: 800 },
    });
    return {
      context,
      async close() {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
