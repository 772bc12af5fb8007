/**
 * The mechanisms behind the offline-partition merges (issue 7,
 * tests/unit/team/partition.test.ts), each reduced to two concurrent
 * updates made on replicas of the same state: the first is accepted, the
 * second is judged on the merged clause. Suggestion marks are Yjs formatting
 * ranges (`deletion--<hash>` start item … `null` end item), so text typed
 * concurrently inside someone's range takes their mark too, and two members
 * striking the same characters leave two deletion marks on them. Both are
 * accepted and read one way (`shared/suggest/text-change.ts`): several
 * deletions all strike the text; a deletion on an insertion does not count.
 * What stays refused: striking another member's insertion one had seen.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import { initProseMirrorDoc, ySyncPlugin } from 'y-prosemirror';
import { proposalSchema } from '../../../shared/schema/schema';
import { withSuggestionTracking } from '../../../shared/suggest/dispatch';
import { suggestionPlugins } from '../../../shared/suggest/plugins';
import { HeadlessView } from '../../../shared/editing/headless-view';
import type { ChangeRecord, Member } from '../../../shared/domain/types';
import { contentFragment, readChanges, writeChange } from '../../../shared/ydoc/layout';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { markChangeId } from '../../../shared/suggest/marks';
import { PolicyArena } from './policy-harness';
import { syncStep1Message } from '../../helpers/sync-messages';

/** The first paragraph's text of the clause at `index`. */
function firstText(doc: Y.Doc, index: number): Y.XmlText {
  const clause = contentFragment(doc).get(index) as Y.XmlElement;
  return (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function record(id: string, author: Member): ChangeRecord {
  return { id, kind: 'amended', partyId: author.partyId, authorId: author.id, createdAt: '2025-11-28T10:00:00.000Z', rationale: '', status: 'proposed', clauseIds: [] };
}

// 'Ukraine keeps an army of 800,000.': "army" is at 17..21, "800,000" at 25..32.
const ARMY = 17;

describe('concurrent tracked edits side by side (issue 7 partition mechanisms)', () => {
  let arena: PolicyArena;
  beforeEach(async () => {
    arena = await new PolicyArena().setUp();
  });
  afterEach(() => arena.close());

  /** Carol (suggester) strikes "army of 800,000" (y-prosemirror's per-change attribute). */
  const carolStrikes = (doc: Y.Doc) =>
    doc.transact(() => {
      firstText(doc, 0).format(ARMY, 15, { 'deletion--CCCCCCCC': { id: 'carol-del' } });
      writeChange(doc, record('carol-del', arena.people.carol));
    });

  it('two members striking overlapping original text concurrently are both accepted, and the text carries both strikes', async () => {
    const { alice, carol } = arena.people;
    const first = arena.edit(carolStrikes);
    const second = arena.edit((doc) =>
      doc.transact(() => {
        firstText(doc, 0).format(ARMY + 8, 7, { 'deletion--AAAAAAAA': { id: 'alice-del' } });
        writeChange(doc, record('alice-del', alice));
      }),
    );
    await arena.send(carol, first);
    await arena.send(alice, second);
    expect(struckBy(arena.mirror.doc)).toEqual({ 'carol-del': 'army of 800,000', 'alice-del': '800,000' });
    expect(arena.inMemory()).toEqual(arena.onDisk());
  });

  /** Alice (drafter: suggests too) types " large" inside "army", under her own insertion mark. */
  const aliceTypesInside = (doc: Y.Doc) =>
    doc.transact(() => {
      firstText(doc, 0).insert(ARMY + 2, ' large', { 'insertion--AAAAAAAA': { id: 'alice-ins' } });
      writeChange(doc, record('alice-ins', arena.people.alice));
    });

  it('typing concurrently inside text another member strikes is accepted: the typed text reads as the typist’s insertion, not struck', async () => {
    const { alice, carol } = arena.people;
    const first = arena.edit(carolStrikes);
    const second = arena.edit(aliceTypesInside);
    await arena.send(carol, first);
    await arena.send(alice, second);
    expect(insertedBy(arena.mirror.doc)).toEqual({ 'alice-ins': ' large' });
    expect(struckBy(arena.mirror.doc)).toEqual({ 'carol-del': 'army of 800,000' });
  });

  it('the other order: a strike made offline around text it never saw is accepted when it comes back as a replica does (step 1, then its work); the typing stays an insertion', async () => {
    const { alice, carol } = arena.people;
    const strike = arena.offlineEdit(carolStrikes);
    await arena.send(alice, arena.edit(aliceTypesInside));
    await arena.reconnect(carol, strike);
    expect(insertedBy(arena.mirror.doc)).toEqual({ 'alice-ins': ' large' });
    expect(struckBy(arena.mirror.doc)).toEqual({ 'carol-del': 'army of 800,000' });
  });

  it('a member who was sent the insertion cannot unsee it by declaring an older state vector', async () => {
    const { alice, carol } = arena.people;
    const before = Y.encodeStateVector(arena.mirror.doc);
    await arena.send(alice, arena.edit(aliceTypesInside));
    // Carol's app synced the document (Alice's typing in it) and closed it.
    const earlier = await arena.peer(carol);
    await earlier.session.syncDocument(arena.docId, syncStep1Message(new Uint8Array([0])));
    earlier.session.close();
    // She strikes around Alice's words and comes back declaring the state from before them.
    const strike = { ...arena.offlineEdit(carolStrikes), stateVector: before };
    await expect(arena.reconnect(carol, strike)).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/another member’s suggestion/) as unknown });
  });

  it('the same strike sent as a plain update (what the sender saw unknown) is taken as knowing, and refused', async () => {
    const { alice, carol } = arena.people;
    const strike = arena.edit(carolStrikes);
    await arena.send(alice, arena.edit(aliceTypesInside));
    expect(await arena.refused(carol, strike)).toMatch(/strikes text that change alice-ins proposes to insert, another member’s suggestion/);
  });

  it('still refuses a member who, knowing another member’s insertion, strikes it under their own change', async () => {
    const { alice, carol } = arena.people;
    await arena.send(carol, arena.edit(aliceTypesInsideAs(carol, 'carol-ins')));
    const strike = arena.edit((doc) =>
      doc.transact(() => {
        firstText(doc, 0).format(ARMY, 15, { 'deletion--AAAAAAAA': { id: 'alice-del' } });
        writeChange(doc, record('alice-del', alice));
      }),
    );
    expect(await arena.refused(alice, strike)).toMatch(/not in a shape Draftroom writes|another member’s suggestion/);
  });
});

/** Typing " large" inside "army" as `member` under change `id`. */
function aliceTypesInsideAs(member: Member, id: string): (doc: Y.Doc) => void {
  return (doc) =>
    doc.transact(() => {
      firstText(doc, 0).insert(ARMY + 2, ' large', { 'insertion--BBBBBBBB': { id } });
      writeChange(doc, record(id, member));
    });
}

describe('a replica that receives overlapping marks writes nothing back', () => {
  it('a replica that receives a concurrent double strike keeps both strikes in its editor; its next keystroke in the paragraph leaves the other member’s mark alone', async () => {
    const arena = await new PolicyArena().setUp();
    try {
      const { alice, carol, us } = arena.people;
      const base = Y.encodeStateAsUpdate(arena.mirror.doc);
      // Carol's replica, with her editor: she strikes "army of 800,000".
      const carols = new Y.Doc();
      Y.applyUpdate(carols, base);
      const fragment = contentFragment(carols);
      const { doc, mapping } = initProseMirrorDoc(fragment, proposalSchema);
      const state = EditorState.create({ schema: proposalSchema, doc, plugins: [ySyncPlugin(fragment, { mapping }), ...suggestionPlugins(readChanges(carols))] });
      const view = new HeadlessView(state, withSuggestionTracking({ identity: () => ({ member: carol, party: us }), ydoc: carols, generateId: (() => {
        const ids = ['carol-del', 'carol-ins'];
        return () => ids.shift() ?? 'carol-more';
      })() }));
      // Inside the clause (1) and its paragraph (2): text offset k is at k + 2.
      view.select(ARMY + 2, ARMY + 2 + 15).backspace();
      const struck = (key: string) =>
        (firstText(carols, 0).toDelta() as { insert: string; attributes?: Record<string, { id?: string }> }[])
          .filter((op) => Object.entries(op.attributes ?? {}).some(([k, v]) => k.startsWith('deletion') && v.id === key))
          .map((op) => op.insert)
          .join('');
      expect(struck('carol-del')).toBe('army of 800,000');
      // Meanwhile Alice, offline, struck "800,000" on her replica; her update arrives (a remote, untracked transaction).
      const alices = new Y.Doc();
      Y.applyUpdate(alices, base);
      const sv = Y.encodeStateVector(alices);
      alices.transact(() => {
        firstText(alices, 0).format(ARMY + 8, 7, { 'deletion--AAAAAAAA': { id: 'alice-del' } });
        writeChange(alices, record('alice-del', alice));
      });
      let written: Uint8Array | null = null;
      carols.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== 'remote') written = update;
      });
      Y.applyUpdate(carols, Y.encodeStateAsUpdate(alices, sv), 'remote');
      // Carol's editor shows both strikes and writes nothing while it renders the remote change.
      expect(written).toBeNull();
      const marks = new Set<string>();
      view.state.doc.descendants((node) => {
        for (const mark of node.marks) if (mark.type.name === 'deletion') marks.add(markChangeId(mark));
        return true;
      });
      expect([...marks].sort()).toEqual(['alice-del', 'carol-del']);
      view.select(2).type('X');
      view.destroy();
      // Her keystroke went out without touching Alice's strike.
      expect(written).not.toBeNull();
      expect([struck('carol-del'), struck('alice-del')]).toEqual(['army of 800,000', '800,000']);
      // Main takes both: Alice's strike, then Carol's work (her strike and her keystroke).
      await arena.send(alice, arena.raw(Y.encodeStateAsUpdate(alices, sv)));
      await arena.send(carol, arena.raw(Y.encodeStateAsUpdate(carols, Y.encodeStateVector(arena.mirror.doc))));
      expect(struckBy(arena.mirror.doc)).toEqual({ 'carol-del': 'army of 800,000', 'alice-del': '800,000' });
    } finally {
      arena.close();
    }
  });
});

/** The text each change strikes, as `readSuggestedDoc` reads it. */
function struckBy(doc: Y.Doc): Record<string, string> {
  return textBy(doc, 'deletion');
}

/** The text each change inserts, as `readSuggestedDoc` reads it. */
function insertedBy(doc: Y.Doc): Record<string, string> {
  return textBy(doc, 'insertion');
}

function textBy(doc: Y.Doc, kind: 'insertion' | 'deletion'): Record<string, string> {
  const out: Record<string, string> = {};
  readSuggestedDoc(doc).descendants((node) => {
    for (const mark of node.marks) if (mark.type.name === kind) out[markChangeId(mark)] = (out[markChangeId(mark)] ?? '') + (node.text ?? '');
    return true;
  });
  return out;
}
