import type { RedlineRequest } from '../../shared/api/contract';
import type { DocumentInfo } from '../../shared/domain/types';
import { documentSnapshot, type DocumentSnapshot } from '../../shared/redline/document-snapshot';
import type { RedlineDocument } from '../../shared/redline/model';
import { buildRedline } from '../export/export-redline';
import { fixedIdentityOf, identityOf } from '../services/identities';
import { loadYDoc } from '../store/document-state';
import type { WorkspaceStoreApi } from '../store/store-types';

/** Reads a document's working draft from the stored log (the CLI has no live document). */
export function readStoredDraft(store: WorkspaceStoreApi, docId: string): DocumentSnapshot {
  const ydoc = loadYDoc(store, docId);
  try {
    return documentSnapshot(ydoc);
  } finally {
    ydoc.destroy();
  }
}

/**
 * The redline model the CLI writes (`export`, `changes --format`): the
 * working draft from the stored log; "exported by" names a member only where
 * the file fixes one (a workspace bound to a team server).
 */
export function cliRedline(store: WorkspaceStoreApi, request: RedlineRequest, now?: Date): { document: DocumentInfo; model: RedlineDocument } {
  const bound = fixedIdentityOf(store)?.memberId;
  return buildRedline(
    {
      store,
      readWorkingDraft: (docId) => readStoredDraft(store, docId),
      exportedBy: (bound != null ? identityOf(store, bound) : undefined) ?? null,
      ...(now ? { now } : {}),
    },
    request,
  );
}
