import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Compactor } from '../../../main/store/compaction';
import { openConnection } from '../../../main/store/connection';
import { loadYDoc } from '../../../main/store/document-state';
import { DocumentTable } from '../../../main/store/tables/document-table';
import { SnapshotTable } from '../../../main/store/tables/snapshot-table';
import { openWorkspace } from '../../../main/store/workspace-store';
import { buildWorkspace, makeTempDir, type TempDir } from '../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

/** Updates of typing `text` one character per transaction. */
function typing(text: string, ydoc = new Y.Doc()): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array): void => {
    updates.push(update);
  };
  ydoc.on('update', collect);
  const target = ydoc.getText('t');
  for (const ch of text) target.insert(target.length, ch);
  ydoc.off('update', collect);
  return updates;
}

describe('compaction', () => {
  it('merges a long log in bounded steps, each its own transaction, to the same content', () => {
    const path = dir.file('w.draftroom');
    const { store, documents } = buildWorkspace(path, { documents: ['Peace framework'] });
    const docId = documents['Peace framework']!.id;
    const text = 'The parties agree to a full ceasefire.';
    const seqs = store.appendUpdates(docId, typing(text));
    store.close();

    const db = openConnection(path);
    const documentsTable = new DocumentTable(db);
    const compactor = new Compactor(db, documentsTable, new SnapshotTable(db), 7);
    let commits = 0;
    db.function('count_commit', () => ++commits);
    db.exec('CREATE TEMP TRIGGER count_snapshot AFTER UPDATE ON snapshots BEGIN SELECT count_commit(); END');
    db.exec('CREATE TEMP TRIGGER count_first_snapshot AFTER INSERT ON snapshots BEGIN SELECT count_commit(); END');
    expect(compactor.compact(docId)).toMatchObject({ merged: text.length, snapshotSeq: seqs[seqs.length - 1] });
    expect(commits).toBe(Math.ceil(text.length / 7));
    db.close();

    const reopened = openWorkspace(path);
    expect(reopened.logLength(docId)).toBe(0);
    expect(loadYDoc(reopened, docId).getText('t').toString()).toBe(text);
    reopened.close();
  });

  it('keeps an update whose predecessor has not arrived yet, so the text completes when it does', () => {
    const { store, documents } = buildWorkspace(dir.file('w.draftroom'), { documents: ['Peace framework'] });
    const docId = documents['Peace framework']!.id;
    const [first, second, third] = typing('abc');
    store.appendUpdate(docId, third!);
    store.appendUpdate(docId, first!);
    expect(store.compact(docId).merged).toBe(2);
    expect(loadYDoc(store, docId).getText('t').toString()).toBe('a');
    store.appendUpdate(docId, second!);
    expect(loadYDoc(store, docId).getText('t').toString()).toBe('abc');
    store.compact(docId);
    expect(loadYDoc(store, docId).getText('t').toString()).toBe('abc');
    store.close();
  });

  it('leaves an empty log alone and refuses an unknown document', () => {
    const { store, documents } = buildWorkspace(dir.file('w.draftroom'), { documents: ['Peace framework'] });
    expect(store.compact(documents['Peace framework']!.id)).toMatchObject({ merged: 0, snapshotSeq: 0 });
    expect(() => store.compact('no-such-doc')).toThrow(expect.objectContaining({ code: 'unknown-document' }));
    store.close();
  });
});

describe('compaction holds the write lock only to swap', () => {
  /** A workspace with a typed log, closed; its path, document id and the text typed. */
  function typedLog(text: string): { path: string; docId: string } {
    const path = dir.file('w.draftroom');
    const { store, documents } = buildWorkspace(path, { documents: ['Peace framework'] });
    const docId = documents['Peace framework']!.id;
    store.appendUpdates(docId, typing(text));
    store.close();
    return { path, docId };
  }

  const updatesCounted = (store: ReturnType<typeof openWorkspace>, docId: string): number =>
    store.listContributors(docId).reduce((sum, c) => sum + c.updates, 0);

  it('lets another writer compact while it folds, then starts over from that snapshot instead of overwriting it', () => {
    const text = 'Both sides withdraw heavy weapons.';
    const { path, docId } = typedLog(text);
    const other = openWorkspace(path);
    const db = openConnection(path);
    const snapshots = new SnapshotTable(db);
    let raced = false;
    // The first read of this compactor's first step: another connection compacts everything meanwhile (WAL: a reader never blocks it).
    const racing = Object.create(snapshots, {
      get: {
        value: (docKey: number) => {
          const read = snapshots.get(docKey);
          if (!raced) {
            raced = true;
            expect(other.compact(docId).merged).toBe(text.length);
          }
          return read;
        },
      },
    }) as SnapshotTable;
    const result = new Compactor(db, new DocumentTable(db), racing, 10).compact(docId);
    expect(raced).toBe(true);
    // Its first fold lost the race (the rows were merged by the other writer), so it merged nothing itself.
    expect(result.merged).toBe(0);
    db.close();
    expect(other.logLength(docId)).toBe(0);
    expect(loadYDoc(other, docId).getText('t').toString()).toBe(text);
    expect(updatesCounted(other, docId)).toBe(text.length);
    other.close();
  });

  it('deletes the rows an interrupted compaction merged (snapshot committed, rows left) before anything else, counting each once', () => {
    const text = 'Monitoring by an international mission.';
    const { path, docId } = typedLog(text);
    const store = openWorkspace(path);
    const state = Y.encodeStateAsUpdate(loadYDoc(store, docId));
    const lastSeq = store.readDocumentState(docId).lastSeq;
    store.close();
    // What a process stopped between the snapshot's commit and the deletes leaves behind.
    const db = openConnection(path);
    const documentsTable = new DocumentTable(db);
    new SnapshotTable(db).put(documentsTable.keyOf(docId), { state, coversSeq: lastSeq });
    db.close();

    const reopened = openWorkspace(path);
    expect(reopened.readDocumentState(docId).updates).toHaveLength(0);
    expect(loadYDoc(reopened, docId).getText('t').toString()).toBe(text);
    expect(updatesCounted(reopened, docId)).toBe(text.length);
    expect(reopened.compact(docId)).toMatchObject({ merged: 0, snapshotSeq: lastSeq });
    expect(reopened.logLength(docId)).toBe(0);
    expect(updatesCounted(reopened, docId)).toBe(text.length);
    reopened.appendUpdates(docId, typing(' Agreed.', loadYDoc(reopened, docId)));
    reopened.compact(docId);
    expect(loadYDoc(reopened, docId).getText('t').toString()).toBe(`${text} Agreed.`);
    expect(updatesCounted(reopened, docId)).toBe(text.length + ' Agreed.'.length);
    reopened.close();
  });

  it('deletes merged rows in bounded transactions, each folding the attribution of the rows it deletes', () => {
    const text = 'Prisoners are exchanged all for all.';
    const { path, docId } = typedLog(text);
    const db = openConnection(path);
    // Rows still in the log each time a purge transaction folds attribution (just before its delete).
    db.exec('CREATE TEMP TABLE folds (remaining INTEGER)');
    db.exec('CREATE TEMP TRIGGER note_fold_insert AFTER INSERT ON compacted_attribution BEGIN INSERT INTO folds SELECT count(*) FROM update_log; END');
    db.exec('CREATE TEMP TRIGGER note_fold_update AFTER UPDATE ON compacted_attribution BEGIN INSERT INTO folds SELECT count(*) FROM update_log; END');
    expect(new Compactor(db, new DocumentTable(db), new SnapshotTable(db), 100, 8).compact(docId).merged).toBe(text.length);
    const remaining = db.prepare('SELECT remaining FROM folds ORDER BY rowid').pluck().all() as number[];
    db.close();
    // The log held the typed rows plus none other: batches of at most 8, the last one emptying it.
    expect(remaining[0]).toBe(text.length);
    const batches = [...remaining.slice(1), 0].map((left, i) => remaining[i]! - left);
    expect(batches.every((n) => n > 0 && n <= 8)).toBe(true);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(text.length);
    const reopened = openWorkspace(path);
    expect(reopened.logLength(docId)).toBe(0);
    expect(loadYDoc(reopened, docId).getText('t').toString()).toBe(text);
    expect(updatesCounted(reopened, docId)).toBe(text.length);
    reopened.close();
  });
});

describe('compactWith (a state already built from the log)', () => {
  it('makes the state read through a sequence number the snapshot, keeps rows appended after that read, and counts each edit once', () => {
    const path = dir.file('w.draftroom');
    const { store, documents } = buildWorkspace(path, { documents: ['Peace framework'] });
    const docId = documents['Peace framework']!.id;
    const text = 'Elections after martial law ends.';
    store.appendUpdates(docId, typing(text));
    const loaded = loadYDoc(store, docId);
    const readThrough = store.readDocumentState(docId).lastSeq;
    // Appended by someone else after the read: not in the loaded state.
    store.appendUpdates(docId, typing(' Observed.', loadYDoc(store, docId)));
    const result = store.compactWith(docId, Y.encodeStateAsUpdate(loaded), readThrough);
    expect(result).toMatchObject({ merged: text.length, snapshotSeq: readThrough });
    expect(store.logLength(docId)).toBe(' Observed.'.length);
    expect(loadYDoc(store, docId).getText('t').toString()).toBe(`${text} Observed.`);
    expect(store.listContributors(docId).reduce((sum, c) => sum + c.updates, 0)).toBe(text.length + ' Observed.'.length);
    // Nothing to do once the snapshot covers that far; a sequence number beyond the log is refused.
    expect(store.compactWith(docId, Y.encodeStateAsUpdate(loaded), readThrough).merged).toBe(0);
    expect(() => store.compactWith(docId, Y.encodeStateAsUpdate(loaded), readThrough + 1000)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(() => store.compactWith(docId, new Uint8Array([1, 2, 3]), readThrough + 1)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(loadYDoc(store, docId).getText('t').toString()).toBe(`${text} Observed.`);
    store.close();
  });
});
