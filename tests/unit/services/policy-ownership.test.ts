import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { insertClause } from './harness';
import type { ChangeRecord, Member } from '../../../shared/domain/types';
import { changesMap, contentFragment, readChange, writeChange } from '../../../shared/ydoc/layout';
import { PolicyArena } from './policy-harness';

/** The first paragraph's text of the clause at `index`. */
function firstText(doc: Y.Doc, index: number): Y.XmlText {
  const clause = contentFragment(doc).get(index) as Y.XmlElement;
  return (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function record(id: string, author: Member, extra: Partial<ChangeRecord> = {}): ChangeRecord {
  return { id, kind: 'amended', partyId: author.partyId, authorId: author.id, createdAt: '2025-11-28T10:00:00.000Z', rationale: '', status: 'proposed', clauseIds: [], ...extra };
}

const ORIGINAL = 'Ukraine keeps an army of 800,000.';
const TYPED = ' Subject to a referendum.';

describe('pending suggestions are their author’s (issue 13, rule 2)', () => {
  let arena: PolicyArena;

  beforeEach(async () => {
    arena = await new PolicyArena().setUp();
    // Carol (suggester) proposes an insertion, with its record, in one update.
    await arena.send(
      arena.people.carol,
      arena.edit((doc) =>
        doc.transact(() => {
          firstText(doc, 0).insert(ORIGINAL.length, TYPED, { insertion: { id: 'carol-ins' } });
          writeChange(doc, record('carol-ins', arena.people.carol));
        }),
      ),
    );
  });
  afterEach(() => arena.close());

  const insideCarols = ORIGINAL.length + 1;

  it('refuses another member deleting, rewriting or typing inside it, or writing under its id', async () => {
    const { alice, bohdan } = arena.people;
    const ours = /change carol-ins is another member’s suggestion; only its author edits it/;
    expect(await arena.refused(alice, arena.edit((doc) => firstText(doc, 0).delete(insideCarols, 8)))).toMatch(ours);
    expect(await arena.refused(alice, arena.edit((doc) => firstText(doc, 0).insert(insideCarols, 'not ', { insertion: { id: 'carol-ins' } })))).toMatch(ours);
    // Original text marked as deleted under Carol's change id: it would show as Carol's proposal.
    expect(await arena.refused(alice, arena.edit((doc) => firstText(doc, 0).format(0, 7, { deletion: { id: 'carol-ins' } })))).toMatch(ours);
    // Even a lead edits inside it only by deciding it.
    expect(await arena.refused(bohdan, arena.edit((doc) => firstText(doc, 0).delete(insideCarols, 8)))).toMatch(ours);
  });

  it('refuses removing its mark without a decision (an acceptance nobody recorded), and lets a lead’s decision remove it', async () => {
    const { alice, bohdan } = arena.people;
    const unmark = (doc: Y.Doc) => firstText(doc, 0).format(ORIGINAL.length, TYPED.length, { insertion: null });
    expect(await arena.refused(alice, arena.edit(unmark))).toMatch(/only a lead’s decision removes its marks/);
    expect(await arena.refused(bohdan, arena.edit(unmark))).toMatch(/only a lead’s decision removes its marks/);
    await arena.send(
      bohdan,
      arena.edit((doc) =>
        doc.transact(() => {
          unmark(doc);
          writeChange(doc, { id: 'carol-ins', status: 'accepted', decidedBy: bohdan.id, decidedAt: '2025-11-28T11:00:00.000Z' });
        }),
      ),
    );
    expect(readChange(arena.mirror.doc, 'carol-ins')?.status).toBe('accepted');
    expect(arena.onDisk()).toEqual(arena.inMemory());
  });

  it('lets the author edit inside it and withdraw it', async () => {
    const { carol } = arena.people;
    await arena.send(carol, arena.edit((doc) => firstText(doc, 0).delete(insideCarols, 8)));
    await arena.send(
      carol,
      arena.edit((doc) =>
        doc.transact(() => {
          firstText(doc, 0).delete(ORIGINAL.length, TYPED.length - 8);
          changesMap(doc).delete('carol-ins');
        }),
      ),
    );
    expect(firstText(arena.mirror.doc, 0).toString()).toBe(ORIGINAL);
    expect(arena.onDisk()).toEqual(arena.inMemory());
  });

  it('refuses marks under a change id with no record, unless the record comes in the same update (a lead may only clear such marks)', async () => {
    const { alice, bohdan, carol } = arena.people;
    const noRecord = /text is marked as change ghost, which has no change record/;
    // New text, or original text struck, under an id nobody answers for: from anyone.
    expect(await arena.refused(carol, arena.edit((doc) => firstText(doc, 1).insert(0, 'Free ', { insertion: { id: 'ghost' } })))).toMatch(noRecord);
    expect(await arena.refused(alice, arena.edit((doc) => firstText(doc, 1).format(0, 9, { deletion: { id: 'ghost' } })))).toMatch(noRecord);
    expect(await arena.refused(bohdan, arena.edit((doc) => firstText(doc, 1).insert(0, 'Free ', { insertion: { id: 'ghost' } })))).toMatch(noRecord);
    // Someone else's record in the same update does not help.
    expect(
      await arena.refused(alice, arena.edit((doc) =>
        doc.transact(() => {
          firstText(doc, 1).insert(0, 'Free ', { insertion: { id: 'ghost' } });
          writeChange(doc, record('ghost', carol));
        }),
      )),
    ).toMatch(/change ghost: a new change record must be in the sender's own name|another member’s suggestion/);
    // The sender's own record in the same update: accepted.
    await arena.send(
      alice,
      arena.edit((doc) =>
        doc.transact(() => {
          firstText(doc, 1).insert(0, 'Free ', { insertion: { id: 'alice-free' } });
          writeChange(doc, record('alice-free', alice));
        }),
      ),
    );
    expect(firstText(arena.mirror.doc, 1).toString()).toContain('Free');
    expect(arena.onDisk()).toEqual(arena.inMemory());
  });

  it('refuses a withdrawal that leaves its marks behind, also in a clause the update does not touch', async () => {
    const { carol } = arena.people;
    const left = /change carol-ins was withdrawn, but (clause \S+ still carries its marks|text still carries its marks)/;
    expect(await arena.refused(carol, arena.edit((doc) => changesMap(doc).delete('carol-ins')))).toMatch(left);
    expect(
      await arena.refused(carol, arena.edit((doc) =>
        doc.transact(() => {
          firstText(doc, 0).delete(insideCarols, 8);
          changesMap(doc).delete('carol-ins');
        }),
      )),
    ).toMatch(left);
    expect(readChange(arena.mirror.doc, 'carol-ins')?.authorId).toBe(carol.id);
  });

  describe('a proposed clause (its text unmarked: the record makes it a proposal) is its author’s too', () => {
    const PROPOSED = 'Sanctions are lifted in stages.';
    const proposedText = (doc: Y.Doc) => ((contentFragment(doc).get(2) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    beforeEach(async () => {
      const { alice } = arena.people;
      await arena.send(
        alice,
        arena.edit((doc) =>
          doc.transact(() => {
            insertClause(doc, 2, 'c-alice', PROPOSED);
            writeChange(doc, record('alice-add', alice, { kind: 'added', clauseIds: ['c-alice'] }));
          }),
        ),
      );
    });

    it('refuses removing it or editing its words, from anyone but its author, even a lead without a decision', async () => {
      const { bohdan, carol } = arena.people;
      const theirs = /clause c-alice is another member’s proposed clause; only its author edits or withdraws it/;
      expect(await arena.refused(carol, arena.edit((doc) => contentFragment(doc).delete(2, 1)))).toMatch(theirs);
      expect(await arena.refused(bohdan, arena.edit((doc) => contentFragment(doc).delete(2, 1)))).toMatch(theirs);
      expect(await arena.refused(carol, arena.edit((doc) => proposedText(doc).insert(0, 'No ')))).toMatch(theirs);
      expect(await arena.refused(carol, arena.edit((doc) => proposedText(doc).delete(0, 10)))).toMatch(theirs);
      expect(await arena.refused(bohdan, arena.edit((doc) => proposedText(doc).delete(0, 10)))).toMatch(theirs);
      expect(arena.onDisk()).toEqual(arena.inMemory());
    });

    it('lets others suggest inside it, its author edit it, and a lead reject it', async () => {
      const { alice, bohdan, carol } = arena.people;
      await arena.send(
        carol,
        arena.edit((doc) =>
          doc.transact(() => {
            proposedText(doc).insert(0, 'All ', { insertion: { id: 'carol-in-alices' } });
            writeChange(doc, record('carol-in-alices', carol));
          }),
        ),
      );
      await arena.send(alice, arena.edit((doc) => proposedText(doc).insert(proposedText(doc).length, ' Soon.')));
      await arena.send(
        bohdan,
        arena.edit((doc) =>
          doc.transact(() => {
            contentFragment(doc).delete(2, 1);
            for (const id of ['alice-add', 'carol-in-alices']) writeChange(doc, { id, status: 'rejected', decidedBy: bohdan.id, decidedAt: '2025-11-28T11:00:00.000Z' });
          }),
        ),
      );
      expect(contentFragment(arena.mirror.doc).length).toBe(2);
      expect(readChange(arena.mirror.doc, 'alice-add')?.status).toBe('rejected');
      expect(arena.onDisk()).toEqual(arena.inMemory());
    });
  });
});
