import { DraftroomError, errorText } from '../../shared/api/errors';
import { withVersionDoc } from '../../shared/history/version-clauses';
import { documentSnapshot, type DocumentSnapshot } from '../../shared/redline/document-snapshot';
import { snapshotOfVersionContent, VERSION_PROJECTION_FORMAT } from '../../shared/redline/version-projection';
import type { StoredVersion, WorkspaceStoreApi } from '../store/store-types';
import { versionContentOfState, versionHashOfContent } from '../store/version-hash';

/**
 * Reading a named version for a redline: from its stored projection (its
 * content as JSON, migration 009) when that gives the version's recorded
 * hash, else from its Yjs state, through the same content text and the same
 * reader (`snapshotOfVersionContent`), so both ways give the same snapshot.
 * A version read from its state can have its projection stored then (the
 * versions saved before migration 009 get theirs on first use).
 */

/** The store as a version read uses it. */
export type ProjectionStore = Pick<WorkspaceStoreApi, 'versionProjection' | 'storeVersionProjection'>;

/** A version as a redline reads it. */
export interface VersionRead {
  readonly snapshot: DocumentSnapshot;
  /**
   * The content read gives the version's recorded hash: what the redline
   * shows is what was sealed (and initialled). Its seal need not decode the
   * state to say so (`versionSeal`'s `contentMatches`).
   */
  readonly matchesHash: boolean;
  /** Where it was read from. */
  readonly from: 'projection' | 'state';
}

/**
 * Reads `version` of `store` (see the module comment). With `storeProjection`,
 * a version read from its state whose content gives its recorded hash gets its
 * projection stored (a read-only or busy file keeps none; nothing fails).
 * `invalid-argument` for a state that is not a Yjs state.
 */
export function readVersion(store: ProjectionStore, version: StoredVersion, options: { readonly storeProjection?: boolean } = {}): VersionRead {
  const stored = store.versionProjection(version.id);
  const fields = {
    docId: version.docId,
    versionId: version.id,
    name: version.name,
    note: version.note,
    authorId: version.authorId,
    partyId: version.partyId,
    createdAt: version.createdAt,
    previousHash: stored?.previousHash ?? null,
  };
  const projection = stored?.projection;
  if (projection && projection.format === VERSION_PROJECTION_FORMAT && stored.hash !== null && versionHashOfContent(fields, projection.content) === stored.hash) {
    try {
      return { snapshot: snapshotOfVersionContent(projection.content), matchesHash: true, from: 'projection' };
    } catch {
      // Gives the hash but does not read as content: decode the state below.
    }
  }
  let content: string;
  try {
    content = versionContentOfState(version.state);
  } catch (error) {
    throw new DraftroomError('invalid-argument', `The version's stored state cannot be read: ${errorText(error)}`);
  }
  const matchesHash = stored !== undefined && stored.hash !== null && versionHashOfContent(fields, content) === stored.hash;
  let snapshot: DocumentSnapshot;
  try {
    snapshot = snapshotOfVersionContent(content);
  } catch {
    // Content the JSON reader refuses (never seen from a state the app wrote): read the Y.Doc as the working draft is read.
    return { snapshot: withVersionDoc(version.state, documentSnapshot), matchesHash, from: 'state' };
  }
  if (options.storeProjection === true && matchesHash) {
    try {
      store.storeVersionProjection(version.id, VERSION_PROJECTION_FORMAT, content);
    } catch {
      // A file opened read-only or locked by a writer keeps no projection; the next read decodes again.
    }
  }
  return { snapshot, matchesHash, from: 'state' };
}
