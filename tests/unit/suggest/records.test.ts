import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { ySyncPluginKey } from 'y-prosemirror';
import type { ChangeRecord, Identity } from '../../../shared/domain/types';
import { DraftroomError } from '../../../shared/api/errors';
import { insertClauseAt, moveClauseTo, removeClauseById } from '../../../shared/editing/clause-commands';
import { readChange, readChanges, writeChange } from '../../../shared/ydoc/layout';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { collectChangeUpdates } from '../../../shared/suggest/records';
import { withdrawChange } from '../../../shared/suggest/decide';
import { setRationale } from '../../../shared/suggest/ydoc-binding';
import { clause, del, ins, p, posAfter, proposal } from '../../helpers/builders';
import { clauseIdsPlugin } from '../../../shared/editing/clause-ids';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { changeIds, WHO } from './harness';

function setup(doc: PMNode, who: Identity = WHO.uaSuggester) {
  const ydoc = new Y.Doc();
  let current = who;
  const view = new HeadlessView(EditorState.create({ doc }), withSuggestionTracking({ identity: () => current, ydoc }));
  return {
    ydoc,
    view,
    as: (w: Identity) => {
      current = w;
    },
  };
}

const troops = (): PMNode =>
  proposal(clause('c1', p('Troop cap of 600,000 men.')), clause('c2', p('Second clause.')), clause('c3', p('Third clause.')));

describe('change records written after tracked edits', () => {
  it('a new amendment gets a full record: kind, member, party, time, proposed, empty rationale, clause, snippets', () => {
    const { ydoc, view } = setup(troops());
    const before = new Date().toISOString();
    view.selectText('600,000').type('800,000');
    const [id] = changeIds(view.doc);
    const records = readChanges(ydoc);
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record).toMatchObject({
      id,
      kind: 'amended',
      authorId: WHO.uaSuggester.member.id,
      partyId: WHO.uaSuggester.party.id,
      status: 'proposed',
      rationale: '',
      clauseIds: ['c1'],
      before: 'Troop cap of 600,000 men.',
      after: 'Troop cap of 800,000 men.',
    });
    expect(record.createdAt >= before).toBe(true);
  });

  it('the snippets follow the change as it grows, the creation time stays', () => {
    const { ydoc, view } = setup(troops());
    view.select(posAfter(view.doc, 'Troop cap of ')).type('a');
    const first = readChanges(ydoc)[0]!;
    expect(first.after).toBe('Troop cap of a600,000 men.');
    view.type('bout ');
    const grown = readChanges(ydoc);
    expect(grown).toHaveLength(1);
    expect(grown[0]!.after).toBe('Troop cap of about 600,000 men.');
    expect(grown[0]!.createdAt).toBe(first.createdAt);
  });

  it('text typed and deleted again leaves no record behind, unless it already has a rationale', () => {
    const { ydoc, view } = setup(troops());
    view.select(posAfter(view.doc, 'Troop')).type('xy').backspace(2);
    expect(changeIds(view.doc)).toEqual([]);
    expect(readChanges(ydoc)).toEqual([]);
    view.type('s');
    const [id] = changeIds(view.doc);
    setRationale(ydoc, id!, 'Plural reads better.', WHO.uaSuggester);
    view.backspace();
    expect(readChange(ydoc, id!)?.rationale).toBe('Plural reads better.');
  });

  it('another member’s record is never touched by my edits next to it', () => {
    const s = setup(troops(), WHO.uaSuggester);
    s.view.select(posAfter(s.view.doc, 'Troop cap of ')).type('ab');
    const theirs = readChanges(s.ydoc)[0]!;
    s.as(WHO.ruSuggester);
    s.view.type('cd');
    const records = readChanges(s.ydoc);
    expect(records).toHaveLength(2);
    expect(records.find((r) => r.id === theirs.id)).toEqual(theirs);
    expect(records.find((r) => r.id !== theirs.id)).toMatchObject({ authorId: WHO.ruSuggester.member.id, partyId: WHO.ruSuggester.party.id });
  });

  it('clause operations get records of kind added, removed and moved', () => {
    const { ydoc, view } = setup(troops());
    view.run(insertClauseAt(3, 'c4'));
    view.type('A new point.');
    view.run(removeClauseById('c2'));
    view.run(moveClauseTo('c3', 0));
    const byKind = Object.fromEntries(readChanges(ydoc).map((r) => [r.kind, r]));
    expect(Object.keys(byKind).sort()).toEqual(['added', 'moved', 'removed']);
    expect(byKind['added']).toMatchObject({ clauseIds: ['c4'], after: 'A new point.', before: '' });
    expect(byKind['removed']).toMatchObject({ clauseIds: ['c2'], before: 'Second clause.', after: '' });
    expect(byKind['moved']).toMatchObject({ clauseIds: ['c3'], movedFrom: 3, after: 'Third clause.' });
  });

  it('a second move of the same clause keeps the first record and its movedFrom; moving back cancels it', () => {
    const { ydoc, view } = setup(troops());
    view.run(moveClauseTo('c3', 1));
    view.run(moveClauseTo('c3', 0));
    const records = readChanges(ydoc);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'moved', movedFrom: 3 });
    view.run(moveClauseTo('c3', 2));
    expect(readChanges(ydoc)).toEqual([]);
  });

  it('withdrawing one’s own proposed clause removes its record', () => {
    const { ydoc, view } = setup(troops());
    view.run(insertClauseAt(1, 'c-new'));
    expect(readChanges(ydoc)).toHaveLength(1);
    view.run(removeClauseById('c-new'));
    expect(readChanges(ydoc)).toEqual([]);
  });

  it('the author can withdraw a proposed clause removal (the Yjs undo stack cannot): the clause is back, the record gone', () => {
    const s = setup(troops(), WHO.ruSuggester);
    s.view.run(removeClauseById('c2'));
    const [removal] = readChanges(s.ydoc);
    expect(s.view.run(withdrawChange(removal!.id, readChanges(s.ydoc), WHO.uaSuggester))).toBe(false);
    expect(s.view.run(withdrawChange(removal!.id, readChanges(s.ydoc), WHO.ruSuggester))).toBe(true);
    expect(s.view.doc.eq(troops())).toBe(true);
    expect(readChanges(s.ydoc)).toEqual([]);
  });

  it('a local undo that takes a change away removes its record; a remote edit writes nothing', () => {
    const { ydoc, view } = setup(troops());
    view.select(posAfter(view.doc, 'Troop')).type('s');
    expect(readChanges(ydoc)).toHaveLength(1);
    const pos = posAfter(view.doc, 'Troops');
    view.dispatch(view.state.tr.delete(pos - 1, pos).setMeta(ySyncPluginKey, { isChangeOrigin: true, isUndoRedoOperation: true }));
    expect(readChanges(ydoc)).toEqual([]);
    const remote = view.state.tr.insert(2, view.state.schema.text('R', [view.state.schema.marks['insertion']!.create({ id: 'remote-1' })]));
    view.dispatch(remote.setMeta(ySyncPluginKey, { isChangeOrigin: true }));
    expect(readChanges(ydoc)).toEqual([]);
  });
});

describe('collectChangeUpdates (pure)', () => {
  const none: ChangeRecord[] = [];

  it('a change id that already existed before the edit is not claimed by the editor', () => {
    const oldDoc = proposal(clause('c1', p('Troop cap of ', ins('remote', '800,000'), ' men.')));
    const newDoc = proposal(clause('c1', p('Troop cap of ', ins('remote', '800,000'), ' men', ins('mine', '!'), '.')));
    const updates = collectChangeUpdates(oldDoc, newDoc, WHO.ruSuggester, none, { now: '2025-11-24T10:00:00.000Z' });
    expect(updates.remove).toEqual([]);
    expect(updates.write.map((w) => w.id)).toEqual(['mine']);
    expect(updates.write[0]).toMatchObject({ createdAt: '2025-11-24T10:00:00.000Z', before: 'Troop cap of 800,000 men.', after: 'Troop cap of 800,000 men!.' });
  });

  it('unchanged clauses are not rescanned and existing records only change where they must', () => {
    const oldDoc = proposal(clause('c1', p('A ', del('d1', 'b'), ' c')), clause('c2', p('Other.')));
    const record: ChangeRecord = {
      id: 'd1',
      kind: 'amended',
      partyId: WHO.uaSuggester.party.id,
      authorId: WHO.uaSuggester.member.id,
      createdAt: '2025-01-01T00:00:00.000Z',
      rationale: '',
      status: 'proposed',
      clauseIds: ['c1'],
      before: 'A b c',
      after: 'A c',
    };
    const newDoc = proposal(oldDoc.child(0), clause('c2', p('Other', ins('n1', '!'), '.')));
    const updates = collectChangeUpdates(oldDoc, newDoc, WHO.uaSuggester, [record]);
    expect(updates.write.map((w) => w.id)).toEqual(['n1']);
  });
});

describe('rationale', () => {
  it('is editable by members of the change’s party only', () => {
    const ydoc = new Y.Doc();
    writeChange(ydoc, {
      id: 'ch1',
      kind: 'amended',
      partyId: WHO.uaSuggester.party.id,
      authorId: WHO.uaSuggester.member.id,
      createdAt: '2025-01-01T00:00:00.000Z',
      rationale: '',
      status: 'proposed',
      clauseIds: ['c1'],
    });
    setRationale(ydoc, 'ch1', 'Matches the size of the army today.', WHO.uaSecond);
    expect(readChange(ydoc, 'ch1')?.rationale).toBe('Matches the size of the army today.');
    const attempt = (): unknown => setRationale(ydoc, 'ch1', 'Hijacked', WHO.ruSuggester);
    expect(attempt).toThrow(DraftroomError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => setRationale(ydoc, 'nope', 'x', WHO.uaSuggester)).toThrow(expect.objectContaining({ code: 'unknown-change' }));
    expect(() => setRationale(ydoc, 'ch1', 'x'.repeat(5000), WHO.uaSuggester)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(readChange(ydoc, 'ch1')?.rationale).toBe('Matches the size of the army today.');
  });
  it('records a pasted copy of a clause as the new clause, not the original it copies', () => {
    const ydoc = new Y.Doc();
    let next = 0;
    const state = EditorState.create({ doc: troops(), plugins: [clauseIdsPlugin(() => `pasted-${++next}`)] });
    const view = new HeadlessView(state, withSuggestionTracking({ identity: () => WHO.uaSuggester, ydoc }));
    const original = view.state.doc.child(0);
    view.dispatch(view.state.tr.insert(view.state.doc.content.size, original.copy(original.content)));
    const ids: string[] = [];
    view.state.doc.forEach((c) => ids.push(String(c.attrs['id'])));
    expect(ids).toEqual(['c1', 'c2', 'c3', 'pasted-1']);
    const added = readChanges(ydoc).filter((r) => r.kind === 'added');
    expect(added).toHaveLength(1);
    expect(added[0]!.clauseIds).toEqual(['pasted-1']);
  });
});
