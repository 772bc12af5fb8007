import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { storedClauses } from '../helpers/e2e-store';
import { clauseTexts, cursorAtEndOfClause, waitForEditor, waitForSaveState } from '../helpers/e2e-editor';

const session = useE2eSession({ host: 'all' });

/** What a lead does elsewhere (another process, here plain SQL): makes Iryna an observer while her window is open. */
function demoteToObserver(path: string, memberId: string): void {
  const db = new Database(path, { timeout: 5000 });
  try {
    db.prepare(`UPDATE members SET role = 'observer' WHERE id = ?`).run(memberId);
  } finally {
    db.close();
  }
}

describe('an edit main refuses', () => {
  it('is reported with its reason, stays in the window until discarded, and discarding shows what main holds', async () => {
    const watched = await session.openAs('Iryna Bondar');
    const { page } = watched;
    await waitForEditor(page);
    const before = (await clauseTexts(page))[1]!;

    demoteToObserver(session.host.workspacePath, 'ua-bondar');
    await cursorAtEndOfClause(page, 2);
    await page.keyboard.type(' Not allowed any more.');
    await waitForSaveState(page, 'Not saved — an edit was refused');
    const hint = page.getByTestId('hint');
    await hint.filter({ hasText: 'Main refused an edit' }).waitFor();
    await expect.poll(() => hint.innerText(), { timeout: 5000 }).toMatch(/observer/);
    await screenshot(page, 'refused-1-hint');

    await hint.getByRole('button', { name: 'Discard it' }).click();
    await page.waitForEvent('load');
    await waitForEditor(page);
    expect((await clauseTexts(page))[1]).toBe(before);
    await expect.poll(() => page.getByTestId('mode-pill').innerText(), { timeout: 5000 }).toBe('Read only');

    expect(storedClauses(session.host.workspacePath).some((c) => c.text.includes('Not allowed any more.'))).toBe(false);
    // The refusal itself is logged by the sync code; nothing else went wrong.
    expect(watched.errors.filter((e) => !e.includes('sync of'))).toEqual([]);
  });
});

describe('a lead editing directly inside another party’s proposal', () => {
  it('is stopped in the editor with the reason, nothing sent: the proposal, the save state and the file stay as they were', async () => {
    const watched = await session.openAs('Dana Whitfield');
    const { page } = watched;
    await waitForEditor(page);
    await page.locator('.mode-option[data-mode="editing"]').click();
    // Point 5 is Russia's proposed clause: its whole text is Russia's pending insertion.
    const before = (await clauseTexts(page))[4]!;
    expect(before).toMatch(/^Neutrality and/);
    const storedBefore = storedClauses(session.host.workspacePath);
    const text = page.locator('.page:not([hidden]) .proposal section.clause').nth(4).locator('p').first();
    await text.click();
    await page.keyboard.type('Q');
    const hint = page.getByTestId('hint');
    await expect
      .poll(() => hint.locator('.hint-text').innerText(), { timeout: 5000 })
      .toBe('This text is another member’s pending suggestion: accept or reject it first, or comment on it.');
    await screenshot(page, 'refused-2-lead-in-proposal');
    expect((await clauseTexts(page))[4]).toBe(before);
    await waitForSaveState(page, 'Saved');
    expect(storedClauses(session.host.workspacePath)).toEqual(storedBefore);

    // Outside the proposal the lead's direct edit goes through and is stored.
    await cursorAtEndOfClause(page, 3);
    await page.keyboard.type(' Directly.');
    await waitForSaveState(page, 'Saved');
    await expect.poll(() => storedClauses(session.host.workspacePath).some((c) => c.text.includes('Directly.')), { timeout: 5000 }).toBe(true);
    expect(watched.errors).toEqual([]);
  });
});
