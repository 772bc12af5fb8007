/**
 * The lifecycle every end-to-end test file shares, as one fixture: Chromium
 * launched once per file (`launchBrowser`), a web host on a fresh copy of the
 * sample (`startSampleHost`) per test or per file, and the pages a test
 * opens — each in its own browser context, acting as a member (`openAs`) or
 * blank — closed when their host goes. A file calls `useE2eSession()` at its
 * top level; the hooks it registers run before the file's own `beforeAll` /
 * `beforeEach` and after its `afterEach` / `afterAll` (vitest's "stack"
 * order), so a file can still prepare its host further.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { launchBrowser, openPage, type WatchedPage } from './e2e-browser';
import { pickIdentity, waitForEditor } from './e2e-editor';
import { startSampleHost, type SampleHost } from './e2e-host';

/**
 * A new browser context (a new profile) on `url` acting as the member
 * `name`: picked in the "Who is drafting?" dialog, or switched to in the
 * status bar if the window came up as someone else (a workspace remembers
 * its last member); returns once the status bar names them.
 */
export async function openAs(browser: Browser, url: string, name: string): Promise<WatchedPage> {
  const watched = await openPage(browser);
  const { page } = watched;
  await page.goto(url);
  const settle = (wait: Promise<void>): Promise<void> => wait.catch(() => undefined);
  await Promise.race([settle(page.locator('.dialog-identity').waitFor({ state: 'visible' })), settle(waitForEditor(page))]);
  if ((await page.locator('.dialog-identity').count()) > 0) await pickIdentity(page, name);
  await waitForEditor(page);
  if (!(await page.getByTestId('identity').innerText()).includes(name)) {
    await page.getByTestId('identity').click();
    await pickIdentity(page, name);
    await waitForEditor(page);
  }
  await expect.poll(() => page.getByTestId('identity').innerText(), { timeout: 5000 }).toContain(name);
  return watched;
}

/**
 * A first visit of `page` to `url` as the member `name`: the identity dialog
 * a new profile is shown must come up, and `name` is picked in it.
 */
export async function firstVisitAs(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await pickIdentity(page, name);
  await waitForEditor(page);
}

/** How a file uses the fixture. */
export interface E2eSessionOptions {
  /**
   * The sample host: a fresh one for every test (`'each'`, the default),
   * one for the whole file (`'all'`), or none (`'none'`: the file serves its
   * own workspaces, e.g. replicas of a team server).
   */
  readonly host?: 'each' | 'all' | 'none';
  /** Open a blank page (nobody picked yet) before every test, as `session.watched`. */
  readonly pagePerTest?: boolean;
}

/** What a test file gets from `useE2eSession`; read its fields inside hooks and tests, once they have run. */
export interface E2eSession {
  /** Chromium, for the whole file. */
  readonly browser: Browser;
  /** The current sample host (not with `host: 'none'`). */
  readonly host: SampleHost;
  /** The blank page opened before this test (with `pagePerTest`). */
  readonly watched: WatchedPage;
  /** The pages opened so far and not yet closed by the fixture. */
  readonly pages: readonly WatchedPage[];
  /** A blank page in a new browser context, closed with its host (for `host: 'none'`, after the file). */
  newPage(): Promise<WatchedPage>;
  /** A page acting as `name` on the current host (see `openAs`), closed with its host. */
  openAs(name: string): Promise<WatchedPage>;
  /** Closes every page opened so far (a test about what is left once everyone has gone). */
  closePages(): Promise<void>;
}

/** Registers the hooks of one end-to-end file's browser, sample host and pages (see the module comment). */
export function useE2eSession(options: E2eSessionOptions = {}): E2eSession {
  const hostScope = options.host ?? 'each';
  let browser: Browser | null = null;
  let host: SampleHost | null = null;
  let watched: WatchedPage | null = null;
  const pages: WatchedPage[] = [];

  const closePages = async (): Promise<void> => {
    // A test may have closed a page itself; closing a context twice does nothing.
    for (const page of pages.splice(0)) await page.context.close().catch(() => undefined);
  };
  const track = (page: WatchedPage): WatchedPage => {
    pages.push(page);
    return page;
  };
  const startHost = async (): Promise<void> => {
    host = await startSampleHost();
  };
  const disposeHost = async (): Promise<void> => {
    await closePages();
    const running = host;
    host = null;
    await running?.dispose();
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    if (hostScope === 'all') await startHost();
  });
  afterAll(async () => {
    await disposeHost();
    await browser?.close();
    browser = null;
  });
  if (hostScope === 'each') {
    beforeEach(startHost);
    afterEach(disposeHost);
  } else if (options.pagePerTest) {
    afterEach(closePages);
  }
  if (options.pagePerTest) {
    beforeEach(async () => {
      watched = track(await openPage(session.browser));
    });
  }

  const session: E2eSession = {
    get browser(): Browser {
      if (browser === null) throw new Error('useE2eSession: the browser starts in beforeAll');
      return browser;
    },
    get host(): SampleHost {
      if (host === null) throw new Error(`useE2eSession: no sample host (host: '${hostScope}')`);
      return host;
    },
    get watched(): WatchedPage {
      if (watched === null) throw new Error('useE2eSession: no page per test (pagePerTest)');
      return watched;
    },
    pages,
    async newPage() {
      return track(await openPage(session.browser));
    },
    async openAs(name) {
      return track(await openAs(session.browser, session.host.url, name));
    },
    closePages,
  };
  return session;
}
