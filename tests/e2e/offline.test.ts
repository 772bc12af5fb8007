import { describe, expect, it } from 'vitest';
import { loadYDoc } from '../../main/store/document-state';
import { openWorkspace } from '../../main/store/workspace-store';
import { listClauses } from '../../shared/schema/clauses';
import { readProseMirrorDoc } from '../../shared/ydoc/layout';
import { screenshot, type WatchedPage } from '../helpers/e2e-browser';
import { firstVisitAs, useE2eSession } from '../helpers/e2e-session';
import { storedClauses } from '../helpers/e2e-store';
import { clauseIds, cursorAtEndOfClause, saveState, waitForEditor, waitForSaveState, waitUntilSaved } from '../helpers/e2e-editor';

// Each test has its own host on a fresh sample and its own browser profile: none depends on another's state.
const session = useE2eSession();

describe('a dropped connection to the web host', () => {
  it('keeps edits made offline and sends them once the host is back', async () => {
    const watched: WatchedPage = await session.newPage();
    const { page } = watched;
    await firstVisitAs(page, session.host.url, 'Taras Melnyk');
    await cursorAtEndOfClause(page, 4);
    await page.keyboard.type(' Typed online.');
    await waitUntilSaved(page);

    await session.host.stop();
    await waitForSaveState(page, 'Offline — edits kept');
    await cursorAtEndOfClause(page, 4);
    await page.keyboard.type(' Typed offline.');
    expect(await saveState(page)).toBe('Offline — edits kept');
    await screenshot(page, '08-offline');

    await session.host.restart();
    await waitUntilSaved(page);
    const clauseId = (await clauseIds(page))[3]!;
    await watched.context.close();
    await session.host.stop();

    const store = openWorkspace(session.host.workspacePath);
    try {
      const doc = readProseMirrorDoc(loadYDoc(store, store.getDocument('Peace framework').id));
      const clause = listClauses(doc, 'current').find((c) => c.id === clauseId);
      expect(clause?.text).toMatch(/Typed online\. Typed offline\.$/);
    } finally {
      store.close();
    }
  });
  it('keeps offline edits when the tab is closed before the host is back, and sends them from the next tab', async () => {
    const { context, page, errors } = await session.openAs('Taras Melnyk');
    let clauseId = '';
    try {
      clauseId = (await clauseIds(page))[1]!;
      await session.host.stop();
      await waitForSaveState(page, 'Offline — edits kept');
      await cursorAtEndOfClause(page, 2);
      await page.keyboard.type(' Kept across tabs.');
      expect(await saveState(page)).toBe('Offline — edits kept');
      // The tab goes away while offline (a closed laptop lid, a crash): its edits were never sent.
      await page.close();

      await session.host.restart();
      const next = await context.newPage();
      next.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await next.goto(session.host.url);
      await waitForEditor(next);
      // The next tab of this profile comes back as Taras, unasked.
      await expect.poll(() => next.locator('.dialog-identity').count(), { timeout: 5000 }).toBe(0);
      await expect.poll(() => next.getByTestId('identity').innerText(), { timeout: 5000 }).toContain('Taras Melnyk');
      await next.waitForFunction((id) => document.querySelector(`section.clause[data-clause-id="${id}"]`)?.textContent?.includes('Kept across tabs.'), clauseId);
      await waitUntilSaved(next);
      await screenshot(next, '09-offline-edits-from-closed-tab');
    } finally {
      await context.close();
    }
    await session.host.stop();
    expect(storedClauses(session.host.workspacePath).find((c) => c.id === clauseId)?.text).toMatch(/Kept across tabs\.$/);
    // Chromium logs each refused reconnection attempt while the host is down; nothing else may fail.
    expect(errors.filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
  });
});
