import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadYDoc } from '../../main/store/document-state';
import { openWorkspace } from '../../main/store/workspace-store';
import { listClauses } from '../../shared/schema/clauses';
import { readProseMirrorDoc } from '../../shared/ydoc/layout';
import { launchBrowser, openPage, screenshot, type WatchedPage } from '../helpers/e2e-browser';
import { startSampleHost, type SampleHost } from '../helpers/e2e-host';
import {
  clauseIds,
  cursorAtEndOfClause,
  pickIdentity,
  saveState,
  waitForEditor,
  waitForSaveState,
  waitUntilSaved,
} from '../helpers/e2e-editor';

let browser: Browser;
let host: SampleHost;
let watched: WatchedPage;

beforeAll(async () => {
  browser = await launchBrowser();
  host = await startSampleHost();
  watched = await openPage(browser);
});

afterAll(async () => {
  await watched?.context.close();
  await browser?.close();
  await host?.dispose();
});

describe('a dropped connection to the web host', () => {
  it('keeps edits made offline and sends them once the host is back', async () => {
    const { page } = watched;
    await page.goto(host.url);
    await pickIdentity(page, 'Taras Melnyk');
    await waitForEditor(page);
    await cursorAtEndOfClause(page, 4);
    await page.keyboard.type(' Typed online.');
    await waitUntilSaved(page);

    await host.stop();
    await waitForSaveState(page, 'Offline — edits kept');
    await cursorAtEndOfClause(page, 4);
    await page.keyboard.type(' Typed offline.');
    expect(await saveState(page)).toBe('Offline — edits kept');
    await screenshot(page, '08-offline');

    await host.restart();
    await waitUntilSaved(page);
    const clauseId = (await clauseIds(page))[3]!;
    await watched.context.close();
    await host.stop();

    const store = openWorkspace(host.workspacePath);
    try {
      const doc = readProseMirrorDoc(loadYDoc(store, store.getDocument('Peace framework').id));
      const clause = listClauses(doc, 'current').find((c) => c.id === clauseId);
      expect(clause?.text).toMatch(/Typed online\. Typed offline\.$/);
    } finally {
      store.close();
    }
  });
});
