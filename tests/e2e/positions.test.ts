/**
 * Party positions in the real UI: the sample's matrix (clauses × parties,
 * stale where the brackets changed the text after the positions were
 * recorded), the filters, a Russian drafter recording Russia's position
 * (and no other party's), and a position going stale when the clause's text
 * changes; what reached the file is read back with a fresh store connection.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadYDoc } from '../../main/store/document-state';
import { openWorkspace } from '../../main/store/workspace-store';
import { readPositions } from '../../shared/negotiation/positions';
import { readPackages } from '../../shared/negotiation/packages';
import type { PositionRecord } from '../../shared/negotiation/position-schema';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { clauseIds, cursorAtEndOfClause, waitUntilSaved, openPanelTab } from '../helpers/e2e-editor';

const session = useE2eSession();

function row(page: Page, clauseId: string) {
  return page.locator(`[data-testid="positions-row"][data-clause-id="${clauseId}"]`);
}

function storedPackages(): string[] {
  const store = openWorkspace(session.host.workspacePath);
  try {
    return readPackages(loadYDoc(store, store.getDocument('Peace framework').id)).map((p) => `${p.name}: ${p.clauseIds.join(',')}`);
  } finally {
    store.close();
  }
}

function storedPosition(clauseId: string, partyId: string): PositionRecord | undefined {
  const store = openWorkspace(session.host.workspacePath);
  try {
    return readPositions(loadYDoc(store, store.getDocument('Peace framework').id)).find((p) => p.clauseId === clauseId && p.partyId === partyId);
  } finally {
    store.close();
  }
}

describe('party positions', () => {
  it('shows the sample’s package in the matrix and the outline, and creates a package of agreed clauses', async () => {
    const { page, errors } = await session.openAs('Dmitri Orlov');
    await openPanelTab(page, 'Positions');
    // The outline tags the five clauses of "Territory and guarantees".
    await page.waitForFunction(() => document.querySelectorAll('.outline-item .outline-package:not([hidden])').length === 5);
    const tagged = await page.locator('.outline-item:has(.outline-package:not([hidden]))').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['clauseId']));
    expect(tagged).toEqual(['pf-security-guarantees', 'pf-us-guarantee-terms', 'pf-non-nuclear-status', 'pf-territory', 'pf-no-change-by-force']);
    const packages = page.getByTestId('packages');
    await expect.poll(() => packages.getByTestId('package-item').innerText(), { timeout: 5000 }).toContain('Territory and guarantees — not agreed (4 of 5 clauses still open)');
    await page.getByTestId('package-new').click();
    await page.getByTestId('package-name').fill('Dialogue and prisoners');
    const points = Object.fromEntries((await page.locator('.package-choices label').allInnerTexts()).map((t) => [t.replace(/^\d+\. /, ''), Number(t.split('.')[0])]));
    await page.getByTestId(`package-clause-${points['Non-aggression agreement']}`).check();
    await page.getByTestId(`package-clause-${points['Humanitarian committee']}`).check();
    await page.getByTestId('package-save').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="package-item"]').length === 2);
    await expect.poll(() => packages.getByTestId('package-item').filter({ hasText: 'Dialogue and prisoners' }).innerText(), { timeout: 5000 }).toContain('agreed: every clause agreed by every party');
    await waitUntilSaved(page);
    expect(storedPackages().sort()).toEqual(['Dialogue and prisoners: pf-non-aggression-pact,pf-humanitarian-committee', 'Territory and guarantees: pf-security-guarantees,pf-us-guarantee-terms,pf-non-nuclear-status,pf-territory,pf-no-change-by-force']);
    // The outline tags the new package's clauses at once (green: agreed).
    await page.waitForFunction(() => document.querySelectorAll('.outline-item .outline-package.is-agreed:not([hidden])').length === 2);
    await packages.scrollIntoViewIfNeeded();
    await screenshot(page, 'packages');
    expect(errors).toEqual([]);
  });

  it('shows the matrix with stale positions, filters it, records Russia’s position as a Russian drafter, and marks a position stale when its clause changes', async () => {
    const { page, errors } = await session.openAs('Dmitri Orlov');
    await openPanelTab(page, 'Positions');
    // Non-nuclear status is agreed by all, but held by the "Territory and guarantees" package.
    await expect.poll(() => page.getByTestId('positions-summary').innerText(), { timeout: 5000 }).toBe('2 of 23 clauses agreed by all (1 more held by a package) · 8 stale positions');
    // Territory: every party's position predates the bracket, so all four are stale.
    const territory = row(page, 'pf-territory');
    expect(await territory.getByTestId('position-cell').evaluateAll((cells) => cells.map((c) => [c.getAttribute('data-stance'), c.getAttribute('data-stale')]))).toEqual([
      ['agreed', 'true'],
      ['reserves', 'true'],
      ['can-accept', 'true'],
      ['rejects', 'true'],
    ]);
    await screenshot(page, 'positions-matrix');

    await page.getByTestId('positions-filter').selectOption({ label: 'Where Russia rejects' });
    expect(await page.getByTestId('positions-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-clause-id')))).toEqual([
      'pf-security-guarantees',
      'pf-armed-forces-cap',
      'pf-zaporizhzhia-npp',
      'pf-territory',
    ]);
    await page.getByTestId('positions-filter').selectOption({ label: 'Agreed by all' });
    expect(await page.getByTestId('positions-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-clause-id')))).toEqual([
      'pf-non-aggression-pact',
      'pf-non-nuclear-status',
      'pf-humanitarian-committee',
    ]);
    await expect.poll(() => row(page, 'pf-non-nuclear-status').getByTestId('package-tag').innerText(), { timeout: 5000 }).toBe('held');
    await screenshot(page, 'positions-agreed-by-all');
    await page.getByTestId('positions-filter').selectOption({ label: 'All clauses' });

    // Dmitri records Russia's position on the territory clause; he has no button for another party's column.
    await expect.poll(() => territory.locator('td[data-party="party-ua"] button').count(), { timeout: 5000 }).toBe(0);
    await territory.locator('td[data-party="party-ru"] button').click();
    await page.getByTestId('stance-reserves').check();
    await page.getByTestId('position-note').fill('Talks may start from the line, not end there.');
    await page.getByTestId('position-save').click();
    await page.waitForFunction(() => document.querySelector('[data-clause-id="pf-territory"] [data-party="party-ru"] [data-testid="position-cell"]')?.getAttribute('data-stale') === 'false');
    await expect(territory.locator('td[data-party="party-ru"] [data-testid="position-cell"]').getAttribute('data-stance')).resolves.toBe('reserves');
    await waitUntilSaved(page);
    expect(storedPosition('pf-territory', 'party-ru')).toMatchObject({ stance: 'reserves', recordedBy: 'ru-orlov', note: 'Talks may start from the line, not end there.' });

    // Dmitri suggests words in the elections clause: every position on it is stale now.
    const elections = (await clauseIds(page)).indexOf('pf-elections') + 1;
    await cursorAtEndOfClause(page, elections);
    await page.keyboard.type(' After martial law ends.');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-clause-id="pf-elections"] [data-testid="position-cell"]')].every((c) => c.getAttribute('data-stale') === 'true'),
    );
    await waitUntilSaved(page);
    await row(page, 'pf-elections').scrollIntoViewIfNeeded();
    await screenshot(page, 'positions-stale');
    expect(errors).toEqual([]);
  });
});
