import { describe, expect, it } from 'vitest';
import type { Command, EditorState, Transaction } from 'prosemirror-state';
import { addClauseHeading, deleteEmptyHeading } from '../../../shared/editing/heading-commands';
import { clause, heading, p, proposal } from '../../helpers/builders';
import { stateAt } from './editor-state';

function run(state: EditorState, command: Command): { ok: boolean; after: EditorState } {
  let tr: Transaction | undefined;
  const ok = command(state, (t) => {
    tr = t;
  });
  return { ok, after: tr ? state.apply(tr) : state };
}

const sample = () =>
  proposal(
    clause('c1', heading('Sovereignty'), p('Ukraine’s sovereignty will be confirmed.')),
    clause('c2', p('A non-aggression agreement between Russia, Ukraine and Europe.')),
  );

describe('clause headings', () => {
  it('adds an empty heading to a clause without one and puts the cursor in it', () => {
    const { after } = run(stateAt(sample(), 1, 2), addClauseHeading);
    const c2 = after.doc.child(1);
    expect(c2.firstChild?.type.name).toBe('clause_heading');
    expect(after.selection.$from.parent.type.name).toBe('clause_heading');
    expect(c2.attrs['id']).toBe('c2');
  });

  it('moves to an existing heading instead of adding a second one', () => {
    const { after } = run(stateAt(sample(), 0, 5), addClauseHeading);
    expect(after.doc.eq(sample())).toBe(true);
    expect(after.selection.$from.parent.textContent).toBe('Sovereignty');
    expect(after.selection.$from.parentOffset).toBe('Sovereignty'.length);
  });

  it('removes an empty heading on backspace, not a filled one', () => {
    const withHeading = run(stateAt(sample(), 1), addClauseHeading).after;
    const { ok, after } = run(withHeading, deleteEmptyHeading);
    expect(ok).toBe(true);
    expect(after.doc.eq(sample())).toBe(true);
    expect(after.selection.$from.parent.type.name).toBe('paragraph');
    expect(run(stateAt(sample(), 0), deleteEmptyHeading).ok).toBe(false);
  });
});
