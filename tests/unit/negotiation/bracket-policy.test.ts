import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import { addAlternativeInYDoc, closeBracketInYDoc, openBracketInYDoc } from '../../../shared/negotiation/bracket-ops';
import { alternativesMap, bracketsMap, readAlternativeRecords, readBracketRecords, writeRecordFields } from '../../../shared/negotiation/bracket-records';
import { bracketCounts, bracketViews } from '../../../shared/negotiation/bracket-view';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { readChanges } from '../../../shared/ydoc/layout';
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
          tracked: true,
        });
      }),
    );
    return opened!;
  }

  it('stores a suggester’s bracket: her alternative is a tracked insertion of her party with its rationale', async () => {
    const { bracketId, altIds } = await carolBrackets();
    const doc = arena.mirror.doc;
    const [bracket] = readBracketRecords(doc);
    expect(bracket).toMatchObject({ id: bracketId, openedBy: arena.people.carol.id, partyId: arena.people.us.id, status: 'open' });
    const alts = readAlternativeRecords(doc).sort((a, b) => Number(b.existing) - Number(a.existing));
    expect(alts.map((a) => [a.id, a.partyId, a.existing])).toEqual([
      [altIds[0], arena.people.ua.id, true],
      [altIds[1], arena.people.us.id, false],
    ]);
    const change = readChanges(doc).find((c) => c.id === alts[1]!.changeId);
    expect(change).toMatchObject({ authorId: arena.people.carol.id, status: 'proposed', rationale: 'The figure of the first draft.' });
    const views = bracketViews(readSuggestedDoc(doc), readBracketRecords(doc), alts);
    expect(views.map((v) => v.alternativeViews.map((a) => a.text))).toEqual([['800,000', '600,000']]);
    expect(bracketCounts(views)).toMatchObject({ brackets: 1, alternatives: 2 });
    expect(arena.inMemory()).toEqual(arena.onDisk());
  });

  it('lets another party add its alternative and a lead close the bracket; the closure keeps every alternative', async () => {
    const { bracketId, altIds } = await carolBrackets();
    const lead = arena.people.bohdan;
    let third = '';
    await arena.send(lead, arena.edit((doc) => (third = addAlternativeInYDoc(doc, who(lead), { bracketId, alternative: { text: '700,000', rationale: 'Middle ground.' }, tracked: true }))));
    await arena.send(lead, arena.edit((doc) => closeBracketInYDoc(doc, who(lead), { bracketId, choice: { altId: altIds[1]! } })));
    const doc = arena.mirror.doc;
    const [bracket] = readBracketRecords(doc);
    expect(bracket?.status).toBe('closed');
    expect(bracket?.closure).toMatchObject({ by: lead.id, chosenAltId: altIds[1], text: '600,000' });
    expect(bracket?.closure?.alternatives.map((a) => a.text)).toEqual(['800,000', '600,000', '700,000']);
    expect(third).not.toBe('');
    // The chosen words stay, unmarked; the others are gone; Carol's insertion is accepted, the lead's own rejected.
    const text = readSuggestedDoc(doc).child(0).textContent;
    expect(text).toBe('Ukraine keeps an army of 600,000.');
    const statuses = readChanges(doc).map((c) => c.status).sort();
    expect(statuses).toEqual(['accepted', 'rejected']);
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
    // A suggester's client that inserts an alternative untracked (as if it were a lead's) is refused by the tracked-text rule.
    const posing: Identity = { member: { ...carol, role: 'lead' }, party: us };
    expect(
      await arena.refused(carol, arena.edit((doc) => addAlternativeInYDoc(doc, posing, { bracketId, alternative: { text: '900,000', rationale: '' }, tracked: false }))),
    ).toMatch(/untracked|suggestion|tracked/i);
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
