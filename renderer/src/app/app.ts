import * as Y from 'yjs';
import type { Command } from 'prosemirror-state';
import { isMenuCommand, type DraftroomApi, type DraftroomEvents } from '../../../shared/api/contract';
import { offersIntactState } from '../../../shared/api/damage';
import type { DocumentSummary, Identity, WorkspaceInfo } from '../../../shared/domain/types';
import { insertClauseAfter } from '../../../shared/editing/clause-commands';
import { countDocumentWords } from '../../../shared/editing/clause-summary';
import { clauseMarksKey } from '../../../shared/suggest/clause-marks';
import { readChanges } from '../../../shared/ydoc/layout';
import type { ConnectedTransport } from '../api/connection';
import { revealChange } from '../changes/change-navigation';
import { createCommentsView } from '../comments/comments-view';
import { redoCommand, undoCommand } from '../editor/commands';
import type { EditorExtension } from '../editor/extensions';
import { installedExtensions } from './installed-extensions';
import { openColumnsView } from '../export/columns-view';
import { openCompareView } from '../export/compare-view';
import { openExportDialog } from '../export/export-dialog';
import { openImportDialog } from '../export/import-dialog';
import { createClauseHistoryView } from '../history/clause-history-view';
import { createBracketsView } from '../negotiation/brackets-view';
import { createPositionsView } from '../negotiation/positions-view';
import { outlinePackages, watchNegotiation } from '../negotiation/outline-packages';
import { PanelHost } from './panel-host';
import { editorAccess, mayEditDirectly, readOnlyReason, type EditMode } from '../suggest/edit-access';
import { openJoinDialog, openShareDialog, openTeamDialog, teamLabel, type TeamDialogContext } from '../team/team-dialogs';
import { describeError } from '../ui/error-messages';
import { localUnsentEdits } from '../sync/unsent-storage';
import { pickIdentity } from '../ui/identity-picker';
import { installPartyColours } from '../ui/party-styles';
import { openVersionsDialog } from '../history/versions-dialog';
import { openNewDocumentDialog, openSaveVersionDialog, openWorkspaceDialog, type AppDialogContext } from './app-dialogs';
import { DocumentSession } from './document-session';
import { flushWhenHidden } from '../sync/flush-on-hide';
import { DocumentSessions } from './document-sessions';
import { offerIntactState } from './intact-state-offer';
import { recallMember, rememberMember } from './identity-memory';
import type { PanelContext, PanelDocument } from '../panel/panel-context';
import { signal } from '../base/signal';
import { BurstScheduler } from '../base/burst-scheduler';
import { runMenuCommand, shortcutFor, type AppCommands } from './shortcuts';
import { Workbench } from './workbench';

/** How long switching workspaces waits for unsaved edits to reach main. */
const FLUSH_TIMEOUT_MS = 3000;

/**
 * The renderer's controller: one workspace, its documents (one session per
 * opened document, kept while the window lives so unsent edits are never
 * dropped), the identity and editing mode, the workbench that shows them,
 * and the side panel (changes, comments, history) through one PanelContext.
 */
export class DraftroomApp {
  private readonly identity = signal<Identity | null>(null);
  private readonly workspaceSignal = signal<WorkspaceInfo | null>(null);
  /** A lead's choice between suggesting and direct editing (everyone else always suggests). */
  private readonly mode = signal<EditMode>('suggesting');
  /** The refusal last shown in the banner (shown once, not on every refresh). */
  private shownRefusal: string | null = null;
  private readonly panelDocument = signal<PanelDocument | null>(null);
  private readonly ui: Workbench;
  private readonly panels: PanelHost;
  private readonly extensions: readonly EditorExtension[];
  private workspace: WorkspaceInfo | null = null;
  private documents: DocumentSummary[] = [];
  /** The open workspace was found to have no documents (its banner follows who is at the keyboard). */
  private emptyWorkspace = false;
  private readonly sessions: DocumentSessions;
  private active: DocumentSession | null = null;
  /** The document the user asked for last (a slower earlier request must not win). */
  private wanted: string | null = null;
  private lastDoc: unknown = null;
  /** The active editor's document at the last refresh request (a new one: the request is part of a burst of edits). */
  private requestedDoc: unknown = null;
  /**
   * Outline, status and toolbar follow the editor right after the frame that shows a change, and a typing
   * burst when it pauses (or once a second while it lasts), as the change cards do: not once per keystroke.
   */
  private readonly refresher = new BurstScheduler(() => this.refresh(), { pauseMs: 150, maxWaitMs: 1000 });
  /** True while the export dialog is open (Ctrl/Cmd+E and the menu must not open a second one). */
  private exportOpen = false;

  constructor(
    private readonly api: DraftroomApi,
    private readonly connected: ConnectedTransport,
    mount: HTMLElement,
  ) {
    this.ui = new Workbench(connected.kind, {
      select: (docId) => void this.showDocument(docId),
      create: () => openNewDocumentDialog(this.dialogContext()),
      jump: (clauseId) => this.active?.jumpToClause(clauseId),
      move: (clauseId, toIndex) => {
        this.active?.moveClause(clauseId, toIndex);
      },
      openWorkspace: () => openWorkspaceDialog(this.dialogContext()),
      exportRedline: () => this.exportDialog(),
      compareVersions: () => this.compareView(),
      showVersions: () => this.versionsDialog(),
      columnsView: () => this.columnsView(),
      importProposal: () => this.importDialog(),
      chooseIdentity: () => void this.chooseIdentity(),
      toggleChanges: () => this.panels.toggleChanges(),
      setMode: (mode) => this.mode.set(mode),
      openTeam: () => void openTeamDialog(this.teamContext()),
    });
    const panelContext: PanelContext = {
      api,
      workspace: this.workspaceSignal,
      identity: this.identity,
      document: this.panelDocument,
      jumpToClause: (clauseId) => this.active?.jumpToClause(clauseId),
      jumpToChange: (changeId) => this.jumpToChange(changeId),
    };
    this.panels = new PanelHost(panelContext, this.ui, { comments: createCommentsView, history: createClauseHistoryView, brackets: createBracketsView, positions: createPositionsView });
    this.extensions = installedExtensions({
      mode: this.mode,
      workspace: this.workspaceSignal,
      onRefused: (message) => this.ui.hint.show(message),
      ...(this.panels.hasHistory ? { onClauseHistory: (clauseId: string) => this.panels.openHistory(clauseId) } : {}),
    });
    this.sessions = new DocumentSessions(
      (docId) => this.createSession(docId),
      (session) => this.adopt(session),
    );
    this.mode.subscribe((mode) => {
      this.ui.modeSwitch.update(this.identity.get(), mode);
      if (mode === 'editing') this.ui.hint.show('Editing directly: your edits change the text without being tracked as proposals.');
    });
    mount.replaceChildren(this.ui.root);
    mount.removeAttribute('aria-busy');
  }

  /** Loads the workspace and opens its first document. */
  async start(): Promise<void> {
    this.connected.transport.subscribe((event, payload) => this.onEvent(event, payload));
    this.connected.state.subscribe((now, before) => {
      if (now === 'online' && before !== 'online') void this.afterReconnect();
      this.refreshSaveState();
    });
    window.addEventListener('keydown', (event) => this.onGlobalKey(event));
    // Edits are sent right after the frame that shows them: a page being hidden or closed sends them at once.
    flushWhenHidden(() => this.sessions.flushPending());
    // In a browser, edits not yet with main are kept in localStorage, but say so before the tab goes.
    if (this.connected.kind === 'websocket') {
      window.addEventListener('beforeunload', (event) => {
        if (this.sessions.saveState() !== 'saved') event.preventDefault();
      });
    }
    this.refreshSaveState();
    await this.loadWorkspace();
  }

  private async loadWorkspace(): Promise<void> {
    const workspace = await this.api.getWorkspace();
    this.setWorkspace(workspace);
    this.documents = await this.api.listDocuments();
    const first = this.documents[0];
    this.ui.tabs.render(this.documents, first?.id ?? null);
    // Main starts a session as nobody (or, on a workspace bound to a team server, as the binding's member).
    let identity = await this.api.getIdentity();
    if (!workspace.fixedIdentity) {
      // This browser or app profile may have drafted here before: come back as that member.
      const recalled = recallMember(workspace.id);
      if (recalled !== null && recalled !== identity?.member.id && workspace.members.some((m) => m.id === recalled)) {
        identity = await this.api.setIdentity(recalled).catch(() => identity);
      }
      // A new profile asks "Who is drafting?"; a workspace without members offers "Add yourself".
      if (!identity) identity = await this.pickIdentityFresh(workspace, null);
    }
    this.setIdentity(identity);
    this.ui.status.setTeam(teamLabel(await this.api.getTeamStatus().catch(() => null)));
    this.emptyWorkspace = first === undefined;
    if (first) await this.showDocument(first.id);
    else this.showEmptyWorkspace();
  }

  /** Asks who is drafting; if that added a member ("Add yourself"), reads the workspace again first. */
  private async pickIdentityFresh(workspace: WorkspaceInfo, current: Identity | null): Promise<Identity | null> {
    const identity = await pickIdentity(this.api, workspace, current);
    if (identity && !workspace.members.some((m) => m.id === identity.member.id)) this.setWorkspace(await this.api.getWorkspace());
    return identity;
  }

  /** The banner of a workspace without documents: what the person at the keyboard can do about it. */
  private showEmptyWorkspace(): void {
    if (!this.emptyWorkspace || this.documents.length > 0 || this.active !== null) return;
    const identity = this.identity.get();
    let message: string;
    if (identity === null && this.workspace?.members.length === 0) {
      message = 'This workspace has no members or documents yet. Add yourself with “Choose who you are” in the status bar: as its first member you are a lead, and can create documents.';
    } else if (identity === null) {
      message = 'This workspace has no documents yet. Choose who you are (in the status bar) to create one.';
    } else if (identity.member.role === 'observer') {
      message = 'This workspace has no documents yet. Members who are not observers can create one.';
    } else {
      message = 'This workspace has no documents yet. Create one with “+ New document” above the page.';
    }
    this.ui.showBanner(message, 'info');
  }

  private setWorkspace(workspace: WorkspaceInfo): void {
    this.workspace = workspace;
    this.workspaceSignal.set(workspace);
    installPartyColours(workspace.parties);
    this.ui.setWorkspace(workspace.name, workspace.path);
  }

  private setIdentity(identity: Identity | null): void {
    // Direct editing is a lead's choice; anyone else (or a new member) starts suggesting.
    if (!mayEditDirectly(identity) || identity?.member.id !== this.identity.get()?.member.id) this.mode.set('suggesting');
    this.identity.set(identity);
    this.ui.status.setIdentity(identity);
    this.ui.tabs.setMayCreate(identity !== null && identity.member.role !== 'observer');
    // Edits main refused for want of the right identity may get through now.
    for (const session of this.sessions.all()) session.sync.retryUnsent();
    this.ui.modeSwitch.update(identity, this.mode.get());
    const readOnly = editorAccess(identity, this.mode.get()) === 'read-only';
    this.ui.toolbar.setReadOnly(readOnly ? readOnlyReason(identity) : null);
    this.ui.outline.setReadOnly(readOnly);
    if (this.workspace && identity) rememberMember(this.workspace.id, identity.member.id);
    this.showEmptyWorkspace();
  }

  private async chooseIdentity(): Promise<void> {
    if (!this.workspace) return;
    const identity = await this.pickIdentityFresh(this.workspace, this.identity.get());
    if (identity) this.setIdentity(identity);
  }

  /** Shows a document, opening a session for it on first use. */
  private async showDocument(docId: string): Promise<void> {
    this.wanted = docId;
    let session: DocumentSession | null;
    try {
      session = await this.sessions.open(docId);
    } catch (error) {
      if (this.wanted === docId) {
        const title = this.documents.find((d) => d.id === docId)?.title ?? docId;
        this.ui.showBanner(`Could not open “${title}”: ${describeError(error)}`);
        if (offersIntactState(error)) offerIntactState(this.api, docId, title, error);
      }
      return;
    }
    if (session && this.wanted === docId) this.activate(session);
  }

  /** A new session for a document of the open workspace (not loaded yet). */
  private createSession(docId: string): DocumentSession {
    const workspace = this.workspace;
    return new DocumentSession(
      {
        api: this.api,
        docId,
        title: this.documents.find((d) => d.id === docId)?.title ?? 'Untitled',
        connection: this.connected.state,
        identity: this.identity,
        saveVersion: () => openSaveVersionDialog(this.dialogContext(), docId),
        unsent: workspace
          ? localUnsentEdits({ workspaceId: workspace.id, workspacePath: workspace.path, memberId: () => this.identity.get()?.member.id ?? null })
          : null,
      },
      this.extensions,
    );
  }

  private adopt(session: DocumentSession): void {
    session.page.hidden = true;
    const summary = this.documents.find((d) => d.id === session.docId);
    if (summary) session.setSummary(summary);
    this.ui.pages.append(session.page);
    session.editor.onUpdate(() => {
      if (session === this.active) this.scheduleRefresh();
    });
    // Packages and positions change without the text: the outline's package tags follow them too.
    watchNegotiation(session.sync.ydoc, () => {
      if (session === this.active) this.scheduleRefresh();
    });
    session.sync.saveState.subscribe(() => this.refreshSaveState());
  }

  private activate(session: DocumentSession): void {
    this.active = session;
    this.emptyWorkspace = false;
    for (const other of this.sessions.all()) other.page.hidden = other !== session;
    this.ui.tabs.render(this.documents, session.docId);
    this.ui.toolbar.attach(session.editor.view);
    this.ui.findBox.attach(session.editor.view);
    this.ui.showBanner(null);
    this.panelDocument.set({ docId: session.docId, ydoc: session.sync.ydoc, view: session.editor.view });
    this.ui.presence.attach({
      presence: session.presence,
      doc: () => session.editor.view.state.doc,
      ownMemberId: () => this.identity.get()?.member.id ?? null,
    });
    this.panels.documentShown();
    this.lastDoc = null;
    this.refresh();
    this.refreshSaveState();
  }

  private scheduleRefresh(): void {
    const doc = this.active?.editor.view.state.doc ?? null;
    const edited = doc !== this.requestedDoc;
    this.requestedDoc = doc;
    this.refresher.request(edited);
  }

  /** Outline, status and toolbar follow the editor (see `refresher`); O(clauses) with per-clause caches. */
  private refresh(): void {
    const session = this.active;
    if (!session) return;
    const { doc } = session.editor.view.state;
    const activeIndex = session.activeClauseIndex();
    this.ui.outline.update(doc, activeIndex, clauseMarksKey.getState(session.editor.view.state)?.records ?? []);
    this.ui.outline.setPackages(outlinePackages(session.sync.ydoc, doc, this.workspaceSignal.get()?.parties ?? []));
    this.ui.status.setPosition(activeIndex, doc.childCount);
    if (doc !== this.lastDoc) {
      this.ui.status.setWords(countDocumentWords(doc));
      this.lastDoc = doc;
    }
    this.ui.toolbar.scheduleRefresh();
    this.ui.findBox.refreshCount();
    this.ui.presence.refresh();
    this.panels.refresh();
  }

  /** Puts the cursor on a change in the active document (the changes panel, comments on a change). */
  private jumpToChange(changeId: string): void {
    const session = this.active;
    if (!session) return;
    if (!revealChange(session.editor.view, readChanges(session.sync.ydoc), changeId)) {
      this.ui.hint.show('This change is no longer in the document.');
    }
  }

  private refreshSaveState(): void {
    this.ui.status.setSave(this.sessions.saveState(), this.connected.state.get());
    const refused = this.sessions.refused();
    const refusal = refused?.sync.refusedBecause ?? null;
    if (refused && refusal !== null && refusal !== this.shownRefusal) {
      this.ui.hint.show(`Main refused an edit: ${refusal}. It is kept here and sent again when you choose who you are or reconnect.`, {
        label: 'Discard it',
        run: () => this.discardRefused(),
      });
    }
    this.shownRefusal = refusal;
  }

  private onEvent<E extends keyof DraftroomEvents>(event: E, payload: DraftroomEvents[E]): void {
    if (event === 'documentMessage') {
      const { docId, message } = payload as DraftroomEvents['documentMessage'];
      this.sessions.find(docId)?.sync.receive(message);
    } else if (event === 'presenceMessage') {
      const { docId, message } = payload as DraftroomEvents['presenceMessage'];
      this.sessions.find(docId)?.presence.receive(message);
    } else if (event === 'workspaceChanged') {
      this.setWorkspace(payload as DraftroomEvents['workspaceChanged']);
      void this.reloadDocumentList();
    } else if (event === 'menuCommand') {
      const { command } = payload as DraftroomEvents['menuCommand'];
      if (isMenuCommand(command)) runMenuCommand(command, this.commands);
    } else if (event === 'teamStatus') {
      this.ui.status.setTeam(teamLabel(payload as DraftroomEvents['teamStatus']));
    } else if (event === 'documentReplaced') {
      void this.reopenReplaced((payload as DraftroomEvents['documentReplaced']).docId);
    }
  }

  /** What the team dialogs need. */
  private teamContext(): TeamDialogContext {
    return {
      api: this.api,
      workspace: () => this.workspace,
      switchTo: (workspace) => this.switchTo(workspace),
      flush: () => this.flushAll(),
      notify: (message) => this.ui.hint.show(message),
    };
  }

  /**
   * The team server refused an edit of this document and main went back to
   * the server's state (the refused edits are set aside in the file): drop
   * this window's copy, unsent edits included, and open the document again.
   */
  private async reopenReplaced(docId: string): Promise<void> {
    const session = this.sessions.find(docId);
    if (session === undefined) return;
    const wasActive = this.active === session;
    // What this window typed while main went back to the server's state cannot be applied there: set it aside too.
    await this.api.keepWindowCopy(docId, Y.encodeStateAsUpdate(session.sync.ydoc)).catch((error: unknown) => {
      this.ui.showBanner(`Could not keep this window's copy of the document: ${describeError(error)}`);
    });
    if (!this.sessions.holds(session)) return;
    session.sync.discardUnsent();
    this.sessions.drop(session);
    if (wasActive) this.active = null;
    this.ui.hint.show('The team server refused an edit; this document now shows what the server holds. Your edits were set aside: see Team in the status bar.', {
      label: 'Show',
      run: () => void openTeamDialog(this.teamContext()),
    });
    if (wasActive) await this.showDocument(docId);
  }

  /** What the window's shortcuts and the application menu can ask for. */
  private readonly commands: AppCommands = {
    toggleChanges: () => this.panels.toggleChanges(),
    toggleOutline: () => this.ui.toggleOutline(),
    stepChange: (direction) => this.panels.changes.step(direction),
    focusRationale: () => this.panels.changes.focusRationale(),
    find: () => {
      if (this.active) this.ui.findBox.open();
    },
    openWorkspace: () => openWorkspaceDialog(this.dialogContext()),
    exportRedline: () => this.exportDialog(),
    undo: () => this.runEditorCommand(undoCommand),
    redo: () => this.runEditorCommand(redoCommand),
    insertClause: () => this.runEditorCommand(insertClauseAfter),
    joinTeam: () => openJoinDialog(this.teamContext()),
    share: () => openShareDialog(this.teamContext()),
  };

  /** Runs an editor command on the active document and gives it the focus back. */
  private runEditorCommand(command: Command): void {
    const view = this.active?.editor.view;
    if (!view) return;
    command(view.state, view.dispatch, view);
    view.focus();
  }

  /** What the app's own dialogs need. */
  private dialogContext(): AppDialogContext {
    return {
      api: this.api,
      flush: () => this.flushAll(),
      reloadDocumentList: () => this.reloadDocumentList(),
      showDocument: (docId) => this.showDocument(docId),
      switchTo: (workspace) => this.switchTo(workspace),
      notify: (message) => this.ui.hint.show(message),
    };
  }

  private async reloadDocumentList(): Promise<void> {
    this.documents = await this.api.listDocuments();
    for (const doc of this.documents) this.sessions.get(doc.id)?.setSummary(doc);
    this.ui.tabs.render(this.documents, this.active?.docId ?? null);
  }

  /** A new connection is a new session for the web host: tell it again who we are, and who is here. */
  private async afterReconnect(): Promise<void> {
    const identity = this.identity.get();
    try {
      if (identity) await this.api.setIdentity(identity.member.id);
    } catch (error) {
      this.ui.showBanner(`Reconnected, but could not restore your identity: ${describeError(error)}`);
    }
    for (const session of this.sessions.all()) session.presence.announce();
  }

  /** The title bar's Import…: the other side's proposal as a new document, or into the open one as suggestions. */
  private importDialog(): void {
    const identity = this.identity.get();
    const workspace = this.workspaceSignal.get();
    if (!identity || identity.member.role === 'observer' || !workspace) {
      this.ui.showBanner('Observers cannot import: choose a member who may edit.', 'info');
      return;
    }
    const session = this.active;
    const current = session ? { docId: session.docId, title: this.documents.find((d) => d.id === session.docId)?.title ?? 'Untitled' } : null;
    openImportDialog({
      current,
      parties: workspace.parties,
      ownPartyId: identity.party.id,
      importProposal: async (request) => {
        await this.flushAll();
        return this.api.importProposal(request);
      },
      imported: (result, into) => {
        if (into) {
          this.ui.showBanner(`Imported into “${result.title}”: ${result.changes} suggestion${result.changes === 1 ? '' : 's'}${result.skipped > 0 ? `, ${result.skipped} clause${result.skipped === 1 ? '' : 's'} with pending suggestions left as they are` : ''}.`, 'info');
          return;
        }
        void this.reloadDocumentList().then(() => this.showDocument(result.docId));
      },
      onFailure: (message) => this.ui.showBanner(message),
    });
  }

  /** The title bar's Versions…: the open document's versions with their hashes and initials; Verify; Initial this version…. */
  private versionsDialog(): void {
    const session = this.active;
    if (!session) {
      this.ui.showBanner('Open a document to see its versions.', 'info');
      return;
    }
    const title = this.documents.find((d) => d.id === session.docId)?.title ?? 'Untitled';
    const members = this.workspaceSignal.get()?.members ?? [];
    openVersionsDialog({
      docId: session.docId,
      title,
      api: this.api,
      member: this.identity.get()?.member ?? null,
      memberName: (memberId) => members.find((m) => m.id === memberId)?.name ?? memberId,
      onFailure: (message) => this.ui.showBanner(message),
    });
  }

  /** The title bar's Compare…: two versions of the open document side by side or inline, and Restore. */
  private compareView(): void {
    const session = this.active;
    if (!session) {
      this.ui.showBanner('Open a document to compare its versions.', 'info');
      return;
    }
    const title = this.documents.find((d) => d.id === session.docId)?.title ?? 'Untitled';
    const identity = this.identity.get();
    openCompareView({
      docId: session.docId,
      title,
      listVersions: () => this.api.listVersions(session.docId),
      compareVersions: async (request) => {
        // Edits still on their way to main belong in the working draft it compares.
        await this.flushAll();
        return this.api.compareVersions(request);
      },
      exportComparison: (from, to) => this.exportDialog({ from, ...(to !== undefined ? { to } : {}) }),
      restoreVersion:
        identity && identity.member.role !== 'observer'
          ? async (versionId) => {
              await this.flushAll();
              return this.api.restoreVersion(session.docId, versionId);
            }
          : null,
      onFailure: (message) => this.ui.showBanner(message),
    });
  }

  /** The title bar's Columns…: the four-column text of the open document's versions, or of any documents. */
  private columnsView(): void {
    const session = this.active;
    if (!session) {
      this.ui.showBanner('Open a document to lay its versions side by side.', 'info');
      return;
    }
    const identity = this.identity.get();
    const mayEdit = identity !== null && identity.member.role !== 'observer';
    openColumnsView({
      docId: session.docId,
      documents: this.documents.map((d) => ({ id: d.id, title: d.title })),
      listVersions: (docId) => this.api.listVersions(docId),
      compareColumns: async (request) => {
        // Edits still on their way to main belong in the working drafts it lays out.
        await this.flushAll();
        return this.api.compareColumns(request);
      },
      exportColumns: async (request) => {
        await this.flushAll();
        return this.api.exportColumns(request);
      },
      setColumnPin: mayEdit ? (pin) => this.api.setColumnPin(pin) : null,
      clearColumnPin: mayEdit ? (docId, clauseId, targetDocId) => this.api.clearColumnPin(docId, clauseId, targetDocId) : null,
      onFailure: (message) => this.ui.showBanner(message),
    });
  }

  /** File ▸ Export… (Ctrl/Cmd+E, the title bar's Export…): a redline of the open document (a comparison when `initial` says which). */
  private exportDialog(initial?: { readonly from: string; readonly to?: string }): void {
    const session = this.active;
    if (!session) {
      this.ui.showBanner('Open a document to export it as a redline.', 'info');
      return;
    }
    if (this.exportOpen) return;
    this.exportOpen = true;
    const title = this.documents.find((d) => d.id === session.docId)?.title ?? 'Untitled';
    const dialog = openExportDialog({
      docId: session.docId,
      title,
      ...(initial ? { initial } : {}),
      listVersions: () => this.api.listVersions(session.docId),
      exportRedline: async (request) => {
        // Edits still on their way to main belong in the working draft it exports.
        await this.flushAll();
        const file = await this.api.exportRedline(request);
        const behind = session.sync.saveState.get() !== 'saved';
        this.ui.showBanner(
          behind ? 'Exported, but your latest edits to this document had not reached main yet: they are not in the file. Export again once it says “Saved”.' : null,
          'info',
        );
        return file;
      },
      onFailure: (message) => this.ui.showBanner(message),
      onExported: (file) => this.ui.hint.show(`Exported “${file.fileName}”.`),
    });
    void dialog.closed.then(() => {
      this.exportOpen = false;
    });
  }

  /** Drops the edits main refused and reloads the page, so that it shows what main holds. */
  private discardRefused(): void {
    // Every document's refused edits go; other unsent edits are kept in storage and sent by the reloaded page.
    for (const session of this.sessions.all()) {
      if (session.sync.saveState.get() === 'refused') session.sync.discardUnsent();
    }
    window.location.reload();
  }

  private async flushAll(): Promise<void> {
    await this.sessions.flush(FLUSH_TIMEOUT_MS);
  }

  private async switchTo(workspace: WorkspaceInfo): Promise<void> {
    this.sessions.clear();
    this.active = null;
    this.documents = [];
    this.emptyWorkspace = false;
    this.lastDoc = null;
    this.panelDocument.set(null);
    this.ui.presence.attach(null);
    this.ui.toolbar.attach(null);
    this.ui.findBox.attach(null);
    // Nothing of the previous workspace's document stays on screen.
    this.ui.outline.clear();
    this.ui.status.setPosition(-1, 0);
    this.ui.status.setWords(null);
    this.ui.showBanner(null);
    this.setIdentity(null);
    this.setWorkspace(workspace);
    await this.loadWorkspace();
  }

  private onGlobalKey(event: KeyboardEvent): void {
    if (event.defaultPrevented) return;
    const run = shortcutFor(event, this.active !== null);
    if (!run) return;
    event.preventDefault();
    run(this.commands);
  }
}
