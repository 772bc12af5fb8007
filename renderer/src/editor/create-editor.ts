import { EditorState, type Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { dropCursor } from 'prosemirror-dropcursor';
import { initProseMirrorDoc, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import { clauseOpOf } from '../../../shared/editing/clause-commands';
import { isYSyncTransaction } from '../../../shared/suggest/track';
import { clauseIdsPlugin } from '../../../shared/editing/clause-ids';
import { proposalSchema } from '../../../shared/schema/schema';
import { contentFragment } from '../../../shared/ydoc/layout';
import type { EditorContext, EditorExtension } from './extensions';
import { currentClausePlugin } from './current-clause-plugin';
import { findPlugin } from './find-plugin';
import { longDocumentPlugin } from './long-document-plugin';
import { typedTextScrollPlugin } from './typed-text-scroll';
import { deferTypedTextRead } from './paint-first-typing';
import { editorKeymaps } from './keymap';
import { presencePlugins } from './presence-plugins';
import { createUndoHistory, forgetOnDecision } from './undo-history';

/** Called after every state change of the editor (the transaction that caused it, if any). */
export type EditorListener = (view: EditorView, tr: Transaction) => void;

/** True for a caret move by the user (not typing, not another member's edit mapping the selection). */
function endsTypingBurst(tr: Transaction): boolean {
  return tr.selectionSet && !tr.docChanged && !isYSyncTransaction(tr);
}

/** A proposal editor bound to one document's mirror Y.Doc. */
export interface ProposalEditor {
  readonly view: EditorView;
  /** Calls `listener` after each dispatched transaction; returns the unsubscribe function. */
  onUpdate(listener: EditorListener): () => void;
  /**
   * Reads a typed character the browser has shown but the editor has not yet
   * read (`paint-first-typing.ts`) into the editor and its Y.Doc now. The
   * document's sync calls it before it applies what main sent and before it
   * sends at once.
   */
  readTypedText(): void;
  destroy(): void;
}

/**
 * Creates the ProseMirror editor for a document whose mirror Y.Doc already
 * holds main's content. The editor starts from that content
 * (`initProseMirrorDoc`) and never writes an initial state of its own to the
 * Y document; y-prosemirror keeps both in sync from then on, and the undo
 * history (`undo-history.ts`) undoes only this user's edits, a typing burst
 * and its change records in one step.
 */
export function createProposalEditor(
  mount: HTMLElement,
  context: EditorContext,
  extensions: readonly EditorExtension[],
): ProposalEditor {
  const fragment = contentFragment(context.ydoc);
  const { doc, mapping } = initProseMirrorDoc(fragment, proposalSchema);
  const listeners = new Set<EditorListener>();

  const history = createUndoHistory(context.ydoc);
  const stopForgetting = forgetOnDecision(context.ydoc, history, () => context.identity.get()?.member.id ?? null);
  const plugins = [
    ySyncPlugin(fragment, { mapping }),
    yUndoPlugin({ undoManager: history }),
    ...presencePlugins(context.presence),
    ...extensions.flatMap((extension) => extension.plugins?.(context) ?? []),
    clauseIdsPlugin(),
    findPlugin(),
    currentClausePlugin(),
    longDocumentPlugin(),
    typedTextScrollPlugin(),
    ...editorKeymaps(),
    dropCursor({ class: 'drop-cursor' }),
  ];

  const apply: EditorView['dispatch'] = function (this: EditorView, tr: Transaction) {
    this.updateState(this.state.apply(tr));
  };
  const tracked = extensions.reduce<EditorView['dispatch']>(
    (inner, extension) => extension.wrapDispatch?.(inner, context) ?? inner,
    apply,
  );
  const dispatch: EditorView['dispatch'] = function (this: EditorView, tr: Transaction) {
    // A clause insert, removal or move is one undo step of its own (with its record), never merged with typing
    // around it; moving the caret ends a typing burst.
    const ownStep = clauseOpOf(tr) !== undefined;
    if (ownStep || endsTypingBurst(tr)) history.stopCapturing();
    tracked.call(this, tr);
    if (ownStep) history.stopCapturing();
    for (const listener of [...listeners]) listener(this, tr);
  };

  const view = new EditorView(mount, {
    state: EditorState.create({ schema: proposalSchema, doc, plugins }),
    dispatchTransaction: dispatch,
    attributes: { class: 'proposal', spellcheck: 'false', 'aria-label': 'Proposal text', role: 'textbox', 'aria-multiline': 'true' },
  });
  const typedText = deferTypedTextRead(view, { ydoc: context.ydoc });

  return {
    view,
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    readTypedText() {
      typedText.read();
    },
    destroy() {
      typedText.destroy();
      stopForgetting();
      listeners.clear();
      view.destroy();
    },
  };
}
