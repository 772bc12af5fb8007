import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { changeCard, changeCards, changesView, selectWordInClause } from '../helpers/e2e-changes';
import { clauseIds, clauses, cursorAtEndOfClause, waitUntilSaved } from '../helpers/e2e-editor';

const session = useE2eSession();

/** The card of the open change of `kind` on clause `clauseId`, once there is exactly one. */
async function cardOn(page: Page, clauseId: string, kind: string): Promise<Locator> {
  const card = changesView(page).locator(`.change-card[data-status="proposed"][data-kind="${kind}"][data-clause-ids~="${clauseId}"]`);
  await card.waitFor();
  return card;
}

/** Puts the caret `offset` characters into the first occurrence of `word` in clause `number` (1-based). */
async function caretInWord(page: Page, number: number, word: string, offset: number): Promise<void> {
  const block = clauses(page).nth(number - 1).locator('p').first();
  await block.click();
  await block.evaluate(
    (element, [target, at]) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const index = node.textContent?.indexOf(target as string) ?? -1;
        if (index < 0) continue;
        const range = document.createRange();
        range.setStart(node, index + (at as number));
        range.collapse(true);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
        return;
      }
      throw new Error(`no "${target as string}"`);
    },
    [word, offset] as const,
  );
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}

const FIRST_SENTENCE = 'The United States will be compensated for the guarantee it gives.';

describe('change cards say exactly what changed', () => {
  it('a deleted sentence reads "Deleted:" with that sentence; letters typed inside a word read "Inserted:" with just those letters', async () => {
    const { page, errors } = await session.openAs('Iryna Bondar');
    const ids = await clauseIds(page);
    const point8 = ids.indexOf('pf-us-guarantee-terms') + 1;
    expect(point8).toBe(8);
    await selectWordInClause(page, point8, `${FIRST_SENTENCE} `);
    await page.keyboard.press('Backspace');
    const deletion = await cardOn(page, 'pf-us-guarantee-terms', 'amended');
    const text = deletion.getByTestId('change-text');
    await expect(text.getAttribute('data-shape')).resolves.toBe('deleted');
    await expect.poll(() => text.locator('.change-text-label').innerText(), { timeout: 5000 }).toBe('Deleted:');
    expect((await text.locator('.change-deleted').allInnerTexts()).map((t) => t.trim())).toEqual([FIRST_SENTENCE]);
    expect(await text.locator('.change-inserted').count()).toBe(0);
    // A little context after it, never the deleted words again.
    await expect.poll(() => text.locator('.change-context').allInnerTexts(), { timeout: 5000 }).toEqual(['The guarantee lapses if Ukraine attacks…']);

    // Point 12: "Non-aggression" → "Non-aggressive" is one word typed into, not a stretch deleted.
    const point12 = ids.indexOf('pf-non-aggression-law') + 1;
    expect(point12).toBe(12);
    await caretInWord(page, point12, 'non-aggression', 'non-'.length);
    await page.keyboard.type('binding ');
    const insertion = await cardOn(page, 'pf-non-aggression-law', 'amended');
    const inserted = insertion.getByTestId('change-text');
    await expect(inserted.getAttribute('data-shape')).resolves.toBe('inserted');
    await expect.poll(() => inserted.locator('.change-inserted').allInnerTexts(), { timeout: 5000 }).toEqual(['binding ']);
    expect(await inserted.locator('.change-deleted').count()).toBe(0);
    await expect.poll(() => inserted.innerText(), { timeout: 5000 }).toBe('Inserted: …will write into law a policy of non-binding aggression toward Ukraine and the rest…');
    await waitUntilSaved(page);
    await deletion.scrollIntoViewIfNeeded();
    await screenshot(page, 'cards-01-deleted-and-inserted');
    expect(errors).toEqual([]);
  });

  it('a moved clause reads "Moved from Point 9 to Point 10", then its heading and body apart, not as inserted text; so does its history', async () => {
    const { page, errors } = await session.openAs('Dana Whitfield');
    const ids = await clauseIds(page);
    expect(ids.indexOf('pf-eu-membership') + 1).toBe(9);
    await cursorAtEndOfClause(page, 9);
    await page.keyboard.press('Alt+ArrowDown');
    const card = await cardOn(page, 'pf-eu-membership', 'moved');
    const text = card.getByTestId('change-text');
    await expect.poll(() => text.locator('.change-move').innerText(), { timeout: 5000 }).toBe('Moved from Point 9 to Point 10');
    await expect.poll(() => text.locator('.change-clause-heading').innerText(), { timeout: 5000 }).toBe('European Union');
    await expect.poll(() => text.locator('.change-clause-body').innerText(), { timeout: 5000 }).toMatch(/^Ukraine is eligible for membership of the European Union/);
    expect(await text.locator('ins, del').count()).toBe(0);
    await screenshot(page, 'cards-02-moved-card');
    await waitUntilSaved(page);

    // The clause's history says the same.
    await card.locator('.change-clause.link-button').click();
    const history = page.getByTestId('history-view');
    const entry = history.locator('.history-change[data-status="proposed"]').first();
    await entry.waitFor();
    const said = entry.getByTestId('change-text');
    await expect.poll(() => said.locator('.change-move').innerText(), { timeout: 5000 }).toBe('Moved from Point 9 to Point 10');
    await expect.poll(() => said.locator('.change-clause-heading').innerText(), { timeout: 5000 }).toBe('European Union');
    await expect.poll(() => said.locator('.change-clause-body').innerText(), { timeout: 5000 }).toMatch(/^Ukraine is eligible/);
    expect(await said.locator('ins, del').count()).toBe(0);
    await screenshot(page, 'cards-03-moved-history');
    expect(errors).toEqual([]);
  });
});

describe('deciding one card never decides the next', () => {
  it('after Reject the card stays in place, collapsed to its decision; a double click decides one change', async () => {
    const { page, errors } = await session.openAs('Dana Whitfield');
    await changeCards(page).first().waitFor();
    const open = (): Promise<string> => page.getByTestId('open-changes-count').innerText();
    await expect(open()).resolves.toBe('5');
    const order = async (): Promise<string[]> => changeCards(page).evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset['changeId'] ?? ''));
    const before = await order();
    const [first, second] = before as [string, string];
    const secondTop = async (): Promise<number> => (await changeCard(page, second).boundingBox())!.y;
    const top = await secondTop();

    // A double click on the first card's Reject: one decision.
    await changeCard(page, first).locator('[data-action="reject"]').dblclick();
    await changeCard(page, first).locator('[data-testid="change-status"]:text-is("Rejected")').waitFor();
    await page.waitForTimeout(300);
    await expect(open()).resolves.toBe('4');
    await expect(changeCard(page, second).getAttribute('data-status')).resolves.toBe('proposed');
    // Nothing moved: the decided card is where it was, the next one too.
    expect(await order()).toEqual(before);
    expect(await secondTop()).toBe(top);
    const held = changeCard(page, first);
    expect(await held.getAttribute('class')).toContain('is-held');
    await expect.poll(() => held.getByTestId('decided-by').innerText(), { timeout: 5000 }).toMatch(/^Rejected by Dana Whitfield/);
    expect(await held.locator('[data-action="reject"]').count()).toBe(0);
    await screenshot(page, 'cards-04-rejected-in-place');

    // Once the pointer (and the keyboard) leave the list, the decided card joins the decided ones.
    await page.mouse.move(300, 400);
    await page.locator('.proposal').click({ position: { x: 20, y: 20 } });
    await page.waitForFunction((id) => !document.querySelector(`.change-card[data-change-id="${id}"]`)?.classList.contains('is-held'), first);
    const after = await order();
    expect(after[0]).toBe(second);
    expect(after.indexOf(first)).toBeGreaterThan(after.indexOf(before[4]!));
    await waitUntilSaved(page);
    await screenshot(page, 'cards-05-decided-group');
    expect(errors).toEqual([]);
  });

  it('a keyboard Reject leaves the keyboard on the decided card, not on the next card’s button', async () => {
    const { page, errors } = await session.openAs('Dana Whitfield');
    await changeCards(page).first().waitFor();
    const first = (await changeCards(page).first().getAttribute('data-change-id'))!;
    await changeCard(page, first).locator('[data-action="reject"]').focus();
    await page.keyboard.press('Enter');
    await changeCard(page, first).locator('[data-testid="change-status"]:text-is("Rejected")').waitFor();
    await page.waitForFunction((id) => document.activeElement?.getAttribute('data-change-id') === id, first);
    // A second Enter decides nothing.
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    await expect.poll(() => page.getByTestId('open-changes-count').innerText(), { timeout: 5000 }).toBe('4');
    expect(errors).toEqual([]);
  });
});

describe('the popover of a change mark', () => {
  it('hovering a mark shows party, member, kind, time, what it says and why; Alt+I shows it at the caret, Escape hides it', async () => {
    const { page, errors } = await session.openAs('Dana Whitfield');
    const card = changeCard(page, 'ru-donetsk-withdrawal');
    await card.waitFor();
    const author = await card.locator('.change-author').innerText();
    const rationale = await card.locator('.rationale-text').innerText();
    const mark = page.locator('.proposal .change-mark[data-change-id="ru-donetsk-withdrawal"]').first();
    await mark.scrollIntoViewIfNeeded();
    // No bare browser tooltip any more.
    expect(await mark.getAttribute('title')).toBeNull();

    const popover = page.getByTestId('change-popover');
    expect(await popover.isVisible()).toBe(false);
    await mark.hover();
    await popover.waitFor({ state: 'visible' });
    await expect.poll(() => popover.getByTestId('popover-party').innerText(), { timeout: 5000 }).toBe('Russia');
    await expect.poll(() => popover.getByTestId('popover-member').innerText(), { timeout: 5000 }).toBe(author);
    await expect.poll(() => popover.getByTestId('popover-kind').innerText(), { timeout: 5000 }).toMatch(/^\s*· Amended · Proposed$/);
    await expect.poll(() => popover.getByTestId('popover-time').innerText(), { timeout: 5000 }).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/);
    await expect.poll(() => popover.getByTestId('popover-rationale').innerText(), { timeout: 5000 }).toBe(rationale);
    await expect.poll(() => popover.locator('.change-text-label').first().innerText(), { timeout: 5000 }).toBe('Inserted:');
    await expect.poll(() => popover.locator('.change-inserted').innerText(), { timeout: 5000 }).toContain('Ukrainian forces will withdraw from the parts of Donetsk region');
    // Its box sits next to the mark, inside the window.
    const markBox = (await mark.boundingBox())!;
    const box = (await popover.boundingBox())!;
    expect(Math.abs(box.y - (markBox.y + markBox.height)) < 40 || Math.abs(box.y + box.height - markBox.y) < 40).toBe(true);
    await screenshot(page, 'cards-06-mark-popover');

    // The pointer goes away: so does the popover.
    await page.mouse.move(5, 500);
    await popover.waitFor({ state: 'hidden' });

    // From the keyboard: the caret in the mark, Alt+I.
    await mark.click();
    await page.keyboard.press('Alt+KeyI');
    await popover.waitFor({ state: 'visible' });
    const editor = page.locator('.page:not([hidden]) .ProseMirror');
    expect(await editor.getAttribute('aria-describedby')).toBe(await popover.getAttribute('id'));
    expect(await popover.getAttribute('role')).toBe('tooltip');
    await expect.poll(() => popover.getByTestId('popover-party').innerText(), { timeout: 5000 }).toBe('Russia');
    await screenshot(page, 'cards-07-mark-popover-keyboard');
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'hidden' });
    expect(await editor.getAttribute('aria-describedby')).toBeNull();
    expect(errors).toEqual([]);
  });
});

/** Records when each typed character enters the page and every render of the change cards (their User Timing mark), in one clock. */
async function recordBurst(page: Page): Promise<void> {
  await page.evaluate((mark) => {
    const log = { keys: [] as number[], renders: [] as number[] };
    (window as unknown as { __burst: typeof log }).__burst = log;
    // When each character enters the page (its beforeinput): not when the key was pressed, nor its keydown,
    // which Chromium may handle a task before the character, so a timer can run between them.
    document.addEventListener('beforeinput', () => log.keys.push(performance.now()), true);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntriesByName(mark)) log.renders.push(entry.startTime);
    }).observe({ type: 'mark' });
  }, 'draftroom:changes-render');
}

/** Renders of the cards in the middle of a steady burst: less than 140 ms after a typed character, before the 4 s wait. */
async function rendersMidBurst(page: Page, keystrokes: number): Promise<{ at: number; sinceKey: number }[]> {
  const log = (await page.evaluate(() => (window as unknown as { __burst: { keys: number[]; renders: number[] } }).__burst)) as { keys: number[]; renders: number[] };
  expect(log.keys).toHaveLength(keystrokes);
  const first = log.keys[0]!;
  const last = log.keys.at(-1)!;
  // The cards did follow once the burst ended.
  expect(log.renders.some((t) => t > last)).toBe(true);
  return log.renders
    .filter((t) => t >= first && t < last)
    .map((t) => ({ at: Math.round(t - first), sinceKey: Math.round(t - Math.max(...log.keys.filter((k) => k <= t))) }))
    .filter((r) => r.sinceKey < 140 && r.at < 3900);
}

describe('the cards follow typing at its pauses', () => {
  it('a lead typing a steady burst never has the card list redrawn under the keystrokes; a suggester’s card shows the burst at its pause', async () => {
    const { page, errors } = await session.openAs('Dana Whitfield');
    await changesView(page).waitFor({ state: 'visible' });
    await page.locator('.mode-option[data-mode="editing"]').click();
    // Point 3 has no pending change (a lead's direct edit inside another party's proposal is refused).
    const point = 3;
    await cursorAtEndOfClause(page, point);
    await recordBurst(page);
    // ≈ 3 s at a steady 50–60 ms a key: the app's refresh comes once a second meanwhile, the cards wait.
    const burst = ' under joint monitoring by both parties and their observers';
    await page.keyboard.type(burst, { delay: 50 });
    await page.waitForTimeout(600);
    expect(await rendersMidBurst(page, burst.length)).toEqual([]);
    await waitUntilSaved(page);
    expect(errors).toEqual([]);

    const suggester = await session.openAs('Iryna Bondar');
    await changesView(suggester.page).waitFor({ state: 'visible' });
    await cursorAtEndOfClause(suggester.page, point);
    await recordBurst(suggester.page);
    const words = ' with reports every week';
    await suggester.page.keyboard.type(words, { delay: 50 });
    // The suggester's own card, with the burst's words, once the burst has paused.
    await changesView(suggester.page).locator('.change-card[data-status="proposed"]', { hasText: 'with reports every week' }).waitFor({ timeout: 5000 });
    expect(await rendersMidBurst(suggester.page, words.length)).toEqual([]);
    await waitUntilSaved(suggester.page);
    expect(suggester.errors).toEqual([]);
  });

  it('a suggester typing without a pause for longer than 4 s has the cards follow once the 4 s are up', async () => {
    const { page, errors } = await session.openAs('Iryna Bondar');
    await changesView(page).waitFor({ state: 'visible' });
    await cursorAtEndOfClause(page, 4);
    await recordBurst(page);
    // ≈ 5.5 s at 50–60 ms a character; her own record is rewritten on every one of them.
    const burst = ' and the guarantees are reviewed by both parties every year, in writing, before the talks resume again';
    await page.keyboard.type(burst, { delay: 50 });
    const log = (await page.evaluate(() => (window as unknown as { __burst: { keys: number[]; renders: number[] } }).__burst)) as { keys: number[]; renders: number[] };
    const first = log.keys[0]!;
    const last = log.keys.at(-1)!;
    expect(last - first).toBeGreaterThan(4500);
    // A render after the 4 s wait, while she was still typing (none earlier: that is the other test's concern).
    expect(log.renders.some((t) => t - first >= 3900 && t < last)).toBe(true);
    await waitUntilSaved(page);
    expect(errors).toEqual([]);
  });
});
