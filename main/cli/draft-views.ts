import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import type { DocumentInfo, VersionInfo } from '../../shared/domain/types';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';
import { DraftroomError } from '../../shared/api/errors';
import { offersIntactState } from '../../shared/api/damage';
import { loadIntactYDoc, loadYDoc } from '../store/document-state';
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

/**
 * The document's working draft (snapshot + log), read-only. A damaged one
 * fails with `corrupt`; when its last intact state can be shown, the
 * message says how (`draftroom show … --intact`).
 */
export function workingDraft(store: WorkspaceStoreApi, document: DocumentInfo): DraftView {
  let ydoc: Y.Doc;
  try {
    ydoc = loadYDoc(store, document.id);
  } catch (error) {
    if (!offersIntactState(error)) throw error;
    throw new DraftroomError(
      'corrupt',
      `${(error as DraftroomError).message} Show it with: draftroom show ${quoted(store.path)} --doc ${document.id} --intact`,
    );
  }
  return { document, ydoc, doc: readSuggestedDoc(ydoc) };
}

/** A shell word for a path (quoted when it holds anything but safe characters). */
function quoted(text: string): string {
  return /^[\w./+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A damaged document's working draft up to its first damaged stored edit (`damagedSeq`; null if none is). */
export function intactDraft(store: WorkspaceStoreApi, document: DocumentInfo): DraftView & { readonly damagedSeq: number | null } {
  const { ydoc, damagedSeq } = loadIntactYDoc(store, document.id);
  return { document, ydoc, doc: readSuggestedDoc(ydoc), damagedSeq };
}

/** A named version of the document (by id or name); `unknown-version` if none. */
export function versionDraft(store: WorkspaceStoreApi, document: DocumentInfo, ref: string): DraftView {
  const stored = store.getVersion(document.id, ref);
  const { state, ...version } = stored;
  const ydoc = ydocFromState(state);
  return { document, version, ydoc, doc: readSuggestedDoc(ydoc) };
}
