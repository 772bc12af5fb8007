import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openWorkspace } from '../../main/store/workspace-store';
import { loadYDoc } from '../../main/store/document-state';
import { commentThreads } from '../../shared/comments/threads';
import { readComments } from '../../shared/ydoc/layout';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { clauseIds, cursorAtEndOfClause, waitForEditor, waitUntilSaved, openPanelTab } from '../helpers/e2e-editor';

/** The troop-cap clause of the sample ("Armed forces"): Point 6 of the 28-point draft. */
const TROOP_CAP = 'pf-armed-forces-cap';

const session = useE2eSession();

/** A new browser context on the sample, acting as `name` (picked at first run, else switched to in the status bar). */
/** Opens the side panel (the toolbar's changes button) on one of its tabs ("Comments", …). */

/** Opens the history of the clause holding the cursor with the margin button the editor shows on it. */
async function openHistoryOfClause(page: Page, clauseId: string): Promise<void> {
  await page.locator(`.page:not([hidden]) section.clause[data-clause-id="${clauseId}"] .clause-history-button`).click();
  await expect(page.locator('[data-slot="side-panel"] .side-tab', { hasText: 'History' }).getAttribute('aria-selected')).resolves.toBe('true');
}

/** Puts the cursor in the clause with this id (at the end of its text). */
async function cursorInClause(page: Page, clauseId: string): Promise<number> {
  const number = (await clauseIds(page)).indexOf(clauseId) + 1;
  expect(number).toBeGreaterThan(0);
  await cursorAtEndOfClause(page, number);
  return number;
}

function threadsOn(page: Page, clauseId: string): ReturnType<Page['locator']> {
  return page.locator(`.comments-view [data-target-key="clause:${clauseId}"] .comment-thread`);
}

/** The comment threads stored in the workspace file for the peace framework. */
function storedThreads(path: string): ReturnType<typeof commentThreads> {
  const store = openWorkspace(path);
  try {
    return commentThreads(readComments(loadYDoc(store, store.getDocument('Peace framework').id)), { includeResolved: true });
  } finally {
    store.close();
  }
}

describe('comments and clause history in Chromium', () => {
  it('comments on a clause, replies from another party, resolves, and finds it resolved after a reload', async () => {
    const ukraine = await session.openAs('Olena Kovalenko');
    const { page } = ukraine;
    const number = await cursorInClause(page, TROOP_CAP);
    await openPanelTab(page, 'Comments');
    const view = page.getByTestId('comments-view');
    await expect.poll(() => view.getByTestId('composer-target').innerText(), { timeout: 5000 }).toContain(`Point ${number}`);

    const question = 'Can the U.S. team confirm that 800,000 is the ceiling in peacetime only?';
    await view.getByTestId('new-comment-input').fill(question);
    await view.getByTestId('new-comment-submit').click();
    const thread = threadsOn(page, TROOP_CAP);
    await thread.first().waitFor();
    await expect.poll(() => thread.first().locator('.comment.is-root .comment-body').innerText(), { timeout: 5000 }).toBe(question);
    await expect.poll(() => thread.first().locator('.comment-author').first().innerText(), { timeout: 5000 }).toBe('Olena Kovalenko');
    await expect.poll(() => view.getByTestId('new-comment-input').inputValue(), { timeout: 5000 }).toBe('');
    await waitUntilSaved(page);

    // A member of another party sees it, and replies.
    const us = await session.openAs('Dana Whitfield');
    await openPanelTab(us.page, 'Comments');
    const theirThread = threadsOn(us.page, TROOP_CAP).filter({ hasText: question });
    await theirThread.waitFor();
    await theirThread.getByTestId('thread-reply').click();
    const draft = 'Confirmed: peacetime only.';
    await theirThread.getByTestId('reply-input').fill(draft);
    await theirThread.getByTestId('reply-submit').click();
    await theirThread.locator('.comment:not(.is-root)').waitFor();
    // Its author corrects the reply (only their own comment offers Edit).
    await expect.poll(() => theirThread.getByTestId('comment-edit').count(), { timeout: 5000 }).toBe(1);
    await theirThread.getByTestId('comment-edit').click();
    const answer = `${draft} Wartime mobilisation is outside the cap.`;
    await theirThread.getByTestId('edit-input').fill(answer);
    await theirThread.getByTestId('edit-submit').click();
    await expect.poll(() => theirThread.locator('.comment:not(.is-root) .comment-body').innerText(), { timeout: 5000 }).toBe(answer);
    await waitUntilSaved(us.page);

    // The reply reaches the first window live, attributed to its author and party.
    const reply = thread.first().locator('.comment:not(.is-root)');
    await reply.waitFor();
    await page.waitForFunction(
      (text) => [...document.querySelectorAll('.comments-view .comment:not(.is-root) .comment-body')].some((b) => b.textContent === text),
      answer,
    );
    await expect.poll(() => reply.locator('.comment-edited').innerText(), { timeout: 5000 }).toBe('edited');
    await expect.poll(() => reply.locator('.comment-author').innerText(), { timeout: 5000 }).toBe('Dana Whitfield');
    await expect(reply.getAttribute('data-party')).resolves.toBe('party-us');
    await screenshot(page, 'comments-01-thread');

    // Resolve: the thread leaves the list of open comments.
    await thread.first().getByTestId('thread-resolve').click();
    await expect.poll(() => thread.count(), { timeout: 5000 }).toBe(0);
    await waitUntilSaved(page);

    // After a reload it is still resolved; "Show resolved" brings it back with who resolved it.
    await page.reload();
    await waitForEditor(page);
    await openPanelTab(page, 'Comments');
    await page.getByTestId('comments-view').waitFor();
    await expect.poll(() => threadsOn(page, TROOP_CAP).count(), { timeout: 5000 }).toBe(0);
    await page.getByTestId('comments-show-resolved').check();
    const resolved = threadsOn(page, TROOP_CAP).filter({ hasText: question });
    await resolved.waitFor();
    expect(await resolved.getAttribute('class')).toContain('is-resolved');
    await expect.poll(() => resolved.locator('.thread-status').innerText(), { timeout: 5000 }).toContain('Resolved by Olena Kovalenko');
    await expect.poll(() => resolved.locator('.comment').count(), { timeout: 5000 }).toBe(2);
    await screenshot(page, 'comments-02-resolved');

    // The workspace file holds the resolved thread with both comments, each with its party.
    await session.closePages();
    await session.host.stop();
    const stored = storedThreads(session.host.workspacePath).find((t) => t.root.body === question);
    expect(stored).toMatchObject({ resolved: true, target: { type: 'clause', clauseId: TROOP_CAP } });
    expect(stored?.root).toMatchObject({ authorId: 'ua-kovalenko', partyId: 'party-ua', resolvedBy: 'ua-kovalenko' });
    expect(stored?.replies.map((r) => [r.body, r.authorId, r.partyId])).toEqual([[answer, 'us-whitfield', 'party-us']]);
    expect([...ukraine.errors, ...us.errors]).toEqual([]);
  });

  it('shows who wanted the troop-cap change and why, across versions; observers read but cannot comment', async () => {
    const observer = await session.openAs('Sofia Rossi');
    const { page } = observer;
    const number = await cursorInClause(page, TROOP_CAP);

    await openPanelTab(page, 'Comments');
    const comments = page.getByTestId('comments-view');
    await comments.locator('.comment-thread').first().waitFor();
    expect(await comments.getByTestId('comment-composer').isVisible()).toBe(false);
    expect(await comments.getByTestId('thread-reply').count()).toBe(0);
    expect(await comments.getByTestId('thread-resolve').count()).toBe(0);
    await expect.poll(() => comments.locator('.comments-note').innerText(), { timeout: 5000 }).toContain('observer');

    await openHistoryOfClause(page, TROOP_CAP);
    const history = page.getByTestId('history-view');
    await expect.poll(() => history.locator('.history-point').innerText(), { timeout: 5000 }).toBe(`Point ${number}`);
    const change = history.locator('.history-change[data-change-id="ch-troop-cap-800k"]');
    await change.waitFor();
    await expect(change.getAttribute('data-status')).resolves.toBe('accepted');
    const text = await change.innerText();
    expect(text).toContain('UA');
    expect(text).toContain('Taras Melnyk');
    expect(text).toContain('600,000');
    expect(text).toContain('800,000');
    expect(text).toContain('A ceiling of 600,000 would leave Ukraine too weak to deter a new attack.');
    expect(text).toMatch(/Accepted by Dana Whitfield/);
    const versions = history.getByTestId('history-versions');
    await versions.locator('li').first().waitFor();
    await expect.poll(() => versions.innerText(), { timeout: 5000 }).toContain('U.S. 28-point draft: Point 6');
    await expect.poll(() => history.getByTestId('history-was').innerText(), { timeout: 5000 }).toContain('was Point 6 in U.S. 28-point draft');
    await screenshot(page, 'comments-03-history');
    expect(observer.errors).toEqual([]);
  });
});
