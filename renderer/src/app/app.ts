import * as Y from 'yjs';
import type { Command } from 'prosemirror-state';
import type { DraftroomApi, DraftroomEvents, MenuCommand } from '../../../shared/api/contract';
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
import { openExportDialog } from '../export/export-dialog';
import { createClauseHistoryView } from '../history/clause-history-view';
import { PanelHost } from './panel-host';
import { mayEditDirectly, type EditMode } from '../suggest/edit-access';
import type { SaveState } from '../sync/doc-sync';
import { promptDialog } from '../ui/dialog';
import { openJoinDialog, openShareDialog, openTeamDialog, teamLabel, type TeamDialogContext } from '../team/team-dialogs';
import { describeError, openWorkspaceMessage } from '../ui/error-messages';
import { localUnsentEdits } from '../sync/unsent-storage';
import { pickIdentity } from '../ui/identity-picker';
import { installPartyColours } from '../ui/party-styles';
import { DocumentSession } from './document-session';
import { offerIntactState } from './intact-state-offer';
import { recallMember, rememberMember } from './identity-memory';
import type { PanelContext, PanelDocument } from '../panel/panel-context';
import { signal } from '../base/signal';
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
  private readonly sessions = new Map<string, DocumentSession>();
  /** Sessions still loading: already routed `documentMessage` events, not yet shown. */
  private readonly opening = new Map<string, { readonly session: DocumentSession; readonly loaded: Promise<void> }>();
  private active: DocumentSession | null = null;
  /** The document the user asked for last (a slower earlier request must not win). */
  private wanted: string | null = null;
  /** Bumped when the window switches workspaces; sessions opened for an older one are dropped. */
  private generation = 0;
  private refreshPending = 0;
  private lastDoc: unknown = null;
  /** True while the export dialog is open (Ctrl/Cmd+E and the menu must not open a second one). */
  private exportOpen = false;

  constructor(
    private readonly api: DraftroomApi,
    private readonly connected: ConnectedTransport,
    mount: HTMLElement,
  ) {
    this.ui = new Workbench(connected.kind, {
      select: (docId) => void this.showDocument(docId),
      create: () => this.createDocument(),
      jump: (clauseId) => this.active?.jumpToClause(clauseId),
      move: (clauseId, toIndex) => {
        this.active?.moveClause(clauseId, toIndex);
      },
      openWorkspace: () => this.openWorkspaceDialog(),
      exportRedline: () => this.exportDialog(),
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
    this.panels = new PanelHost(panelContext, this.ui, { comments: createCommentsView, history: createClauseHistoryView });
    this.extensions = installedExtensions({
      mode: this.mode,
      workspace: this.workspaceSignal,
      onRefused: (message) => this.ui.hint.show(message),
      ...(this.panels.hasHistory ? { onClauseHistory: (clauseId: string) => this.panels.openHistory(clauseId) } : {}),
    });
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
    // In a browser, edits not yet with main are kept in localStorage, but say so before the tab goes.
    if (this.connected.kind === 'websocket') {
      window.addEventListener('beforeunload', (event) => {
        if ([...this.sessions.values()].some((session) => session.sync.saveState.get() !== 'saved')) event.preventDefault();
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
      // A new profile asks "Who is drafting?"; a workspace without members has nobody to choose.
      if (!identity && workspace.members.length > 0) identity = await pickIdentity(this.api, workspace, null);
    }
    this.setIdentity(identity);
    this.ui.status.setTeam(teamLabel(await this.api.getTeamStatus().catch(() => null)));
    if (first) await this.showDocument(first.id);
    else this.ui.showBanner('This workspace has no documents yet. Create one with “New document”.', 'info');
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
    for (const session of this.sessions.values()) session.sync.retryUnsent();
    this.ui.modeSwitch.update(identity, this.mode.get());
    if (this.workspace && identity) rememberMember(this.workspace.id, identity.member.id);
  }

  private async chooseIdentity(): Promise<void> {
    if (!this.workspace) return;
    const identity = await pickIdentity(this.api, this.workspace, this.identity.get());
    if (identity) this.setIdentity(identity);
  }

  /** Shows a document, opening a session for it on first use. */
  private async showDocument(docId: string): Promise<void> {
    this.wanted = docId;
    const generation = this.generation;
    const summary = this.documents.find((d) => d.id === docId);
    let session = this.sessions.get(docId);
    if (!session) {
      let opening = this.opening.get(docId);
      if (!opening) {
        const created = new DocumentSession(
          {
            api: this.api,
            docId,
            title: summary?.title ?? 'Untitled',
            connection: this.connected.state,
            identity: this.identity,
            saveVersion: () => this.saveVersionDialog(docId),
            unsent: this.workspace
              ? localUnsentEdits({ workspaceId: this.workspace.id, workspacePath: this.workspace.path, memberId: () => this.identity.get()?.member.id ?? null })
              : null,
          },
          this.extensions,
        );
        opening = { session: created, loaded: created.load() };
        this.opening.set(docId, opening);
      }
      session = opening.session;
      try {
        await opening.loaded;
      } catch (error) {
        if (this.wanted === docId) {
          this.ui.showBanner(`Could not open “${summary?.title ?? docId}”: ${describeError(error)}`);
          if (offersIntactState(error)) offerIntactState(this.api, docId, summary?.title ?? docId, error);
        }
        return;
      } finally {
        if (this.opening.get(docId) === opening) this.opening.delete(docId);
      }
      if (generation !== this.generation) {
        session.destroy();
        return;
      }
      if (!this.sessions.has(docId)) this.adopt(session);
    }
    if (this.wanted === docId) this.activate(session);
  }

  private adopt(session: DocumentSession): void {
    this.sessions.set(session.docId, session);
    session.page.hidden = true;
    const summary = this.documents.find((d) => d.id === session.docId);
    if (summary) session.setSummary(summary);
    this.ui.pages.append(session.page);
    session.editor.onUpdate(() => {
      if (session === this.active) this.scheduleRefresh();
    });
    session.sync.saveState.subscribe(() => this.refreshSaveState());
  }

  private activate(session: DocumentSession): void {
    this.active = session;
    for (const other of this.sessions.values()) other.page.hidden = other !== session;
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
    if (this.refreshPending !== 0) return;
    this.refreshPending = requestAnimationFrame(() => {
      this.refreshPending = 0;
      this.refresh();
    });
  }

  /** Outline, status and toolbar follow the editor; at most once per frame, O(clauses) with per-clause caches. */
  private refresh(): void {
    const session = this.active;
    if (!session) return;
    const { doc } = session.editor.view.state;
    const activeIndex = session.activeClauseIndex();
    this.ui.outline.update(doc, activeIndex, clauseMarksKey.getState(session.editor.view.state)?.records ?? []);
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
    const states = [...this.sessions.values()].map((s) => s.sync.saveState.get());
    const overall: SaveState = states.includes('refused')
      ? 'refused'
      : states.includes('unsent')
        ? 'unsent'
        : states.includes('saving')
          ? 'saving'
          : 'saved';
    this.ui.status.setSave(overall, this.connected.state.get());
    const refused = [...this.sessions.values()].find((session) => session.sync.saveState.get() === 'refused');
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
      (this.sessions.get(docId) ?? this.opening.get(docId)?.session)?.sync.receive(message);
    } else if (event === 'presenceMessage') {
      const { docId, message } = payload as DraftroomEvents['presenceMessage'];
      (this.sessions.get(docId) ?? this.opening.get(docId)?.session)?.presence.receive(message);
    } else if (event === 'workspaceChanged') {
      this.setWorkspace(payload as DraftroomEvents['workspaceChanged']);
      void this.reloadDocumentList();
    } else if (event === 'menuCommand') {
      this.onMenuCommand((payload as DraftroomEvents['menuCommand']).command);
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
    const session = this.sessions.get(docId) ?? this.opening.get(docId)?.session;
    if (session === undefined) return;
    const wasActive = this.active === session;
    // What this window typed while main went back to the server's state cannot be applied there: set it aside too.
    await this.api.keepWindowCopy(docId, Y.encodeStateAsUpdate(session.sync.ydoc)).catch((error: unknown) => {
      this.ui.showBanner(`Could not keep this window's copy of the document: ${describeError(error)}`);
    });
    if (this.sessions.get(docId) !== session && this.opening.get(docId)?.session !== session) return;
    session.sync.discardUnsent();
    session.destroy();
    session.page.remove();
    this.sessions.delete(docId);
    this.opening.delete(docId);
    if (wasActive) this.active = null;
    this.ui.hint.show('The team server refused an edit; this document now shows what the server holds. Your edits were set aside: see Team in the status bar.', {
      label: 'Show',
      run: () => void openTeamDialog(this.teamContext()),
    });
    if (wasActive) await this.showDocument(docId);
  }

  /** Electron's application menu asks for something the renderer owns. */
  private onMenuCommand(command: MenuCommand): void {
    const run = (editorCommand: Command): void => {
      const view = this.active?.editor.view;
      if (!view) return;
      editorCommand(view.state, view.dispatch, view);
      view.focus();
    };
    switch (command) {
      case 'undo':
        return run(undoCommand);
      case 'redo':
        return run(redoCommand);
      case 'insert-clause':
        return run(insertClauseAfter);
      case 'find':
        if (this.active) this.ui.findBox.open();
        return;
      case 'toggle-outline':
        return this.ui.toggleOutline();
      case 'toggle-changes':
        return this.panels.toggleChanges();
      case 'export':
        return this.exportDialog();
      case 'join-team':
        return openJoinDialog(this.teamContext());
      case 'share':
        return openShareDialog(this.teamContext());
    }
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
    for (const session of this.sessions.values()) session.presence.announce();
  }

  private createDocument(): void {
    promptDialog({
      title: 'New document',
      lead: 'A new document starts with one empty clause.',
      label: 'Title',
      placeholder: 'e.g. Security guarantees annex',
      confirm: 'Create',
      submit: async (title) => {
        try {
          const created = await this.api.createDocument(title);
          await this.reloadDocumentList();
          await this.showDocument(created.id);
          return null;
        } catch (error) {
          return `Could not create the document: ${describeError(error)}`;
        }
      },
    });
  }

  /** Names the working draft of a document as it is now (after every edit has reached main). */
  private saveVersionDialog(docId: string): void {
    promptDialog({
      title: 'Save version',
      lead: 'Keeps the working draft exactly as it is now, with your name and party, under a name of your choice. Named versions can be compared and exported later.',
      label: 'Version name',
      placeholder: 'e.g. Proposal sent to Russia, 2 Dec',
      confirm: 'Save version',
      submit: async (name) => {
        try {
          await this.flushAll();
          const version = await this.api.createVersion(docId, name, '');
          await this.reloadDocumentList();
          this.ui.hint.show(`Saved version “${version.name}”.`);
          return null;
        } catch (error) {
          return `Could not save the version: ${describeError(error)}`;
        }
      },
    });
  }

  /** File ▸ Export… (Ctrl/Cmd+E, the title bar's Export…): a Word redline of the open document. */
  private exportDialog(): void {
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
    });
    void dialog.closed.then(() => {
      this.exportOpen = false;
    });
  }

  private openWorkspaceDialog(): void {
    promptDialog({
      title: 'Open workspace',
      lead: 'Type the full path of a .draftroom workspace file on this computer.',
      label: 'Workspace file',
      placeholder: '/home/you/negotiation.draftroom',
      confirm: 'Open',
      submit: async (path) => {
        // Hand every edit to main first; if the open fails, nothing else changes.
        await this.flushAll();
        try {
          const workspace = await this.api.openWorkspace(path);
          await this.switchTo(workspace);
          return null;
        } catch (error) {
          return openWorkspaceMessage(path, error);
        }
      },
    });
  }

  /** Drops the edits main refused and reloads the page, so that it shows what main holds. */
  private discardRefused(): void {
    // Every document's refused edits go; other unsent edits are kept in storage and sent by the reloaded page.
    for (const session of this.sessions.values()) {
      if (session.sync.saveState.get() === 'refused') session.sync.discardUnsent();
    }
    window.location.reload();
  }

  private async flushAll(): Promise<void> {
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS));
    await Promise.race([Promise.all([...this.sessions.values()].map((s) => s.sync.flush())), timeout]);
  }

  private async switchTo(workspace: WorkspaceInfo): Promise<void> {
    this.generation++;
    for (const { session } of this.opening.values()) session.destroy();
    this.opening.clear();
    for (const session of this.sessions.values()) session.destroy();
    this.sessions.clear();
    this.active = null;
    this.panelDocument.set(null);
    this.ui.presence.attach(null);
    this.ui.toolbar.attach(null);
    this.ui.findBox.attach(null);
    this.setIdentity(null);
    this.setWorkspace(workspace);
    await this.loadWorkspace();
  }

  private onGlobalKey(event: KeyboardEvent): void {
    if (event.defaultPrevented) return;
    const mod = event.ctrlKey || event.metaKey;
    const altOnly = event.altKey && !mod && !event.shiftKey;
    if (mod && event.altKey && event.code === 'KeyC') {
      event.preventDefault();
      this.panels.toggleChanges();
    } else if (mod && event.altKey && event.code === 'KeyO') {
      event.preventDefault();
      this.ui.toggleOutline();
    } else if (altOnly && (event.code === 'BracketRight' || event.code === 'BracketLeft') && this.active) {
      event.preventDefault();
      this.panels.changes.step(event.code === 'BracketRight' ? 1 : -1);
    } else if (altOnly && event.code === 'KeyR' && this.active) {
      event.preventDefault();
      this.panels.changes.focusRationale();
    } else if (mod && !event.altKey && event.key.toLowerCase() === 'f' && this.active) {
      event.preventDefault();
      this.ui.findBox.open();
    } else if (mod && !event.altKey && event.key.toLowerCase() === 'o') {
      event.preventDefault();
      this.openWorkspaceDialog();
    } else if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'e') {
      event.preventDefault();
      this.exportDialog();
    }
  }
}
