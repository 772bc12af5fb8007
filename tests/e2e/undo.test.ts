import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadYDoc } from '../../main/store/document-state';
import { openWorkspace } from '../../main/store/workspace-store';
import { listClauses } from '../../shared/schema/clauses';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';
import { readChanges } from '../../shared/ydoc/layout';
import type { ChangeRecord } from '../../shared/domain/types';
import { screenshot } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import { changeCard, waitForCardStatus } from '../helpers/e2e-changes';
import { clauses, clauseTexts, cursorAtEndOfClause, saveState, waitUntilSaved } from '../helpers/e2e-editor';

const session = useE2eSession();

/** A new profile's window acting as `name`. */
/** What the workspace file holds now: each clause's current text and the change records. */
function stored(path: string): { texts: string[]; records: ChangeRecord[] } {
  const store = openWorkspace(path);
  try {
    const ydoc = loadYDoc(store, store.getDocument('Peace framework').id);
    return { texts: listClauses(readSuggestedDoc(ydoc), 'current').map((c) => c.text), records: readChanges(ydoc) };
  } finally {
    store.close();
  }
}

/** Waits until clause `number` (1-based) reads exactly `text`. */
async function waitForClauseText(page: Page, number: number, text: string): Promise<void> {
  await page.waitForFunction(
    ([index, expected]) => {
      const clause = document.querySelectorAll<HTMLElement>('.page:not([hidden]) .proposal section.clause')[index as number];
      return clause?.innerText.replace(/\s+/g, ' ').trim() === expected;
    },
    [number - 1, text] as const,
  );
}

/** Types like a person (a keystroke every 90 ms: each one's change record lands before the next key). */
async function typeAtHumanPace(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 90 });
}

describe('undo in Chromium', () => {
  it('takes back a typing burst and its change record in one step; redo brings both back, rationale included', async () => {
    const { page, errors } = await session.openAs('Iryna Bondar');
    const original = await clauseTexts(page);
    const storedBefore = stored(session.host.workspacePath);

    // Two bursts of tracked typing: clause 3, then (the caret moved) clause 4 at once.
    const first = ' Hello world again';
    const second = ' Second thought';
    await cursorAtEndOfClause(page, 3);
    await typeAtHumanPace(page, first);
    await cursorAtEndOfClause(page, 4);
    await typeAtHumanPace(page, second);
    const firstMark = clauses(page).nth(2).locator('.change-ins[data-party="party-ua"]');
    const secondMark = clauses(page).nth(3).locator('.change-ins[data-party="party-ua"]');
    await expect.poll(() => firstMark.innerText(), { timeout: 5000 }).toBe(first);
    await expect.poll(() => secondMark.innerText(), { timeout: 5000 }).toBe(second);
    const firstId = (await firstMark.getAttribute('data-change-id'))!;
    const secondId = (await secondMark.getAttribute('data-change-id'))!;
    expect(firstId).not.toBe(secondId);

    // The first burst gets a rationale (written in the changes panel, outside the editor's history).
    const rationale = 'A greeting costs nothing (illustrative).';
    const firstCard = changeCard(page, firstId);
    await firstCard.locator('.rationale-field').click();
    await page.keyboard.type(rationale);
    await page.keyboard.press('Enter');
    await expect.poll(() => firstCard.locator('.rationale-text').innerText(), { timeout: 5000 }).toBe(rationale);
    await waitUntilSaved(page);
    await screenshot(page, 'undo-01-two-bursts');
    const typedRecords = stored(session.host.workspacePath).records.filter((r) => r.id === firstId || r.id === secondId);
    expect(typedRecords.map((r) => [r.id, (r.after ?? '').includes(r.id === firstId ? first.trim() : second.trim())])).toEqual([
      [firstId, true],
      [secondId, true],
    ]);

    // One Ctrl+Z takes back the whole second burst, and its card goes with it.
    await page.keyboard.press('Control+z');
    await waitForClauseText(page, 4, original[3]!);
    await changeCard(page, secondId).waitFor({ state: 'detached' });
    expect((await clauseTexts(page))[2]).toBe(`${original[2]}${first}`);
    await expect.poll(() => firstCard.locator('.rationale-text').innerText(), { timeout: 5000 }).toBe(rationale);

    // A second one takes back the first burst and its record, rationale and all.
    await page.keyboard.press('Control+z');
    await waitForClauseText(page, 3, original[2]!);
    await firstCard.waitFor({ state: 'detached' });
    expect(await clauseTexts(page)).toEqual(original);
    await waitUntilSaved(page);
    await screenshot(page, 'undo-02-both-undone');
    const undone = stored(session.host.workspacePath);
    expect(undone.texts).toEqual(storedBefore.texts);
    expect(undone.records.map((r) => r.id).sort()).toEqual(storedBefore.records.map((r) => r.id).sort());

    // Redo brings back the first burst with its record as it was (same id, rationale kept), then the second.
    await page.keyboard.press('Control+Shift+z');
    await waitForClauseText(page, 3, `${original[2]}${first}`);
    await expect.poll(() => firstCard.locator('.rationale-text').innerText(), { timeout: 5000 }).toBe(rationale);
    expect((await clauseTexts(page))[3]).toBe(original[3]);
    await page.keyboard.press('Control+y');
    await waitForClauseText(page, 4, `${original[3]}${second}`);
    await changeCard(page, secondId).waitFor();
    expect(await firstMark.getAttribute('data-change-id')).toBe(firstId);
    expect(await secondMark.getAttribute('data-change-id')).toBe(secondId);
    await waitUntilSaved(page);
    await screenshot(page, 'undo-03-both-redone');
    const redone = stored(session.host.workspacePath);
    const byId = new Map(redone.records.map((r) => [r.id, r]));
    expect(byId.get(firstId)).toMatchObject({ rationale, authorId: 'ua-bondar', status: 'proposed' });
    expect(byId.get(secondId)).toMatchObject({ authorId: 'ua-bondar', status: 'proposed' });
    expect(redone.records).toHaveLength(storedBefore.records.length + 2);
    expect(redone.texts[2]).toBe(`${storedBefore.texts[2]}${first}`);
    expect(redone.texts[3]).toBe(`${storedBefore.texts[3]}${second}`);
    expect(errors).toEqual([]);
  });

  it('forgets a burst once a lead has decided its change: Ctrl+Z then takes back nothing agreed', async () => {
    const suggester = await session.openAs('Iryna Bondar');
    const page = suggester.page;
    const original = await clauseTexts(page);
    const storedBefore = stored(session.host.workspacePath);
    const typed = ' Both sides confirm this in writing.';
    await cursorAtEndOfClause(page, 3);
    await typeAtHumanPace(page, typed);
    const mark = clauses(page).nth(2).locator('.change-ins[data-party="party-ua"]');
    await expect.poll(() => mark.innerText(), { timeout: 5000 }).toBe(typed);
    const changeId = (await mark.getAttribute('data-change-id'))!;
    await waitUntilSaved(page);

    // A lead accepts it in another window; the suggester's window follows.
    const lead = (await session.openAs('Dana Whitfield')).page;
    await changeCard(lead, changeId).locator('[data-action="accept"]').click();
    await waitForCardStatus(lead, changeId, 'Accepted');
    await waitUntilSaved(lead);
    await waitForCardStatus(page, changeId, 'Accepted');

    // Undo has nothing left to take back: the agreed text stays, nothing is refused.
    await cursorAtEndOfClause(page, 3);
    await page.keyboard.press('Control+z');
    // (An undo would have set the save state to saving at once, then "Not saved — an edit was refused".)
    expect((await clauseTexts(page))[2]).toBe(`${original[2]}${typed}`);
    await waitUntilSaved(page);
    await expect(saveState(page)).resolves.toBe('Saved');
    await screenshot(page, 'undo-04-after-decision');
    const file = stored(session.host.workspacePath);
    expect(file.records.find((r) => r.id === changeId)).toMatchObject({ status: 'accepted', decidedBy: 'us-whitfield' });
    expect(file.texts[2]).toBe(`${storedBefore.texts[2]}${typed}`);
    expect(suggester.errors).toEqual([]);
  });
});
