import * as Y from 'yjs';
import { DraftroomError, errorText } from '../../shared/api/errors';
import { forEachLogUpdate, plainBytes } from './log-chunks';
import type { StoredDocumentLog, StoredDocumentState, WorkspaceStoreApi } from './store-types';

/**
 * Transaction origin of the Yjs transaction that fills a Y.Doc from the
 * store, so that an `update` listener can tell it from a real edit (and
 * not write it back).
 */
export const STORE_LOAD_ORIGIN = 'draftroom-store-load';

/**
 * Applies a stored state (snapshot, then the log tail in order, as updates
 * or as the chunks it was read in) to `ydoc`, a new Y.Doc nobody observes
 * yet, in two Yjs transactions: the first applies every update, the second
 * only does the clean-up of what they deleted. Yjs is given plain
 * `Uint8Array`s (`plainBytes`): it slices what it decodes from its input,
 * and a Buffer's slices are Buffers, slower to make.
 *
 * In one transaction, Yjs's end-of-transaction merge of deleted items
 * (`tryMergeDeleteSet`) runs while the struct array still holds every
 * update's structs unmerged, and each merge splices that array: quadratic in
 * a long log (a third of opening a 259,778-row log, B2). Handing the
 * transaction's delete set to a second one runs that clean-up after the
 * first has merged the structs. The Y.Doc ends the same, byte for byte in
 * its encoded state (`tests/unit/store/stored-state-apply.test.ts`); an
 * observer would see the deletions arrive in the second transaction.
 */
export function applyStoredState(ydoc: Y.Doc, state: StoredDocumentState | StoredDocumentLog, origin: unknown = STORE_LOAD_ORIGIN): void {
  let deleted: Y.Transaction['deleteSet'] | null = null;
  const apply = (update: Uint8Array): void => Y.applyUpdate(ydoc, plainBytes(update));
  ydoc.transact((transaction) => {
    if (state.snapshot) apply(state.snapshot);
    if ('chunks' in state) forEachLogUpdate(state.chunks, apply);
    else for (const update of state.updates) apply(update);
    deleted = transaction.deleteSet;
    transaction.deleteSet = Y.createDeleteSet();
  }, origin);
  const cleanUp = deleted;
  if (cleanUp !== null) {
    ydoc.transact((transaction) => {
      transaction.deleteSet = cleanUp;
    }, origin);
  }
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

function loadInto(store: WorkspaceStoreApi, docId: string, state: StoredDocumentState | StoredDocumentLog): Y.Doc {
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
 * tail of the log after it, read in one SQLite transaction (as chunks,
 * `readDocumentLog`) and applied in one Yjs transaction (what it deleted
 * cleaned up in a second, see `applyStoredState`). `unknown-document` if
 * there is no such document, `corrupt` if a row does not match its checksum
 * or cannot be decoded.
 */
export function loadYDoc(store: WorkspaceStoreApi, docId: string): Y.Doc {
  const log = store.readDocumentLog(docId);
  const ydoc = loadInto(store, docId, log);
  readThrough.set(ydoc, { lastSeq: log.lastSeq, rows: log.rows });
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
