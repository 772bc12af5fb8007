/**
 * Page-level helpers for the suggestion-mode end-to-end tests: reading the
 * change marks in the document and the cards of the changes panel (acting
 * as a member is `openAs` in e2e-session.ts).
 */
import type { Locator, Page } from 'playwright-core';
import { clauses } from './e2e-editor';

/** The changes panel. */
export function changesView(page: Page): Locator {
  return page.getByTestId('changes-view');
}

/** The card of one change in the changes panel. */
export function changeCard(page: Page, changeId: string): Locator {
  return changesView(page).locator(`.change-card[data-change-id="${changeId}"]`);
}

/** Every card the changes panel shows. */
export function changeCards(page: Page): Locator {
  return changesView(page).locator('.change-card');
}

/** What the cards show: id, party, kind, status, clause label, in panel order. */
export function cardSummaries(page: Page): Promise<{ id: string; party: string; kind: string; status: string; clause: string }[]> {
  return changeCards(page).evaluateAll((cards) =>
    cards.map((card) => {
      const e = card as HTMLElement;
      return {
        id: e.dataset['changeId'] ?? '',
        party: e.dataset['party'] ?? '',
        kind: e.dataset['kind'] ?? '',
        status: e.dataset['status'] ?? '',
        clause: e.querySelector('.change-clause')?.textContent ?? '',
      };
    }),
  );
}

/** The marked runs (insertions and deletions) shown in clause `number` (1-based): party, change id, kind and text. */
export function marksInClause(page: Page, number: number): Promise<{ party: string; changeId: string; kind: 'ins' | 'del'; text: string }[]> {
  return clauses(page)
    .nth(number - 1)
    .locator('.change-mark')
    .evaluateAll((runs) =>
      runs.map((run) => {
        const e = run as HTMLElement;
        return {
          party: e.dataset['party'] ?? '',
          changeId: e.dataset['changeId'] ?? '',
          kind: e.classList.contains('change-ins') ? ('ins' as const) : ('del' as const),
          text: e.textContent ?? '',
        };
      }),
    );
}

/** Puts the cursor at the start of the first paragraph of clause `number` (1-based). */
export async function cursorAtStartOfClauseBody(page: Page, number: number): Promise<void> {
  const block = clauses(page).nth(number - 1).locator('p').first();
  await block.click();
  await block.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    range.collapse(true);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}

/** Selects the first occurrence of `word` in clause `number` (1-based), as a double-click would. */
export async function selectWordInClause(page: Page, number: number, word: string): Promise<void> {
  const block = clauses(page).nth(number - 1).locator('p').first();
  await block.click();
  const found = await block.evaluate((element, target) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(target) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + target.length);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return true;
    }
    return false;
  }, word);
  if (!found) throw new Error(`"${word}" is not in clause ${number}`);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}

/** Waits until a card's status reads `status` ("Proposed", "Accepted", "Rejected"). */
export async function waitForCardStatus(page: Page, changeId: string, status: string): Promise<void> {
  await changeCard(page, changeId).locator(`[data-testid="change-status"]:text-is("${status}")`).waitFor();
}
