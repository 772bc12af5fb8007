import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import { filterPositions, positionMatrix } from '../../../shared/negotiation/position-matrix';
import { positionKey } from '../../../shared/negotiation/position-schema';
import { positionsCsv, positionsMarkdown } from '../../../shared/negotiation/position-table';
import { positionsMap, readPositions, recordPosition } from '../../../shared/negotiation/positions';
import { writeEntryFields } from '../../../shared/negotiation/bracket-records';
import { readSuggestedDoc } from '../../../shared/suggest/suggested-doc';
import { contentFragment, writeChange } from '../../../shared/ydoc/layout';
import { PolicyArena } from '../services/policy-harness';

describe('party positions under the update policy', () => {
  let arena: PolicyArena;
  let who: (member: Member) => Identity;
  let parties: Party[];
  beforeEach(async () => {
    arena = await new PolicyArena().setUp();
    parties = [arena.people.us, arena.people.ua];
    const byId = new Map(parties.map((p) => [p.id, p]));
    who = (member) => ({ member, party: byId.get(member.partyId)! });
  });
  afterEach(() => arena.close());

  const clauseIdAt = (doc: Y.Doc, index: number) => String((contentFragment(doc).get(index) as Y.XmlElement).getAttribute('id'));
  const record = (member: Member, index: number, stance: 'agreed' | 'can-accept' | 'reserves' | 'rejects', note = '') =>
    arena.edit((doc) => recordPosition(doc, readSuggestedDoc(doc), who(member), { clauseId: clauseIdAt(doc, index), stance, note }));

  it('stores a member’s position for their own party, and refuses one for another party, in another’s name, deleted or malformed', async () => {
    const { alice, bohdan, carol, ua, us } = arena.people;
    await arena.send(alice, record(alice, 0, 'agreed'));
    await arena.send(bohdan, record(bohdan, 0, 'reserves', 'Only with a referendum.'));
    const doc = arena.mirror.doc;
    expect(readPositions(doc).map((p) => [p.partyId, p.stance, p.recordedBy]).sort()).toEqual(
      [
        [us.id, 'agreed', alice.id],
        [ua.id, 'reserves', bohdan.id],
      ].sort(),
    );
    const clause = clauseIdAt(doc, 0);
    const forged = { clauseId: clause, partyId: ua.id, stance: 'rejects', note: '', recordedBy: alice.id, recordedAt: '2025-12-01T10:00:00.000Z', textHash: '00000000' };
    // Alice is with the United States: Ukraine's position is Ukraine's to record, even by a U.S. member who claims to be Ukrainian.
    expect(await arena.refused(alice, arena.edit((d) => writeEntryFields(positionsMap(d), positionKey(clause, ua.id), forged)))).toMatch(
      /only a member of a party records its position; Alice Drafter is with United States/,
    );
    expect(await arena.refused(alice, arena.edit((d) => writeEntryFields(positionsMap(d), positionKey(clause, us.id), { ...forged, partyId: us.id, recordedBy: carol.id })))).toMatch(
      /own name/,
    );
    expect(await arena.refused(alice, arena.edit((d) => positionsMap(d).delete(positionKey(clause, us.id))))).toMatch(/cannot be deleted/);
    expect(await arena.refused(alice, arena.edit((d) => writeEntryFields(positionsMap(d), positionKey(clause, us.id), { stance: 'maybe' })))).toMatch(/malformed position/);
    expect(await arena.refused(alice, arena.edit((d) => writeEntryFields(positionsMap(d), positionKey('other', us.id), { ...forged, partyId: us.id, recordedBy: alice.id })))).toMatch(
      /another clause or party/,
    );
    // Carol (same party) replaces the U.S. position: one position per party and clause, the latest.
    await arena.send(carol, record(carol, 0, 'can-accept'));
    expect(readPositions(arena.mirror.doc).find((p) => p.partyId === us.id)).toMatchObject({ stance: 'can-accept', recordedBy: carol.id });
    expect(arena.inMemory()).toEqual(arena.onDisk());
  });

  it('shows a position as stale once the clause’s text changes (a tracked suggestion too), and current again once recorded anew', async () => {
    const { alice, bohdan, carol } = arena.people;
    await arena.send(alice, record(alice, 0, 'agreed'));
    await arena.send(alice, record(alice, 1, 'agreed'));
    await arena.send(bohdan, record(bohdan, 0, 'agreed'));
    const matrix = () => positionMatrix(readSuggestedDoc(arena.mirror.doc), readPositions(arena.mirror.doc), parties);
    expect(matrix().map((r) => r.cells.map((c) => c.stale))).toEqual([
      [false, false],
      [false, false],
    ]);
    expect(filterPositions(matrix(), { kind: 'agreed-by-all' }).map((r) => r.point)).toEqual([1]);
    // Carol proposes words in the first clause: both positions on it are stale, the second clause's is not.
    await arena.send(
      carol,
      arena.edit((doc) =>
        doc.transact(() => {
          const text = ((contentFragment(doc).get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
          text.insert(text.length, ' Subject to a referendum.', { insertion: { id: 'carol-ref' } });
          writeChange(doc, { id: 'carol-ref', kind: 'amended', partyId: carol.partyId, authorId: carol.id, createdAt: '2025-12-01T10:00:00.000Z', rationale: '', status: 'proposed', clauseIds: [clauseIdAt(doc, 0)] });
        }),
      ),
    );
    expect(matrix().map((r) => r.cells.map((c) => c.stale))).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(filterPositions(matrix(), { kind: 'agreed-by-all' })).toEqual([]);
    expect(filterPositions(matrix(), { kind: 'stale' }).map((r) => r.point)).toEqual([1]);
    await arena.send(bohdan, record(bohdan, 0, 'rejects', 'No referendum clause.'));
    expect(matrix()[0]!.cells.map((c) => [c.stance, c.stale])).toEqual([
      ['agreed', true],
      ['rejects', false],
    ]);
    expect(filterPositions(matrix(), { kind: 'party-stance', partyId: arena.people.ua.id, stance: 'rejects' }).map((r) => r.point)).toEqual([1]);
    expect(positionsMarkdown(matrix(), parties)).toContain('| 1 |  | Agreed (stale) | Rejects |');
    const csv = positionsCsv(matrix(), parties).split('\r\n');
    expect(csv[0]).toBe('point,clause_id,clause,party,position,stale,note,recorded_by,recorded_at');
    expect(csv.find((l) => l.includes('Ukraine'))).toContain(',rejects,false,No referendum clause.,');
  });
});
