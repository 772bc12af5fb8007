import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/store/workspace-store';
import type { SavedColumnPin } from '../../shared/columns/column-model';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';

const session = useE2eSession();

/** The re-alignments saved in the host's workspace file (read on a connection of its own). */
function savedPins(): SavedColumnPin[] {
  const store = openWorkspace(session.host.workspacePath);
  try {
    return store.listColumnPins();
  } finally {
    store.close();
  }
}

function columnsDialog(page: Page): ReturnType<Page['locator']> {
  return page.locator('.dialog-columns');
}

/** The text of each cell of the row whose label matches, in column order. */
async function rowCells(page: Page, label: RegExp): Promise<string[]> {
  const row = columnsDialog(page).locator('tr', { has: page.locator('th.row-label', { hasText: label }) });
  return row.locator('td').allInnerTexts();
}

describe('the Columns view', () => {
  it('lays the 28-point draft, the 20-point proposal, the Russian counter-draft and the working draft side by side, re-aligns a row and exports', async () => {
    const watched = await session.openAs('Dmitri Orlov');
    const { page, errors } = watched;
    await page.getByTestId('columns').click();
    const dialog = columnsDialog(page);
    // The open document's three versions and its working draft, oldest first.
    await expect.poll(() => dialog.locator('tbody tr').count(), { timeout: 10_000 }).toBe(29);
    expect(await dialog.getByTestId('columns-pick').evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent))).toEqual([
      'U.S. 28-point draft',
      'U.S.–Ukraine 20-point proposal',
      'Russian counter-draft',
      'Working draft',
    ]);
    expect(await dialog.locator('thead th .column-title').allInnerTexts()).toEqual(['U.S. 28-point draft', 'U.S.–Ukraine 20-point proposal', 'Russian counter-draft', 'Working draft']);
    await expect.poll(() => dialog.locator('thead th[data-column="2"]').innerText(), { timeout: 5000 }).toMatch(/Russia · Dmitri Orlov/);

    const cap = dialog.locator('tr', { has: page.locator('th.row-label', { hasText: /— Armed forces$/ }) });
    await expect.poll(() => cap.locator('td[data-column="1"] del').innerText(), { timeout: 5000 }).toMatch(/^600,000/);
    await expect.poll(() => cap.locator('td[data-column="1"] ins').innerText(), { timeout: 5000 }).toMatch(/^800,000/);
    const nato = await rowCells(page, /NATO membership/);
    expect(nato[1]).toMatch(/no counterpart/);
    expect(nato[2]).toMatch(/NATO membership/);
    expect(await dialog.locator('td[data-clause="ru-no-nato-accession"]').getAttribute('data-match')).toBe('title');
    await dialog.locator('td[data-clause="pf-armed-forces-cap"][data-column="2"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'columns-1-four-columns');

    // Re-align Russia's amnesty clause: no counterpart in the 28-point draft (a row of its own), saved for everyone.
    await dialog.locator('td[data-clause="ru-amnesty"] [data-testid="columns-realign"]').click();
    const ask = page.locator('.dialog-realign');
    await ask.getByTestId('realign-target').selectOption({ label: 'No counterpart (a row of its own)' });
    await ask.getByTestId('realign-save').click();
    await expect.poll(() => dialog.locator('tbody tr').count(), { timeout: 10_000 }).toBe(30);
    expect(await dialog.locator('td[data-clause="ru-amnesty"]').getAttribute('data-match')).toBe('pinned');
    await expect.poll(() => dialog.locator('th.row-label', { hasText: /Amnesty \(Russian counter-draft\)/ }).count(), { timeout: 5000 }).toBe(1);
    expect(savedPins()).toEqual([expect.objectContaining({ clauseId: 'ru-amnesty', targetClauseId: null, setBy: 'ru-orlov' })]);

    // Back to automatic: the row joins the 28-point amnesty again.
    await dialog.locator('td[data-clause="ru-amnesty"] [data-testid="columns-realign"]').click();
    await ask.getByTestId('realign-target').selectOption({ value: 'auto' });
    await ask.getByTestId('realign-save').click();
    await expect.poll(() => dialog.locator('tbody tr').count(), { timeout: 10_000 }).toBe(29);
    expect(savedPins()).toEqual([]);

    // Export as Markdown: the same rows.
    await dialog.getByTestId('columns-format').selectOption('md');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('columns-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^Peace framework – 4 columns – \d{4}-\d\d-\d\d\.md$/);
    const md = readFileSync(await download.path(), 'utf8');
    expect(md.split('\n').filter((l) => /^\| Point \d/.test(l))).toHaveLength(29);
    expect(errors).toEqual([]);
  });

  it('puts another document beside, drops a column, and offers observers no re-alignment', async () => {
    const watched = await session.openAs('Pavel Sokolov');
    const { page, errors } = watched;
    await page.getByTestId('columns').click();
    const dialog = columnsDialog(page);
    await expect.poll(() => dialog.locator('tbody tr').count(), { timeout: 10_000 }).toBe(29);
    expect(await dialog.getByTestId('columns-realign').count()).toBe(0);
    for (let i = 0; i < 2; i++) await dialog.getByTestId('columns-remove').last().click();
    await expect.poll(() => dialog.locator('thead th .column-title').allInnerTexts(), { timeout: 5000 }).toEqual(['U.S. 28-point draft', 'U.S.–Ukraine 20-point proposal']);
    expect(await dialog.getByTestId('columns-remove').first().isDisabled()).toBe(true);
    await dialog.getByTestId('columns-pick').nth(1).selectOption({ label: 'Berlin statement, 15 December 2025' });
    await expect.poll(() => dialog.locator('thead th[data-column="1"]').innerText(), { timeout: 10_000 }).toMatch(/European 6-point framework/);
    // Europe's points join the 28-point rows by heading, or get rows of their own.
    await expect.poll(() => dialog.locator('td[data-column="1"][data-match="title"]').count(), { timeout: 5000 }).toBeGreaterThan(0);
    await screenshot(page, 'columns-2-another-document');
    expect(errors).toEqual([]);
  });
});
