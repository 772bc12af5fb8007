import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import type { DocumentInfo, VersionInfo } from '../../shared/domain/types';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';
import { loadYDoc } from '../store/document-state';
import type { WorkspaceStoreApi } from '../store/store-types';

/** A document's text at one point: the working draft or a named version. */
export interface DraftView {
  readonly document: DocumentInfo;
  /** The version shown, or undefined for the working draft. */
  readonly version?: VersionInfo;
  readonly ydoc: Y.Doc;
  /**
   * The content as the suggestion engine sees it: clause-level suggestions
   * (a clause proposed for addition or removal) projected from the change
   * records, since y-prosemirror does not keep marks on clause nodes.
   */
  readonly doc: PMNode;
}

/** A Y.Doc rebuilt from a full encoded state (V1). */
export function ydocFromState(state: Uint8Array): Y.Doc {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state);
  return ydoc;
}

/** The document's working draft (snapshot + log), read-only. */
export function workingDraft(store: WorkspaceStoreApi, document: DocumentInfo): DraftView {
  const ydoc = loadYDoc(store, document.id);
  return { document, ydoc, doc: readSuggestedDoc(ydoc) };
}

/** A named version of the document (by id or name); `unknown-version` if none. */
export function versionDraft(store: WorkspaceStoreApi, document: DocumentInfo, ref: string): DraftView {
  const stored = store.getVersion(document.id, ref);
  const { state, ...version } = stored;
  const ydoc = ydocFromState(state);
  return { document, version, ydoc, doc: readSuggestedDoc(ydoc) };
}
