import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { clauses, cursorAtEndOfClause, waitUntilSaved } from '../helpers/e2e-editor';

const session = useE2eSession();

const DAY = String.raw`\d{4}-\d{2}-\d{2}`;
const V20 = 'U.S.–Ukraine 20-point proposal';

/** Opens File ▸ Export… and waits for the named versions. */
async function openExport(page: Page): Promise<void> {
  await page.keyboard.press('Control+E');
  await page.locator('.dialog-export input[value="compare"]:not([disabled])').waitFor({ state: 'attached' });
}

/** Clicks Export and returns the download it starts. */
async function exportAndDownload(page: Page): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-confirm').click()]);
  await page.locator('.dialog-export').waitFor({ state: 'detached' });
  return download;
}

/** The text of each clause number line of a downloaded .docx (its runs joined), and its comments' text. */
async function clauseHeadsOf(download: Download): Promise<{ heads: string[]; firstRuns: string[]; comments: string }> {
  const zip = await JSZip.loadAsync(readFileSync(await download.path()));
  const document = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const comments = (await zip.file('word/comments.xml')?.async('string')) ?? '';
  const paragraphs = document.match(/<w:p><w:pPr><w:pStyle w:val="ClauseHead"\/>.*?<\/w:p>/g) ?? [];
  const runs = (xml: string): string[] => [...xml.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>|<w:tab\/>/g)].map((m) => m[1] ?? '\t');
  return {
    heads: paragraphs.map((p) => runs(p).join('')),
    firstRuns: paragraphs.map((p) => runs(p)[0] ?? ''),
    comments: [...comments.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n'),
  };
}

describe('export file names and move labels', () => {
  it('names the kind and the versions, confirms the name, refuses a version compared with itself; "(was N)" only on the moved clause, as its comment says', async () => {
    const watched = await session.openAs('Dana Whitfield');
    const { page, errors } = watched;

    // The lead proposes to move "Compliance working group" (Point 11 of the working draft; 9 in the 20-point proposal) to Point 3.
    await cursorAtEndOfClause(page, 11);
    await expect.poll(() => clauses(page).nth(10).locator('h3').innerText(), { timeout: 5000 }).toBe('Compliance working group');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Alt+ArrowUp');
    await page.waitForFunction(() => document.querySelectorAll('.proposal section.clause h3')[2]?.textContent === 'Compliance working group');
    await waitUntilSaved(page);

    // Pending suggestions: the file says so, and the window names the file it made.
    await openExport(page);
    const pending = await exportAndDownload(page);
    expect(pending.suggestedFilename()).toMatch(new RegExp(`^Peace framework – pending suggestions – ${DAY}\\.docx$`));
    await expect.poll(() => page.getByTestId('hint').locator('.hint-text').innerText(), { timeout: 5000 }).toBe(`Exported “${pending.suggestedFilename()}”.`);
    await screenshot(page, 'export-names-1-confirmed');
    const inDraft = await clauseHeadsOf(pending);
    // Only the moved clause says where it was, after its heading; every number column holds just "N.".
    expect(inDraft.heads.filter((h) => h.includes('(was '))).toEqual(['3.\tCompliance working group (was 11)']);
    expect(inDraft.firstRuns.every((r) => /^\d+\.$/.test(r))).toBe(true);
    expect(inDraft.comments).toContain('Moved from Point 11');

    // Kept as a named version, then compared with the 20-point proposal: named after both versions.
    await page.locator('.page:not([hidden])').getByTestId('save-version').click();
    await page.locator('.dialog-prompt input').fill('Compliance first');
    await page.keyboard.press('Enter');
    await page.locator('.dialog-prompt').waitFor({ state: 'detached' });
    await openExport(page);
    await page.locator('.dialog-export input[value="compare"]').check();
    await page.getByTestId('export-from').selectOption({ label: V20 });
    await page.getByTestId('export-to').selectOption({ label: 'Compliance first' });
    const compared = await exportAndDownload(page);
    expect(compared.suggestedFilename()).toMatch(new RegExp(`^Peace framework – ${V20} → Compliance first – ${DAY}\\.docx$`));
    expect(compared.suggestedFilename()).not.toBe(pending.suggestedFilename());
    const across = await clauseHeadsOf(compared);
    // Russia's proposed clauses renumber most points; only the clause that moved says "(was N)": its number in the
    // 20-point proposal, which its move comment names too (the move was made when it was Point 11 of the draft).
    expect(across.heads.filter((h) => h.includes('(was '))).toEqual(['3.\tCompliance working group (was 9)']);
    expect(across.comments).toContain('Moved from Point 9');
    expect(across.comments).not.toContain('Moved from Point 11');
    expect(across.firstRuns.every((r) => /^\d+\.$/.test(r))).toBe(true);

    // A version compared with itself: the dialog says why and will not export.
    await openExport(page);
    await page.locator('.dialog-export input[value="compare"]').check();
    await page.getByTestId('export-from').selectOption({ label: 'Compliance first' });
    await page.getByTestId('export-to').selectOption({ label: 'Compliance first' });
    await expect(page.getByTestId('export-same-version').innerText()).resolves.toBe(
      'A version compared with itself has no differences: choose two different versions.',
    );
    expect(await page.getByTestId('export-confirm').isDisabled()).toBe(true);
    await screenshot(page, 'export-names-2-same-version');
    await page.getByTestId('export-to').selectOption({ label: 'Working draft' });
    expect(await page.getByTestId('export-same-version').isVisible()).toBe(false);
    expect(await page.getByTestId('export-confirm').isDisabled()).toBe(false);
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });
});
