import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { clauseIds, clauses, cursorAtEndOfClause } from '../helpers/e2e-editor';

const session = useE2eSession();

/** A new browser context on the sample, acting as `name`. */
/** The presence list's chips as "<name> · <where>" lines. */
function presenceChips(page: Page): Promise<string[]> {
  return page.evaluate(readChips);
}

/** Runs in the page: each chip of the presence list as "<name> · <where>". */
function readChips(): string[] {
  return [...document.querySelectorAll('[data-testid="presence"]:not([hidden]) .presence-person')].map((item) =>
    [item.querySelector('.presence-name')?.textContent, item.querySelector('.presence-where')?.textContent].filter(Boolean).join(' · '),
  );
}

/** Waits (up to `timeoutMs`) until the presence list shows exactly these chips. */
async function expectChips(page: Page, expected: string[], timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let shown = await presenceChips(page);
  while (JSON.stringify(shown) !== JSON.stringify(expected) && Date.now() < deadline) {
    await page.waitForTimeout(50);
    shown = await presenceChips(page);
  }
  expect(shown).toEqual(expected);
}

/** The remote caret of a member inside a clause (the editor's decoration). */
function caretIn(page: Page, clauseId: string, memberId: string): ReturnType<Page['locator']> {
  return page.locator(`.page:not([hidden]) section.clause[data-clause-id="${clauseId}"] .presence-caret[data-member-id="${memberId}"]`);
}

describe('presence in Chromium', () => {
  it('shows who is in the document, in which clause, with party-coloured carets and selections, and who left', async () => {
    const us = await session.openAs('Dana Whitfield');
    const ru = await session.openAs('Anna Volkova');
    const ids = await clauseIds(us.page);
    const [first, second] = [ids[2]!, ids[5]!];

    await cursorAtEndOfClause(us.page, 3);
    await cursorAtEndOfClause(ru.page, 6);

    // Each sees the other in the title bar, with the clause they are in.
    await expectChips(us.page, ['Anna Volkova · Point 6']);
    await expectChips(ru.page, ['Dana Whitfield · Point 3']);
    await expect(us.page.locator('[data-testid="presence"] .presence-person').getAttribute('data-party')).resolves.toBe('party-ru');

    // …and the other's caret in that clause, in their party's colour, with their name.
    const ruCaret = caretIn(us.page, second, 'ru-volkova');
    await ruCaret.waitFor({ timeout: 5000 });
    await expect(ruCaret.getAttribute('data-name')).resolves.toBe('Anna Volkova');
    // The caret adds nothing to the clause's text (its name flag is drawn by CSS).
    await expect(ruCaret.evaluate((node) => node.textContent)).resolves.toBe('');
    await expect(ruCaret.evaluate((node) => getComputedStyle(node, '::after').content)).resolves.toBe('"Anna Volkova"');
    await expect(ruCaret.evaluate((node) => getComputedStyle(node).borderLeftColor)).resolves.toBe('rgb(168, 70, 111)');
    await caretIn(ru.page, first, 'us-whitfield').waitFor({ timeout: 5000 });

    // A selection shows as a wash of the party's colour over the selected text.
    await clauses(ru.page).nth(5).locator('p').last().evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    });
    const washed = us.page.locator(`.page:not([hidden]) section.clause[data-clause-id="${second}"] .presence-selection[data-presence-party="party-ru"]`);
    await washed.first().waitFor({ timeout: 5000 });
    expect((await washed.allInnerTexts()).join('').length).toBeGreaterThan(10);
    await expect(washed.first().evaluate((node) => getComputedStyle(node).backgroundColor)).resolves.not.toBe('rgba(0, 0, 0, 0)');
    await washed.first().scrollIntoViewIfNeeded();
    await screenshot(us.page, 'presence-00-selection');

    // Moving to another clause moves the chip and the caret.
    await cursorAtEndOfClause(ru.page, 1);
    await expectChips(us.page, ['Anna Volkova · Point 1']);
    await caretIn(us.page, ids[0]!, 'ru-volkova').waitFor({ timeout: 5000 });

    // Clicking a chip goes to that member's clause.
    await us.page.locator('[data-testid="presence"] .presence-person[data-member-id="ru-volkova"] button').click();
    // The status bar refreshes a frame after the selection moves: wait for it rather than read it once.
    await expect.poll(() => us.page.locator('.status-position').innerText(), { timeout: 5000 }).toBe(`Clause 1 of ${ids.length}`);
    await cursorAtEndOfClause(us.page, 3);

    // Reading is presence: an observer shows up too.
    const eu = await session.openAs('Sofia Rossi');
    await cursorAtEndOfClause(eu.page, 2);
    await expectChips(us.page, ['Anna Volkova · Point 1', 'Sofia Rossi · Point 2']);
    await expectChips(eu.page, ['Anna Volkova · Point 1', 'Dana Whitfield · Point 3']);
    await screenshot(us.page, 'presence-01-two-others');
    await screenshot(ru.page, 'presence-02-russian-view');

    // Closing a window removes its member at once, and its caret.
    await ru.context.close();
    await expectChips(us.page, ['Sofia Rossi · Point 2']);
    await expect.poll(() => us.page.locator('.presence-caret[data-member-id="ru-volkova"]').count(), { timeout: 5000 }).toBe(0);

    // While the host is unreachable nobody is shown; once it is back, everyone is again.
    await session.host.stop();
    await expectChips(us.page, []);
    await session.host.restart();
    // (The pages retry with backoff, up to 5 s apart.)
    await expectChips(us.page, ['Sofia Rossi · Point 2'], 15_000);
    await expectChips(eu.page, ['Dana Whitfield · Point 3'], 15_000);

    const unexpected = (errors: string[]): string[] => errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e));
    for (const watched of [us, eu]) expect(unexpected(watched.errors)).toEqual([]);
  });
});
