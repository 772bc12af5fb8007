import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openWorkspace } from '../../main/store/workspace-store';
import { loadYDoc } from '../../main/store/document-state';
import { listClauses } from '../../shared/schema/clauses';
import { readProseMirrorDoc } from '../../shared/ydoc/layout';
import { screenshot } from '../helpers/e2e-browser';
import { firstVisitAs, useE2eSession } from '../helpers/e2e-session';
import { storedClauses } from '../helpers/e2e-store';
import {
  clauseIds,
  clauseTexts,
  clauses,
  cursorAtEndOfClause,
  outlineRows,
  pickIdentity,
  waitForClauseCount,
  waitForEditor,
  waitForOutline,
  waitUntilSaved,
} from '../helpers/e2e-editor';

const session = useE2eSession({ pagePerTest: true });

/** Each document's Yjs state vector as stored in the file (equal vectors: nothing was written). */
function storedStateVectors(path: string): string[] {
  const store = openWorkspace(path);
  try {
    return store.listDocuments().map((d) => `${d.title}:${Buffer.from(Y.encodeStateVector(loadYDoc(store, d.id))).toString('hex')}`);
  } finally {
    store.close();
  }
}

function ydocFromUpdate(state: Uint8Array): Y.Doc {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state);
  return ydoc;
}

function storedClauseTexts(path: string, docTitle: string): { ids: string[]; texts: Map<string, string> } {
  const list = storedClauses(path, docTitle);
  return { ids: list.map((c) => c.id), texts: new Map(list.map((c) => [c.id, `${c.heading} ${c.text}`])) };
}

describe('the clause editor in Chromium', () => {
  it('edits, inserts, moves and undoes; every edit survives a reload and is in the workspace file', async () => {
    const { page, errors } = session.watched;
    await page.goto(session.host.url);
    await page.locator('.dialog-identity').waitFor({ state: 'visible' });
    await screenshot(page, '00-identity-picker');
    await pickIdentity(page, 'Olena Kovalenko');
    await waitForEditor(page);
    await expect.poll(() => page.getByTestId('identity').innerText(), { timeout: 5000 }).toMatch(/Olena Kovalenko\s*Ukraine/);
    await screenshot(page, '01-sample-open');

    const originalIds = await clauseIds(page);
    const n = originalIds.length;
    expect(n).toBeGreaterThanOrEqual(20);
    const rows = await outlineRows(page);
    expect(rows.map((r) => r.number)).toEqual(originalIds.map((_, i) => `${i + 1}.`));
    expect(rows.map((r) => r.id)).toEqual(originalIds);

    // Type into clause 3.
    const typed = ' Both sides confirm this in writing.';
    await cursorAtEndOfClause(page, 3);
    await page.keyboard.type(typed);
    expect((await clauseTexts(page))[2]).toContain(typed.trim());
    expect(await clauseIds(page)).toEqual(originalIds);

    // Insert a clause after clause 5: clauses 6..n renumber to 7..n+1.
    const newText = 'Monitoring of the ceasefire is led by a joint commission.';
    await cursorAtEndOfClause(page, 5);
    await page.keyboard.press('Control+Enter');
    await page.keyboard.type(newText);
    await waitForClauseCount(page, n + 1);
    const afterInsert = await clauseIds(page);
    const newId = afterInsert[5]!;
    expect(originalIds).not.toContain(newId);
    expect(afterInsert).toEqual([...originalIds.slice(0, 5), newId, ...originalIds.slice(5)]);
    expect((await clauseTexts(page))[5]).toBe(newText);
    await waitForOutline(page, afterInsert);
    const renumbered = await outlineRows(page);
    expect(renumbered[5]).toMatchObject({ number: '6.', id: newId });
    for (let i = 5; i < n; i++) {
      // The clause that was number i+1 is now number i+2, with the same outline text.
      expect(renumbered[i + 1]).toEqual({ ...rows[i]!, number: `${i + 2}.` });
    }
    await screenshot(page, '02-inserted-clause');

    // Move clause 2 down with the keyboard.
    await cursorAtEndOfClause(page, 2);
    await page.keyboard.press('Alt+ArrowDown');
    const afterKeyMove = [afterInsert[0]!, afterInsert[2]!, afterInsert[1]!, ...afterInsert.slice(3)];
    await page.waitForFunction(
      (id) => document.querySelectorAll('.proposal section.clause')[2]?.getAttribute('data-clause-id') === id,
      afterInsert[1]!,
    );
    expect(await clauseIds(page)).toEqual(afterKeyMove);

    // Drag clause 1 in the outline to just after clause 4.
    const outlineItems = page.locator('.outline-item');
    const target = outlineItems.nth(3);
    const box = (await target.boundingBox())!;
    await outlineItems.nth(0).dragTo(target, { targetPosition: { x: 20, y: box.height - 3 } });
    const afterDrag = [afterKeyMove[1]!, afterKeyMove[2]!, afterKeyMove[3]!, afterKeyMove[0]!, ...afterKeyMove.slice(4)];
    await page.waitForFunction(
      (id) => document.querySelectorAll('.proposal section.clause')[3]?.getAttribute('data-clause-id') === id,
      afterKeyMove[0]!,
    );
    expect(await clauseIds(page)).toEqual(afterDrag);
    await waitForOutline(page, afterDrag);
    await screenshot(page, '03-after-moves');

    // Ctrl+Alt+O hides and shows the outline (View ▸ Outline in the desktop app).
    await page.keyboard.press('Control+Alt+o');
    await expect.poll(() => page.locator('nav.outline').isVisible(), { timeout: 5000 }).toBe(false);
    await page.keyboard.press('Control+Alt+o');
    await expect.poll(() => page.locator('nav.outline').isVisible(), { timeout: 5000 }).toBe(true);

    // Undo takes back the drag (one step), then the keyboard move.
    await clauses(page).first().click();
    await page.keyboard.press('Control+z');
    await page.waitForFunction(
      (id) => document.querySelector('.proposal section.clause')?.getAttribute('data-clause-id') === id,
      afterKeyMove[0]!,
    );
    expect(await clauseIds(page)).toEqual(afterKeyMove);
    await page.keyboard.press('Control+z');
    await page.waitForFunction(
      (id) => document.querySelectorAll('.proposal section.clause')[1]?.getAttribute('data-clause-id') === id,
      afterInsert[1]!,
    );
    expect(await clauseIds(page)).toEqual(afterInsert);
    await waitUntilSaved(page);

    // Reload: everything comes back from main (and so from SQLite).
    await page.reload();
    await waitForEditor(page);
    expect(await page.locator('.dialog-identity').count()).toBe(0);
    expect(await clauseIds(page)).toEqual(afterInsert);
    const reloaded = await clauseTexts(page);
    expect(reloaded[2]).toContain(typed.trim());
    expect(reloaded[5]).toBe(newText);
    await screenshot(page, '04-after-reload');

    // The workspace file holds the same text.
    await session.watched.context.close();
    await session.host.stop();
    const stored = storedClauseTexts(session.host.workspacePath, 'Peace framework');
    expect(stored.ids).toEqual(afterInsert);
    expect(stored.texts.get(afterInsert[2]!)).toContain(typed.trim());
    expect(stored.texts.get(newId)?.trim()).toBe(newText);

    // And so does `draftroom show`, read from the file by a separate process.
    const shown = execFileSync(process.execPath, [fileURLToPath(new URL('../../bin/draftroom.mjs', import.meta.url)), 'show', session.host.workspacePath, '--doc', 'Peace framework'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((line) => /^\d+\. /.test(line));
    expect(shown).toHaveLength(afterInsert.length);
    expect(shown[2]).toContain(typed.trim());
    expect(shown[5]).toMatch(/^6\. /);
    expect(shown[5]).toContain(newText);
    expect(errors).toEqual([]);
  });

  it('formats text, makes lists, finds words and creates a new document', async () => {
    const { page, errors } = session.watched;
    await firstVisitAs(page, session.host.url, 'Dana Whitfield');

    // Bold and a bulleted list in clause 1.
    await cursorAtEndOfClause(page, 1);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('Binding');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' on all parties');
    await page.locator('[data-tool="bullets"]').click();
    const first = clauses(page).first();
    await expect.poll(() => first.locator('ul > li strong').innerText(), { timeout: 5000 }).toBe('Binding');
    await expect.poll(() => first.locator('ul > li').innerText(), { timeout: 5000 }).toBe('Binding on all parties');

    // The outline jumps to a clause and moves the focused one with Alt+arrows.
    await page.locator('.outline-item').nth(14).click();
    await page.waitForFunction(() => document.querySelector('.status-position')?.textContent?.startsWith('Clause 15 of'));
    expect(await clauses(page).nth(14).isVisible()).toBe(true);
    const idsBefore = await clauseIds(page);
    await page.locator('.outline-item').nth(1).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await page.waitForFunction(
      (id) => document.querySelector('.proposal section.clause')?.getAttribute('data-clause-id') === id,
      idsBefore[1]!,
    );
    expect(await clauseIds(page)).toEqual([idsBefore[1], idsBefore[0], ...idsBefore.slice(2)]);
    // Keyboard focus follows the moved clause's row.
    await page.waitForFunction((id) => (document.activeElement as HTMLElement | null)?.dataset['clauseId'] === id, idsBefore[1]!);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('outline-item'))).toBe(true);

    // Find highlights every match and steps through them.
    await page.keyboard.press('Control+f');
    await page.locator('.find-input').fill('Ukraine');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.proposal .find-match').length > 2);
    const matches = await page.locator('.proposal .find-match').count();
    await expect.poll(() => page.locator('.find-count').innerText(), { timeout: 5000 }).toMatch(new RegExp(`^\\d+ of ${matches}$`));
    expect(await page.locator('.proposal .find-match.is-current').count()).toBe(1);
    await screenshot(page, '05-find');
    await page.keyboard.press('Escape');
    expect(await page.locator('.proposal .find-match').count()).toBe(0);

    // A new document opens in its own tab with one empty clause, numbered 1.
    await page.getByTestId('new-document').click();
    await page.locator('.dialog-prompt input').fill('Humanitarian annex');
    await page.keyboard.press('Enter');
    await page.locator('.doc-tab.is-active', { hasText: 'Humanitarian annex' }).waitFor();
    await waitForClauseCount(page, 1);
    await clauses(page).first().click();
    await page.keyboard.type('Prisoners are exchanged all for all.');
    // The outline follows the editor once per frame.
    await page.waitForFunction(
      () => document.querySelector('.outline-item .outline-text')?.textContent === 'Prisoners are exchanged all for all.',
    );
    expect((await outlineRows(page))[0]).toMatchObject({ number: '1.', text: 'Prisoners are exchanged all for all.' });
    await waitUntilSaved(page);
    await screenshot(page, '06-new-document');

    // The draft is kept as a named version; a taken name is refused in the dialog.
    const meta = page.locator('.page:not([hidden]) .doc-meta');
    await expect.poll(() => meta.innerText(), { timeout: 5000 }).toMatch(/no named versions yet/);
    await page.locator('.page:not([hidden])').getByTestId('save-version').click();
    await page.locator('.dialog-prompt input').fill('Annex first draft');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /1 named version/.test(document.querySelector('.page:not([hidden]) .doc-meta')?.textContent ?? ''));
    await page.locator('.page:not([hidden])').getByTestId('save-version').click();
    await page.locator('.dialog-prompt input').fill('annex FIRST draft');
    await page.keyboard.press('Enter');
    await page.locator('.dialog-prompt .dialog-error', { hasText: 'already has a version named "Annex first draft"' }).waitFor();
    await screenshot(page, '06b-save-version-refused');
    await page.keyboard.press('Escape');

    await session.watched.context.close();
    await session.host.stop();
    const versionStore = openWorkspace(session.host.workspacePath);
    try {
      const annex = versionStore.getDocument('Humanitarian annex');
      const [version, ...others] = versionStore.listVersions(annex.id);
      expect(others).toEqual([]);
      expect(version?.name).toBe('Annex first draft');
      const saved = readProseMirrorDoc(ydocFromUpdate(versionStore.getVersion(annex.id, version!.id).state));
      expect(listClauses(saved, 'current').map((c) => c.text.trim())).toEqual(['Prisoners are exchanged all for all.']);
    } finally {
      versionStore.close();
    }
    const stored = storedClauseTexts(session.host.workspacePath, 'Humanitarian annex');
    expect(stored.ids).toHaveLength(1);
    expect(stored.texts.get(stored.ids[0]!)?.trim()).toBe('Prisoners are exchanged all for all.');
    const framework = storedClauseTexts(session.host.workspacePath, 'Peace framework');
    expect(framework.ids.slice(0, 2)).toEqual([idsBefore[1], idsBefore[0]]);
    expect(framework.texts.get(idsBefore[0]!)).toContain('• Binding on all parties');
    expect(errors).toEqual([]);
  });

  it('opening documents and moving around in them writes nothing to the shared documents', async () => {
    await session.host.stop();
    const before = storedStateVectors(session.host.workspacePath);
    await session.host.restart();
    const { page, errors } = session.watched;
    await firstVisitAs(page, session.host.url, 'Dmitri Orlov');
    for (const n of [1, 4, 9]) {
      await clauses(page).nth(n).click();
      await page.keyboard.press('ArrowDown');
    }
    await page.locator('.doc-tab', { hasText: 'European 6-point framework' }).click();
    await page.locator('.doc-tab.is-active', { hasText: 'European 6-point framework' }).waitFor();
    await waitForEditor(page);
    await clauses(page).nth(2).click();
    expect(await clauses(page).count()).toBe(6);
    await page.locator('.doc-tab', { hasText: 'Peace framework' }).click();
    await page.locator('.doc-tab.is-active', { hasText: 'Peace framework' }).waitFor();
    await clauses(page).first().click();
    await waitUntilSaved(page);
    await session.watched.context.close();
    await session.host.stop();
    expect(storedStateVectors(session.host.workspacePath)).toEqual(before);
    expect(errors).toEqual([]);
  });
});
