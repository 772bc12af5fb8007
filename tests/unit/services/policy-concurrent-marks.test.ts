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
import type * as Y from 'yjs';
import type { ChangeRecord, Member } from '../../../shared/domain/types';
import { contentFragment, writeChange } from '../../../shared/ydoc/layout';
import { PolicyArena } from './policy-harness';

/** The first paragraph's text of the clause at `index`. */
function firstText(doc: Y.Doc, index: number): Y.XmlText {
  const clause = contentFragment(doc).get(index) as Y.XmlElement;
  return (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function record(id: string, author: Member): ChangeRecord {
  return { id, kind: 'amended', partyId: author.partyId, authorId: author.id, createdAt: '2025-11-28T10:00:00.000Z', rationale: '', status: 'proposed', clauseIds: [] };
}

// 'Ukraine keeps an army of 800,000.': "army" is at 16..20, "800,000" at 24..31.
const ARMY = 16;

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
