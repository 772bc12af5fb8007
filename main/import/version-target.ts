import { withVersionDoc } from '../../shared/history/version-clauses';
import { suggestedDoc } from '../../shared/suggest/suggested-doc';
import { targetOf, type TargetClause } from '../../shared/suggest/propose-target';
import { readChanges, readProseMirrorDoc } from '../../shared/ydoc/layout';
import type { WorkspaceStoreApi } from '../store/store-types';

/** `Restored from “U.S. 28-point draft”`: the rationale of every change a restore proposes. */
export function restoredRationale(versionName: string): string {
  return `Restored from “${versionName}”`;
}

/**
 * What restoring a named version aims at: its clauses (by id) as they read
 * with its own pending suggestions accepted, and its name. `unknown-version`
 * if there is no such version of the document.
 */
export function versionTarget(store: WorkspaceStoreApi, docId: string, versionRef: string): { name: string; target: TargetClause[] } {
  const version = store.getVersion(docId, versionRef);
  const target = withVersionDoc(version.state, (ydoc) => targetOf(suggestedDoc(readProseMirrorDoc(ydoc), readChanges(ydoc))));
  return { name: version.name, target };
}
