import { Selection } from 'prosemirror-state';
import type { DraftroomApi } from '../../../shared/api/contract';
import type { DocumentSummary, Identity } from '../../../shared/domain/types';
import { moveClauseTo } from '../../../shared/editing/clause-commands';
import { clauseAtSelection, findClauseById } from '../../../shared/editing/clause-position';
import type { ConnectionState } from '../api/connection';
import { createProposalEditor, type ProposalEditor } from '../editor/create-editor';
import type { EditorContext, EditorExtension } from '../editor/extensions';
import { DocumentPresence } from '../presence/document-presence';
import { DocumentSync, type UnsentEdits } from '../sync/doc-sync';
import { el } from '../base/dom';
import type { ReadonlySignal } from '../base/signal';

/**
 * One open document: its mirror Y.Doc kept in sync with main, and the editor
 * bound to it, in its own page element (hidden while another tab is shown).
 */
export class DocumentSession {
  /** The document shown. */
  readonly docId: string;
  /** The page element holding this document's editor. */
  readonly page: HTMLElement;
  readonly sync: DocumentSync;
  /** Who else is in this document, and where (this window's awareness). */
  readonly presence: DocumentPresence;
  private editorInstance: ProposalEditor | null = null;
  private destroyed = false;
  private readonly titleElement: HTMLElement;
  private readonly metaElement: HTMLElement;
  private readonly metaText: HTMLElement;
  private readonly unsubscribeIdentity: () => void;

  private readonly context: EditorContext;

  /**
   * A session for a document, syncing from now on (messages main pushes can
   * be handed to `sync.receive` at once); call `load` to fetch the content
   * and create the editor.
   */
  constructor(
    options: {
      readonly api: DraftroomApi;
      readonly docId: string;
      readonly title: string;
      readonly connection: ReadonlySignal<ConnectionState>;
      readonly identity: ReadonlySignal<Identity | null>;
      /** Asks for a name and saves the working draft as a named version. */
      readonly saveVersion: () => void;
      /** Where edits that could not be sent are kept across reloads (null: only in memory). */
      readonly unsent: UnsentEdits | null;
    },
    private readonly extensions: readonly EditorExtension[],
  ) {
    this.docId = options.docId;
    this.sync = new DocumentSync(options.api, options.docId, options.connection, options.unsent);
    this.presence = new DocumentPresence(options.api, options.docId, this.sync.ydoc, options.identity, options.connection);
    this.context = { docId: options.docId, ydoc: this.sync.ydoc, identity: options.identity, presence: this.presence };
    this.titleElement = el('h1', { class: 'doc-title', text: options.title });
    this.metaText = el('span');
    const saveVersion = el('button', {
      class: 'doc-meta-action',
      text: 'Save version…',
      title: 'Keep the working draft as it is now under a name, e.g. “Proposal sent 28 Nov”',
      attrs: { type: 'button', 'data-testid': 'save-version' },
      on: { click: () => options.saveVersion() },
    });
    // The separator goes with the button, so an observer's line does not end in "·".
    const separator = el('span', { class: 'doc-meta-separator', text: ' · ', attrs: { 'aria-hidden': 'true' } });
    // Observers only read: main refuses them too.
    const showFor = (identity: Identity | null): void => {
      saveVersion.hidden = identity === null || identity.member.role === 'observer';
      separator.hidden = saveVersion.hidden;
    };
    showFor(options.identity.get());
    this.unsubscribeIdentity = options.identity.subscribe((identity) => showFor(identity));
    this.metaElement = el('p', { class: 'doc-meta' }, [this.metaText, separator, saveVersion]);
    this.page = el('article', { class: 'page', attrs: { 'data-doc-id': options.docId } }, [
      el('header', { class: 'page-header' }, [this.titleElement, this.metaElement]),
    ]);
  }

  /**
   * Loads the content from main, then creates the editor on it (so the
   * editor never seeds the shared document). On failure the session stops
   * syncing and the error is rethrown.
   */
  async load(): Promise<void> {
    try {
      await this.sync.start();
    } catch (error) {
      this.presence.destroy();
      this.sync.destroy();
      throw error;
    }
    if (this.destroyed) return;
    const mount = el('div', { class: 'editor-mount' });
    this.page.append(mount);
    const editor = createProposalEditor(mount, this.context, this.extensions);
    this.editorInstance = editor;
    this.sync.readLocalInputWith(() => editor.readTypedText());
  }

  /** The editor (exists once `load` has resolved). */
  get editor(): ProposalEditor {
    if (!this.editorInstance) throw new Error('document session is not open');
    return this.editorInstance;
  }

  /** Updates the title and the line under it from the document's summary. */
  setSummary(summary: DocumentSummary): void {
    this.titleElement.textContent = summary.title;
    const versions =
      summary.versions === 0 ? 'no named versions yet' : summary.versions === 1 ? '1 named version' : `${summary.versions} named versions`;
    this.metaText.textContent = `Working draft · ${versions}`;
  }

  /** 0-based index of the clause holding the cursor. */
  activeClauseIndex(): number {
    return clauseAtSelection(this.editor.view.state)?.index ?? -1;
  }

  /** Scrolls to a clause and puts the cursor at the start of its text. */
  jumpToClause(clauseId: string): void {
    const view = this.editor.view;
    const clause = findClauseById(view.state.doc, clauseId);
    if (!clause) return;
    const selection = Selection.near(view.state.doc.resolve(clause.pos + 1));
    view.dispatch(view.state.tr.setSelection(selection));
    view.focus();
    const dom = view.nodeDOM(clause.pos);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start' });
  }

  /** Moves a clause to a 0-based index (outline drag and keyboard). */
  moveClause(clauseId: string, toIndex: number): boolean {
    const view = this.editor.view;
    return moveClauseTo(clauseId, toIndex)(view.state, view.dispatch, view);
  }

  /** Stops syncing and removes the editor. Edits already made have been handed to main or stay queued. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.unsubscribeIdentity();
    this.editorInstance?.readTypedText();
    this.sync.readLocalInputWith(null);
    this.editorInstance?.destroy();
    this.presence.destroy();
    this.sync.destroy();
    this.page.remove();
  }
}
