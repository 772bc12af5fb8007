import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WalSync } from '../../../main/store/log-sync';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { openWorkspace } from '../../../main/store/workspace-store';
import { makeWorkspace, tempDir, type TestPeople } from '../services/harness';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('WalSync: the disk sync of commits made without one', () => {
  it('runs one sync at a time; requests made while one runs share the next one, which starts after it', async () => {
    const started: { resolve: () => void; reject: (error: Error) => void }[] = [];
    const sync = new WalSync('/nowhere-wal', () => new Promise<void>((resolve, reject) => started.push({ resolve, reject })));
    const states: string[] = ['pending', 'pending', 'pending', 'pending'];
    const track = (i: number, p: Promise<void>) => p.then(() => (states[i] = 'resolved'), () => (states[i] = 'rejected'));
    track(0, sync.request());
    track(1, sync.request());
    track(2, sync.request());
    expect(started).toHaveLength(1);
    started[0]!.resolve();
    await turn();
    // The first request is covered; the two made while it ran wait for a sync begun after it.
    expect(states.slice(0, 3)).toEqual(['resolved', 'pending', 'pending']);
    expect(started).toHaveLength(2);
    track(3, sync.request());
    started[1]!.reject(new Error('EIO'));
    await turn();
    await turn();
    expect(states).toEqual(['resolved', 'rejected', 'rejected', 'pending']);
    expect(started).toHaveLength(3);
    started[2]!.resolve();
    await turn();
    expect(states[3]).toBe('resolved');
  });

  it('has nothing to do for a file that does not exist', async () => {
    const sync = new WalSync(join(tempDir().dir, 'missing-wal'));
    await expect(sync.request()).resolves.toBeUndefined();
    expect(() => sync.now()).not.toThrow();
  });
});

describe("appendBatch with sync: 'later'", () => {
  let dir: { dir: string; cleanup: () => void };
  let path: string;
  let people: TestPeople;
  let store: WorkspaceStoreApi;

  beforeEach(() => {
    dir = tempDir();
    path = join(dir.dir, 'later.draftroom');
    people = makeWorkspace(path);
    store = openWorkspace(path);
  });

  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  const update = (text: string): Uint8Array => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, text);
    return Y.encodeStateAsUpdate(doc);
  };

  it('commits at once (another connection reads it), in the WAL, and leaves the connection syncing every later commit in full', async () => {
    const doc = store.createDocument({ title: 'Framework' });
    const seqs = store.appendBatch(
      [
        { docId: doc.id, update: update('a'), meta: { memberId: people.alice.id, partyId: people.us.id } },
        { docId: doc.id, update: update('b') },
      ],
      { sync: 'later' },
    );
    expect(seqs).toHaveLength(2);
    expect(existsSync(`${path}-wal`)).toBe(true);
    const other = openWorkspace(path);
    try {
      expect(other.logLength(doc.id)).toBe(2);
    } finally {
      other.close();
    }
    await store.syncLog();
    store.syncLogNow();
    // The store's own level is FULL (2) again after the unsynced commit.
    const level = (store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true });
    expect(level).toBe(2);
  });

  it('is all or nothing, and puts the sync level back when the batch is refused', () => {
    const doc = store.createDocument({ title: 'Framework' });
    expect(() => store.appendBatch([{ docId: doc.id, update: update('a') }, { docId: 'no-such-document', update: update('b') }], { sync: 'later' })).toThrow();
    expect(store.logLength(doc.id)).toBe(0);
    expect((store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(2);
  });
});
