import * as Y from 'yjs';
import { DraftroomError, errorText } from '../../shared/api/errors';
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

/** The last sequence number each Y.Doc built by `loadYDoc` was read through. */
const readThrough = new WeakMap<Y.Doc, { readonly lastSeq: number; readonly rows: number }>();

/**
 * What a Y.Doc built by `loadYDoc` was read from: the last sequence number
 * it holds (what `compactWith` needs) and how many log rows were applied
 * to build it; undefined for a Y.Doc built otherwise (`loadIntactYDoc`'s
 * leaves damaged rows out, so it never covers its `lastSeq`).
 */
export function loadedFrom(ydoc: Y.Doc): { readonly lastSeq: number; readonly rows: number } | undefined {
  return readThrough.get(ydoc);
}

function loadInto(store: WorkspaceStoreApi, docId: string, state: StoredDocumentState): Y.Doc {
  const ydoc = new Y.Doc();
  try {
    applyStoredState(ydoc, state);
  } catch (error) {
    ydoc.destroy();
    if (error instanceof DraftroomError) throw error;
    // Rows match their checksums, so they were stored like this: still a damaged document, not a bug here.
    const detail = errorText(error);
    let title = docId;
    try {
      title = `"${store.getDocument(docId).title}" (id ${docId})`;
    } catch {
      // Name it by id.
    }
    throw new DraftroomError('corrupt', `The document ${title} is damaged: its stored edits cannot be decoded (${detail}).`);
  }
  return ydoc;
}

/**
 * Rebuilds a document's Y.Doc from the store: the latest snapshot plus the
 * tail of the log after it, read in one SQLite transaction and applied in
 * one Yjs transaction. `unknown-document` if there is no such document,
 * `corrupt` if a row does not match its checksum or cannot be decoded.
 */
export function loadYDoc(store: WorkspaceStoreApi, docId: string): Y.Doc {
  const state = store.readDocumentState(docId);
  const ydoc = loadInto(store, docId, state);
  readThrough.set(ydoc, { lastSeq: state.lastSeq, rows: state.updates.length });
  return ydoc;
}

/** A damaged document's last intact state, and where the damage starts. */
export interface IntactYDoc {
  readonly ydoc: Y.Doc;
  /** Sequence number of the first damaged log row (it and every later row are left out), or null if none is. */
  readonly damagedSeq: number | null;
}

/**
 * Rebuilds a document's Y.Doc from the snapshot and the log rows before the
 * first one that does not match its checksum: its last intact state, to be
 * shown read-only (never written back: the rows left out are still in the
 * file). `corrupt` if the snapshot itself is damaged.
 */
export function loadIntactYDoc(store: WorkspaceStoreApi, docId: string): IntactYDoc {
  const state = store.readIntactDocumentState(docId);
  return { ydoc: loadInto(store, docId, state), damagedSeq: state.damagedSeq };
}
