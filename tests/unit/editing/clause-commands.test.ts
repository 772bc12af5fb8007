import { describe, expect, it } from 'vitest';
import { NodeSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import {
  clauseOpOf,
  insertClauseAfter,
  insertClauseAt,
  moveClause,
  moveClauseTo,
  removeClause,
  removeClauseById,
} from '../../../shared/editing/clause-commands';
import { clauseAtSelection } from '../../../shared/editing/clause-position';
import { clause, heading, li, p, proposal, ul } from '../../helpers/builders';
import { clauseIds, stateAt } from './editor-state';

function run(state: EditorState, command: Command): { ok: boolean; tr?: Transaction; after: EditorState } {
  let tr: Transaction | undefined;
  const ok = command(state, (t) => {
    tr = t;
  });
  return { ok, tr, after: tr ? state.apply(tr) : state };
}

const sample = () =>
  proposal(
    clause('c1', heading('Sovereignty'), p('Ukraine’s sovereignty will be confirmed.')),
    clause('c2', p('A non-aggression agreement between Russia, Ukraine and Europe.')),
    clause('c3', p('Troop cap of 800,000.'), ul(li('peacetime'), li('reviewed yearly'))),
    clause('c4', p('Security guarantees.')),
  );

describe('insertClauseAfter', () => {
  it('adds an empty clause with a fresh id after the current one and puts the cursor in it', () => {
    const { ok, tr, after } = run(stateAt(sample(), 1, 3), insertClauseAfter);
    expect(ok).toBe(true);
    const ids = clauseIds(after.doc);
    expect(ids).toHaveLength(5);
    expect(ids.slice(0, 2)).toEqual(['c1', 'c2']);
    expect(ids.slice(3)).toEqual(['c3', 'c4']);
    const fresh = ids[2]!;
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    expect(after.doc.child(2).textContent).toBe('');
    expect(clauseAtSelection(after)?.id).toBe(fresh);
    expect(clauseOpOf(tr!)).toEqual({ type: 'insert', clauseId: fresh, toIndex: 2 });
  });

  it('appends after the last clause', () => {
    const { after } = run(stateAt(sample(), 3), insertClauseAfter);
    expect(clauseIds(after.doc).slice(0, 4)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(clauseAtSelection(after)?.index).toBe(4);
  });

  it('gives every new clause a different id', () => {
    const first = run(stateAt(sample(), 0), insertClauseAfter).after;
    const second = run(first, insertClauseAfter).after;
    expect(new Set(clauseIds(second.doc)).size).toBe(6);
  });

  it('inserts at an explicit index with a chosen id', () => {
    const { after, tr } = run(stateAt(sample(), 0), insertClauseAt(0, 'new'));
    expect(clauseIds(after.doc)).toEqual(['new', 'c1', 'c2', 'c3', 'c4']);
    expect(clauseOpOf(tr!)).toEqual({ type: 'insert', clauseId: 'new', toIndex: 0 });
    expect(run(stateAt(sample(), 0), insertClauseAt(9)).ok).toBe(false);
  });
});

describe('removeClause', () => {
  it('removes the current clause, records it and moves the cursor to the next one', () => {
    const { ok, tr, after } = run(stateAt(sample(), 1, 4), removeClause);
    expect(ok).toBe(true);
    expect(clauseIds(after.doc)).toEqual(['c1', 'c3', 'c4']);
    expect(clauseAtSelection(after)?.id).toBe('c3');
    expect(clauseOpOf(tr!)).toEqual({ type: 'remove', clauseId: 'c2', fromIndex: 1 });
  });

  it('moves the cursor to the new last clause when the last one goes', () => {
    const { after } = run(stateAt(sample(), 3), removeClause);
    expect(clauseIds(after.doc)).toEqual(['c1', 'c2', 'c3']);
    expect(clauseAtSelection(after)?.id).toBe('c3');
  });

  it('never removes the only clause', () => {
    const single = proposal(clause('only', p('Text')));
    const { ok, after } = run(stateAt(single, 0), removeClause);
    expect(ok).toBe(false);
    expect(after.doc.eq(single)).toBe(true);
  });

  it('removes by id', () => {
    const { after } = run(stateAt(sample(), 0), removeClauseById('c4'));
    expect(clauseIds(after.doc)).toEqual(['c1', 'c2', 'c3']);
    expect(run(stateAt(sample(), 0), removeClauseById('nope')).ok).toBe(false);
  });
});

describe('moveClause', () => {
  it('moves the current clause down, keeping the same node and the cursor inside it', () => {
    const before = stateAt(sample(), 1, 6);
    const moved = before.doc.child(1);
    const { ok, tr, after } = run(before, moveClause('down'));
    expect(ok).toBe(true);
    expect(clauseIds(after.doc)).toEqual(['c1', 'c3', 'c2', 'c4']);
    expect(after.doc.child(2).eq(moved)).toBe(true);
    expect(clauseAtSelection(after)?.id).toBe('c2');
    expect(after.selection.$from.parentOffset).toBe(6);
    expect(clauseOpOf(tr!)).toEqual({ type: 'move', clauseId: 'c2', fromIndex: 1, toIndex: 2 });
  });

  it('moves the current clause up', () => {
    const { after, tr } = run(stateAt(sample(), 2), moveClause('up'));
    expect(clauseIds(after.doc)).toEqual(['c1', 'c3', 'c2', 'c4']);
    expect(clauseOpOf(tr!)).toEqual({ type: 'move', clauseId: 'c3', fromIndex: 2, toIndex: 1 });
  });

  it('refuses to move past either end', () => {
    expect(run(stateAt(sample(), 0), moveClause('up')).ok).toBe(false);
    expect(run(stateAt(sample(), 3), moveClause('down')).ok).toBe(false);
  });
});

describe('moveClauseTo', () => {
  it('moves a clause to any index of the resulting order', () => {
    const before = stateAt(sample(), 0);
    const moved = before.doc.child(3);
    const { after, tr } = run(before, moveClauseTo('c4', 0));
    expect(clauseIds(after.doc)).toEqual(['c4', 'c1', 'c2', 'c3']);
    expect(after.doc.child(0).eq(moved)).toBe(true);
    expect(clauseOpOf(tr!)).toEqual({ type: 'move', clauseId: 'c4', fromIndex: 3, toIndex: 0 });

    const toEnd = run(before, moveClauseTo('c1', 3)).after;
    expect(clauseIds(toEnd.doc)).toEqual(['c2', 'c3', 'c4', 'c1']);
  });

  it('keeps a node selection of the moved clause on it', () => {
    const base = stateAt(sample(), 0);
    const pos = base.doc.child(0).nodeSize;
    const selected = base.apply(base.tr.setSelection(NodeSelection.create(base.doc, pos)));
    const { after } = run(selected, moveClauseTo('c2', 3));
    expect(after.selection).toBeInstanceOf(NodeSelection);
    expect((after.selection as NodeSelection).node.attrs['id']).toBe('c2');
  });

  it('leaves the selection where it was when another clause moves', () => {
    const before = stateAt(sample(), 3, 2);
    const { after } = run(before, moveClauseTo('c1', 1));
    expect(clauseAtSelection(after)?.id).toBe('c4');
    expect(after.selection.$from.parentOffset).toBe(2);
  });

  it('does nothing for an unknown clause or the same place', () => {
    expect(run(stateAt(sample(), 0), moveClauseTo('nope', 1)).ok).toBe(false);
    expect(run(stateAt(sample(), 0), moveClauseTo('c2', 1)).ok).toBe(false);
  });
});
