import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { storedClauses } from '../helpers/e2e-store';
import { clauseIds, clauseTexts, cursorAtEndOfClause, waitUntilSaved } from '../helpers/e2e-editor';

const session = useE2eSession();

/**
 * The text of clause `index` (0-based) as ProseMirror last drew it: the
 * document of the view's top view description. Read this way (ProseMirror's
 * own DOM back-reference, not `view.state`), it does not read a pending
 * character first, so a test can see whether the editor has read one yet.
 */
const DRAWN_CLAUSE = (index: number): string =>
  `document.querySelector('.page:not([hidden]) .proposal').pmViewDesc.node.child(${index}).textContent`;

/** The clause's text as the browser shows it. */
const SHOWN_CLAUSE = (index: number): string =>
  `document.querySelectorAll('.page:not([hidden]) .proposal section.clause')[${index}].textContent`;

/** The text of a clause as the workspace on disk holds it (the host is stopped first). */
async function storedClauseText(clauseId: string): Promise<string | undefined> {
  await session.host.stop();
  return storedClauses(session.host.workspacePath).find((c) => c.id === clauseId)?.text;
}

/** Puts the cursor after the first word of the last text block of clause `number` (1-based). */
async function cursorAfterFirstWordOfLastBlock(page: Page, number: number): Promise<void> {
  const block = page.locator('.page:not([hidden]) .proposal section.clause').nth(number - 1).locator('p, h3').last();
  await block.click();
  await block.evaluate((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const text = walker.nextNode() as Text;
    const range = document.createRange();
    range.setStart(text, text.data.indexOf(' ') + 1);
    range.collapse(true);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
  });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}

/** True when `needle`'s characters appear in `haystack` in order (other text may lie between them). */
function isSubsequence(needle: string, haystack: string): boolean {
  let at = 0;
  for (const ch of haystack) if (at < needle.length && ch === needle[at]) at++;
  return at === needle.length;
}

/** Types `text` with each key held `holdMs`, as a typist does (the read happens after the key's frame). */
async function typeHeld(page: Page, text: string, holdMs: number, gapMs: number): Promise<void> {
  for (const ch of text) {
    const key = ch === ' ' ? 'Space' : ch;
    await page.keyboard.down(key);
    await page.waitForTimeout(holdMs);
    await page.keyboard.up(key);
    await page.waitForTimeout(gapMs);
  }
}

describe('paint first: a typed character is shown before the editor reads it', () => {
  it('paints the browser’s insertion in the keystroke’s frame, reads it right after, and saves every character', async () => {
    const { page, errors } = await session.openAs('Taras Melnyk');
    const clauseId = (await clauseIds(page))[2]!;
    await cursorAtEndOfClause(page, 3);
    await waitUntilSaved(page);
    const drawnBefore = (await page.evaluate(DRAWN_CLAUSE(2))) as string;
    // Once the keystroke's input event and the microtasks after it have run (where ProseMirror used to read
    // it, before the frame), the page shows the character and the editor has not read it; the first animation
    // frame after the keydown shows it. (Under load another task may read it before that frame: nothing
    // may see the editor without it.)
    await page.evaluate(`(() => {
      window.__seen = {};
      document.addEventListener('keydown', () => {
        requestAnimationFrame(() => { window.__seen.frame = ${SHOWN_CLAUSE(2)}; });
      }, { capture: true, once: true });
      document.addEventListener('input', () => {
        (async () => {
          for (let i = 0; i < 20; i++) await Promise.resolve();
          window.__seen.input = { shown: ${SHOWN_CLAUSE(2)}, drawn: ${DRAWN_CLAUSE(2)} };
        })();
      }, { capture: true, once: true });
    })()`);
    await page.keyboard.down('K');
    await page.waitForTimeout(100);
    await page.keyboard.up('K');
    const seen = (await page.evaluate('window.__seen')) as { frame: string; input: { shown: string; drawn: string } };
    expect(seen.input.shown.endsWith('K')).toBe(true);
    expect(seen.input.drawn).toBe(drawnBefore);
    expect(seen.frame.endsWith('K')).toBe(true);
    // Right after that frame the editor has read it (its document, its tracked insertion, the Y.Doc and the save).
    await expect.poll(() => page.evaluate(DRAWN_CLAUSE(2))).toBe(`${drawnBefore}K`);

    await typeHeld(page, ' and monitoring', 30, 20);
    await page.keyboard.type(' resumes', { delay: 15 });
    await waitUntilSaved(page);
    expect((await clauseTexts(page))[2]).toMatch(/K and monitoring resumes$/);
    // The typist's card follows at the typing pause, with the whole insertion.
    await page.locator('.change-card', { hasText: 'K and monitoring resumes' }).waitFor({ timeout: 5000 });
    await screenshot(page, 'paint-first-typed');
    expect(errors).toEqual([]);
    await page.context().close();
    expect(await storedClauseText(clauseId)).toMatch(/K and monitoring resumes$/);
  });

  it('reads a waiting character before another member’s edit is applied: two members typing into one paragraph lose nothing', async () => {
    const ua = await session.openAs('Taras Melnyk');
    const ru = await session.openAs('Anna Volkova');
    const clauseId = (await clauseIds(ua.page))[2]!;
    await cursorAtEndOfClause(ua.page, 3);
    await cursorAfterFirstWordOfLastBlock(ru.page, 3);
    await waitUntilSaved(ua.page);
    await waitUntilSaved(ru.page);
    const before = (await clauseTexts(ua.page))[2]!;
    // Both type into the same paragraph at once (one at its end, one after its first word); each one's updates
    // reach the other every few milliseconds, many of them while a character of the other's waits for its frame,
    // and each redraws the paragraph the waiting character is in.
    const uaText = 'uuuuuvvvvvwwwwwxxxxx';
    const ruText = 'ppppqqqqrrrrssssttttq';
    await Promise.all([typeHeld(ua.page, uaText, 12, 9), typeHeld(ru.page, ruText, 9, 12)]);
    await waitUntilSaved(ua.page);
    await waitUntilSaved(ru.page);
    // Both replicas agree, and every character of each typist is there, in that typist's order.
    await expect.poll(async () => (await clauseTexts(ua.page))[2], { timeout: 10_000 }).toBe((await clauseTexts(ru.page))[2]);
    const shown = (await clauseTexts(ua.page))[2]!;
        const added = shown.length - before.length;
    expect(added).toBe(uaText.length + ruText.length);
    expect(isSubsequence(uaText, shown)).toBe(true);
    expect(isSubsequence(ruText, shown)).toBe(true);
    expect(ua.errors).toEqual([]);
    expect(ru.errors).toEqual([]);
    await session.closePages();
    const stored = (await storedClauseText(clauseId)) ?? '';
    expect(isSubsequence(uaText, stored)).toBe(true);
    expect(isSubsequence(ruText, stored)).toBe(true);
  });

  it('sends a character still waiting for its frame when the page is hidden or closed', async () => {
    const { page, errors } = await session.openAs('Taras Melnyk');
    const clauseId = (await clauseIds(page))[2]!;
    await cursorAtEndOfClause(page, 3);
    await waitUntilSaved(page);
    // One task: the input a keystroke makes (beforeinput, then the browser's insertion), then the page goes away.
    const seen = (await page.evaluate(`(async () => {
      const kept = () => Object.keys(localStorage).filter((k) => k.startsWith('draftroom.unsent.')).length;
      const editor = document.querySelector('.page:not([hidden]) .proposal');
      const before = kept();
      editor.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: 'Z', bubbles: true, cancelable: true }));
      document.execCommand('insertText', false, 'Z');
      for (let i = 0; i < 20; i++) await Promise.resolve();
      const read = ${DRAWN_CLAUSE(2)}.endsWith('Z');
      const state = document.querySelector('[data-testid="save-state"]').dataset.state;
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      return { before, read, state, sent: kept(), readAfter: ${DRAWN_CLAUSE(2)}.endsWith('Z') };
    })()`)) as { before: number; read: boolean; state: string; sent: number; readAfter: boolean };
    // Not read (nothing to save yet) until the page went away; then read, sent and kept until main confirms it.
    expect(seen.read).toBe(false);
    expect(seen.state).toBe('saved');
    expect(seen.readAfter).toBe(true);
    expect(seen.sent).toBe(seen.before + 1);
    await waitUntilSaved(page);
    expect(errors).toEqual([]);
    await page.context().close();
    expect(await storedClauseText(clauseId)).toMatch(/Z$/);
  });

  it('reads a waiting character before any command sees the editor: a click right after a keystroke', async () => {
    const { page, errors } = await session.openAs('Taras Melnyk');
    await cursorAtEndOfClause(page, 3);
    await waitUntilSaved(page);
    // The keystroke's input, then at once (same task) a command reading the editor through the toolbar's click.
    const result = (await page.evaluate(`(() => {
      const editor = document.querySelector('.page:not([hidden]) .proposal');
      editor.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: 'W', bubbles: true, cancelable: true }));
      document.execCommand('insertText', false, 'W');
      const waiting = !${DRAWN_CLAUSE(2)}.endsWith('W');
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      return { waiting, read: ${DRAWN_CLAUSE(2)}.endsWith('W') };
    })()`)) as { waiting: boolean; read: boolean };
    expect(result).toEqual({ waiting: true, read: true });
    await waitUntilSaved(page);
    expect((await clauseTexts(page))[2]).toMatch(/W$/);
    expect(errors).toEqual([]);
  });
});
