import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';

const session = useE2eSession();

/** The export dialog. */
function exportDialog(page: Page): ReturnType<Page['locator']> {
  return page.locator('.dialog-export');
}

/** Waits until the dialog has listed the named versions (comparing is possible from then on). */
async function versionsListed(page: Page): Promise<void> {
  await exportDialog(page).locator('input[value="compare"]:not([disabled])').waitFor({ state: 'attached' });
}

/** Clicks Export in the dialog and returns the download it starts. */
async function exportAndDownload(page: Page): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-confirm').click()]);
  await exportDialog(page).waitFor({ state: 'detached' });
  return download;
}

/** The document and comments parts of a downloaded .docx. */
async function docxParts(download: Download): Promise<{ document: string; comments: string }> {
  const path = await download.path();
  const zip = await JSZip.loadAsync(readFileSync(path));
  return {
    document: (await zip.file('word/document.xml')?.async('string')) ?? '',
    comments: (await zip.file('word/comments.xml')?.async('string')) ?? '',
  };
}

describe('File ▸ Export…', () => {
  it('exports the pending suggestions as a Word redline (an observer may export)', async () => {
    const watched = await session.openAs('Sofia Rossi');
    const { page, errors } = watched;
    await page.keyboard.press('Control+E');
    await exportDialog(page).waitFor({ state: 'visible' });
    // The versions load in the background.
    await versionsListed(page);
    expect(await exportDialog(page).locator('input[value="pending"]').isChecked()).toBe(true);
    await screenshot(page, 'export-1-dialog');

    const download = await exportAndDownload(page);
    expect(download.suggestedFilename()).toMatch(/^Peace framework – pending suggestions – \d{4}-\d{2}-\d{2}\.docx$/);
    const { document, comments } = await docxParts(download);
    expect(document).toMatch(/<w:ins w:id="\d+" w:author="Anna Volkova \(Russia\)"[^>]*><w:r>(?:<w:rPr>.*?<\/w:rPr>)?<w:t xml:space="preserve">No forces of NATO/);
    expect(document).toContain('Redline exported');
    expect(document).toContain('by Sofia Rossi (Europe)');
    expect(comments).toContain('RU — added — Rationale: Russia opposes any foreign military presence in Ukraine.');
    expect(errors).toEqual([]);
  });

  it('compares two named versions from the title bar’s Export… button', async () => {
    const watched = await session.openAs('Olena Kovalenko');
    const { page, errors } = watched;
    await page.getByTestId('export').click();
    const dialog = exportDialog(page);
    await dialog.waitFor({ state: 'visible' });
    await versionsListed(page);
    await dialog.locator('input[value="compare"]').check();
    await page.getByTestId('export-from').selectOption({ label: 'U.S. 28-point draft' });
    await page.getByTestId('export-to').selectOption({ label: 'U.S.–Ukraine 20-point proposal' });
    expect(await page.getByTestId('export-to').locator('option').allInnerTexts()).toEqual([
      'U.S. 28-point draft',
      'U.S.–Ukraine 20-point proposal',
      'Russian counter-draft',
      'Working draft',
    ]);
    await screenshot(page, 'export-2-compare-versions');

    const { document, comments } = await docxParts(await exportAndDownload(page));
    expect(document).toMatch(/<w:del w:id="\d+" w:author="Taras Melnyk \(Ukraine\)"[^>]*><w:r><w:delText xml:space="preserve">600,000<\/w:delText>/);
    // Renumbered by the removals before it, not moved: no "(was 6)" (the concordance has it).
    expect(document).not.toContain('(was 6)');
    expect(comments).toContain('Accepted by Dana Whitfield (United States)');
    expect(errors).toEqual([]);
  });

  it('exports the comparison as Markdown for the counterpart, and as a PDF on Letter paper', async () => {
    const watched = await session.openAs('Olena Kovalenko');
    const { page, errors } = watched;
    await page.keyboard.press('Control+E');
    const dialog = exportDialog(page);
    await versionsListed(page);
    await dialog.locator('input[value="compare"]').check();
    await page.getByTestId('export-from').selectOption({ label: 'U.S. 28-point draft' });
    await page.getByTestId('export-to').selectOption({ label: 'U.S.–Ukraine 20-point proposal' });
    expect(await page.getByTestId('export-paper').isDisabled()).toBe(true);
    await page.getByTestId('export-format').selectOption('md');
    await dialog.locator('input[value="external"]').check();
    await screenshot(page, 'export-3-markdown-external');
    const markdown = await exportAndDownload(page);
    expect(markdown.suggestedFilename()).toMatch(/^Peace framework – U\.S\. 28-point draft → U\.S\.–Ukraine 20-point proposal \(external\) – \d{4}-\d{2}-\d{2}\.md$/);
    const text = readFileSync(await markdown.path(), 'utf8');
    expect(text).toContain('~~600,000~~**800,000**');
    expect(text).toContain('## Change summary');
    expect(text).toContain('## Concordance of clause numbers');
    for (const name of ['Taras Melnyk', 'Olena Kovalenko', 'Dana Whitfield']) expect(text).not.toContain(name);
    expect(text).not.toContain('A ceiling of 600,000 would leave Ukraine too weak');

    await page.keyboard.press('Control+E');
    await versionsListed(page);
    await page.getByTestId('export-format').selectOption('pdf');
    await page.getByTestId('export-paper').selectOption('letter');
    const pdf = await exportAndDownload(page);
    expect(pdf.suggestedFilename()).toMatch(/^Peace framework – pending suggestions – \d{4}-\d{2}-\d{2}\.pdf$/);
    const bytes = readFileSync(await pdf.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 612 792\]/);
    expect(errors).toEqual([]);
  });

  it('says clearly when the export fails, and keeps the dialog open to try again', async () => {
    const watched = await session.openAs('Claire Dubois');
    const { page } = watched;
    await page.keyboard.press('Control+E');
    const dialog = exportDialog(page);
    await versionsListed(page);
    await dialog.locator('input[value="compare"]').check();
    // The version chosen disappears behind the dialog's back (another program edits the file).
    const db = new Database(session.host.workspacePath);
    try {
      db.prepare('DELETE FROM version_projections WHERE version_id = ?').run('v-peace-28');
      db.prepare('DELETE FROM versions WHERE id = ?').run('v-peace-28');
    } finally {
      db.close();
    }
    await page.getByTestId('export-confirm').click();
    await dialog.locator('.dialog-error').waitFor({ state: 'visible' });
    expect(await dialog.locator('.dialog-error').innerText()).toMatch(/^Could not export the redline: .*no version/i);
    expect(await page.locator('.banner').innerText()).toMatch(/^Could not export the redline/);
    await screenshot(page, 'export-3-failure');
    await dialog.locator('input[value="pending"]').check();
    const download = await exportAndDownload(page);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    expect(await page.locator('.banner').isHidden()).toBe(true);
  });
});
