/**
 * Page-level helpers for the editor end-to-end tests: they drive the UI the
 * way a user does (clicks, keys, drag) and read what is on screen.
 */
import type { Locator, Page } from 'playwright-core';

/** The clause sections of the open document, in order. */
export function clauses(page: Page): Locator {
  return page.locator('.page:not([hidden]) .proposal section.clause');
}

/** Waits until the open document shows its clauses (the editor exists). */
export async function waitForEditor(page: Page): Promise<void> {
  await clauses(page).first().waitFor({ state: 'visible' });
}

/** Chooses a member in the identity dialog by name (confirming the switch if it asks). */
export async function pickIdentity(page: Page, name: string): Promise<void> {
  await page.locator('.dialog-identity').waitFor({ state: 'visible' });
  await page.locator('button.member-choice', { hasText: name }).click();
  // Switching from another member asks for confirmation first.
  const confirm = page.locator('.dialog-confirm');
  const picked = page.locator('.dialog-identity').waitFor({ state: 'detached' });
  await Promise.race([confirm.waitFor({ state: 'visible' }).catch(() => undefined), picked.catch(() => undefined)]);
  if ((await confirm.count()) > 0) await confirm.getByRole('button', { name: `Switch to ${name}` }).click();
  await picked;
}

/** Stable ids of the clauses as the editor shows them. */
export function clauseIds(page: Page): Promise<string[]> {
  return clauses(page).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-clause-id') ?? ''));
}

/** The text of each clause as shown (heading and body). */
export function clauseTexts(page: Page): Promise<string[]> {
  return clauses(page).evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
}

/** The outline rows: "<number>. <first words>". */
export function outlineRows(page: Page): Promise<{ number: string; text: string; id: string }[]> {
  return page.locator('.outline-item').evaluateAll((rows) =>
    rows.map((row) => ({
      number: row.querySelector('.outline-num')?.textContent ?? '',
      text: row.querySelector('.outline-text')?.textContent ?? '',
      id: (row as HTMLElement).dataset['clauseId'] ?? '',
    })),
  );
}

/** Puts the cursor at the end of the last text block of clause `number` (1-based), like a click there. */
export async function cursorAtEndOfClause(page: Page, number: number): Promise<void> {
  const block = clauses(page).nth(number - 1).locator('p, h3').last();
  await block.click();
  await block.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    range.collapse(false);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  });
  // Let ProseMirror pick up the DOM selection.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}

/** The saved-state text of the status bar. */
export function saveState(page: Page): Promise<string> {
  return page.getByTestId('save-state').innerText();
}

/** Waits until the status bar says every edit is saved. */
export async function waitUntilSaved(page: Page): Promise<void> {
  // "Saved" stays on screen during a short save (the label says "Saving…" only after a second): data-state is exact.
  await page.waitForFunction(() => {
    const label = document.querySelector<HTMLElement>('[data-testid="save-state"]');
    return label?.textContent === 'Saved' && label.dataset['state'] === 'saved';
  });
}

/** Waits until the status bar shows exactly this saved-state text. */
export async function waitForSaveState(page: Page, text: string): Promise<void> {
  await page.waitForFunction((expected) => document.querySelector('[data-testid="save-state"]')?.textContent === expected, text);
}

/** Waits until the editor shows `count` clauses. */
export async function waitForClauseCount(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('.page:not([hidden]) .proposal section.clause').length === n,
    count,
  );
}

/** Waits until the outline (updated once per frame) lists exactly these clause ids. */
export async function waitForOutline(page: Page, ids: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      JSON.stringify([...document.querySelectorAll<HTMLElement>('.outline-item')].map((row) => row.dataset['clauseId'])) ===
      JSON.stringify(expected),
    ids,
  );
}

/** Selects the side panel's tab labelled `name`, opening the panel first when it is closed. */
export async function openPanelTab(page: Page, name: string): Promise<void> {
  const tab = page.locator('[data-slot="side-panel"] .side-tab', { hasText: name });
  if (!(await tab.isVisible())) await page.getByTestId('toggle-side-panel').click();
  await tab.click();
  await tab.and(page.locator('[aria-selected="true"]')).waitFor({ timeout: 5000 });
}
