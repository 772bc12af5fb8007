import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import type { DraftroomApi } from '../../../shared/api/contract';
import type { Identity, WorkspaceInfo } from '../../../shared/domain/types';
import type { ReadonlySignal } from '../base/signal';

/** The document a side-panel view works on: its mirror Y.Doc and its editor. */
export interface PanelDocument {
  readonly docId: string;
  /** The mirror Y.Doc (change records in `changes`, comments in `comments`). */
  readonly ydoc: Y.Doc;
  /** The editor showing it. */
  readonly view: EditorView;
}

/**
 * What the side panel's views (changes, comments, clause history) may use.
 * The app provides one; the views never reach the API or the DOM outside
 * their own element except through it.
 */
export interface PanelContext {
  readonly api: DraftroomApi;
  /** The open workspace (parties and members for names and colours). */
  readonly workspace: ReadonlySignal<WorkspaceInfo | null>;
  /** Who is at the keyboard. */
  readonly identity: ReadonlySignal<Identity | null>;
  /** The document in the active tab, once its editor exists. */
  readonly document: ReadonlySignal<PanelDocument | null>;
  /** Scrolls the editor to a clause and puts the cursor in it. */
  jumpToClause(clauseId: string): void;
  /** Scrolls the editor to a change and selects it. */
  jumpToChange(changeId: string): void;
}

/** A view that lives in the side panel. */
export interface PanelView {
  /** The view's root element (the panel mounts it). */
  readonly element: HTMLElement;
  /** Stops listening to the document and the signals. */
  destroy(): void;
}
