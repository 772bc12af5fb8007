import { EditorState, type Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { dropCursor } from 'prosemirror-dropcursor';
import { initProseMirrorDoc, ySyncPlugin, yUndoPlugin, yUndoPluginKey } from 'y-prosemirror';
import { clauseOpOf } from '../../../shared/editing/clause-commands';
import { clauseIdsPlugin } from '../../../shared/editing/clause-ids';
import { proposalSchema } from '../../../shared/schema/schema';
import { contentFragment } from '../../../shared/ydoc/layout';
import type { EditorContext, EditorExtension } from './extensions';
import { currentClausePlugin } from './current-clause-plugin';
import { findPlugin } from './find-plugin';
import { editorKeymaps } from './keymap';
import { presencePlugins } from './presence-plugins';

/** Called after every state change of the editor (the transaction that caused it, if any). */
export type EditorListener = (view: EditorView, tr: Transaction) => void;

/** A proposal editor bound to one document's mirror Y.Doc. */
export interface ProposalEditor {
  readonly view: EditorView;
  /** Calls `listener` after each dispatched transaction; returns the unsubscribe function. */
  onUpdate(listener: EditorListener): () => void;
  destroy(): void;
}

/**
 * Creates the ProseMirror editor for a document whose mirror Y.Doc already
 * holds main's content. The editor starts from that content
 * (`initProseMirrorDoc`) and never writes an initial state of its own to the
 * Y document; y-prosemirror keeps both in sync from then on, and its undo
 * manager undoes only this user's edits.
 */
export function createProposalEditor(
  mount: HTMLElement,
  context: EditorContext,
  extensions: readonly EditorExtension[],
): ProposalEditor {
  const fragment = contentFragment(context.ydoc);
  const { doc, mapping } = initProseMirrorDoc(fragment, proposalSchema);
  const listeners = new Set<EditorListener>();

  const plugins = [
    ySyncPlugin(fragment, { mapping }),
    yUndoPlugin(),
    ...presencePlugins(context.presence),
    ...extensions.flatMap((extension) => extension.plugins?.(context) ?? []),
    clauseIdsPlugin(),
    findPlugin(),
    currentClausePlugin(),
    ...editorKeymaps(),
    dropCursor({ class: 'drop-cursor' }),
  ];

  const applyAndNotify: EditorView['dispatch'] = function (this: EditorView, tr: Transaction) {
    // A clause insert, removal or move is one undo step of its own, never merged with typing around it.
    const undoManager = clauseOpOf(tr) ? yUndoPluginKey.getState(this.state)?.undoManager : undefined;
    undoManager?.stopCapturing();
    this.updateState(this.state.apply(tr));
    undoManager?.stopCapturing();
    for (const listener of [...listeners]) listener(this, tr);
  };
  const dispatch = extensions.reduce<EditorView['dispatch']>(
    (inner, extension) => extension.wrapDispatch?.(inner, context) ?? inner,
    applyAndNotify,
  );

  const view = new EditorView(mount, {
    state: EditorState.create({ schema: proposalSchema, doc, plugins }),
    dispatchTransaction: dispatch,
    attributes: { class: 'proposal', spellcheck: 'false', 'aria-label': 'Proposal text', role: 'textbox', 'aria-multiline': 'true' },
  });

  return {
    view,
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      listeners.clear();
      view.destroy();
    },
  };
}
