import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Identity, Member, Party } from '../../../shared/domain/types';
import { writeRecordFields } from '../../../shared/negotiation/bracket-records';
import type { PositionRow } from '../../../shared/negotiation/position-matrix';
import { clauseAgreements, packagesMap, packageStatuses, readPackages, writePackage } from '../../../shared/negotiation/packages';
import type { PackageRecord } from '../../../shared/negotiation/package-schema';
import { contentFragment } from '../../../shared/ydoc/layout';
import { PolicyArena } from '../services/policy-harness';

/** A matrix row for clause `id`, agreed by all or not. */
function row(id: string, point: number, agreedByAll: boolean): PositionRow {
  return { clauseId: id, point, heading: id, cells: [], agreedByAll };
}

function pkg(id: string, clauseIds: string[]): PackageRecord {
  return { id, name: id, clauseIds, createdBy: 'm', partyId: 'p', createdAt: '2025-12-29T19:00:00.000Z' };
}

describe('package agreement: nothing is agreed until everything is agreed', () => {
  const rows = [row('a', 1, true), row('b', 2, true), row('c', 3, false), row('d', 4, true), row('e', 5, true)];

  it('agrees a package only when every clause of it is agreed by every party, and holds its agreed clauses until then', () => {
    const statuses = packageStatuses([pkg('open', ['a', 'c']), pkg('done', ['d', 'e'])], rows);
    expect(statuses.map((s) => [s.name, s.agreed, s.clauses.map((c) => c.point)])).toEqual([
      ['open', false, [1, 3]],
      ['done', true, [4, 5]],
    ]);
    const agreements = clauseAgreements(rows, statuses);
    expect(Object.fromEntries([...agreements].map(([id, a]) => [id, [a.agreed, a.heldBy]]))).toEqual({
      a: [false, ['open']], // agreed by all on its own, held by the package
      b: [true, []], // in no package
      c: [false, []], // not agreed by all anyway
      d: [true, []],
      e: [true, []],
    });
  });

  it('holds a clause in two packages until both are agreed; a package naming a clause the document lost is not agreed', () => {
    const statuses = packageStatuses([pkg('p1', ['a', 'b']), pkg('p2', ['a', 'c']), pkg('gone', ['d', 'zzz'])], rows);
    expect(statuses.map((s) => s.agreed)).toEqual([true, false, false]);
    const agreements = clauseAgreements(rows, statuses);
    expect(agreements.get('a')).toEqual({ packages: ['p1', 'p2'], heldBy: ['p2'], agreed: false });
    expect(agreements.get('b')?.agreed).toBe(true);
    expect(agreements.get('d')?.heldBy).toEqual(['gone']);
  });
});

describe('packages under the update policy', () => {
  let arena: PolicyArena;
  let who: (member: Member) => Identity;
  beforeEach(async () => {
    arena = await new PolicyArena().setUp();
    const parties = new Map<string, Party>([arena.people.us, arena.people.ua].map((p) => [p.id, p]));
    who = (member) => ({ member, party: parties.get(member.partyId)! });
  });
  afterEach(() => arena.close());

  const ids = (doc: Y.Doc) => contentFragment(doc).toArray().map((c) => String((c as Y.XmlElement).getAttribute('id')));

  it('stores a package in the sender’s name, lets anyone who edits rename it or change its clauses, and lets only a lead delete it', async () => {
    const { alice, bohdan, carol } = arena.people;
    let id = '';
    await arena.send(alice, arena.edit((doc) => (id = writePackage(doc, who(alice), { name: 'Territory and guarantees', clauseIds: ids(doc) }))));
    expect(readPackages(arena.mirror.doc)).toEqual([expect.objectContaining({ id, name: 'Territory and guarantees', createdBy: alice.id, partyId: alice.partyId })]);
    await arena.send(bohdan, arena.edit((doc) => writePackage(doc, who(bohdan), { id, name: 'Territory, guarantees', clauseIds: ids(doc) })));
    expect(readPackages(arena.mirror.doc)[0]?.name).toBe('Territory, guarantees');
    expect(await arena.refused(carol, arena.edit((doc) => writeRecordFields(packagesMap(doc), { id, createdBy: carol.id })))).toMatch(/createdBy of a package cannot be changed/);
    expect(
      await arena.refused(carol, arena.edit((doc) => writeRecordFields(packagesMap(doc), { ...readPackages(doc)[0]!, id: 'p2', name: 'Other', createdBy: alice.id } as never))),
    ).toMatch(/sender's own name/);
    expect(await arena.refused(carol, arena.edit((doc) => writeRecordFields(packagesMap(doc), { id: 'p3', name: '' })))).toMatch(/malformed package/);
    expect(await arena.refused(alice, arena.edit((doc) => packagesMap(doc).delete(id)))).toMatch(/only a lead may delete a package/);
    await arena.send(bohdan, arena.edit((doc) => packagesMap(doc).delete(id)));
    expect(readPackages(arena.mirror.doc)).toEqual([]);
    expect(arena.inMemory()).toEqual(arena.onDisk());
  });
});
