import * as Y from 'yjs';
import type {
  ColumnsRequest,
  DraftroomApi,
  NewMember,
  NewParty,
  RedlineFile,
  RedlineRequest,
  RestoreResult,
  ImportRequest,
  ImportResult,
  SetAsideEditInfo,
  TeamJoinRequest,
  TeamShareRequest,
  TeamSyncStatus,
} from '../../shared/api/contract';
import { DraftroomError } from '../../shared/api/errors';
import type { ColumnPin, ColumnsTable, SavedColumnPin } from '../../shared/columns/column-model';
import type { InitialRequest, VersionSeal, VerifyReport } from '../../shared/initials/seal-types';
import { newId } from '../../shared/domain/ids';
import { nextPartyColour } from '../../shared/domain/party-colours';
import type { DocumentSummary, Identity, Member, Party, VersionInfo, WorkspaceInfo } from '../../shared/domain/types';
import { documentSnapshot } from '../../shared/redline/document-snapshot';
import { seedContent } from '../../shared/ydoc/layout';
import type { RedlineDocument } from '../../shared/redline/model';
import { buildColumns, exportColumns, type ColumnsSource } from '../export/export-columns';
import { buildRedline, exportRedline, type RedlineSource } from '../export/export-redline';
import { proposeIntoYDoc } from '../import/propose-into-document';
import { restoredRationale, versionTarget } from '../import/version-target';
import { importAsNewDocument, importIntoYDoc, type Importer } from '../import/import-proposal';
import { readImportBytes } from '../import/read-import-file';
import { loadIntactYDoc } from '../store/document-state';
import type { UpdateMeta } from '../store/store-types';
import { joinFromApp, keepWindowCopy, setAsideEditsOf, shareFromApp } from '../team/replica/app-operations';
import type { HubPeer } from './document-hub';
import { initialVersion, verifyVersions } from './version-seals';
import { emptyProposal, summarizeDocument } from './documents';
import type { PresencePeer } from './presence-hub';
import { editRefusal, fixedIdentityOf, identityOf, mayEditDocuments } from './identities';
import { checkWorkspacePath } from './workspace-path';
import {
  announceWorkspaceChanged,
  canonicalWorkspacePath,
  describeWorkspace,
  type EventSink,
  type OpenWorkspace,
  type WorkspaceRegistry,
} from './workspace-registry';

/**
 * The API as one window or one WebSocket connection sees it: bound to one
 * workspace at a time and acting as one member (each session may act as a
 * different member). Transports call it through `dispatchApiCall`. Roles are
 * enforced here, not only in the UI: `syncDocument` takes document updates
 * only from a lead, drafter or suggester; an observer, or a session that has
 * not chosen an identity, may read, and an update from it that would change
 * the document fails with `forbidden` (nothing applied or stored).
 */
export interface ApiSession extends DraftroomApi {
  /** Unique id of the session. */
  readonly id: string;
  /** Canonical path of the workspace the session shows now. */
  readonly workspacePath: string;
  /** True once `close` ran; every API call then fails. */
  readonly closed: boolean;
  /** Closes every document the session has open (its renderer reloaded or crashed). */
  closeAllDocuments(): void;
  /** Ends the session: closes its documents and lets go of its workspace. Safe to call twice. */
  close(): void;
}

/** What a session needs. */
export interface ApiSessionOptions {
  /** Shared by every session of the process, so that sessions on one file share its documents. */
  readonly registry: WorkspaceRegistry;
  /** The workspace file the session starts on. */
  readonly workspacePath: string;
  /** Delivers events to this session's renderer. */
  readonly emit: EventSink;
}

/**
 * Opens an API session on a workspace file. It acts as nobody until the
 * client says who it is (`setIdentity`), except on a workspace bound to a
 * team server, where it acts as the binding's member from the start; the
 * workspace does not remember a member for everyone. Throws the store's
 * error (`not-found`, `not-a-workspace`, `corrupt`, `newer-schema`) if the
 * file cannot be opened.
 */
export function createApiSession(options: ApiSessionOptions): ApiSession {
  return new Session(options);
}

class Session implements ApiSession {
  readonly id = newId();
  private workspace: OpenWorkspace;
  private memberId: string | null;
  private isClosed = false;
  private readonly registry: WorkspaceRegistry;
  private readonly sink: EventSink;
  private readonly peer: HubPeer & PresencePeer;

  constructor(options: ApiSessionOptions) {
    this.registry = options.registry;
    const emit = options.emit;
    this.sink = (event, payload) => {
      if (!this.isClosed) emit(event, payload);
    };
    this.peer = {
      attribution: () => this.attribution(),
      editRefusal: () => this.editRefusal(),
      identity: () => this.identity(),
      deliver: (docId, message) => this.sink('documentMessage', { docId, message }),
      deliverPresence: (docId, message) => this.sink('presenceMessage', { docId, message }),
      documentReplaced: (docId) => this.sink('documentReplaced', { docId }),
    };
    this.workspace = this.registry.acquire(options.workspacePath);
    this.workspace.sinks.add(this.sink);
    this.memberId = boundMember(this.workspace);
  }

  get workspacePath(): string {
    return this.workspace.path;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  async getWorkspace(): Promise<WorkspaceInfo> {
    this.assertOpen();
    return describeWorkspace(this.workspace);
  }

  async openWorkspace(input: string): Promise<WorkspaceInfo> {
    this.assertOpen();
    // An absolute path to a regular .draftroom file, or a clear refusal before anything opens it.
    const path = checkWorkspacePath(input);
    if (canonicalWorkspacePath(path) === this.workspace.path) return describeWorkspace(this.workspace);
    // Acquire first: if the file is refused, this session stays where it was.
    const next = this.registry.acquire(path);
    this.leaveWorkspace();
    this.workspace = next;
    next.sinks.add(this.sink);
    this.memberId = boundMember(next);
    return describeWorkspace(next);
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    this.assertOpen();
    return this.workspace.store.listDocuments().map((info) => summarizeDocument(this.workspace, info));
  }

  async createDocument(title: string): Promise<DocumentSummary> {
    this.assertOpen();
    this.requireEditor('create documents');
    const info = this.workspace.store.createDocument({ title: title.trim() });
    this.workspace.hub.change(this.peer, info.id, (doc) => seedContent(doc, emptyProposal()));
    const summary = summarizeDocument(this.workspace, info);
    announceWorkspaceChanged(this.workspace);
    return summary;
  }

  async getIdentity(): Promise<Identity | null> {
    this.assertOpen();
    return this.identity();
  }

  async setIdentity(memberId: string): Promise<Identity> {
    this.assertOpen();
    const { store } = this.workspace;
    const identity = identityOf(store, memberId);
    if (identity === undefined) throw new DraftroomError('unknown-member', `no member with id ${memberId}`);
    const fixed = fixedIdentityOf(store);
    if (fixed !== null && fixed.memberId !== memberId) {
      const bound = fixed.memberId === null ? undefined : identityOf(store, fixed.memberId);
      const as = bound === undefined ? 'a member this file does not know' : `${bound.member.name} (${bound.party.name})`;
      throw new DraftroomError(
        'forbidden',
        `this workspace is bound to the team server ${fixed.serverUrl} as ${as}; it acts only as that member`,
      );
    }
    // A session that already acted as someone else switches: the workspace keeps a record of it.
    const before = this.actingMemberId();
    if (before !== null && before !== memberId) store.recordIdentitySwitch({ fromMemberId: before, toMemberId: memberId });
    this.memberId = memberId;
    return identity;
  }

  async addMember(input: NewMember): Promise<Member> {
    this.assertOpen();
    const { store } = this.workspace;
    // The first member of an empty workspace founds it, as a lead; after that only a lead adds people.
    const founding = store.listMembers().length === 0;
    if (!founding && this.identity()?.member.role !== 'lead') {
      throw new DraftroomError('forbidden', `${describeActor(this.identity())} may not add members; ask a lead`);
    }
    if (founding && input.role !== 'lead') {
      throw new DraftroomError('invalid-argument', 'the first member of a workspace is a lead (who can then add the others)');
    }
    if (!store.listParties().some((party) => party.id === input.partyId)) {
      throw new DraftroomError('unknown-party', `no party with id ${input.partyId}`);
    }
    const member = store.addMember({ name: input.name.trim(), partyId: input.partyId, role: input.role });
    announceWorkspaceChanged(this.workspace);
    return member;
  }

  async addParty(input: NewParty): Promise<Party> {
    this.assertOpen();
    const { store } = this.workspace;
    if (store.listMembers().length > 0 && this.identity()?.member.role !== 'lead') {
      throw new DraftroomError('forbidden', `${describeActor(this.identity())} may not add parties; ask a lead`);
    }
    const parties = store.listParties();
    const name = input.name.trim();
    const code = input.code.trim().toUpperCase();
    if (parties.some((p) => p.code.toUpperCase() === code || p.name.toLowerCase() === name.toLowerCase())) {
      throw new DraftroomError('conflict', `a party named “${name}” or with the code ${code} exists already`);
    }
    const party = store.addParty({ name, code, colour: nextPartyColour(parties) });
    announceWorkspaceChanged(this.workspace);
    return party;
  }

  async syncDocument(docId: string, message: Uint8Array): Promise<Uint8Array[]> {
    this.assertOpen();
    return this.workspace.hub.handleSyncMessage(this.peer, docId, message);
  }

  async closeDocument(docId: string): Promise<void> {
    this.assertOpen();
    this.workspace.presence.leave(this.peer, docId);
    this.workspace.hub.closeDocument(this.peer, docId);
  }

  async presenceMessage(docId: string, message: Uint8Array): Promise<void> {
    this.assertOpen();
    this.requireDocument(docId);
    this.workspace.presence.receive(this.peer, docId, message);
  }

  async listVersions(docId: string): Promise<VersionInfo[]> {
    this.assertOpen();
    this.requireDocument(docId);
    return this.workspace.store.listVersions(docId);
  }

  async createVersion(docId: string, name: string, note: string): Promise<VersionInfo> {
    this.assertOpen();
    this.requireDocument(docId);
    this.requireEditor('save named versions');
    const state = this.workspace.hub.withDocument(docId, (doc) => Y.encodeStateAsUpdate(doc));
    const { memberId, partyId } = this.attribution();
    return this.workspace.store.createVersion({
      docId,
      name: name.trim(),
      note,
      authorId: memberId ?? null,
      partyId: partyId ?? null,
      state,
    });
  }

  async verifyVersions(docId: string): Promise<VerifyReport> {
    this.assertOpen();
    this.requireDocument(docId);
    return verifyVersions(this.workspace.store, docId);
  }

  async initialVersion(input: InitialRequest): Promise<VersionSeal> {
    this.assertOpen();
    this.requireDocument(input.docId);
    const identity = this.identity();
    if (identity === null) throw new DraftroomError('no-identity', 'Choose who you are before initialling a version.');
    // The key text is used for this one signature and then dropped: never stored, logged or echoed.
    return initialVersion(this.workspace.store, {
      docId: input.docId,
      versionRef: input.versionId,
      memberId: identity.member.id,
      privateKeyPem: input.privateKeyPem,
    });
  }

  async getVersionState(docId: string, versionId: string): Promise<Uint8Array> {
    this.assertOpen();
    this.requireDocument(docId);
    const version = this.workspace.store.getVersion(docId, versionId);
    if (version.docId !== docId) throw new DraftroomError('unknown-version', `no version ${versionId} of ${docId}`);
    // A plain Uint8Array, not the store's Buffer (whose toJSON would defeat the wire codec).
    return new Uint8Array(version.state);
  }

  async getIntactDocumentState(docId: string): Promise<Uint8Array> {
    this.assertOpen();
    this.requireDocument(docId);
    const { ydoc } = loadIntactYDoc(this.workspace.store, docId);
    try {
      return Y.encodeStateAsUpdate(ydoc);
    } finally {
      ydoc.destroy();
    }
  }

  async exportRedline(input: RedlineRequest): Promise<RedlineFile> {
    this.assertOpen();
    this.requireDocument(input.docId);
    return exportRedline(this.redlineSource(), input);
  }

  async compareVersions(input: RedlineRequest): Promise<RedlineDocument> {
    this.assertOpen();
    this.requireDocument(input.docId);
    if (input.from === undefined) throw new DraftroomError('invalid-argument', 'a comparison needs the version it starts from (from)');
    return buildRedline(this.redlineSource(), input).model;
  }

  async compareColumns(input: ColumnsRequest): Promise<ColumnsTable> {
    this.assertOpen();
    return buildColumns(this.columnsSource(), input);
  }

  async exportColumns(input: ColumnsRequest): Promise<RedlineFile> {
    this.assertOpen();
    return exportColumns(this.columnsSource(), input);
  }

  async setColumnPin(pin: ColumnPin): Promise<SavedColumnPin> {
    this.assertOpen();
    this.requireDocument(pin.docId);
    this.requireDocument(pin.targetDocId);
    this.requireEditor('re-align columns');
    return this.workspace.store.setColumnPin(pin, this.identity()?.member.id ?? null);
  }

  async clearColumnPin(docId: string, clauseId: string, targetDocId: string): Promise<boolean> {
    this.assertOpen();
    this.requireEditor('re-align columns');
    return this.workspace.store.clearColumnPin(docId, clauseId, targetDocId);
  }

  async restoreVersion(docId: string, versionId: string): Promise<RestoreResult> {
    this.assertOpen();
    this.requireDocument(docId);
    this.requireEditor('restore versions');
    const identity = this.identity()!;
    const version = versionTarget(this.workspace.store, docId, versionId);
    let result: RestoreResult = { changes: 0, skipped: [] };
    // Through the hub: stored and broadcast to every open window like a member's edit, this
    // session's own window included (the hub never echoes a peer's update to that peer, and
    // this one is made in main): the change's origin is a stand-in that only lends the attribution.
    this.workspace.hub.change(this.echoingPeer(), docId, (doc) => {
      const proposed = proposeIntoYDoc(doc, version.target, { align: 'id', identity, rationale: restoredRationale(version.name) });
      result = { changes: proposed.changes.length, skipped: proposed.skipped.map((s) => s.clauseId) };
    });
    return result;
  }

  async importProposal(input: ImportRequest): Promise<ImportResult> {
    this.assertOpen();
    this.requireEditor('import proposals');
    const identity = this.identity()!;
    if ((input.title === undefined) === (input.into === undefined)) {
      throw new DraftroomError('invalid-argument', 'give either a title (a new document) or a document to import into, not both or neither');
    }
    const party = input.partyId !== undefined ? this.workspace.store.listParties().find((p) => p.id === input.partyId) : identity.party;
    if (!party) throw new DraftroomError('unknown-party', `unknown party "${input.partyId}"`);
    if (input.into !== undefined) this.requireDocument(input.into);
    const file = await readImportBytes(input.fileName, input.bytes);
    const importer: Importer = { member: identity.member, party };
    if (input.title !== undefined) {
      const report = importAsNewDocument(this.workspace.store, file, input.title.trim(), importer);
      announceWorkspaceChanged(this.workspace);
      const { document } = report;
      return { docId: document.id, title: document.title, clauses: report.clauses, changes: report.changes.length, comments: report.comments, skipped: report.skipped.length };
    }
    const document = this.workspace.store.getDocument(input.into!);
    let result: ImportResult = { docId: document.id, title: document.title, clauses: 0, changes: 0, comments: 0, skipped: 0 };
    this.workspace.hub.change(this.echoingPeer(), document.id, (doc) => {
      const made = importIntoYDoc(doc, this.workspace.store, file, importer);
      result = { ...result, changes: made.changes.length, comments: made.comments, skipped: made.skipped.length };
    });
    return result;
  }

  /**
   * A stand-in for this session's peer as the origin of a change main makes
   * for it (restore, import): stored with this member's attribution and
   * broadcast to every window, this session's own included (the hub never
   * echoes a peer's update to that peer, and this one was made in main).
   */
  private echoingPeer(): HubPeer {
    const peer = this.peer;
    return {
      attribution: () => peer.attribution(),
      editRefusal: () => peer.editRefusal(),
      identity: () => peer.identity(),
      deliver: () => undefined,
    };
  }

  /** Where redlines read from: the store, and the hub's live Y.Doc for the working draft (reading only: observers too). */
  private columnsSource(): ColumnsSource {
    const { hub } = this.workspace;
    return { store: this.workspace.store, readWorkingDraft: (docId) => hub.withDocument(docId, documentSnapshot) };
  }

  private redlineSource(): RedlineSource {
    const { hub, store, versionSnapshots } = this.workspace;
    return { store, readWorkingDraft: (docId) => hub.withDocument(docId, documentSnapshot), exportedBy: this.identity(), versionSnapshots };
  }

  async getTeamStatus(): Promise<TeamSyncStatus | null> {
    this.assertOpen();
    return this.workspace.replica?.status() ?? null;
  }

  async joinTeamWorkspace(input: TeamJoinRequest): Promise<WorkspaceInfo> {
    this.assertOpen();
    const file = await joinFromApp(input, this.workspace.path);
    return this.openWorkspace(file);
  }

  async shareWorkspace(input: TeamShareRequest): Promise<TeamSyncStatus> {
    this.assertOpen();
    const status = await shareFromApp(this.registry, this.workspace, input);
    // Bound now: this window acts as the token's member, and every window hears of the new people and documents.
    this.memberId = boundMember(this.workspace);
    announceWorkspaceChanged(this.workspace);
    return status;
  }

  async listSetAsideEdits(): Promise<SetAsideEditInfo[]> {
    this.assertOpen();
    return setAsideEditsOf(this.workspace.store);
  }

  async keepWindowCopy(docId: string, state: Uint8Array): Promise<boolean> {
    this.assertOpen();
    this.requireDocument(docId);
    return keepWindowCopy(this.workspace, docId, state);
  }

  async discardSetAsideEdit(id: string): Promise<void> {
    this.assertOpen();
    this.workspace.store.deleteSetAsideEdit(id);
    this.workspace.replica?.notifyChanged();
  }

  closeAllDocuments(): void {
    if (this.isClosed) return;
    this.workspace.presence.leaveAll(this.peer);
    this.workspace.hub.closePeer(this.peer);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.leaveWorkspace();
  }

  private leaveWorkspace(): void {
    const previous = this.workspace;
    previous.sinks.delete(this.sink);
    try {
      previous.presence.leaveAll(this.peer);
      previous.hub.closePeer(this.peer);
    } finally {
      this.registry.release(previous);
    }
  }

  /**
   * The member this session acts as now: the one it chose, unless the
   * workspace is bound to a team server, which fixes it to the binding's
   * member (also for a session that chose before the binding was written).
   */
  private actingMemberId(): string | null {
    return fixedIdentityOf(this.workspace.store) === null ? this.memberId : boundMember(this.workspace);
  }

  private identity(): Identity | null {
    const memberId = this.actingMemberId();
    if (memberId === null) return null;
    return identityOf(this.workspace.store, memberId) ?? null;
  }

  /** Why this session's document updates are refused (an observer, or no identity yet), or null if they are not. */
  private editRefusal(): string | null {
    const identity = this.identity();
    return mayEditDocuments(identity) ? null : editRefusal(identity);
  }

  /** Throws `forbidden` unless this session acts as a member who may edit (not an observer, identity chosen). */
  private requireEditor(action: string): void {
    const identity = this.identity();
    if (!mayEditDocuments(identity)) throw new DraftroomError('forbidden', `${describeActor(identity)} may not ${action}`);
  }

  private attribution(): UpdateMeta {
    const memberId = this.actingMemberId();
    if (memberId === null) return { memberId: null, partyId: null };
    const member = this.workspace.store.getMember(memberId);
    return { memberId: member?.id ?? null, partyId: member?.partyId ?? null };
  }

  private requireDocument(docId: string): void {
    if (this.workspace.store.getDocument(docId).id !== docId) {
      throw new DraftroomError('unknown-document', `no document with id ${docId}`);
    }
  }

  private assertOpen(): void {
    if (this.isClosed) throw new DraftroomError('internal', 'this API session is closed');
  }
}

/** The member a team binding fixes, if the workspace is bound and knows them; otherwise nobody. */
function boundMember(workspace: OpenWorkspace): string | null {
  const id = fixedIdentityOf(workspace.store)?.memberId;
  return id != null && identityOf(workspace.store, id) !== undefined ? id : null;
}

/** "Olga Observer (Ukraine, observer)" or "a session that has not chosen who it is", for refusals. */
function describeActor(identity: Identity | null): string {
  if (identity === null) return 'a session that has not chosen who it is';
  return `${identity.member.name} (${identity.party.name}, ${identity.member.role})`;
}
