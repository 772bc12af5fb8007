import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ChangeRecord } from '../../../shared/domain/types';
import { changesMap, readChanges, writeChange } from '../../../shared/ydoc/layout';

function record(id: string, createdAt: string, patch: Partial<ChangeRecord> = {}): ChangeRecord {
  return { id, kind: 'amended', partyId: 'us', authorId: 'ann', createdAt, rationale: '', status: 'proposed', clauseIds: ['c1'], before: '', after: 'x', ...patch };
}

/** The records as a fresh, uncached read of the Y.Doc gives them. */
function uncached(ydoc: Y.Doc): ChangeRecord[] {
  const out: ChangeRecord[] = [];
  changesMap(ydoc).forEach((value) => out.push(value.toJSON() as ChangeRecord));
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

describe('readChanges’ record cache', () => {
  it('reads again only the records a transaction changed, and sees every change', () => {
    const ydoc = new Y.Doc();
    writeChange(ydoc, record('a', '2026-01-01'));
    writeChange(ydoc, record('b', '2026-01-02'));
    const first = readChanges(ydoc);
    expect(first).toEqual(uncached(ydoc));
    const second = readChanges(ydoc);
    // Unchanged records are the very same objects; the list is a fresh copy each time.
    expect(second).not.toBe(first);
    expect(second[0]).toBe(first[0]);
    expect(Object.isFrozen(second[0])).toBe(true);
    writeChange(ydoc, { id: 'b', after: 'xy' });
    const third = readChanges(ydoc);
    expect(third[0]).toBe(first[0]);
    expect(third[1]).not.toBe(first[1]);
    expect(third[1]!.after).toBe('xy');
    expect(third).toEqual(uncached(ydoc));
  });

  it('follows removals, additions that sort first, and a whole entry replaced', () => {
    const ydoc = new Y.Doc();
    writeChange(ydoc, record('a', '2026-01-02'));
    writeChange(ydoc, record('b', '2026-01-03'));
    readChanges(ydoc);
    changesMap(ydoc).delete('a');
    expect(readChanges(ydoc).map((r) => r.id)).toEqual(['b']);
    writeChange(ydoc, record('z', '2026-01-01'));
    expect(readChanges(ydoc).map((r) => r.id)).toEqual(['z', 'b']);
    const replacement = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(record('b', '2026-01-03', { status: 'accepted' }))) replacement.set(k, v);
    changesMap(ydoc).set('b', replacement);
    expect(readChanges(ydoc).find((r) => r.id === 'b')!.status).toBe('accepted');
    expect(readChanges(ydoc)).toEqual(uncached(ydoc));
  });

  it('sees updates from another replica', () => {
    const here = new Y.Doc();
    const there = new Y.Doc();
    writeChange(there, record('a', '2026-01-01'));
    Y.applyUpdate(here, Y.encodeStateAsUpdate(there));
    expect(readChanges(here).map((r) => r.status)).toEqual(['proposed']);
    const sv = Y.encodeStateVector(here);
    writeChange(there, { id: 'a', status: 'rejected', decidedBy: 'lead' });
    writeChange(there, record('b', '2026-01-02'));
    Y.applyUpdate(here, Y.encodeStateAsUpdate(there, sv));
    expect(readChanges(here)).toEqual(uncached(there));
  });

  it('inside an open transaction, and in an observer, a read sees what was written so far', () => {
    const ydoc = new Y.Doc();
    writeChange(ydoc, record('a', '2026-01-01'));
    readChanges(ydoc);
    const seenByObserver: string[][] = [];
    changesMap(ydoc).observeDeep(() => seenByObserver.push(readChanges(ydoc).map((r) => `${r.id}:${r.after}`)));
    ydoc.transact(() => {
      writeChange(ydoc, { id: 'a', after: 'one' });
      expect(readChanges(ydoc)[0]!.after).toBe('one');
      writeChange(ydoc, { id: 'a', after: 'two' });
      writeChange(ydoc, record('b', '2026-01-02'));
      expect(readChanges(ydoc).map((r) => `${r.id}:${r.after}`)).toEqual(['a:two', 'b:x']);
    });
    expect(seenByObserver).toEqual([['a:two', 'b:x']]);
    // Undo takes a write back: the cache follows.
    const undo = new Y.UndoManager(changesMap(ydoc));
    writeChange(ydoc, { id: 'b', after: 'three' });
    expect(readChanges(ydoc)[1]!.after).toBe('three');
    undo.undo();
    expect(readChanges(ydoc)).toEqual(uncached(ydoc));
  });
});
