import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { clauses as visibleClauses } from '../helpers/e2e-editor';

const session = useE2eSession();

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'draftroom-e2e-import-'));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
});

describe('File ▸ Import…', () => {
  it('imports a numbered Markdown proposal as a new document of clauses', async () => {
    const path = join(dir, 'Counter-proposal.md');
    writeFileSync(path, '# Counter-proposal (illustrative)\n\n1. Ceasefire\n\nA ceasefire takes effect at once.\n\n2. Elections\n\nElections within 100 days.\n\n3. Observers\n\nUnarmed observers monitor the line.\n');
    const watched = await session.openAs('Dana Whitfield');
    const { page, errors } = watched;
    await page.getByTestId('import').click();
    await page.getByTestId('import-file').setInputFiles(path);
    expect(await page.getByTestId('import-title').inputValue()).toBe('Counter-proposal');
    await page.getByTestId('import-party').selectOption({ label: 'Russia' });
    await screenshot(page, 'import-1-dialog');
    await page.getByTestId('import-confirm').click();
    await page.locator('.dialog-import').waitFor({ state: 'detached' });
    await page.locator('.doc-tab.is-active', { hasText: 'Counter-proposal' }).waitFor({ state: 'visible' });
    await visibleClauses(page).nth(2).waitFor({ state: 'visible' });
    expect(await visibleClauses(page).count()).toBe(3);
    expect(await visibleClauses(page).locator('h3').allInnerTexts()).toEqual(['Ceasefire', 'Elections', 'Observers']);
    await screenshot(page, 'import-2-new-document');
    expect(errors).toEqual([]);
  });

  it('imports a counter-draft into the open document as the chosen party’s suggestions, and refuses junk in the dialog', async () => {
    const watched = await session.openAs('Dana Whitfield');
    const { page, errors } = watched;
    const openBefore = Number(await page.getByTestId('open-changes-count').innerText());
    const junk = join(dir, 'junk.docx');
    writeFileSync(junk, 'not a zip at all');
    await page.getByTestId('import').click();
    await page.getByTestId('import-file').setInputFiles(junk);
    await page.locator('.dialog-import input[value="into"]').check();
    await page.getByTestId('import-confirm').click();
    await page.locator('.dialog-import .dialog-error').waitFor({ state: 'visible' });
    expect(await page.locator('.dialog-import .dialog-error').innerText()).toMatch(/Could not import junk\.docx: .*not a ZIP/);

    const counter = join(dir, 'counter.txt');
    const clauses = await visibleClauses(page).evaluateAll((nodes) =>
      nodes
        .filter((n) => !n.querySelector('ins, .insertion, [data-kind="insertion"]'))
        .map((n) => ({ heading: n.querySelector('h3')?.textContent ?? '', body: [...n.querySelectorAll('p')].map((p) => p.textContent ?? '').join(' ') })),
    );
    const text = clauses
      .filter((c) => c.heading !== 'Air cover' && c.heading !== 'Neighbouring states')
      .map((c, i) => `${i + 1}. ${c.heading} — ${c.body.replace('800,000', '600,000')}`)
      .join('\n');
    writeFileSync(counter, text);
    await page.getByTestId('import-file').setInputFiles(counter);
    await page.getByTestId('import-party').selectOption({ label: 'Russia' });
    await page.getByTestId('import-confirm').click();
    await page.locator('.dialog-import').waitFor({ state: 'detached' });
    await page.locator('.banner', { hasText: 'Imported into “Peace framework”' }).waitFor({ state: 'visible' });
    const banner = await page.locator('.banner').innerText();
    const proposed = Number(/(\d+) suggestion/.exec(banner)![1]);
    expect(proposed).toBeGreaterThanOrEqual(2);
    await page.waitForFunction(
      ([testId, wanted]) => document.querySelector(`[data-testid="${testId}"]`)?.textContent === String(wanted),
      ['open-changes-count', openBefore + proposed] as const,
    );
    const cards = page.locator('.change-card[data-party="party-ru"][data-status="proposed"]', { hasText: 'Imported from “counter.txt”' });
    expect(await cards.count()).toBe(proposed);
    await screenshot(page, 'import-3-into');
    expect(errors.filter((e) => !/Could not import/.test(e))).toEqual([]);
  });
});
