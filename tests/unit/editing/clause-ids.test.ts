import { describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import { clauseIdsPlugin, clausesNeedingIds, isRemoteTransaction } from '../../../shared/editing/clause-ids';
import { clause, p, proposal } from '../../helpers/builders';
import { clauseIds, idlessClause } from './editor-state';

function counter(): () => string {
  let n = 0;
  return () => `fresh-${++n}`;
}

function stateWith(doc = proposal(clause('a', p('One')), clause('b', p('Two')))) {
  return EditorState.create({ doc, plugins: [clauseIdsPlugin(counter())] });
}

describe('clausesNeedingIds', () => {
  it('finds missing ids and the later occurrence of a duplicate', () => {
    const doc = proposal(clause('a', p('1')), idlessClause(p('2')), clause('a', p('3')), clause('b', p('4')));
    const positions = clausesNeedingIds(doc);
    const second = doc.child(0).nodeSize;
    const third = second + doc.child(1).nodeSize;
    expect(positions).toEqual([second, third]);
    expect(clausesNeedingIds(proposal(clause('a', p('1')), clause('b', p('2'))))).toEqual([]);
  });
});

describe('clauseIdsPlugin', () => {
  it('gives a pasted copy of a clause (duplicate id) a fresh id, keeping the original', () => {
    const state = stateWith();
    const copy = state.doc.child(0);
    const next = state.apply(state.tr.insert(state.doc.content.size, copy));
    expect(clauseIds(next.doc)).toEqual(['a', 'b', 'fresh-1']);
  });

  it('gives a clause without an id a fresh one', () => {
    const state = stateWith();
    const next = state.apply(state.tr.insert(0, idlessClause(p('New'))));
    expect(clauseIds(next.doc)).toEqual(['fresh-1', 'a', 'b']);
  });

  it('leaves transactions rendered from the Y document alone', () => {
    const state = stateWith();
    const tr = state.tr.insert(state.doc.content.size, state.doc.child(1));
    tr.setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(isRemoteTransaction(tr)).toBe(true);
    const next = state.apply(tr);
    expect(clauseIds(next.doc)).toEqual(['a', 'b', 'b']);
    // The next local edit repairs it, renaming the later occurrence.
    const repaired = next.apply(next.tr.insertText('!', 3));
    expect(clauseIds(repaired.doc)).toEqual(['a', 'b', 'fresh-1']);
  });

  it('after a run of typing (only the typed clause compared), still repairs what a remote edit or a local id change brings', () => {
    let state = stateWith(proposal(clause('a', p('One')), clause('b', p('Two')), clause('c', p('Three'))));
    for (const ch of 'abc') state = state.apply(state.tr.insertText(ch, 2));
    expect(clauseIds(state.doc)).toEqual(['a', 'b', 'c']);
    // A remote edit turns clause c into a second "a" (y-prosemirror renders it as one step).
    const remote = state.tr.setNodeAttribute(state.doc.child(0).nodeSize + state.doc.child(1).nodeSize, 'id', 'a');
    remote.setMeta(ySyncPluginKey, { isChangeOrigin: true });
    state = state.apply(remote);
    expect(clauseIds(state.doc)).toEqual(['a', 'b', 'a']);
    // Typing in clause b (the remote edit's clause untouched) repairs it.
    state = state.apply(state.tr.insertText('!', state.doc.child(0).nodeSize + 2));
    expect(clauseIds(state.doc)).toEqual(['a', 'b', 'fresh-1']);
    // A local edit giving clause b the id of clause a is repaired at once.
    state = state.apply(state.tr.insertText('x', 2));
    state = state.apply(state.tr.setNodeAttribute(state.doc.child(0).nodeSize, 'id', 'a'));
    expect(clauseIds(state.doc)).toEqual(['a', 'fresh-2', 'fresh-1']);
  });

  it('does nothing when every clause has a unique id', () => {
    const state = stateWith();
    const tr = state.tr.insertText('x', 2);
    expect(isRemoteTransaction(tr)).toBe(false);
    const next = state.apply(tr);
    expect(clauseIds(next.doc)).toEqual(['a', 'b']);
    expect(next.doc.child(0).textContent).toBe('xOne');
  });
});
