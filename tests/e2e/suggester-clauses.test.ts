import { describe, expect, it } from 'vitest';
import { loadYDoc } from '../../main/store/document-state';
import { openWorkspace } from '../../main/store/workspace-store';
import { listClauses } from '../../shared/schema/clauses';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';
import { readChanges } from '../../shared/ydoc/layout';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { clauseIds, clauses, cursorAtEndOfClause, saveState, waitForClauseCount, waitUntilSaved } from '../helpers/e2e-editor';

const session = useE2eSession({ host: 'all' });

describe('a suggester’s clause operations', () => {
  it('propose a clause, a move, a removal and text edits, all accepted by main as tracked suggestions', async () => {
    const watched = await session.openAs('Iryna Bondar');
    const { page, errors } = watched;
    const ids = await clauseIds(page);

    // A new clause after clause 2, with text.
    await cursorAtEndOfClause(page, 2);
    await page.keyboard.press('Control+Enter');
    await waitForClauseCount(page, ids.length + 1);
    await page.keyboard.type('Prisoners are exchanged all for all.');
    await waitUntilSaved(page);

    // Clause 5 moves down one place; clause 8 is proposed for removal; clause 9 gets a word replaced.
    await cursorAtEndOfClause(page, 5);
    await page.keyboard.press('Alt+ArrowDown');
    await waitUntilSaved(page);
    await clauses(page).nth(7).locator('p').first().click();
    await page.locator('[data-tool="remove-clause"]').click();
    await waitUntilSaved(page);
    await cursorAtEndOfClause(page, 9);
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.type('terms.');
    await waitUntilSaved(page);
    // Undo of the suggester's own typing is a tracked edit too.
    await page.keyboard.press('Control+z');
    await waitUntilSaved(page);
    expect(await saveState(page)).toBe('Saved');
    await screenshot(page, 'suggester-clauses');
    expect(errors).toEqual([]);

    await watched.context.close();
    const store = openWorkspace(session.host.workspacePath);
    try {
      const ydoc = loadYDoc(store, store.getDocument('Peace framework').id);
      const current = listClauses(readSuggestedDoc(ydoc), 'current');
      expect(current.some((c) => c.text.includes('Prisoners are exchanged all for all.'))).toBe(true);
      const mine = readChanges(ydoc).filter((r) => r.authorId === 'ua-bondar' && r.status === 'proposed');
      expect(mine.map((r) => r.kind).sort()).toEqual(expect.arrayContaining(['added', 'moved', 'removed']));
    } finally {
      store.close();
    }
  });
});
