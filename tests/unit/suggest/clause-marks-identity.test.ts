/**
 * The clause-marks plugin skips clauses it already found in line with the
 * records (by node identity) while the records project the same marks. After
 * every seeded step — typing in a clause, a new record list (a record's text
 * rewritten, as each keystroke does; a clause addition or removal proposed,
 * decided or withdrawn; a clause joining a change), a decision's ids — the
 * editor's document must be what a full projection over every clause gives.
 */
import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import { Transform } from 'prosemirror-transform';
import type { ChangeRecord, ChangeStatus } from '../../../shared/domain/types';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { proposalSchema } from '../../../shared/schema/schema';
import { clauseMarksKey, clauseMarksPlugin, DECIDED_IDS_META, projectClauseMarks, sameProjection } from '../../../shared/suggest/clause-marks';

const CLAUSES = 20;

function record(id: string, kind: 'added' | 'removed' | 'amended', clauseIds: string[], status: ChangeStatus = 'proposed', after = ''): ChangeRecord {
  return { id, kind, partyId: 'p-ua', authorId: 'm-ua', createdAt: '2026-12-03T00:00:00.000Z', rationale: '', status, clauseIds, after };
}

function run(seed: number, steps: number): void {
  const gen = new SeededRandom(seed);
  const doc = proposalSchema.nodeFromJSON({
    type: 'doc',
    content: Array.from({ length: CLAUSES }, (_, i) => ({ type: 'clause', attrs: { id: `c${i}` }, content: [{ type: 'paragraph', content: [{ type: 'text', text: `clause ${i} text` }] }] })),
  });
  let records: ChangeRecord[] = [record('r0', 'added', ['c1']), record('r1', 'removed', ['c4']), record('r2', 'amended', ['c5'])];
  const view = new HeadlessView(EditorState.create({ schema: proposalSchema, doc, plugins: [clauseMarksPlugin(records)] }));
  let decided = new Set<string>();
  let next = 3;
  for (let step = 0; step < steps; step++) {
    const roll = gen.int(0, 99);
    if (roll < 50) {
      // Typing in some clause.
      const clause = gen.int(0, CLAUSES - 1);
      let at = 0;
      view.state.doc.forEach((node, pos) => {
        if (node.attrs['id'] === `c${clause}`) at = pos + 3;
      });
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, at)).insertText('x'));
    } else if (roll < 90) {
      const pick = gen.int(0, records.length - 1);
      const target = records[pick]!;
      const what = gen.int(0, 5);
      if (what === 0) records = records.map((r, i) => (i === pick ? { ...r, after: `${r.after ?? ''}x` } : r));
      else if (what === 1) records = records.map((r, i) => (i === pick ? { ...r, status: (['proposed', 'accepted', 'rejected'] as const)[gen.int(0, 2)] } : r));
      else if (what === 2) records = records.filter((_, i) => i !== pick);
      else if (what === 3) records = records.map((r, i) => (i === pick ? { ...r, clauseIds: [...r.clauseIds, `c${gen.int(0, CLAUSES - 1)}`] } : r));
      else records = [...records, record(`r${next++}`, gen.int(0, 1) === 0 ? 'added' : 'removed', [`c${gen.int(0, CLAUSES - 1)}`])];
      if (records.length === 0) records = [record(`r${next++}`, 'added', [`c${target.clauseIds[0] ?? 'c0'}`])];
      const before = clauseMarksKey.getState(view.state)!.decided;
      view.dispatch(view.state.tr.setMeta(clauseMarksKey, { records }));
      decided = new Set([...before].filter((id) => records.some((r) => r.id === id && r.status === 'proposed')));
    } else {
      const ids = [records[gen.int(0, records.length - 1)]!.id];
      // A decision changes the document (its marks) and says which ids it decided.
      view.dispatch(view.state.tr.insertText('y', 2).setMeta(DECIDED_IDS_META, ids));
      decided = new Set([...decided, ...ids]);
    }
    const state = clauseMarksKey.getState(view.state)!;
    expect([...state.decided].sort()).toEqual([...decided].sort());
    const full = new Transform(view.state.doc);
    expect(projectClauseMarks(full, records, decided), `seed ${seed}, step ${step}: a clause's marks disagree with the records`).toBe(false);
  }
}

describe('clause marks by node identity', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`agree with a full projection after every step (seed ${seed})`, () => {
      run(seed, 150);
    });
  }

  it('sameProjection: a record whose text alone changed projects the same; a status, kind or clause change does not', () => {
    const a = [record('r0', 'added', ['c1']), record('r1', 'amended', ['c2'])];
    expect(sameProjection(a, [a[0]!, { ...a[1]!, after: 'typed' }])).toBe(true);
    expect(sameProjection(a, [{ ...a[0]!, after: 'typed' }, a[1]!])).toBe(true);
    expect(sameProjection(a, [{ ...a[0]!, status: 'accepted' }, a[1]!])).toBe(false);
    expect(sameProjection(a, [{ ...a[0]!, clauseIds: ['c1', 'c3'] }, a[1]!])).toBe(false);
    expect(sameProjection(a, [a[1]!, a[0]!])).toBe(false);
    expect(sameProjection(a, [a[0]!])).toBe(false);
  });
});
