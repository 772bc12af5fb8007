import { describe, expect, it } from 'vitest';
import { useE2eSession } from '../helpers/e2e-session';
import { storedClauses } from '../helpers/e2e-store';
import { clauseIds, cursorAtEndOfClause, waitUntilSaved } from '../helpers/e2e-editor';

const session = useE2eSession();

/** Keys of the edits the page keeps in localStorage until main confirms them. */
const KEPT = `Object.keys(localStorage).filter((k) => k.startsWith('draftroom.unsent.')).length`;

describe('a keystroke’s save, sent right after the frame that shows it', () => {
  it('leaves at once when the page is hidden or closed before that frame, and reaches the workspace', async () => {
    const { page, errors } = await session.openAs('Taras Melnyk');
    const clauseId = (await clauseIds(page))[2]!;
    await cursorAtEndOfClause(page, 3);
    await waitUntilSaved(page);
    // One task: type a character (ProseMirror reads it in a microtask), then the page goes away before any frame.
    const seen = (await page.evaluate(`(async () => {
      const kept = () => ${KEPT};
      const before = kept();
      document.execCommand('insertText', false, 'Q');
      for (let i = 0; i < 20; i++) await Promise.resolve();
      const state = document.querySelector('[data-testid="save-state"]').dataset.state;
      const waiting = kept();
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      return { before, state, waiting, sent: kept() };
    })()`)) as { before: number; state: string; waiting: number; sent: number };
    // The edit was held for the frame (not kept or sent yet), then pagehide sent it, kept until main confirms it.
    expect(seen.state).toBe('saving');
    expect(seen.waiting).toBe(seen.before);
    expect(seen.sent).toBe(seen.before + 1);
    await waitUntilSaved(page);
    expect(errors).toEqual([]);
    await page.context().close();
    await session.host.stop();
    expect(storedClauses(session.host.workspacePath).find((c) => c.id === clauseId)?.text).toMatch(/Q$/);
  });
});
