import { describe, expect, it } from 'vitest';
import { firstVisitAs, useE2eSession } from '../helpers/e2e-session';
import { cursorAtEndOfClause, waitUntilSaved } from '../helpers/e2e-editor';

const session = useE2eSession({ pagePerTest: true });

/** The caret's rectangle and the pages' visible rectangle (viewport coordinates). */
const CARET_AND_PAGES = `(() => {
  const caret = window.getSelection().getRangeAt(0).getBoundingClientRect();
  const pages = document.querySelector('.pages').getBoundingClientRect();
  return { top: caret.top, bottom: caret.bottom, pagesTop: pages.top, pagesBottom: pages.bottom, scrollTop: document.querySelector('.pages').scrollTop };
})()`;

describe('typing keeps the caret on screen', () => {
  it('text typed on the last visible line that wraps onto new lines scrolls the pages with the caret', async () => {
    const { page, errors } = session.watched;
    await firstVisitAs(page, session.host.url, 'Olena Kovalenko');
    await cursorAtEndOfClause(page, 10);
    // The caret's line at the bottom edge of the pages' visible area.
    await page.evaluate(`(() => {
      const pages = document.querySelector('.pages');
      const caret = window.getSelection().getRangeAt(0).getBoundingClientRect();
      pages.scrollTop += caret.bottom - pages.getBoundingClientRect().bottom + 2;
    })()`);
    const before = (await page.evaluate(CARET_AND_PAGES)) as { bottom: number; pagesBottom: number; scrollTop: number };
    expect(before.bottom).toBeGreaterThan(before.pagesBottom - 30);
    await page.keyboard.type(' and the monitoring mission reports to both parties every week'.repeat(4), { delay: 5 });
    const after = (await page.evaluate(CARET_AND_PAGES)) as { top: number; bottom: number; pagesTop: number; pagesBottom: number; scrollTop: number };
    expect(after.scrollTop).toBeGreaterThan(before.scrollTop);
    expect(after.bottom).toBeLessThanOrEqual(after.pagesBottom + 1);
    expect(after.top).toBeGreaterThanOrEqual(after.pagesTop - 1);
    await waitUntilSaved(page);
    expect(errors).toEqual([]);
  });
});
