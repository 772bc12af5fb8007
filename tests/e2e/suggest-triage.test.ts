import { beforeEach, describe, expect, it } from 'vitest';
import { screenshot, type WatchedPage } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { cardSummaries, changeCard, changeCards, marksInClause, waitForCardStatus } from '../helpers/e2e-changes';
import {
  clauseIds,
  clauseTexts,
  clauses,
  cursorAtEndOfClause,
  outlineRows,
  pickIdentity,
  waitForClauseCount,
  waitForOutline,
  waitUntilSaved,
} from '../helpers/e2e-editor';

const session = useE2eSession();
let lead: WatchedPage;

beforeEach(async () => {
  lead = await session.openAs('Dana Whitfield');
});

/** Russia's pending proposals in the sample's working draft. */
const RUSSIA = ['ru-donetsk-withdrawal', 'ru-neutrality-pledges', 'ru-znpp-status-quo', 'ru-no-nato-forces', 'ru-amnesty'];

describe('triage in the changes panel', () => {
  it('filters by party and rejects all of Russia’s proposals, back to the 20-point text', async () => {
    const { page, errors } = lead;
    await waitForClauseCount(page, 23);
    // The panel is open by default on a document with changes.
    await changeCards(page).first().waitFor();
    expect(await page.getByTestId('toggle-side-panel').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByTestId('open-changes-count').innerText(), { timeout: 5000 }).toBe('5');

    // Next/previous change from the keyboard; the card of the change at the cursor is highlighted.
    await cursorAtEndOfClause(page, 1);
    const activeCard = (id: string): Promise<void> => page.locator(`.change-card.is-active[data-change-id="${id}"]`).waitFor();
    await page.keyboard.press('Alt+BracketRight');
    await activeCard('ru-neutrality-pledges');
    await page.keyboard.press('Alt+BracketRight');
    await activeCard('ru-no-nato-forces');
    await page.keyboard.press('Alt+BracketLeft');
    await activeCard('ru-neutrality-pledges');
    expect(await page.locator('.change-card.is-active').count()).toBe(1);
    // Ctrl+Alt+C hides and shows the panel.
    await page.keyboard.press('Control+Alt+KeyC');
    await page.locator('[data-slot="side-panel"]').waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+Alt+KeyC');
    await page.locator('[data-slot="side-panel"]').waitFor({ state: 'visible' });

    await page.locator('.party-filter[data-party="party-ru"]').click();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.change-card')].every((c) => c.dataset['party'] === 'party-ru'));
    const filtered = await cardSummaries(page);
    expect(filtered.map((c) => c.id).sort()).toEqual([...RUSSIA].sort());
    expect(filtered.every((c) => c.status === 'proposed')).toBe(true);
    // Russia's added clauses are numbered where they stand, their amendments marked in Russia's colour.
    expect(filtered.find((c) => c.id === 'ru-neutrality-pledges')).toMatchObject({ kind: 'added', clause: 'Point 5' });
    const territory = (await clauseIds(page)).indexOf('pf-territory') + 1;
    const territoryMarks = await marksInClause(page, territory);
    expect(territoryMarks.map((m) => [m.party, m.changeId, m.kind])).toEqual([['party-ru', 'ru-donetsk-withdrawal', 'ins']]);
    const znpp = (await clauseIds(page)).indexOf('pf-zaporizhzhia-npp') + 1;
    expect((await marksInClause(page, znpp)).map((m) => [m.party, m.kind])).toEqual([
      ['party-ru', 'del'],
      ['party-ru', 'ins'],
    ]);
    await clauses(page).nth(znpp - 1).scrollIntoViewIfNeeded();
    await screenshot(page, 'suggest-05-filter-russia');

    // Reject all of Russia's, after confirming.
    await page.getByTestId('bulk-bar').locator('[data-action="reject-all"]').click();
    await page.locator('.dialog-confirm').waitFor();
    await expect.poll(() => page.locator('.dialog-confirm .dialog-title').innerText(), { timeout: 5000 }).toBe('Reject 5 changes from Russia?');
    await page.getByTestId('confirm').click();
    await waitForClauseCount(page, 20);
    for (const id of RUSSIA) await waitForCardStatus(page, id, 'Rejected');
    await expect.poll(() => changeCard(page, 'ru-amnesty').getByTestId('decided-by').innerText(), { timeout: 5000 }).toMatch(/^Rejected by Dana Whitfield/);
    expect(await page.locator('.proposal .change-mark[data-party="party-ru"]').count()).toBe(0);
    const ids = await clauseIds(page);
    expect(ids).not.toContain('pf-ru-amnesty');
    const texts = await clauseTexts(page);
    expect(texts[ids.indexOf('pf-territory')]).not.toContain('Donetsk');
    expect(texts[ids.indexOf('pf-zaporizhzhia-npp')]).toContain('under an operating arrangement agreed by the parties');
    await waitForOutline(page, ids);
    expect((await outlineRows(page)).map((r) => r.number)).toEqual(ids.map((_, i) => `${i + 1}.`));
    await expect.poll(() => page.getByTestId('open-changes-count').isVisible(), { timeout: 5000 }).toBe(false);
    await waitUntilSaved(page);
    expect(errors).toEqual([]);
  });

  it('a proposed clause removal is struck through and keeps its number until accepted, then the clauses renumber', async () => {
    const { page, errors } = lead;
    await waitForClauseCount(page, 23);
    const before = await clauseIds(page);
    const removed = before[6]!;
    const next = before[7]!;

    // The lead proposes (suggesting is the default for everyone) removing clause 7.
    await expect(page.getByTestId('mode-switch').locator('[data-mode="suggesting"]').getAttribute('aria-pressed')).resolves.toBe('true');
    await cursorAtEndOfClause(page, 7);
    await page.locator('[data-tool="remove-clause"]').click();
    const section = clauses(page).nth(6);
    await page.waitForFunction(() => document.querySelectorAll('.proposal section.clause-proposed-removal').length === 1);
    expect(await clauseIds(page)).toEqual(before);
    expect(await section.getAttribute('data-party')).toBe('party-us');
    expect(await section.evaluate((e) => getComputedStyle(e).textDecorationLine)).toBe('line-through');
    // Its number stays, and so do the numbers after it.
    await page.waitForFunction((id) => document.querySelector(`.outline-item[data-clause-id="${id}"]`)?.classList.contains('is-pending-removal'), removed);
    const rows = await outlineRows(page);
    expect(rows[6]).toMatchObject({ number: '7.', id: removed });
    expect(rows[7]).toMatchObject({ number: '8.', id: next });
    const card = page.locator(`.change-card[data-kind="removed"][data-status="proposed"][data-clause-ids~="${removed}"]`);
    await card.waitFor();
    await expect.poll(() => card.locator('.change-kind').innerText(), { timeout: 5000 }).toBe('Removed');
    await expect.poll(() => card.locator('.change-clause').innerText(), { timeout: 5000 }).toBe('Point 7');
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'suggest-06-removal-proposed');

    // Accepting it removes the clause; the clauses after it renumber.
    const changeId = (await card.getAttribute('data-change-id'))!;
    await card.locator('[data-action="accept"]').click();
    await waitForClauseCount(page, 22);
    const after = await clauseIds(page);
    expect(after).toEqual(before.filter((id) => id !== removed));
    await waitForOutline(page, after);
    expect((await outlineRows(page))[6]).toMatchObject({ number: '7.', id: next });
    await waitForCardStatus(page, changeId, 'Accepted');
    await expect.poll(() => changeCard(page, changeId).locator('.change-clause').innerText(), { timeout: 5000 }).toBe('Not in the draft');
    await waitUntilSaved(page);
    await screenshot(page, 'suggest-07-removal-accepted');
    expect(errors).toEqual([]);
  });

  it('an observer reads the changes but can neither edit nor decide', async () => {
    const { page, errors } = lead;
    await page.getByTestId('identity').click();
    await pickIdentity(page, 'Sofia Rossi');
    await expect.poll(() => page.getByTestId('mode-pill').innerText(), { timeout: 5000 }).toBe('Read only');
    await page.waitForFunction(() => document.querySelector('.page:not([hidden]) .proposal')?.getAttribute('contenteditable') === 'false');
    const before = await clauseTexts(page);
    await clauses(page).first().locator('p').first().click();
    await page.getByTestId('hint').filter({ hasText: 'Observers read the draft' }).waitFor();
    await page.keyboard.type('Observers cannot type here.');
    expect(await clauseTexts(page)).toEqual(before);
    await changeCard(page, 'ru-amnesty').waitFor();
    expect(await page.locator('.change-card [data-action="accept"], .change-card [data-action="reject"]').count()).toBe(0);
    expect(await page.locator('.change-card .rationale-field').count()).toBe(0);
    await expect.poll(() => page.getByTestId('bulk-bar').isVisible(), { timeout: 5000 }).toBe(false);
    // Nor create documents or named versions (main refuses them as well).
    await expect.poll(() => page.getByTestId('new-document').isVisible(), { timeout: 5000 }).toBe(false);
    await expect.poll(() => page.locator('.page:not([hidden])').getByTestId('save-version').isVisible(), { timeout: 5000 }).toBe(false);
    expect(errors).toEqual([]);
  });
});
