/**
 * Brackets in the real UI (Chromium against the web host on a copy of the
 * sample): the territory and ZNPP brackets print as "[Alt 1 — UA: … / Alt 2
 * — RU: …]" in party colours; the Brackets tab counts them per party and
 * over named versions; a Ukrainian drafter brackets words of the elections
 * clause with Ukraine's alternative; the Ukrainian lead closes the territory
 * bracket; what reached the file is checked with a fresh store connection.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadYDoc } from '../../main/store/document-state';
import { openWorkspace } from '../../main/store/workspace-store';
import { readAlternativeRecords, readBracketRecords } from '../../shared/negotiation/bracket-records';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { clauseIds, cursorAtEndOfClause, waitUntilSaved, openPanelTab } from '../helpers/e2e-editor';

const session = useE2eSession();

/** The bracket labels shown in one clause, in order (text content: clauses off screen are not laid out, see content-visibility). */
function labelsIn(page: Page, clauseId: string): Promise<string[]> {
  return page.locator(`.page:not([hidden]) section.clause[data-clause-id="${clauseId}"] .bracket-label`).allTextContents();
}

function storedBrackets(): { open: number; closed: number; alternatives: number } {
  const store = openWorkspace(session.host.workspacePath);
  try {
    const ydoc = loadYDoc(store, store.getDocument('Peace framework').id);
    const brackets = readBracketRecords(ydoc);
    return { open: brackets.filter((b) => b.status === 'open').length, closed: brackets.filter((b) => b.status === 'closed').length, alternatives: readAlternativeRecords(ydoc).length };
  } finally {
    store.close();
  }
}

describe('brackets with alternatives', () => {
  it('shows the sample’s brackets in the text and the Brackets tab; a drafter brackets words with an alternative; a lead closes a bracket', async () => {
    const { page, errors } = await session.openAs('Taras Melnyk');
    // In the text: the way negotiators print them, labels in the party's colour.
    expect((await labelsIn(page, 'pf-territory')).map((l) => l.trim())).toEqual(['[Alt 1 — UA:', '/ Alt 2 — RU:', ']']);
    expect((await labelsIn(page, 'pf-zaporizhzhia-npp')).map((l) => l.trim())).toEqual(['[Alt 1 — US:', '/ Alt 2 — UA:', ']']);
    const ruLabel = page.locator('section.clause[data-clause-id="pf-territory"] .bracket-label', { hasText: 'RU' });
    const ruColour = await ruLabel.evaluate((node) => getComputedStyle(node).color);
    expect(ruColour).toBe('rgb(168, 70, 111)');
    await page.locator('section.clause[data-clause-id="pf-territory"]').scrollIntoViewIfNeeded();

    // The Brackets tab: totals, per party, the chart over named versions, each bracket with its alternatives.
    await openPanelTab(page, 'Brackets');
    await expect.poll(() => page.getByTestId('bracket-totals').innerText(), { timeout: 5000 }).toBe('2 open brackets · 4 alternatives');
    const parties = await page.getByTestId('bracket-parties').innerText();
    expect(parties).toContain('Ukraine: 2 alternatives in 2 brackets');
    expect(parties).toContain('Russia: 1 alternative in 1 bracket');
    await page.waitForFunction(() => (document.querySelector('[data-testid="bracket-chart"]')?.getAttribute('aria-label') ?? '').includes('U.S. 28-point draft: 0 brackets'));
    expect(await page.getByTestId('bracket-chart').getAttribute('aria-label')).toContain('Now: 2 brackets, 4 alternatives');
    const items = page.getByTestId('bracket-item');
    await expect.poll(() => items.count(), { timeout: 5000 }).toBe(2);
    const territory = items.filter({ hasText: 'Territory' });
    await expect.poll(() => territory.innerText(), { timeout: 5000 }).toContain('Alt 2 — Russia');
    await expect.poll(() => territory.innerText(), { timeout: 5000 }).toContain('Why: Russia treats both regions as a whole');
    // Taras is a drafter: he may propose alternatives, not close brackets.
    await expect.poll(() => territory.getByTestId('bracket-close').count(), { timeout: 5000 }).toBe(0);
    await screenshot(page, 'brackets-panel');

    // Bracket "after the agreement is signed" in the elections clause, with Ukraine's alternative.
    const elections = (await clauseIds(page)).indexOf('pf-elections') + 1;
    await cursorAtEndOfClause(page, elections);
    await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 'after the agreement is signed'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.getByTestId('bracket-selection').click();
    await page.locator('.dialog-bracket').waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('.dialog-bracket .dialog-lead').innerText(), { timeout: 5000 }).toContain('“after the agreement is signed”');
    await page.getByTestId('bracket-existing-party').selectOption({ label: 'United States' });
    await page.getByTestId('bracket-alternative-text').fill('within 100 days of the ceasefire');
    await page.getByTestId('bracket-alternative-rationale').fill('A date in the text keeps the election from slipping.');
    await page.getByTestId('bracket-confirm').click();
    await page.locator('.dialog-bracket').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelector('[data-testid="bracket-totals"]')?.textContent === '3 open brackets · 6 alternatives');
    expect((await labelsIn(page, 'pf-elections')).map((l) => l.trim())).toEqual(['[Alt 1 — US:', '/ Alt 2 — UA:', ']']);
    await waitUntilSaved(page);
    expect(storedBrackets()).toEqual({ open: 3, closed: 0, alternatives: 6 });
    // Ukraine's rationale for Alt 1 of the ZNPP bracket cannot be written by Taras (it is the U.S. wording); his own can.
    const znpp = page.getByTestId('bracket-item').filter({ hasText: 'Zaporizhzhia' });
    await expect.poll(() => znpp.getByTestId('bracket-alternative').nth(0).getByTestId('alternative-rationale').count(), { timeout: 5000 }).toBe(0);
    await znpp.getByTestId('bracket-alternative').nth(1).getByTestId('alternative-rationale').click();
    await page.locator('.dialog-prompt input').fill('The plant belongs to Ukraine’s grid.');
    await page.locator('.dialog-prompt').getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="bracket-list"]')?.textContent?.includes('Why: The plant belongs to Ukraine’s grid.'));
    await page.locator('section.clause[data-clause-id="pf-elections"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'brackets-new-bracket');
    expect(errors).toEqual([]);

    // The Ukrainian lead closes the territory bracket with Ukraine's wording.
    const lead = await session.openAs('Olena Kovalenko');
    await openPanelTab(lead.page, 'Brackets');
    await lead.page.waitForFunction(() => document.querySelector('[data-testid="bracket-totals"]')?.textContent === '3 open brackets · 6 alternatives');
    await lead.page.getByTestId('bracket-item').filter({ hasText: 'Territory' }).getByTestId('bracket-close').click();
    await lead.page.getByTestId('close-choice-1').check();
    await lead.page.getByTestId('close-confirm').click();
    await lead.page.waitForFunction(() => document.querySelector('[data-testid="bracket-totals"]')?.textContent === '2 open brackets · 4 alternatives');
    const text = (await lead.page.locator('section.clause[data-clause-id="pf-territory"]').textContent()) ?? '';
    expect(text).toContain('The line of contact on the day this framework takes effect is the starting point');
    expect(text).not.toContain('administrative borders');
    expect(await labelsIn(lead.page, 'pf-territory')).toEqual([]);
    await lead.page.getByTestId('bracket-closed').locator('summary').click();
    await expect.poll(() => lead.page.getByTestId('bracket-closed').innerText(), { timeout: 5000 }).toContain('Alt 2 — Russia: The full administrative borders of the regions Russia claims in the east');
    await waitUntilSaved(lead.page);
    expect(storedBrackets()).toEqual({ open: 2, closed: 1, alternatives: 6 });
    // The drafter's window follows: the closed bracket's labels leave his text too.
    await page.waitForFunction(() => document.querySelectorAll('section.clause[data-clause-id="pf-territory"] .bracket-label').length === 0);
    await screenshot(lead.page, 'brackets-closed');
    expect(lead.errors).toEqual([]);
  });

  it('gives an observer the counts and no bracket operations', async () => {
    const { page, errors } = await session.openAs('Sofia Rossi');
    await openPanelTab(page, 'Brackets');
    await expect.poll(() => page.getByTestId('bracket-totals').innerText(), { timeout: 5000 }).toBe('2 open brackets · 4 alternatives');
    expect(await page.getByTestId('bracket-selection').isVisible()).toBe(false);
    await expect.poll(() => page.getByTestId('bracket-propose').count(), { timeout: 5000 }).toBe(0);
    expect(errors).toEqual([]);
  });
});
