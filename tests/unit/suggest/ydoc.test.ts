import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { undo, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { ChangeRecord, Identity } from '../../../shared/domain/types';
import { removeClauseById } from '../../../shared/editing/clause-commands';
import { listClauses } from '../../../shared/schema/clauses';
import { proposalSchema } from '../../../shared/schema/schema';
import { contentFragment, readChange, readChanges, readProseMirrorDoc, seedContent, writeChange } from '../../../shared/ydoc/layout';
import { clauseMarksKey } from '../../../shared/suggest/clause-marks';
import { suggestionPlugins } from '../../../shared/suggest/plugins';
import { readSuggestedDoc, suggestedDoc } from '../../../shared/suggest/suggested-doc';
import { decideInYDoc } from '../../../shared/suggest/decide-ydoc';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { acceptChange, rejectChange } from '../../../shared/suggest/decide';
import { observeChangeRecords } from '../../../shared/suggest/ydoc-binding';
import { clause, del, ins, p, posAfter, proposal, removedClause } from '../../helpers/builders';
import { HeadlessView } from '../../../shared/editing/headless-view';
import { changeIds, WHO } from './harness';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** An editor bound to a Y.Doc the way the renderer binds it: ySyncPlugin, yUndoPlugin, clause marks, tracking. */
function replica(ydoc: Y.Doc, who: Identity): HeadlessView {
  const state = EditorState.create({
    schema: proposalSchema,
    plugins: [ySyncPlugin(contentFragment(ydoc)), yUndoPlugin(), ...suggestionPlugins(readChanges(ydoc))],
  });
  const view = new HeadlessView(state, withSuggestionTracking({ identity: () => who, ydoc }));
  const stop = observeChangeRecords(ydoc, (records) => view.dispatch(view.state.tr.setMeta(clauseMarksKey, { records })));
  cleanups.push(() => {
    stop();
    view.destroy();
  });
  return view;
}

/** Sends every update of `a` not yet in `b` to `b`, and back. */
function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
}

/** Keeps two docs in sync on every update. */
function connect(a: Y.Doc, b: Y.Doc): void {
  const ab = (u: Uint8Array, origin: unknown): void => {
    if (origin !== 'remote') Y.applyUpdate(b, u, 'remote');
  };
  const ba = (u: Uint8Array, origin: unknown): void => {
    if (origin !== 'remote') Y.applyUpdate(a, u, 'remote');
  };
  a.on('update', ab);
  b.on('update', ba);
  cleanups.push(() => {
    a.off('update', ab);
    b.off('update', ba);
  });
}

const troops = (): PMNode =>
  proposal(clause('c1', p('Troop cap of 600,000 men.')), clause('c2', p('NATO–Russia dialogue.')), clause('c3', p('Elections within 100 days.')));

function seeded(doc: PMNode, clientID?: number): Y.Doc {
  const ydoc = new Y.Doc();
  if (clientID !== undefined) ydoc.clientID = clientID;
  seedContent(ydoc, doc);
  return ydoc;
}

describe('two replicas', () => {
  // Both client-id orders: concurrent adjacent formatting resolves by client id in Yjs.
  it.each([
    [101, 202],
    [202, 101],
  ])('members of two parties editing the same clause at once keep both changes, each attributed correctly (clients %i/%i)', (id1, id2) => {
    const y1 = seeded(troops(), id1);
    const y2 = new Y.Doc();
    y2.clientID = id2;
    exchange(y1, y2);
    const ua = replica(y1, WHO.uaSuggester);
    const ru = replica(y2, WHO.ruSuggester);
    // Offline from each other: both edit clause 1.
    ua.selectText('600,000').type('800,000');
    ru.select(posAfter(ru.doc, ' men')).backspace(4);
    ru.type(' in peacetime');
    exchange(y1, y2);

    expect(ua.doc.eq(ru.doc)).toBe(true);
    const records = readChanges(y1);
    expect(readChanges(y2)).toEqual(records);
    expect(records).toHaveLength(2);
    const uaRecord = records.find((r) => r.authorId === WHO.uaSuggester.member.id)!;
    const ruRecord = records.find((r) => r.authorId === WHO.ruSuggester.member.id)!;
    expect(uaRecord).toMatchObject({ partyId: WHO.uaSuggester.party.id, kind: 'amended', clauseIds: ['c1'] });
    expect(ruRecord).toMatchObject({ partyId: WHO.ruSuggester.party.id, kind: 'amended', clauseIds: ['c1'] });
    expect(changeIds(ua.doc).sort()).toEqual([uaRecord.id, ruRecord.id].sort());
    const expected = proposal(
      clause('c1', p('Troop cap of ', del(uaRecord.id, '600,000'), ins(uaRecord.id, '800,000'), del(ruRecord.id, ' men'), ins(ruRecord.id, ' in peacetime'), '.')),
      clause('c2', p('NATO–Russia dialogue.')),
      clause('c3', p('Elections within 100 days.')),
    );
    // Yjs may spread one change's mark over the other's adjacent text; every reader reads it away (text-change.ts).
    expect(suggestedDoc(ua.doc, records).toJSON()).toEqual(expected.toJSON());
    // Nothing was written back: another exchange changes nothing, and both replicas read the same.
    const before = Y.encodeStateVector(y1);
    exchange(y1, y2);
    expect(Y.encodeStateVector(y1)).toEqual(before);
    expect(suggestedDoc(ru.doc, records).eq(expected)).toBe(true);
    expect(readSuggestedDoc(y1).eq(expected)).toBe(true);
    expect(readSuggestedDoc(y2).eq(expected)).toBe(true);
  });

  it('edits arriving from the other replica are rendered, never re-tracked', () => {
    const y1 = seeded(troops());
    const y2 = new Y.Doc();
    exchange(y1, y2);
    connect(y1, y2);
    const ua = replica(y1, WHO.uaSuggester);
    const ru = replica(y2, WHO.ruSuggester);
    ua.select(posAfter(ua.doc, 'Troop')).type('s');
    const [id] = changeIds(ua.doc);
    expect(changeIds(ru.doc)).toEqual([id]);
    expect(ru.doc.eq(ua.doc)).toBe(true);
    expect(readChanges(y2).map((r) => r.authorId)).toEqual([WHO.uaSuggester.member.id]);
  });

  it('a clause removal proposed on one replica shows struck through, number kept, on the other', () => {
    const y1 = seeded(troops());
    const y2 = new Y.Doc();
    exchange(y1, y2);
    connect(y1, y2);
    const ru = replica(y1, WHO.ruSuggester);
    const us = replica(y2, WHO.usDrafter);
    ru.run(removeClauseById('c2'));
    const [record] = readChanges(y2);
    expect(record).toMatchObject({ kind: 'removed', clauseIds: ['c2'], partyId: WHO.ruSuggester.party.id });
    const expected = proposal(clause('c1', p('Troop cap of 600,000 men.')), removedClause(record!.id, 'c2', p('NATO–Russia dialogue.')), clause('c3', p('Elections within 100 days.')));
    expect(us.doc.eq(expected)).toBe(true);
    expect(readSuggestedDoc(y2).eq(expected)).toBe(true);
    // y-prosemirror keeps no block marks: the bare content does not show the removal, the records do.
    expect(readProseMirrorDoc(y2).eq(troops())).toBe(true);
    // Typing elsewhere in the removed clause's neighbour re-renders it; the mark is projected again.
    ru.select(posAfter(ru.doc, 'NATO')).type('!');
    expect(listClauses(us.doc).map((c) => c.pendingRemoval)).toEqual([false, true, false]);
  });

  it('a lead decides clause removals in the editor; both replicas agree and the marks stay as decided', () => {
    const y1 = seeded(troops());
    const y2 = new Y.Doc();
    exchange(y1, y2);
    connect(y1, y2);
    const ru = replica(y1, WHO.ruSuggester);
    const lead = replica(y2, WHO.usLead);
    ru.run(removeClauseById('c2'));
    ru.run(removeClauseById('c3'));
    const removalOf = (clauseId: string): ChangeRecord => readChanges(y2).find((r) => r.clauseIds[0] === clauseId)!;
    const first = removalOf('c2');
    const second = removalOf('c3');
    expect(lead.run(rejectChange(first.id, readChanges(y2)))).toBe(true);
    expect(lead.run(acceptChange(second.id, readChanges(y2)))).toBe(true);
    const expected = proposal(clause('c1', p('Troop cap of 600,000 men.')), clause('c2', p('NATO–Russia dialogue.')));
    expect(lead.doc.eq(expected)).toBe(true);
    expect(ru.doc.eq(expected)).toBe(true);
    expect(readChange(y1, first.id)).toMatchObject({ status: 'rejected', decidedBy: WHO.usLead.member.id });
    expect(readChange(y1, second.id)).toMatchObject({ status: 'accepted', decidedBy: WHO.usLead.member.id });
  });

  it('undo takes back one’s own change and its record', () => {
    const y1 = seeded(troops());
    const ua = replica(y1, WHO.uaSuggester);
    ua.select(posAfter(ua.doc, 'Troop')).type('s');
    expect(readChanges(y1)).toHaveLength(1);
    expect(undo(ua.state)).toBe(true);
    expect(ua.doc.eq(troops())).toBe(true);
    expect(readChanges(y1)).toEqual([]);
  });
});

describe('decideInYDoc (headless, for the CLI)', () => {
  function triage(): Y.Doc {
    const ydoc = seeded(
      proposal(
        clause('c1', p('Troop cap of ', del('ua1', '600,000'), ins('ua1', '800,000'), ' men.')),
        clause('c2', p('NATO–Russia dialogue.')),
        clause('c3', p('Elections', ins('ru2', ' soon'), '.')),
      ),
    );
    const base = { rationale: 'r', status: 'proposed' as const, createdAt: '2025-11-20T10:00:00.000Z' };
    const records: ChangeRecord[] = [
      { ...base, id: 'ua1', kind: 'amended', partyId: WHO.uaSuggester.party.id, authorId: WHO.uaSuggester.member.id, clauseIds: ['c1'] },
      { ...base, id: 'ru1', kind: 'removed', partyId: WHO.ruSuggester.party.id, authorId: WHO.ruSuggester.member.id, clauseIds: ['c2'] },
      { ...base, id: 'ru2', kind: 'amended', partyId: WHO.ruSuggester.party.id, authorId: WHO.ruSuggester.member.id, clauseIds: ['c3'] },
    ];
    for (const r of records) writeChange(ydoc, r);
    return ydoc;
  }

  it('accepts one change: content written back, record decided', () => {
    const ydoc = triage();
    const result = decideInYDoc(ydoc, { changeId: 'ru1' }, 'accepted', WHO.usLead, { now: '2025-11-24T09:00:00.000Z' });
    expect(result).toEqual({ decided: ['ru1'], swept: [] });
    expect(readSuggestedDoc(ydoc).eq(proposal(clause('c1', p('Troop cap of ', del('ua1', '600,000'), ins('ua1', '800,000'), ' men.')), clause('c3', p('Elections', ins('ru2', ' soon'), '.'))))).toBe(true);
    expect(readChange(ydoc, 'ru1')).toMatchObject({ status: 'accepted', decidedBy: WHO.usLead.member.id, decidedAt: '2025-11-24T09:00:00.000Z' });
  });

  it('rejects a party’s changes in one go and an open editor on the same Y.Doc shows it', () => {
    const ydoc = triage();
    const view = replica(ydoc, WHO.usDrafter);
    const result = decideInYDoc(ydoc, { partyId: WHO.ruSuggester.party.id }, 'rejected', WHO.usLead);
    expect(result.decided.slice().sort()).toEqual(['ru1', 'ru2']);
    const expected = proposal(clause('c1', p('Troop cap of ', del('ua1', '600,000'), ins('ua1', '800,000'), ' men.')), clause('c2', p('NATO–Russia dialogue.')), clause('c3', p('Elections.')));
    expect(readSuggestedDoc(ydoc).eq(expected)).toBe(true);
    expect(view.doc.eq(expected)).toBe(true);
    expect(readChanges(ydoc).map((r) => [r.id, r.status])).toEqual([
      ['ru1', 'rejected'],
      ['ru2', 'rejected'],
      ['ua1', 'proposed'],
    ]);
  });

  it('accepting all from a Y.Doc round trip equals the builder’s clean text', () => {
    const ydoc = triage();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
    decideInYDoc(copy, { all: true }, 'accepted', WHO.usLead);
    const reread = new Y.Doc();
    Y.applyUpdate(reread, Y.encodeStateAsUpdate(copy));
    expect(readSuggestedDoc(reread).eq(proposal(clause('c1', p('Troop cap of 800,000 men.')), clause('c3', p('Elections soon.'))))).toBe(true);
    expect(readChanges(reread).every((r) => r.status === 'accepted')).toBe(true);
  });

  it('refuses non-leads, unknown and already decided changes, and writes nothing then', () => {
    const ydoc = triage();
    const before = Y.encodeStateAsUpdate(ydoc);
    expect(() => decideInYDoc(ydoc, { all: true }, 'accepted', WHO.uaSuggester)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => decideInYDoc(ydoc, { changeId: 'nope' }, 'accepted', WHO.usLead)).toThrow(expect.objectContaining({ code: 'unknown-change' }));
    expect(Y.encodeStateAsUpdate(ydoc)).toEqual(before);
    decideInYDoc(ydoc, { changeId: 'ua1' }, 'rejected', WHO.usLead);
    expect(() => decideInYDoc(ydoc, { changeId: 'ua1' }, 'accepted', WHO.usLead)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(decideInYDoc(ydoc, { partyId: 'p-nobody' }, 'accepted', WHO.usLead)).toEqual({ decided: [], swept: [] });
  });
});
