import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { clauses, clauseTexts } from '../helpers/e2e-editor';

const session = useE2eSession();

/** The toolbar's editing buttons (formatting, clause operations). */
const EDITING_TOOLS = ['bold', 'italic', 'heading', 'bullets', 'numbers', 'new-clause', 'move-up', 'move-down', 'remove-clause'];

/** Each editing button's state: disabled, and what hovering it says. */
function editingTools(page: Page): Promise<{ tool: string; disabled: boolean; title: string }[]> {
  return page.locator('[data-tool]').evaluateAll(
    (buttons, ids) =>
      buttons
        .filter((b) => ids.includes(b.getAttribute('data-tool') ?? ''))
        .map((b) => ({ tool: b.getAttribute('data-tool') ?? '', disabled: (b as HTMLButtonElement).disabled, title: b.getAttribute('title') ?? '' })),
    EDITING_TOOLS,
  );
}

const REASON = 'Observers read the draft, its changes and comments, but cannot edit, propose changes or comment.';

describe('an observer in Chromium', () => {
  it('sees editing controls disabled with the reason, one consistent message, no scrolling Space, and a clean header', async () => {
    const { page, errors } = await session.openAs('Sofia Rossi');
    await clauses(page).nth(2).locator('p').first().click();

    // The header ends with the number of versions (no dangling separator before a hidden "Save version…").
    await expect.poll(() => page.locator('.page:not([hidden]) .doc-meta').innerText(), { timeout: 5000 }).toBe('Working draft · 3 named versions');

    // Every editing button is disabled and says why on hover.
    const tools = await editingTools(page);
    expect(tools.map((t) => t.tool)).toEqual(EDITING_TOOLS);
    for (const tool of tools) {
      expect(tool.disabled, tool.tool).toBe(true);
      expect(tool.title, tool.tool).toContain(REASON);
    }
    // The outline reads, it does not reorder.
    expect(await page.locator('.outline-item').first().getAttribute('draggable')).toBe('false');
    await expect.poll(() => page.locator('.outline-hint').innerText(), { timeout: 5000 }).toBe('Click a clause to go to it');

    // The hint a click in the text gives, the mode pill and the Comments tab say the same thing.
    const hint = page.getByTestId('hint');
    await expect.poll(() => hint.locator('.hint-text').innerText(), { timeout: 5000 }).toBe(REASON);
    await expect(page.getByTestId('mode-pill').getAttribute('title')).resolves.toBe(REASON);
    await page.getByTestId('hint').locator('.hint-close').click();

    // Space does not scroll the page from under the reader: it says why nothing is typed.
    const before = await clauseTexts(page);
    const scrolled = (): Promise<number> => page.locator('.pages').evaluate((e) => e.scrollTop);
    const top = await scrolled();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => hint.locator('.hint-text').innerText(), { timeout: 5000 }).toBe(REASON);
    expect(await scrolled()).toBe(top);
    expect(await clauseTexts(page)).toEqual(before);
    await page.locator('[data-tool="bold"]').hover();
    await screenshot(page, 'observer-01-read-only');

    await page.getByRole('tab', { name: /Comments/ }).click();
    const note = page.locator('.comments-view, [data-testid="comments-view"]').getByText('As an observer');
    await expect.poll(() => note.innerText(), { timeout: 5000 }).toBe('As an observer you can read comments but not write them.');
    await screenshot(page, 'observer-02-comments');
    expect(errors).toEqual([]);

    // A suggester's window, for contrast: the buttons work and the header offers "Save version…".
    const suggester = (await session.openAs('Iryna Bondar')).page;
    await clauses(suggester).nth(2).locator('p').first().click();
    await suggester.waitForFunction(() => !(document.querySelector('[data-tool="bold"]') as HTMLButtonElement).disabled);
    for (const tool of await editingTools(suggester)) expect(tool.title, tool.tool).not.toContain(REASON);
    await expect.poll(() => suggester.locator('.page:not([hidden]) .doc-meta').innerText(), { timeout: 5000 }).toBe('Working draft · 3 named versions · Save version…');
    expect(await suggester.locator('.outline-item').first().getAttribute('draggable')).toBe('true');
  });
});
