import { describe, expect, it } from 'vitest';
import { listClauses } from '../../../shared/schema/clauses';
import {
  proposalFromText,
  proposeClauseAddition,
  proposeClauseRemoval,
  proposeTextChange,
  settleChange,
  toProseMirror,
} from '../../../main/sample/sample-model';

const base = proposalFromText([
  { id: 'a', heading: 'Alpha', text: 'The cap is 600,000 in peacetime.' },
  { id: 'b', heading: 'Beta', text: 'Second clause.' },
]);

function marksOf(model: Parameters<typeof toProseMirror>[0]): string[] {
  const found: string[] = [];
  toProseMirror(model).descendants((node) => {
    for (const mark of node.marks) found.push(`${mark.type.name}:${String(mark.attrs['id'])}:${node.isText ? node.text : node.type.name}`);
    return true;
  });
  return found;
}

describe('sample model', () => {
  it('tracks a replacement as one deletion and one insertion with the same id', () => {
    const model = proposeTextChange(base, 'a', { before: '600,000', after: '800,000' }, 'c1');
    expect(marksOf(model)).toEqual(['deletion:c1:600,000', 'insertion:c1:800,000']);
    const doc = toProseMirror(model);
    expect(listClauses(doc, 'marked')[0]!.text).toBe('The cap is [-600,000-][+800,000+] in peacetime.');
    expect(listClauses(doc, 'original')[0]!.text).toBe('The cap is 600,000 in peacetime.');
  });

  it('accepting applies the change, rejecting restores the text', () => {
    const proposed = proposeTextChange(base, 'a', { before: '600,000', after: '800,000' }, 'c1');
    expect(listClauses(toProseMirror(settleChange(proposed, 'c1', true)))[0]!.text).toBe('The cap is 800,000 in peacetime.');
    expect(toProseMirror(settleChange(proposed, 'c1', false)).eq(toProseMirror(base))).toBe(true);
  });

  it('inserts at the end of the clause when nothing is deleted', () => {
    const model = proposeTextChange(base, 'b', { before: '', after: ' Added.' }, 'c2');
    expect(listClauses(toProseMirror(model), 'marked')[1]!.text).toBe('Second clause.[+ Added.+]');
  });

  it('marks a proposed removal on the clause node and on all its text; accepting removes the clause', () => {
    const model = proposeClauseRemoval(base, 'a', 'c3');
    const clause = listClauses(toProseMirror(model))[0]!;
    expect(clause.pendingRemoval).toBe(true);
    expect(clause.text).toBe('');
    const accepted = listClauses(toProseMirror(settleChange(model, 'c3')));
    expect(accepted.map((c) => [c.id, c.number])).toEqual([['b', 1]]);
  });

  it('marks a proposed clause as an insertion on the node and its text; rejecting drops it', () => {
    const model = proposeClauseAddition(base, 'a', { id: 'n', heading: 'New', text: 'Proposed.' }, 'c4');
    const clauses = listClauses(toProseMirror(model));
    expect(clauses.map((c) => c.id)).toEqual(['a', 'n', 'b']);
    expect(clauses[1]!.pendingAddition).toBe(true);
    expect(listClauses(toProseMirror(model), 'original')[1]!.heading).toBe('');
    expect(listClauses(toProseMirror(settleChange(model, 'c4', false))).map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('refuses an edit whose text is not in the clause', () => {
    expect(() => proposeTextChange(base, 'a', { before: 'missing', after: 'x' }, 'c5')).toThrow(/must occur once/);
    expect(() => proposeClauseRemoval(base, 'zz', 'c6')).toThrow(/no clause zz/);
  });
});
