import type { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { Identity } from '../../../shared/domain/types';
import type { ReadonlySignal } from '../base/signal';

/** What an editor extension may use when it sets itself up for one document. */
export interface EditorContext {
  readonly docId: string;
  /** The mirror Y.Doc (content fragment, change records, comments). */
  readonly ydoc: Y.Doc;
  /** Who is at the keyboard (null until chosen). */
  readonly identity: ReadonlySignal<Identity | null>;
  /** This window's presence in the document (cursors of others, the clause we are in). */
  readonly presence: EditorPresence;
}

/** What the editor needs of a document's presence (see `presence/document-presence.ts`). */
export interface EditorPresence {
  /** The document's awareness, on the mirror Y.Doc (`yCursorPlugin` reads and writes `cursor`). */
  readonly awareness: Awareness;
  /** Says which clause the selection is in. */
  setClause(clauseId: string | null): void;
}

/**
 * A feature that plugs into the editor without the editor knowing about it.
 * Issue 4's suggestion mode is one: it adds its plugins (suggest-changes,
 * change-record bookkeeping, decorations) and wraps the dispatch function
 * (`withSuggestChanges`) so that local edits become tracked suggestions.
 * Transactions from y-prosemirror's sync are marked `isChangeOrigin` in the
 * `y-sync$` meta; clause commands put a `ClauseOp` under `CLAUSE_OP_META`.
 */
export interface EditorExtension {
  readonly name: string;
  /** Plugins to add (they run after y-prosemirror's sync and undo plugins, before the keymaps). */
  plugins?(context: EditorContext): Plugin[];
  /**
   * Wraps the view's dispatch. Called with the dispatch built so far; must
   * call it (with `this` = the view) for the transaction to take effect.
   */
  wrapDispatch?(dispatch: EditorView['dispatch'], context: EditorContext): EditorView['dispatch'];
}
