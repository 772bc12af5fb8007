import { describe, expect, it } from 'vitest';
import { loadYDoc } from '../../main/store/document-state';
import { openWorkspace } from '../../main/store/workspace-store';
import { listClauses } from '../../shared/schema/clauses';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';
import { readChanges } from '../../shared/ydoc/layout';
import type { ChangeRecord } from '../../shared/domain/types';
import { screenshot, type WatchedPage } from '../helpers/e2e-browser';
import { useE2eSession } from '../helpers/e2e-session';
import {
  cardSummaries,
  changeCard,
  cursorAtStartOfClauseBody,
  marksInClause,
  selectWordInClause,
  waitForCardStatus,
} from '../helpers/e2e-changes';
import { clauseIds, clauseTexts, clauses, cursorAtEndOfClause, waitForEditor, waitUntilSaved } from '../helpers/e2e-editor';

const session = useE2eSession();

async function closeAll(): Promise<string[]> {
  const errors = session.pages.flatMap((p) => p.errors);
  await session.closePages();
  await session.host.stop();
  return errors;
}

/** The peace framework as stored in the workspace file: its records and its clauses (suggestions projected). */
function stored(path: string): { records: ChangeRecord[]; current: Map<string, string>; marked: Map<string, string> } {
  const store = openWorkspace(path);
  try {
    const ydoc = loadYDoc(store, store.getDocument('Peace framework').id);
    const doc = readSuggestedDoc(ydoc);
    const text = (view: 'current' | 'marked'): Map<string, string> => new Map(listClauses(doc, view).map((c) => [c.id, c.text]));
    return { records: readChanges(ydoc), current: text('current'), marked: text('marked') };
  } finally {
    store.close();
  }
}

/** The party colour a mark is drawn in (its underline or strike-through). */
function decorationColour(page: WatchedPage['page'], selector: string): Promise<string> {
  return page.locator(selector).first().evaluate((e) => getComputedStyle(e).textDecorationColor);
}

describe('suggestion mode in Chromium', () => {
  it('a suggester proposes and justifies a change, a lead accepts it; panel, document, reload and file agree', async () => {
    // A Ukrainian suggester types in clause 3: a tracked insertion in Ukraine's colour.
    const ukraine = await session.openAs('Iryna Bondar');
    const page = ukraine.page;
    await expect.poll(() => page.getByTestId('mode-pill').innerText(), { timeout: 5000 }).toBe('Suggesting');
    const clauseId = (await clauseIds(page))[2]!;
    const typed = ' Both sides confirm this in writing.';
    await cursorAtEndOfClause(page, 3);
    await page.keyboard.type(typed);
    const insertion = clauses(page).nth(2).locator('.change-ins[data-party="party-ua"]');
    await insertion.waitFor();
    await expect.poll(() => insertion.innerText(), { timeout: 5000 }).toBe(typed);
    const changeId = (await insertion.getAttribute('data-change-id'))!;
    // Hovering it tells who proposed it, and that it still lacks a rationale.
    await insertion.hover();
    const popover = page.getByTestId('change-popover');
    await popover.waitFor({ state: 'visible' });
    await expect.poll(() => popover.getByTestId('popover-member').innerText(), { timeout: 5000 }).toBe('Iryna Bondar');
    await expect.poll(() => popover.getByTestId('popover-rationale').innerText(), { timeout: 5000 }).toBe('No rationale yet');
    expect(await decorationColour(page, '.change-ins[data-party="party-ua"]')).toBe('rgb(166, 99, 0)');

    // Its card is flagged for a missing rationale, and asks for one once typing pauses.
    const card = changeCard(page, changeId);
    await card.waitFor();
    expect(await card.getAttribute('class')).toContain('is-flagged');
    await expect.poll(() => card.getByTestId('rationale-missing').isVisible(), { timeout: 5000 }).toBe(true);
    await page.locator(`.change-card.is-prompting[data-change-id="${changeId}"]`).waitFor();
    expect(await card.getAttribute('data-party')).toBe('party-ua');

    // "Rationale missing" shows only the changes still lacking one: this one.
    await page.getByTestId('filter-missing-rationale').click();
    await page.waitForFunction(() => document.querySelectorAll('.change-card').length === 1);
    expect((await cardSummaries(page)).map((c) => c.id)).toEqual([changeId]);
    await page.getByTestId('filter-missing-rationale').click();

    const rationale = 'A written confirmation leaves no room for a later dispute about what was agreed.';
    await card.locator('.rationale-field').click();
    await page.keyboard.type(rationale);
    await page.keyboard.press('Enter');
    await expect.poll(() => card.locator('.rationale-text').innerText(), { timeout: 5000 }).toBe(rationale);
    expect(await card.getAttribute('class')).not.toContain('is-flagged');
    // Enter gave the keyboard back to the text.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);
    await waitUntilSaved(page);
    await screenshot(page, 'suggest-01-suggester-rationale');

    // A lead in another window sees the card with its rationale, and accepts it.
    const us = await session.openAs('Dana Whitfield');
    const lead = us.page;
    const leadCard = changeCard(lead, changeId);
    await expect.poll(() => leadCard.locator('.rationale-text').innerText(), { timeout: 5000 }).toBe(rationale);
    await expect.poll(() => leadCard.locator('.party-chip').innerText(), { timeout: 5000 }).toBe('UA');
    await expect.poll(() => leadCard.getByTestId('change-status').innerText(), { timeout: 5000 }).toBe('Proposed');
    expect(await marksInClause(lead, 3)).toEqual([{ party: 'party-ua', changeId, kind: 'ins', text: typed }]);
    // Only the lead may decide.
    expect(await card.locator('[data-action="accept"]').count()).toBe(0);
    await screenshot(lead, 'suggest-02-lead-before-accepting');
    await leadCard.locator('[data-action="accept"]').click();

    // Panel and document agree: accepted by the lead, the text kept without marks.
    await waitForCardStatus(lead, changeId, 'Accepted');
    await expect.poll(() => leadCard.getByTestId('decided-by').innerText(), { timeout: 5000 }).toMatch(/^Accepted by Dana Whitfield · /);
    expect(await marksInClause(lead, 3)).toEqual([]);
    expect((await clauseTexts(lead))[2]).toContain(typed.trim());
    // And so does the suggester's window, live.
    await waitForCardStatus(page, changeId, 'Accepted');
    await expect.poll(() => card.getByTestId('decided-by').innerText(), { timeout: 5000 }).toMatch(/^Accepted by Dana Whitfield/);
    await page.waitForFunction((id) => document.querySelector(`.proposal [data-change-id="${id}"]`) === null, changeId);
    expect((await clauseTexts(page))[2]).toContain(typed.trim());
    await waitUntilSaved(lead);
    await screenshot(lead, 'suggest-03-lead-accepted');

    // After a reload everything is still there.
    await lead.reload();
    await waitForEditor(lead);
    await expect.poll(() => lead.getByTestId('identity').innerText(), { timeout: 5000 }).toContain('Dana Whitfield');
    await waitForCardStatus(lead, changeId, 'Accepted');
    await expect.poll(() => leadCard.getByTestId('decided-by').innerText(), { timeout: 5000 }).toMatch(/^Accepted by Dana Whitfield/);
    await expect.poll(() => leadCard.locator('.rationale-text').innerText(), { timeout: 5000 }).toBe(rationale);
    expect(await marksInClause(lead, 3)).toEqual([]);
    expect((await clauseTexts(lead))[2]).toContain(typed.trim());

    // The workspace file holds the accepted record and the text, with no suggestion left on it.
    const errors = await closeAll();
    const file = stored(session.host.workspacePath);
    const record = file.records.find((r) => r.id === changeId);
    expect(record).toMatchObject({
      kind: 'amended',
      status: 'accepted',
      partyId: 'party-ua',
      authorId: 'ua-bondar',
      decidedBy: 'us-whitfield',
      rationale,
      clauseIds: [clauseId],
    });
    expect(record?.decidedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(file.current.get(clauseId)).toContain(typed.trim());
    expect(file.marked.get(clauseId)).toBe(file.current.get(clauseId));
    expect(errors).toEqual([]);
  });

  it('two members of different parties editing one clause at once keep both changes, each attributed to its party', async () => {
    const ukraine = await session.openAs('Iryna Bondar');
    const russia = await session.openAs('Anna Volkova');
    const clauseId = (await clauseIds(ukraine.page))[3]!;
    expect((await clauseIds(russia.page))[3]).toBe(clauseId);

    // At the same time: Ukraine types at the end of clause 4, Russia at its start.
    const uaText = ' Parliaments ratify these guarantees.';
    const ruText = 'Subject to Russia’s consent, ';
    await cursorAtEndOfClause(ukraine.page, 4);
    await cursorAtStartOfClauseBody(russia.page, 4);
    await Promise.all([ukraine.page.keyboard.type(uaText, { delay: 20 }), russia.page.keyboard.type(ruText, { delay: 20 })]);
    // Russia also replaces a word: a deletion and an insertion of one change.
    await selectWordInClause(russia.page, 4, 'dependable');
    await russia.page.keyboard.type('limited');
    await waitUntilSaved(ukraine.page);
    await waitUntilSaved(russia.page);

    // Both windows converge on the same text, with both changes marked in their party's colour.
    const expected = (text: string): boolean => text.includes(uaText.trim()) && text.includes(ruText.trim()) && text.includes('limited');
    for (const { page } of [ukraine, russia]) {
      await page.waitForFunction(
        (args) => {
          const clause = document.querySelectorAll('.page:not([hidden]) .proposal section.clause')[3] as HTMLElement | undefined;
          const text = clause?.innerText ?? '';
          return args.every((part) => text.includes(part)) && (clause?.querySelectorAll('.change-mark[data-party]').length ?? 0) >= 4;
        },
        [uaText.trim(), ruText.trim(), 'limited', 'dependable'],
      );
    }
    const [uaTexts, ruTexts] = [await clauseTexts(ukraine.page), await clauseTexts(russia.page)];
    expect(uaTexts).toEqual(ruTexts);
    expect(expected(uaTexts[3]!)).toBe(true);

    for (const { page } of [ukraine, russia]) {
      const marks = await marksInClause(page, 4);
      const ua = marks.filter((m) => m.party === 'party-ua');
      const ru = marks.filter((m) => m.party === 'party-ru');
      expect(ua.map((m) => m.text).join('')).toBe(uaText);
      expect(ua.every((m) => m.kind === 'ins')).toBe(true);
      expect(ru.filter((m) => m.kind === 'ins').map((m) => m.text)).toEqual([ruText, 'limited']);
      expect(ru.filter((m) => m.kind === 'del').map((m) => m.text)).toEqual(['dependable']);
      expect(marks.length).toBe(ua.length + ru.length);
      // One card per change, each with its own party.
      // (The cards follow typing after its pause: wait for them.)
      const cards = async () => (await cardSummaries(page)).filter((c) => c.clause === 'Point 4').map((c) => [c.id, c.party, c.kind, c.status]).sort();
      const uaIds = [...new Set(ua.map((m) => m.changeId))];
      const ruIds = [...new Set(ru.map((m) => m.changeId))];
      expect(uaIds).toHaveLength(1);
      await expect
        .poll(cards)
        .toEqual([...uaIds.map((id) => [id, 'party-ua', 'amended', 'proposed']), ...ruIds.map((id) => [id, 'party-ru', 'amended', 'proposed'])].sort());
    }
    await clauses(russia.page).nth(3).scrollIntoViewIfNeeded();
    await screenshot(russia.page, 'suggest-04-two-parties-one-clause');

    // Ukraine may not rewrite Russia's proposed text: the edit is refused with a hint, nothing changes.
    const settled = await clauseTexts(ukraine.page);
    await selectWordInClause(ukraine.page, 4, 'limited');
    await ukraine.page.keyboard.type('robust');
    await ukraine.page.getByTestId('hint').filter({ hasText: 'another member’s proposed insertion' }).waitFor();
    expect(await clauseTexts(ukraine.page)).toEqual(settled);

    // The file has one record per change, each with its party and author.
    const errors = await closeAll();
    const records = stored(session.host.workspacePath).records.filter((r) => r.clauseIds.includes(clauseId) && r.status === 'proposed');
    expect(records.map((r) => [r.partyId, r.authorId]).sort()).toEqual(
      [['party-ua', 'ua-bondar'], ...records.filter((r) => r.partyId === 'party-ru').map(() => ['party-ru', 'ru-volkova'])].sort(),
    );
    expect(records.some((r) => r.partyId === 'party-ru')).toBe(true);
    expect(errors).toEqual([]);
  });
});
