/**
 * Real Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven
 * by playwright-core (no browser download). `npm test` installs the package
 * (scripts/test.mjs, as root).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where screenshots go (a CI artifact folder, ignored by git). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'e2e');

/** The Chromium executable (override with DRAFTROOM_CHROMIUM). */
export const CHROMIUM_PATH = process.env['DRAFTROOM_CHROMIUM'] ?? '/usr/bin/chromium';

/** Starts headless Chromium (a missing binary is an error that says how to get one). */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `There is no Chromium at ${CHROMIUM_PATH}: \`npm test\` installs it when run as root, or run \`sudo apt-get install -y chromium\`, or set DRAFTROOM_CHROMIUM to a Chromium or Chrome binary.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--font-render-hinting=none',
    ],
  });
}

/** A page plus the errors it logged (console errors and uncaught exceptions). */
export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
}

/** A fresh browser context and page (1360×860) that records page errors. */
export async function openPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

/** Saves a screenshot as test-results/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
