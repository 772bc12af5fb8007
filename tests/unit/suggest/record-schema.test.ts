import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ChangeRecord } from '../../../shared/domain/types';
import { changeRecordProblem } from '../../../shared/suggest/record-schema';
import { statusTransitionRefusal } from '../../../shared/suggest/status-transitions';
import { entryWriteBasis } from '../../../shared/ydoc/map-writes';
import { changesMap, writeChange } from '../../../shared/ydoc/layout';

const proposed: ChangeRecord = {
  id: 'ch-1',
  kind: 'amended',
  partyId: 'p-ua',
  authorId: 'm-ua',
  createdAt: '2025-11-28T10:00:00.000Z',
  rationale: 'Clearer wording.',
  status: 'proposed',
  clauseIds: ['cl-1'],
  before: 'Troop cap of 600,000',
  after: 'Troop cap of 800,000',
};

describe('change record schema', () => {
  it('accepts the records the app writes', () => {
    expect(changeRecordProblem('ch-1', proposed)).toBeNull();
    expect(changeRecordProblem('ch-1', { ...proposed, status: 'accepted', decidedBy: 'm-lead', decidedAt: '2025-11-28T11:00:00.000Z' })).toBeNull();
    expect(changeRecordProblem('ch-1', { ...proposed, kind: 'moved', movedFrom: 12, before: '' })).toBeNull();
    expect(changeRecordProblem('ch-1', { ...proposed, rationale: '', clauseIds: [] })).toBeNull();
  });

  it.each<[string, unknown, RegExp]>([
    ['a status "banana"', { ...proposed, status: 'banana' }, /status/],
    ['an unknown kind', { ...proposed, kind: 'merged' }, /kind/],
    ['a field the app never writes', { ...proposed, admin: true }, /admin/],
    ['a missing author', { ...proposed, authorId: undefined }, /authorId/],
    ['a number as party', { ...proposed, partyId: 7 }, /partyId/],
    ['a time that is not ISO 8601', { ...proposed, createdAt: 'yesterday' }, /createdAt/],
    ['an empty clause id', { ...proposed, clauseIds: [''] }, /clauseIds/],
    ['a rationale over 4,000 characters', { ...proposed, rationale: 'x'.repeat(4001) }, /rationale/],
    ['a decision without its decider', { ...proposed, status: 'rejected' }, /names who decided/],
    ['a proposed change carrying a decision', { ...proposed, decidedBy: 'm-lead', decidedAt: '2025-11-28T11:00:00.000Z' }, /carries no decision/],
    ['a move without its old number', { ...proposed, kind: 'moved' }, /movedFrom/],
    ['movedFrom on an amendment', { ...proposed, movedFrom: 3 }, /only a move/],
    ['movedFrom zero', { ...proposed, kind: 'moved', movedFrom: 0 }, /movedFrom/],
    ['not an object', 'ch-1', /malformed/],
  ])('refuses %s', (_what, value, reason) => {
    expect(changeRecordProblem('ch-1', value)).toMatch(reason);
  });

  it('refuses a record whose inner id is another change’s', () => {
    expect(changeRecordProblem('ch-2', proposed)).toMatch(/stored under "ch-2" carries the id "ch-1"/);
  });
});

describe('status transitions', () => {
  const lead = { byLead: true, sweptByWithdrawal: false };
  const member = { byLead: false, sweptByWithdrawal: false };

  it('creates proposed records only', () => {
    expect(statusTransitionRefusal({ seen: undefined, written: 'proposed', ...member })).toBeNull();
    expect(statusTransitionRefusal({ seen: undefined, written: 'accepted', ...lead })).toMatch(/proposed, not decided/);
  });

  it('lets a lead decide a proposed change, and a withdrawal sweep one away as rejected', () => {
    expect(statusTransitionRefusal({ seen: 'proposed', written: 'accepted', ...lead })).toBeNull();
    expect(statusTransitionRefusal({ seen: 'proposed', written: 'rejected', ...lead })).toBeNull();
    expect(statusTransitionRefusal({ seen: 'proposed', written: 'accepted', ...member })).toMatch(/only a lead/);
    expect(statusTransitionRefusal({ seen: 'proposed', written: 'rejected', ...member })).toMatch(/only a lead/);
    expect(statusTransitionRefusal({ seen: 'proposed', written: 'rejected', byLead: false, sweptByWithdrawal: true })).toBeNull();
    expect(statusTransitionRefusal({ seen: 'proposed', written: 'accepted', byLead: false, sweptByWithdrawal: true })).toMatch(/only a lead/);
  });

  it('keeps a decision final: no reopening, no flipping, not even by a lead', () => {
    expect(statusTransitionRefusal({ seen: 'accepted', written: 'proposed', ...lead })).toMatch(/cannot be reopened/);
    expect(statusTransitionRefusal({ seen: 'accepted', written: 'rejected', ...lead })).toMatch(/cannot be overturned/);
    expect(statusTransitionRefusal({ seen: 'rejected', written: 'accepted', ...lead })).toMatch(/cannot be overturned/);
    expect(statusTransitionRefusal({ seen: 'rejected', written: 'rejected', ...lead })).toBeNull();
  });

  it('refuses a status that is not one', () => {
    expect(statusTransitionRefusal({ seen: 'proposed', written: 'banana', ...lead })).toMatch(/"banana" is not a status/);
    expect(statusTransitionRefusal({ seen: undefined, written: 7, ...lead })).toMatch(/not a status/);
  });
});

describe('what the writer of a map entry had seen', () => {
  function replicaOf(doc: Y.Doc, clientID: number): Y.Doc {
    const replica = new Y.Doc();
    replica.clientID = clientID;
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    return replica;
  }
  function deliver(from: Y.Doc, to: Y.Doc): void {
    Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
  }
  const statusOf = (doc: Y.Doc): Y.Map<unknown> => changesMap(doc).get('ch-1')!;

  it('tells a decision made over the current one from two decisions made at once', () => {
    const main = new Y.Doc();
    main.clientID = 1;
    writeChange(main, proposed);
    expect(entryWriteBasis(statusOf(main), 'status')).toEqual({ kind: 'first' });
    const first = replicaOf(main, 10);
    const second = replicaOf(main, 20);
    writeChange(first, { id: 'ch-1', status: 'accepted' });
    writeChange(second, { id: 'ch-1', status: 'rejected' });
    deliver(first, main);
    expect(entryWriteBasis(statusOf(main), 'status')).toEqual({ kind: 'over-current' });
    // The second lead never saw the acceptance; its (winning) write names what it saw, proposed, even after garbage collection.
    deliver(second, main);
    expect(statusOf(main).get('status')).toBe('rejected');
    const basis = entryWriteBasis(statusOf(main), 'status');
    expect(basis.kind).toBe('concurrent');
    // Later, a lead who saw "rejected" writes over it.
    const third = replicaOf(main, 30);
    writeChange(third, { id: 'ch-1', status: 'accepted' });
    deliver(third, main);
    expect(entryWriteBasis(statusOf(main), 'status')).toEqual({ kind: 'over-current' });
  });

  it('reads the value a concurrent writer saw while this replica still holds it', () => {
    const main = new Y.Doc({ gc: false });
    main.clientID = 1;
    writeChange(main, proposed);
    const first = replicaOf(main, 10);
    const second = replicaOf(main, 20);
    writeChange(first, { id: 'ch-1', status: 'accepted' });
    writeChange(second, { id: 'ch-1', status: 'rejected' });
    deliver(first, main);
    deliver(second, main);
    expect(entryWriteBasis(statusOf(main), 'status')).toEqual({ kind: 'concurrent', seen: 'proposed' });
  });
});
