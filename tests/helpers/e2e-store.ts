/**
 * What a workspace file on disk holds, read as the end-to-end tests check
 * it after the app has saved (the host that served it is stopped or idle).
 */
import { loadYDoc } from '../../main/store/document-state';
import { openWorkspace } from '../../main/store/workspace-store';
import { listClauses, type ClauseView } from '../../shared/schema/clauses';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';

/** The clauses of a stored document as they read now (pending suggestions applied), in order. */
export function storedClauses(workspacePath: string, docTitle = 'Peace framework'): ClauseView[] {
  const store = openWorkspace(workspacePath);
  try {
    return listClauses(readSuggestedDoc(loadYDoc(store, store.getDocument(docTitle).id)), 'current');
  } finally {
    store.close();
  }
}
