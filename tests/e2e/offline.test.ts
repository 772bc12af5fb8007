import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadYDoc } from '../../main/store/document-state';
import { openWorkspace } from '../../main/store/workspace-store';
import { listClauses } from '../../shared/schema/clauses';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';
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
  it('keeps offline edits when the tab is closed before the host is back, and sends them from the next tab', async () => {
    await host.restart();
    const { context, page, errors } = await openPage(browser);
    let clauseId = '';
    try {
      // The workspace remembers Taras from the first test: a new tab comes back as him.
      await page.goto(host.url);
      await waitForEditor(page);
      await expect(page.getByTestId('identity').innerText()).resolves.toContain('Taras Melnyk');
      clauseId = (await clauseIds(page))[1]!;
      await host.stop();
      await waitForSaveState(page, 'Offline — edits kept');
      await cursorAtEndOfClause(page, 2);
      await page.keyboard.type(' Kept across tabs.');
      expect(await saveState(page)).toBe('Offline — edits kept');
      // The tab goes away while offline (a closed laptop lid, a crash): its edits were never sent.
      await page.close();

      await host.restart();
      const next = await context.newPage();
      next.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await next.goto(host.url);
      await waitForEditor(next);
      await next.waitForFunction((id) => document.querySelector(`section.clause[data-clause-id="${id}"]`)?.textContent?.includes('Kept across tabs.'), clauseId);
      await waitUntilSaved(next);
      await screenshot(next, '09-offline-edits-from-closed-tab');
    } finally {
      await context.close();
    }
    await host.stop();
    const store = openWorkspace(host.workspacePath);
    try {
      const doc = readSuggestedDoc(loadYDoc(store, store.getDocument('Peace framework').id));
      expect(listClauses(doc, 'current').find((c) => c.id === clauseId)?.text).toMatch(/Kept across tabs\.$/);
    } finally {
      store.close();
    }
    // Chromium logs each refused reconnection attempt while the host is down; nothing else may fail.
    expect(errors.filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
  });
});
