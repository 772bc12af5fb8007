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
