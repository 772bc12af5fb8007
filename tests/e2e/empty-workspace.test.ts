import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createWorkspace, openWorkspace } from '../../main/store/workspace-store';
import { screenshot } from '../helpers/e2e-browser';
import { firstVisitAs, useE2eSession } from '../helpers/e2e-session';
import { cursorAtEndOfClause, pickIdentity, waitForEditor } from '../helpers/e2e-editor';

const session = useE2eSession({ pagePerTest: true });

/** What the window shows of a document: outline rows, the status bar's position and word count, tabs, editors. */
function documentTraces(page: Page): Promise<{ outline: number; position: string; words: string; tabs: string[]; editors: number }> {
  return page.evaluate(() => ({
    outline: document.querySelectorAll('.outline-item').length,
    position: document.querySelector('.status-position')?.textContent ?? '',
    words: document.querySelector('[data-testid="word-count"]')?.textContent ?? '',
    tabs: [...document.querySelectorAll('.doc-tab')].map((t) => t.textContent ?? ''),
    editors: document.querySelectorAll('.page:not([hidden]) .proposal').length,
  }));
}

/** The banner's text ('' when hidden). */
async function bannerText(page: Page): Promise<string> {
  const banner = page.locator('.banner');
  return (await banner.isVisible()) ? banner.innerText() : '';
}

describe('an empty workspace', () => {
  it('opens clean (no trace of the last document), offers "Add yourself" as its first member, a lead, and then a document', async () => {
    const { page, errors } = session.watched;
    await firstVisitAs(page, session.host.url, 'Claire Dubois');
    await cursorAtEndOfClause(page, 5);
    await page.waitForFunction(() => document.querySelector('.status-position')?.textContent === 'Clause 5 of 23');

    // "Open workspace…": a bad path is named; Open with nothing typed replaces that error with what to do.
    await page.getByTestId('open-workspace').click();
    const prompt = page.locator('.dialog-prompt');
    await prompt.locator('input').fill(join(session.host.dir, 'missing.draftroom'));
    await prompt.locator('button.button-primary').click();
    const error = prompt.locator('.dialog-error');
    await page.waitForFunction(() => document.querySelector('.dialog-prompt .dialog-error')?.textContent?.includes('There is no file'));
    await prompt.locator('input').fill('');
    await expect.poll(() => error.isVisible(), { timeout: 5000 }).toBe(false);
    await prompt.locator('button.button-primary').click();
    await expect.poll(() => error.innerText(), { timeout: 5000 }).toBe('Type the full path of a .draftroom file to open.');
    await screenshot(page, 'empty-01-open-nothing-typed');

    // A valid workspace with nothing in it (`draftroom init`).
    const emptyPath = join(session.host.dir, 'ceasefire.draftroom');
    createWorkspace(emptyPath, { name: 'Ceasefire talks' }).close();
    await prompt.locator('input').fill(emptyPath);
    await prompt.locator('button.button-primary').click();
    const addYourself = page.locator('.dialog-add-yourself');
    await addYourself.waitFor();
    expect(await documentTraces(page)).toEqual({ outline: 0, position: '', words: '', tabs: [], editors: 0 });
    // The changes panel names this workspace's parties (none yet), not the last one's.
    await page.waitForFunction(() => document.querySelectorAll('.party-filter').length === 0);
    await expect.poll(() => addYourself.locator('.dialog-lead').innerText(), { timeout: 5000 }).toContain('“Ceasefire talks” has no members yet');
    await screenshot(page, 'empty-02-add-yourself');

    // Escape closes it; the window reads only, and the banner says how to go on.
    await page.keyboard.press('Escape');
    await addYourself.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('identity').innerText(), { timeout: 5000 }).toBe('Choose who you are');
    await expect.poll(() => bannerText(page), { timeout: 5000 }).toBe(
      'This workspace has no members or documents yet. Add yourself with “Choose who you are” in the status bar: as its first member you are a lead, and can create documents.',
    );
    await expect.poll(() => page.getByTestId('new-document').isVisible(), { timeout: 5000 }).toBe(false);
    await screenshot(page, 'empty-03-nobody');

    // Back through the status bar; the form says what is missing, then adds a lead in a new party.
    await page.getByTestId('identity').click();
    await addYourself.waitFor();
    await page.getByTestId('add-yourself').click();
    await expect.poll(() => addYourself.locator('.dialog-error').innerText(), { timeout: 5000 }).toBe('Type your name.');
    await page.getByTestId('your-name').fill('Mira Castell');
    await page.getByTestId('new-party-name').fill('Mediators');
    await page.getByTestId('new-party-code').fill('MED');
    await page.getByTestId('add-yourself').click();
    await addYourself.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('identity').innerText(), { timeout: 5000 }).toMatch(/Mira Castell\s*Mediators · Lead drafter/);
    await expect.poll(() => bannerText(page), { timeout: 5000 }).toBe('This workspace has no documents yet. Create one with “+ New document” above the page.');
    await page.getByTestId('new-document').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.party-filter')].map((c) => c.textContent).join() === 'MED');
    await screenshot(page, 'empty-04-added');

    await page.getByTestId('new-document').click();
    await page.locator('.dialog-prompt input').fill('Ceasefire terms');
    await page.keyboard.press('Enter');
    await waitForEditor(page);
    await expect.poll(() => bannerText(page), { timeout: 5000 }).toBe('');
    expect((await documentTraces(page)).tabs).toEqual(['Ceasefire terms']);

    const store = openWorkspace(emptyPath);
    try {
      expect(store.listParties()).toMatchObject([{ name: 'Mediators', code: 'MED' }]);
      expect(store.listMembers()).toMatchObject([{ name: 'Mira Castell', role: 'lead' }]);
    } finally {
      store.close();
    }
    expect(errors).toEqual([]);
  });

  it('every dialog closes with Escape, wherever the keyboard is, and with a click beside it unless text was typed into it', async () => {
    const { page, errors } = session.watched;
    await page.goto(session.host.url);
    // The first "Who is drafting?" closes too: the window then reads only.
    await page.locator('.dialog-identity').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.dialog-identity').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('identity').innerText(), { timeout: 5000 }).toBe('Choose who you are');
    await page.getByTestId('identity').click();
    await pickIdentity(page, 'Dana Whitfield');
    await waitForEditor(page);

    const dialogs: { name: string; open: () => Promise<void> }[] = [
      { name: 'identity', open: () => page.getByTestId('identity').click() },
      { name: 'open workspace', open: () => page.getByTestId('open-workspace').click() },
      { name: 'export', open: () => page.getByTestId('export').click() },
      { name: 'new document', open: () => page.getByTestId('new-document').click() },
      { name: 'save version', open: () => page.locator('.page:not([hidden])').getByTestId('save-version').click() },
      { name: 'team', open: () => page.getByTestId('team-status').click() },
    ];
    const backdrop = page.locator('.dialog-backdrop');
    for (const { name, open } of dialogs) {
      await open();
      await backdrop.waitFor();
      // Escape with the focus where the dialog put it…
      await page.keyboard.press('Escape');
      await backdrop.waitFor({ state: 'detached' });
      expect(await backdrop.count(), name).toBe(0);
      // …and with the focus nowhere (as after a click on a dialog without buttons).
      await open();
      await backdrop.waitFor();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('Escape');
      await backdrop.waitFor({ state: 'detached' });
      // A click beside the card closes it as well.
      await open();
      await backdrop.waitFor();
      await page.mouse.click(8, 430);
      await backdrop.waitFor({ state: 'detached' });
    }

    // Once text is typed into a dialog, a click beside it keeps it (and the text); Escape still closes it.
    await page.getByTestId('open-workspace').click();
    await backdrop.waitFor();
    await page.locator('.dialog input[type="text"]').first().fill('/tmp/half-typed-path.draftroom');
    await page.mouse.click(8, 430);
    await page.waitForTimeout(300);
    expect(await backdrop.count()).toBe(1);
    await expect.poll(() => page.locator('.dialog input[type="text"]').first().inputValue(), { timeout: 5000 }).toBe('/tmp/half-typed-path.draftroom');
    await page.keyboard.press('Escape');
    await backdrop.waitFor({ state: 'detached' });

    // A confirmation over a dialog: Escape closes the top one only.
    await page.getByTestId('identity').click();
    await page.locator('button.member-choice', { hasText: 'Iryna Bondar' }).click();
    await page.locator('.dialog-confirm').waitFor();
    await screenshot(page, 'empty-05-confirm-over-identity');
    await page.keyboard.press('Escape');
    await page.locator('.dialog-confirm').waitFor({ state: 'detached' });
    expect(await page.locator('.dialog-identity').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.locator('.dialog-identity').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('identity').innerText(), { timeout: 5000 }).toMatch(/Dana Whitfield/);
    expect(errors).toEqual([]);
  });
});
