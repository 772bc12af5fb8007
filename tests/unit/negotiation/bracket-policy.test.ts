import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import { addAlternativeInYDoc, closeBracketInYDoc, openBracketInYDoc } from '../../../shared/negotiation/bracket-ops';
import { alternativesMap, bracketsMap, readAlternativeRecords, readBracketRecords, writeRecordFields } from '../../../shared/negotiation/bracket-records';
import { bracketCounts, bracketViews } from '../../../shared/negotiation/bracket-view';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { readChanges, writeChange } from '../../../shared/ydoc/layout';
import { PolicyArena } from '../services/policy-harness';


/** Where "800,000" is in the first clause (clause 1 > paragraph 1 > text). */
function rangeOf(doc: Y.Doc, words: string): { from: number; to: number } {
  const pm = readSuggestedDoc(doc);
  let found: { from: number; to: number } | null = null;
  pm.descendants((node, pos) => {
    const at = node.isText ? (node.text ?? '').indexOf(words) : -1;
    if (at >= 0 && !found) found = { from: pos + at, to: pos + at + words.length };
    return true;
  });
  if (!found) throw new Error(`no "${words}"`);
  return found;
}

/** The formatting attributes of the character at `index` of a Y.XmlText. */
function attributesAt(text: Y.XmlText, index: number): Record<string, unknown> {
  let offset = 0;
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    if (index < offset + length) return op.attributes ?? {};
    offset += length;
  }
  return {};
}

describe('brackets under the update policy (main and the team server)', () => {
  let arena: PolicyArena;
  let who: (member: Member) => Identity;

  beforeEach(async () => {
    arena = await new PolicyArena().setUp();
    const parties = new Map<string, Party>([arena.people.us, arena.people.ua].map((p) => [p.id, p]));
    who = (member) => ({ member, party: parties.get(member.partyId)! });
  });
  afterEach(() => arena.close());

  /** Carol (US suggester) brackets "800,000" as Ukraine's wording and proposes "600,000". */
  async function carolBrackets(): Promise<{ bracketId: string; altIds: readonly string[] }> {
    let opened: { bracketId: string; altIds: readonly string[] } | null = null;
    await arena.send(
      arena.people.carol,
      arena.edit((doc) => {
        opened = openBracketInYDoc(doc, who(arena.people.carol), {
          ...rangeOf(doc, '800,000'),
          existingPartyId: arena.people.ua.id,
          alternatives: [{ text: '600,000', rationale: 'The figure of the first draft.' }],
        });
      }),
    );
    return opened!;
  }

  it('stores a suggester’s bracket: her alternative’s words carry no suggestion mark; its record (party, member, rationale) is the proposal', async () => {
    const { bracketId, altIds } = await carolBrackets();
    const doc = arena.mirror.doc;
    const [bracket] = readBracketRecords(doc);
    expect(bracket).toMatchObject({ id: bracketId, openedBy: arena.people.carol.id, partyId: arena.people.us.id, status: 'open' });
    const alts = readAlternativeRecords(doc).sort((a, b) => Number(b.existing) - Number(a.existing));
    expect(alts.map((a) => [a.id, a.partyId, a.existing, a.rationale])).toEqual([
      [altIds[0], arena.people.ua.id, true, ''],
      [altIds[1], arena.people.us.id, false, 'The figure of the first draft.'],
    ]);
    expect(readChanges(doc)).toEqual([]);
    const views = bracketViews(readSuggestedDoc(doc), readBracketRecords(doc), alts);
    expect(views.map((v) => v.alternativeViews.map((a) => a.text))).toEqual([['800,000', '600,000']]);
    expect(bracketCounts(views)).toMatchObject({ brackets: 1, alternatives: 2 });
    expect(arena.inMemory()).toEqual(arena.onDisk());
  });

  it('lets another party add its alternative and a lead close the bracket: the chosen words’ suggestions accepted, the others’ rejected, every alternative kept in the closure', async () => {
    const { bracketId, altIds } = await carolBrackets();
    const { alice, bohdan } = arena.people;
    let third = '';
    await arena.send(bohdan, arena.edit((doc) => (third = addAlternativeInYDoc(doc, who(bohdan), { bracketId, alternative: { text: '700,000', rationale: 'Middle ground.' } }))));
    // Alice (U.S.) suggests, tracked, inside Ukraine's new alternative and inside Carol's.
    const insertInside = (words: string, typed: string, id: string) =>
      arena.edit((doc) =>
        doc.transact(() => {
          const text = ((doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
          const at = text.toString().replace(/<[^>]*>/g, '').indexOf(words) + words.length;
          // As the editor types (its marks are inclusive): under the marks of the character before, plus the insertion.
          text.insert(at, typed, { ...attributesAt(text, at - 1), insertion: { id } });
          writeChange(doc, { id, kind: 'amended', partyId: alice.partyId, authorId: alice.id, createdAt: '2025-12-01T10:00:00.000Z', rationale: 'x', status: 'proposed', clauseIds: ['c'] });
        }),
      );
    await arena.send(alice, insertInside('600,000', ' troops', 'alice-in-600'));
    await arena.send(alice, insertInside('700,000', ' men', 'alice-in-700'));
    expect(readChanges(arena.mirror.doc).map((c) => c.id).sort()).toEqual(['alice-in-600', 'alice-in-700']);
    await arena.send(bohdan, arena.edit((doc) => closeBracketInYDoc(doc, who(bohdan), { bracketId, choice: { altId: altIds[1]! } })));
    const doc = arena.mirror.doc;
    const [bracket] = readBracketRecords(doc);
    expect(bracket?.status).toBe('closed');
    expect(bracket?.closure).toMatchObject({ by: bohdan.id, chosenAltId: altIds[1], text: '600,000 troops' });
    expect(bracket?.closure?.alternatives.map((a) => a.text)).toEqual(['800,000', '600,000 troops', '700,000 men']);
    expect(third).not.toBe('');
    expect(readSuggestedDoc(doc).child(0).textContent).toBe('Ukraine keeps an army of 600,000 troops.');
    expect(Object.fromEntries(readChanges(doc).map((c) => [c.id, [c.status, c.decidedBy]]))).toEqual({
      'alice-in-600': ['accepted', bohdan.id],
      'alice-in-700': ['rejected', bohdan.id],
    });
    expect(bracketCounts(bracketViews(readSuggestedDoc(doc), readBracketRecords(doc), readAlternativeRecords(doc))).brackets).toBe(0);
    expect(arena.inMemory()).toEqual(arena.onDisk());
  });

  it('refuses a close by anyone but a lead, a reopening, and a second closure', async () => {
    const { bracketId, altIds } = await carolBrackets();
    const { alice, bohdan } = arena.people;
    const closure = (by: Member) => ({ by: by.id, at: '2025-12-01T10:00:00.000Z', chosenAltId: altIds[0]!, text: '800,000', alternatives: [] });
    expect(await arena.refused(alice, arena.edit((doc) => writeRecordFields(bracketsMap(doc), { id: bracketId, status: 'closed', closure: closure(alice) })))).toMatch(
      /only a lead may close a bracket/,
    );
    expect(await arena.refused(bohdan, arena.edit((doc) => writeRecordFields(bracketsMap(doc), { id: bracketId, status: 'closed', closure: closure(alice) })))).toMatch(
      /closer’s own name/,
    );
    await arena.send(bohdan, arena.edit((doc) => closeBracketInYDoc(doc, who(bohdan), { bracketId, choice: { text: 'a number agreed later' } })));
    expect(readSuggestedDoc(arena.mirror.doc).child(0).textContent).toBe('Ukraine keeps an army of a number agreed later.');
    expect(await arena.refused(bohdan, arena.edit((doc) => writeRecordFields(bracketsMap(doc), { id: bracketId, closure: closure(bohdan) })))).toMatch(/stays closed/);
    expect(await arena.refused(bohdan, arena.edit((doc) => bracketsMap(doc).delete(bracketId)))).toMatch(/cannot be deleted/);
  });

  it('refuses alternatives and brackets in another’s name or party, rationale edits by another party, and untracked alternative words from a suggester', async () => {
    const { bracketId, altIds } = await carolBrackets();
    const { alice, bohdan, carol, ua, us } = arena.people;
    const alt = (partyId: string, proposedBy: string) => ({
      id: 'alt-x',
      bracketId,
      partyId,
      proposedBy,
      createdAt: '2025-12-01T10:00:00.000Z',
      rationale: '',
      existing: false,
    });
    expect(await arena.refused(alice, arena.edit((doc) => writeRecordFields(alternativesMap(doc), alt(ua.id, alice.id))))).toMatch(/sender's own party/);
    expect(await arena.refused(alice, arena.edit((doc) => writeRecordFields(alternativesMap(doc), alt(us.id, carol.id))))).toMatch(/sender's own name/);
    expect(await arena.refused(alice, arena.edit((doc) => writeRecordFields(alternativesMap(doc), { ...alt(us.id, alice.id), existing: true })))).toMatch(
      /only the member opening a bracket/,
    );
    expect(
      await arena.refused(alice, arena.edit((doc) => writeRecordFields(bracketsMap(doc), { id: 'b-x', clauseId: 'c', openedBy: carol.id, partyId: us.id, openedAt: '2025-12-01T10:00:00.000Z', status: 'open' }))),
    ).toMatch(/own name/);
    // Alt 1 is Ukraine's: a U.S. member may not rewrite its rationale; a Ukrainian may.
    expect(await arena.refused(alice, arena.edit((doc) => writeRecordFields(alternativesMap(doc), { id: altIds[0]!, rationale: 'Ours now.' })))).toMatch(/proposing party/);
    await arena.send(bohdan, arena.edit((doc) => writeRecordFields(alternativesMap(doc), { id: altIds[0]!, rationale: 'What the army needs.' })));
    expect(readAlternativeRecords(arena.mirror.doc).find((a) => a.id === altIds[0])?.rationale).toBe('What the army needs.');
  });

  it('lets only the alternative’s party change its words outright; others suggest (tracked), and the bracketed words stay original text', async () => {
    const { bracketId, altIds } = await carolBrackets();
    const { alice, bohdan } = arena.people;
    let uaAlt = '';
    await arena.send(bohdan, arena.edit((doc) => (uaAlt = addAlternativeInYDoc(doc, who(bohdan), { bracketId, alternative: { text: '750,000', rationale: '' } }))));
    const textOf = (doc: Y.Doc) => ((doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const plain = (doc: Y.Doc) => textOf(doc).toString().replace(/<[^>]*>/g, '');
    const after = (doc: Y.Doc, words: string) => plain(doc).indexOf(words) + words.length;
    // Alice (U.S. drafter) rewrites Ukraine's alternative outright: refused; Carol's (her own party's): stored.
    expect(await arena.refused(alice, arena.edit((doc) => textOf(doc).delete(after(doc, '750,000') - 3, 3)))).toMatch(
      new RegExp(`another party’s alternative only as tracked suggestions \\(alternative ${uaAlt}\\)`),
    );
    await arena.send(alice, arena.edit((doc) => textOf(doc).delete(after(doc, '600,000') - 3, 3)));
    expect(plain(arena.mirror.doc)).toContain('600,');
    // Typing into Ukraine's alternative as a tracked insertion (with its record) is a suggestion like any other.
    await arena.send(
      alice,
      arena.edit((doc) =>
        doc.transact(() => {
          textOf(doc).insert(after(doc, '750,000'), ' at most', { insertion: { id: 'alice-typed' } });
          writeChange(doc, { id: 'alice-typed', kind: 'amended', partyId: alice.partyId, authorId: alice.id, createdAt: '2025-12-01T10:00:00.000Z', rationale: '', status: 'proposed', clauseIds: ['c'] });
        }),
      ),
    );
    // The bracketed words (Alt 1, Ukraine's wording that was in the text) are original text: deleting them outright is refused.
    expect(await arena.refused(alice, arena.edit((doc) => textOf(doc).delete(after(doc, '800,000') - 3, 3)))).toMatch(/only as tracked suggestions/);
    // Words under an alternative mark with no record of a proposed alternative are original text too.
    expect(
      await arena.refused(alice, arena.edit((doc) => textOf(doc).insert(0, 'Forged ', { alternative: { bracket: bracketId, alt: 'no-such-alt' } }))),
    ).toMatch(/only as tracked suggestions/);
    void altIds;
  });

  it('refuses a malformed alternative mark (missing its ids)', async () => {
    const { bohdan } = arena.people;
    const reason = await arena.refused(
      bohdan,
      arena.edit((doc) => {
        const clause = doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
        const text = (clause.get(0) as Y.XmlElement).get(0) as Y.XmlText;
        text.format(0, 7, { alternative: { bracket: '' } });
      }),
    );
    expect(reason).toMatch(/alternative/);
  });
});
