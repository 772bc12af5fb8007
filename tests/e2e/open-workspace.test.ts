import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/e2e-browser';
import { firstVisitAs, useE2eSession } from '../helpers/e2e-session';
import { writeSampleWorkspace } from '../../main/sample/build-sample';
import { clauseIds, clauseTexts, cursorAtEndOfClause, pickIdentity, waitForEditor, waitUntilSaved } from '../helpers/e2e-editor';

const session = useE2eSession({ pagePerTest: true });

/** Opens "Open workspace…", submits a path and returns the message the dialog shows. */
async function tryToOpen(path: string): Promise<string> {
  const { page } = session.watched;
  await page.getByTestId('open-workspace').click();
  const dialog = page.locator('.dialog-prompt');
  await dialog.locator('input').fill(path);
  await dialog.locator('button.button-primary').click();
  const error = dialog.locator('.dialog-error');
  await error.waitFor({ state: 'visible' });
  return error.innerText();
}

describe('Open workspace…', () => {
  it('names the problem, touches no file and leaves the open document as it was', async () => {
    const { page, errors } = session.watched;
    await firstVisitAs(page, session.host.url, 'Claire Dubois');
    const idsBefore = await clauseIds(page);
    const textsBefore = await clauseTexts(page);

    // A damaged workspace: a copy of the sample with its pages overwritten.
    const corruptPath = join(session.host.dir, 'damaged.draftroom');
    const corrupt = Buffer.from(readFileSync(session.host.workspacePath));
    corrupt.fill(0xab, 100, Math.min(corrupt.length, 40_000));
    writeFileSync(corruptPath, corrupt);
    // A file that is not a workspace at all.
    const notesPath = join(session.host.dir, 'notes.draftroom');
    writeFileSync(notesPath, 'Meeting notes, 14 November.\n');

    const corruptMessage = await tryToOpen(corruptPath);
    expect(corruptMessage).toContain('“damaged.draftroom” is damaged and cannot be read');
    expect(corruptMessage).toContain('left untouched');
    await screenshot(page, '07-open-corrupt-workspace');

    await page.locator('.dialog-prompt input').fill(notesPath);
    await page.locator('.dialog-prompt button.button-primary').click();
    await page.waitForFunction(() => document.querySelector('.dialog-error')?.textContent?.includes('notes.draftroom'));
    expect(await page.locator('.dialog-error').innerText()).toContain('“notes.draftroom” is not a Draftroom workspace');

    await page.locator('.dialog-prompt input').fill(join(session.host.dir, 'missing.draftroom'));
    await page.locator('.dialog-prompt button.button-primary').click();
    await page.waitForFunction(() => document.querySelector('.dialog-error')?.textContent?.includes('There is no file'));
    await page.keyboard.press('Escape');
    await page.locator('.dialog-prompt').waitFor({ state: 'detached' });

    // Nothing was written: same bytes, no SQLite side files.
    expect(readFileSync(corruptPath).equals(corrupt)).toBe(true);
    expect(readFileSync(notesPath, 'utf8')).toBe('Meeting notes, 14 November.\n');
    for (const suffix of ['-wal', '-shm', '-journal']) {
      expect(existsSync(`${corruptPath}${suffix}`)).toBe(false);
      expect(existsSync(`${notesPath}${suffix}`)).toBe(false);
    }

    // The open document is untouched and still editable.
    expect(await page.locator('.doc-tab.is-active').innerText()).toBe('Peace framework');
    expect(await clauseIds(page)).toEqual(idsBefore);
    expect(await clauseTexts(page)).toEqual(textsBefore);
    await cursorAtEndOfClause(page, 1);
    await page.keyboard.type(' Still editable.');
    await waitUntilSaved(page);
    expect((await clauseTexts(page))[0]).toContain('Still editable.');
    expect(errors).toEqual([]);
  });

  it('switches the window to another workspace file', async () => {
    const { page, errors } = session.watched;
    await firstVisitAs(page, session.host.url, 'Claire Dubois');
    const otherPath = join(session.host.dir, 'second-round.draftroom');
    writeSampleWorkspace(otherPath);
    await page.getByTestId('open-workspace').click();
    await page.locator('.dialog-prompt input').fill(otherPath);
    await page.locator('.dialog-prompt button.button-primary').click();
    // A file this user never opened: Draftroom asks who they are there.
    await pickIdentity(page, 'Sofia Rossi');
    await waitForEditor(page);
    expect(await page.locator('.titlebar-workspace').getAttribute('title')).toBe(realpathSync(otherPath));
    expect(await page.getByTestId('identity').innerText()).toMatch(/Sofia Rossi\s*Europe/);
    expect(await page.locator('.doc-tab.is-active').innerText()).toBe('Peace framework');
    expect(errors).toEqual([]);
  });
});
