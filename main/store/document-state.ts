import * as Y from 'yjs';
import type { StoredDocumentState, WorkspaceStoreApi } from './store-types';

/**
 * Transaction origin of the Yjs transaction that fills a Y.Doc from the
 * store, so that an `update` listener can tell it from a real edit (and
 * not write it back).
 */
export const STORE_LOAD_ORIGIN = 'draftroom-store-load';

/** Applies a stored state (snapshot, then the log tail in order) to `ydoc` in one Yjs transaction. */
export function applyStoredState(ydoc: Y.Doc, state: StoredDocumentState, origin: unknown = STORE_LOAD_ORIGIN): void {
  ydoc.transact(() => {
    if (state.snapshot) Y.applyUpdate(ydoc, state.snapshot);
    for (const update of state.updates) Y.applyUpdate(ydoc, update);
  }, origin);
}

/**
 * Rebuilds a document's Y.Doc from the store: the latest snapshot plus the
 * tail of the log after it, read in one SQLite transaction and applied in
 * one Yjs transaction. `unknown-document` if there is no such document.
 */
export function loadYDoc(store: WorkspaceStoreApi, docId: string): Y.Doc {
  const ydoc = new Y.Doc();
  applyStoredState(ydoc, store.readDocumentState(docId));
  return ydoc;
}
