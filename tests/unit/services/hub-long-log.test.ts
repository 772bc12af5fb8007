import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentHub } from '../../../main/services/document-hub';
import { loadYDoc } from '../../../main/store/document-state';
import type { WorkspaceStoreApi } from '../../../main/store/store-types';
import { openWorkspace } from '../../../main/store/workspace-store';
import { clauseLines, insertClause, makeWorkspace, tempDir, typeInClause } from './harness';

/** The store, with every call to `compact` and `compactWith` counted. */
function counted(store: WorkspaceStoreApi): { store: WorkspaceStoreApi; calls: { compact: number; compactWith: number[] } } {
  const calls = { compact: 0, compactWith: [] as number[] };
  const wrapped = Object.create(store, {
    compact: { value: (docId: string) => (calls.compact++, store.compact(docId)) },
    compactWith: { value: (docId: string, state: Uint8Array, seq: number) => (calls.compactWith.push(seq), store.compactWith(docId, state, seq)) },
  }) as WorkspaceStoreApi;
  return { store: wrapped, calls };
}

describe('opening a document whose log is long', () => {
  let dir: { dir: string; cleanup: () => void };
  let store: WorkspaceStoreApi;
  let docId: string;
  const typed = ' The parties meet again within thirty days.';

  beforeEach(() => {
    dir = tempDir();
    const path = join(dir.dir, 'long-log.draftroom');
    makeWorkspace(path);
    store = openWorkspace(path);
    docId = store.createDocument({ title: 'Peace framework' }).id;
    const writer = new Y.Doc();
    writer.on('update', (update: Uint8Array) => store.appendUpdate(docId, update));
    insertClause(writer, 0, 'c-talks', 'Talks continue.');
    // One log row per keystroke, as a session that never compacted would leave it.
    for (const ch of typed) typeInClause(writer, 0, ch, { tracked: false });
    writer.destroy();
  });

  afterEach(() => {
    store.close();
    dir.cleanup();
  });

  it('makes the Y.Doc it just built the snapshot, instead of folding the log again later', () => {
    const rows = store.logLength(docId);
    const lastSeq = store.readDocumentState(docId).lastSeq;
    const { store: watched, calls } = counted(store);
    const hub = new DocumentHub(watched, { loadYDoc, compactAfter: 20 });
    const lines = hub.withDocument(docId, (doc) => clauseLines(doc));
    expect(lines.join('\n')).toContain(`Talks continue.${typed}`);
    expect(rows).toBeGreaterThan(20);
    expect(calls.compactWith).toEqual([lastSeq]);
    // The log is empty after the load, so closing it again compacts nothing.
    expect(calls.compact).toBe(0);
    expect(store.logLength(docId)).toBe(0);
    expect(clauseLines(loadYDoc(store, docId)).join('\n')).toBe(lines.join('\n'));
  });

  it('leaves a log shorter than the threshold to the usual compaction (when the document closes)', () => {
    const { store: watched, calls } = counted(store);
    new DocumentHub(watched, { loadYDoc, compactAfter: 10_000 }).withDocument(docId, () => undefined);
    expect(calls.compactWith).toEqual([]);
    expect(calls.compact).toBe(1);
  });

  it('leaves a Y.Doc it did not read from the store itself to the usual compaction (it cannot know what the Y.Doc covers)', () => {
    const { store: watched, calls } = counted(store);
    const copied = (s: WorkspaceStoreApi, id: string): Y.Doc => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(loadYDoc(s, id)));
      return doc;
    };
    new DocumentHub(watched, { loadYDoc: copied, compactAfter: 20 }).withDocument(docId, () => undefined);
    expect(calls.compactWith).toEqual([]);
    expect(calls.compact).toBe(1);
    expect(store.logLength(docId)).toBe(0);
  });
});
