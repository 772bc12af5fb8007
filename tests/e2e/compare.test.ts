import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';

const session = useE2eSession();

function compareDialog(page: Page): ReturnType<Page['locator']> {
  return page.locator('.dialog-compare');
}

/** Opens the compare view and waits for its first comparison (the first two named versions). */
async function openCompare(page: Page): Promise<void> {
  await page.getByTestId('compare').click();
  await compareDialog(page).getByTestId('compare-row').first().waitFor({ state: 'visible' });
}

async function visibleDifferences(page: Page): Promise<number> {
  return compareDialog(page).locator('.compare-row[data-difference="true"]:not([hidden])').count();
}

describe('the compare view', () => {
  it('shows the 28 → 20 differences inline and side by side, steps through them, filters by party and kind', async () => {
    const watched = await session.openAs('Olena Kovalenko');
    const { page, errors } = watched;
    await openCompare(page);
    const dialog = compareDialog(page);
    expect(await page.getByTestId('compare-from').locator('option:checked').innerText()).toBe('U.S. 28-point draft');
    expect(await page.getByTestId('compare-to').locator('option:checked').innerText()).toBe('U.S.–Ukraine 20-point proposal');
    // One row per clause of either version; a row per difference marked.
    expect(await dialog.getByTestId('compare-row').count()).toBe(28);
    const differences = await visibleDifferences(page);
    const summaryRows = await dialog.locator('.compare-summary table.changes tbody tr').count();
    expect(differences).toBe(summaryRows);
    expect(await page.getByTestId('compare-position').innerText()).toBe(`${differences} differences`);
    const cap = dialog.locator('.compare-row[data-clause="pf-armed-forces-cap"]');
    expect(await cap.locator('del').innerText()).toBe('600,000');
    expect(await cap.locator('ins').innerText()).toBe('800,000');
    expect(await cap.locator('h2').innerText()).toContain('5. Armed forces');
    await screenshot(page, 'compare-1-inline');

    await page.getByTestId('compare-mode').selectOption('side');
    // The clause text (its rationale comment below mentions both numbers).
    const before = dialog.locator('.compare-row[data-clause="pf-armed-forces-cap"] .side-before p.body');
    const after = dialog.locator('.compare-row[data-clause="pf-armed-forces-cap"] .side-after p.body');
    expect(await before.innerText()).toContain('600,000');
    expect(await before.innerText()).not.toContain('800,000');
    expect(await after.innerText()).toContain('800,000');
    expect(await after.innerText()).not.toContain('600,000');
    // Both sides of a clause sit on one row: aligned by clause id, scrolled together.
    const [left, right] = await Promise.all([before.boundingBox(), after.boundingBox()]);
    expect(Math.abs(left!.y - right!.y)).toBeLessThan(1);
    expect(right!.x).toBeGreaterThan(left!.x + left!.width - 1);
    await before.scrollIntoViewIfNeeded();
    await screenshot(page, 'compare-2-side-by-side');

    await page.getByTestId('compare-next').click();
    expect(await page.getByTestId('compare-position').innerText()).toBe(`1 of ${differences}`);
    expect(await dialog.locator('.compare-row.is-current').getAttribute('data-clause')).toBe('pf-nato-russia-dialogue');
    await page.getByTestId('compare-previous').click();
    expect(await page.getByTestId('compare-position').innerText()).toBe(`${differences} of ${differences}`);

    await page.getByTestId('compare-party').selectOption('United States');
    const us = await dialog.locator('.compare-summary h3:has-text("United States") + .table-scroll tbody tr').count();
    expect(await visibleDifferences(page)).toBe(us);
    await page.getByTestId('compare-kind').selectOption('Amended');
    expect(await visibleDifferences(page)).toBe(0);
    await page.getByTestId('compare-party').selectOption('');
    const amended = await dialog.locator('.compare-summary tbody tr:has(td[data-label="Kind"]:text-is("Amended"))').count();
    expect(await visibleDifferences(page)).toBe(amended);
    expect(await dialog.locator('.compare-summary').innerText()).toContain('Concordance of clause numbers');

    // Export this comparison: the export dialog opens on it.
    await page.getByTestId('compare-export').click();
    await page.locator('.dialog-export input[value="compare"]:checked').waitFor({ state: 'attached' });
    expect(await page.getByTestId('export-to').locator('option:checked').innerText()).toBe('U.S.–Ukraine 20-point proposal');
    expect(errors).toEqual([]);
  });

  it('restores a version as the member’s proposed changes, and an observer cannot', async () => {
    let watched = await session.openAs('Dana Whitfield');
    const { page, errors } = watched;
    const openBefore = Number(await page.getByTestId('open-changes-count').innerText());
    await openCompare(page);
    await page.getByTestId('compare-to').selectOption({ label: 'Working draft' });
    await compareDialog(page).getByTestId('compare-row').first().waitFor({ state: 'visible' });
    page.once('dialog', (confirm) => void confirm.accept());
    await page.getByTestId('compare-restore').click();
    const restored = compareDialog(page).getByTestId('compare-restored');
    await restored.waitFor({ state: 'visible' });
    const proposed = Number(/Proposed (\d+) changes/.exec(await restored.innerText())![1]);
    expect(proposed).toBeGreaterThan(8);
    await screenshot(page, 'compare-3-restored');
    await compareDialog(page).getByRole('button', { name: 'Close' }).click();
    await page.waitForFunction(
      ([testId, wanted]) => document.querySelector(`[data-testid="${testId}"]`)?.textContent === String(wanted),
      ['open-changes-count', openBefore + proposed] as const,
    );
    // Each is a change card of the restoring member's party with the restore's rationale.
    const cards = page.locator('.change-card[data-party="party-us"][data-status="proposed"]', { hasText: 'Restored from “U.S. 28-point draft”' });
    await cards.first().waitFor({ state: 'attached' });
    expect(await cards.count()).toBe(proposed);
    expect(errors).toEqual([]);

    await watched.context.close();
    watched = await session.openAs('Sofia Rossi');
    await openCompare(watched.page);
    expect(await watched.page.getByTestId('compare-restore').isHidden()).toBe(true);
  });
});
