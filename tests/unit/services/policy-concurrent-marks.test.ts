/**
 * The mechanisms behind the offline-partition refusals (issue 7,
 * tests/unit/team/partition.test.ts), each reduced to two concurrent
 * updates made on replicas of the same state: the first is accepted, the
 * second is judged on the merged clause. Suggestion marks are Yjs formatting
 * ranges (`deletion--<hash>` start item … `null` end item), so text typed
 * concurrently inside someone's range takes their mark too, and two members
 * striking the same characters leave two deletion marks on them — which
 * `proposalSchema` forbids (its suggestion marks exclude each other).
 *
 * The `it.fails` cases are legitimate concurrent suggestion work that the
 * policy refuses today; they turn into plain `it` once it tells merge
 * effects from what the sender wrote. The plain cases pin the rule they
 * must not loosen.
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
import { PolicyArena } from './policy-harness';

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

  it.fails('two members striking overlapping original text concurrently are both accepted (today: "deletion,deletion" is not a shape Draftroom writes)', async () => {
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
  });

  it('refuses the same double strike today with the content-shape rule (the mechanism, seed 1 of the partition test)', async () => {
    const { alice, carol } = arena.people;
    const first = arena.edit(carolStrikes);
    const second = arena.edit((doc) =>
      doc.transact(() => {
        firstText(doc, 0).format(ARMY + 8, 7, { 'deletion--AAAAAAAA': { id: 'alice-del' } });
        writeChange(doc, record('alice-del', alice));
      }),
    );
    await arena.send(carol, first);
    expect(await arena.refused(alice, second)).toMatch(/Invalid collection of marks for node text: deletion,deletion/);
  });

  /** Alice (drafter: suggests too) types " large" inside "army", under her own insertion mark. */
  const aliceTypesInside = (doc: Y.Doc) =>
    doc.transact(() => {
      firstText(doc, 0).insert(ARMY + 2, ' large', { 'insertion--AAAAAAAA': { id: 'alice-ins' } });
      writeChange(doc, record('alice-ins', arena.people.alice));
    });

  it.fails('typing concurrently inside text another member strikes is accepted (today: the typed text takes the strike too)', async () => {
    const { alice, carol } = arena.people;
    const first = arena.edit(carolStrikes);
    const second = arena.edit(aliceTypesInside);
    await arena.send(carol, first);
    await arena.send(alice, second);
  });

  it('refuses it today: the merged characters carry an insertion and a deletion, and the strike covers text its author never saw', async () => {
    const { alice, carol } = arena.people;
    const first = arena.edit(carolStrikes);
    const second = arena.edit(aliceTypesInside);
    await arena.send(carol, first);
    expect(await arena.refused(alice, second)).toMatch(/deletion,insertion|insertion,deletion/);
    // The other order: the strike arrives second and its range covers Alice's typing (a merge effect, not Carol's act).
    const arena2 = await new PolicyArena().setUp();
    try {
      const strike = arena2.edit((doc) =>
        doc.transact(() => {
          firstText(doc, 0).format(ARMY, 15, { 'deletion--CCCCCCCC': { id: 'carol-del' } });
          writeChange(doc, record('carol-del', arena2.people.carol));
        }),
      );
      const typing = arena2.edit((doc) =>
        doc.transact(() => {
          firstText(doc, 0).insert(ARMY + 2, ' large', { 'insertion--AAAAAAAA': { id: 'alice-ins' } });
          writeChange(doc, record('alice-ins', arena2.people.alice));
        }),
      );
      await arena2.send(arena2.people.alice, typing);
      expect(await arena2.refused(arena2.people.carol, strike)).toMatch(/deletion,insertion|insertion,deletion|another member’s suggestion/);
    } finally {
      arena2.close();
    }
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

describe('why the content-shape rule must keep refusing overlapping suggestion marks', () => {
  it('a replica that receives a concurrent double strike repairs it in its editor (mark-conflicts) and writes that back with its next keystroke, dropping the other member’s mark', async () => {
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
      // Carol's editor resolves the two excluding marks at once (the neighbouring text is hers); y-prosemirror does
      // not write while it renders a remote change, so the repair goes out with Carol's next keystroke in the paragraph.
      expect(written).toBeNull();
      expect(view.state.doc.textContent).toContain('800,000');
      view.select(2).type('X');
      view.destroy();
      // Alice's change lost its only mark: an update the ownership rule refuses as Carol removing Alice's mark.
      expect(written).not.toBeNull();
      expect([struck('carol-del'), struck('alice-del')]).toEqual(['army of 800,000', '']);
    } finally {
      arena.close();
    }
  });
});
