/**
 * The changes panel's rows kept between renders (`ChangeSummaryMemo`): after
 * every seeded step on a generated proposal — a suggester typing or deleting
 * in some clause (her change record rewritten each keystroke), a record
 * decided, its rationale written, the workspace's people replaced — the memo
 * must give what a full computation (`changeSummaries`) gives, and keep the
 * rows a step did not touch as the same objects.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState, TextSelection } from 'prosemirror-state';
import type { ChangeRecord } from '../../../shared/domain/types';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { proposalSchema } from '../../../shared/schema/schema';
import { ChangeSummaryMemo, changeSummaries, type ChangeSummary } from '../../../shared/suggest/change-summaries';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { suggestionPlugins } from '../../../shared/suggest/plugins';
import { readChanges, readProseMirrorDoc } from '../../../shared/ydoc/layout';
import { buildLargeProposal, LARGE_PROPOSAL_SHAPE } from '../../../main/bench/large-proposal';

const SHAPE = { ...LARGE_PROPOSAL_SHAPE, clauses: 60, minWords: 15, maxWords: 30, versionChanges: 4, amended: 25, added: 2, removed: 2, moved: 2, comments: 0, threads: 0 };

function run(seed: number, steps: number): void {
  const proposal = buildLargeProposal(seed, SHAPE);
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(proposal.ydoc));
  const gen = new SeededRandom(seed);
  const view = new HeadlessView(
    EditorState.create({ schema: proposalSchema, doc: readProseMirrorDoc(ydoc), plugins: suggestionPlugins(readChanges(ydoc)) }),
    withSuggestionTracking({ identity: () => proposal.typist, ydoc, generateId: () => gen.uuid() }),
  );
  let parties = proposal.parties;
  let members = proposal.members;
  // Decisions and rationales written here, over the records the document holds.
  const overrides = new Map<string, Partial<ChangeRecord>>();
  const records = (): ChangeRecord[] => readChanges(ydoc).map((r) => (overrides.has(r.id) ? { ...r, ...overrides.get(r.id) } : r));
  const memo = new ChangeSummaryMemo();
  let previous = new Map<string, ChangeSummary>();
  let previousRecords = new Map<string, ChangeRecord>();
  let kept = 0;
  for (let step = 0; step < steps; step++) {
    const roll = gen.int(0, 99);
    let touched: string | null = null;
    let typedIn: string | null = null;
    let peopleReplaced = false;
    if (roll < 70) {
      // Typing (or deleting) in a clause; the clause keeps a change of hers.
      const index = gen.int(0, view.state.doc.childCount - 1);
      let start = 0;
      view.state.doc.forEach((_node, offset, i) => {
        if (i === index) start = offset;
      });
      const clause = view.state.doc.child(index);
      typedIn = clause.attrs['id'] as string;
      const at = start + 2 + gen.int(0, Math.max(0, Math.min(clause.content.firstChild?.content.size ?? 0, 40) - 1));
      const tr = view.state.tr.setSelection(TextSelection.create(view.state.doc, at));
      view.dispatch(gen.int(0, 3) === 0 ? tr.delete(at, Math.min(at + 3, start + clause.nodeSize - 2)) : tr.insertText(gen.int(0, 5) === 0 ? ' ' : 'x'));
    } else if (roll < 85) {
      const all = readChanges(ydoc);
      const pick = all[gen.int(0, all.length - 1)]!;
      touched = pick.id;
      overrides.set(pick.id, gen.int(0, 1) === 0 ? { status: 'accepted', decidedBy: proposal.members[0]!.id, decidedAt: '2026-12-03T16:00:00.000Z' } : { rationale: `why ${step}` });
    } else if (roll < 90) {
      parties = [...parties];
      members = [...members];
      peopleReplaced = true;
    }
    const now = records();
    const rows = memo.summaries(view.state.doc, now, parties, members);
    expect(rows, `seed ${seed}, step ${step}: the memo's rows differ from a full computation`).toEqual(changeSummaries(view.state.doc, now, parties, members));
    // A row whose record and clauses this step left alone, and whose fields are the same, is the same object.
    const recordById = new Map(now.map((r) => [r.id, r]));
    for (const row of rows) {
      const before = previous.get(row.id);
      const alone = !peopleReplaced && row.id !== touched && recordById.get(row.id) === previousRecords.get(row.id) && (typedIn === null || !row.clauseIds.includes(typedIn));
      if (before && alone && JSON.stringify(before) === JSON.stringify(row)) {
        expect(row, `seed ${seed}, step ${step}: row ${row.id} unchanged but rebuilt`).toBe(before);
        kept++;
      }
    }
    previous = new Map(rows.map((r) => [r.id, r]));
    previousRecords = recordById;
  }
  expect(kept).toBeGreaterThan(steps);
}

describe('changes panel rows kept between renders', () => {
  for (const seed of [1, 2, 3]) {
    it(`equal a full computation after every step (seed ${seed})`, () => {
      run(seed, 80);
    });
  }
});
