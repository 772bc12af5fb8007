import type {
  DocumentSummary,
  Identity,
  Member,
  MemberRole,
  Party,
  VersionInfo,
  WorkspaceInfo,
} from '../domain/types';
import type { ColumnPin, ColumnsTable, SavedColumnPin } from '../columns/column-model';
import type { ColumnRef } from '../columns/column-ref';
import type { InitialRequest, VersionSeal, VerifyReport } from '../initials/seal-types';
import type { PaperSize, RedlineFormat } from '../redline/file-name';
import type { Audience, RedlineDocument } from '../redline/model';

/**
 * The one API between the renderer and main. Main implements it
 * (`main/services/`); the renderer consumes it through a generic proxy over a
 * transport (Electron IPC via the preload, or a WebSocket to the web host).
 * Every method returns a Promise; binary payloads are `Uint8Array`.
 *
 * The API is bound to one open workspace (one window = one workspace).
 */
export interface DraftroomApi {
  /** The open workspace: id, name, schema version, parties, members. */
  getWorkspace(): Promise<WorkspaceInfo>;
  /**
   * Switch this window to another workspace file. Fails with `not-found`,
   * `not-a-workspace`, `corrupt` or `newer-schema` and touches nothing.
   */
  openWorkspace(path: string): Promise<WorkspaceInfo>;
  /** Documents with clause and version counts. */
  listDocuments(): Promise<DocumentSummary[]>;
  /** A new empty document (one empty clause). */
  createDocument(title: string): Promise<DocumentSummary>;
  /** The member this window acts as, or null if none was chosen yet. */
  getIdentity(): Promise<Identity | null>;
  /** Act as this member (remembered for the workspace). */
  setIdentity(memberId: string): Promise<Identity>;
  /** Add a member to a party. The first member of a workspace founds it and must be a lead; after that only a lead adds members. */
  addMember(input: NewMember): Promise<Member>;
  /** Add a party (its colour is chosen by main): to found an empty workspace, or by a lead. */
  addParty(input: NewParty): Promise<Party>;
  /**
   * Exchange one y-protocols sync message (step 1, step 2 or update) for the
   * document; returns the replies main has for this window. Main opens the
   * document on first use. An update is committed to disk before this returns.
   */
  syncDocument(docId: string, message: Uint8Array): Promise<Uint8Array[]>;
  /** This window no longer shows the document. */
  closeDocument(docId: string): Promise<void>;
  /**
   * A y-protocols awareness update from this window for the document (who is
   * here, which clause, cursor). Main relays it to the other windows that
   * show the document (and to the team server); it is never stored. The
   * `user` of each state is set by main from this session's identity.
   */
  presenceMessage(docId: string, message: Uint8Array): Promise<void>;
  /** Named versions of a document, oldest first. */
  listVersions(docId: string): Promise<VersionInfo[]>;
  /** Keep the document's current state as a named version. */
  createVersion(docId: string, name: string, note: string): Promise<VersionInfo>;
  /**
   * Verifies the document's named versions: each one's content against its
   * chained hash, its place in the chain, and every member's initials
   * against their recorded key. Reading only.
   */
  verifyVersions(docId: string): Promise<VerifyReport>;
  /**
   * This window's member initials a version: main signs its hash with the
   * private key given (the text of the member's key file, read by the
   * renderer and used once; it is never stored or logged). Refused with
   * `invalid-argument` (not an Ed25519 private key), `forbidden` (not this
   * member's recorded key, or no key recorded), `no-identity`,
   * `unknown-version`, `conflict` (already initialled) or `corrupt` (the
   * version does not verify). Returns the version's seal as it is now.
   */
  initialVersion(input: InitialRequest): Promise<VersionSeal>;
  /** The full Yjs state (V1 update) of a named version. */
  getVersionState(docId: string, versionId: string): Promise<Uint8Array>;
  /**
   * The last intact state (V1 update) of a document whose stored edits are
   * damaged (its opening failed with `corrupt` and `offersIntactState`):
   * everything before the first edit that does not match its checksum. For
   * showing read-only; nothing is written. `corrupt` if no intact state remains.
   */
  getIntactDocumentState(docId: string): Promise<Uint8Array>;
  /**
   * A Word redline (.docx) of a document: without `from`, the working draft's
   * pending suggestions as tracked changes with their rationales as comments;
   * with `from`, the comparison of that version with `to` (another version,
   * or the working draft when omitted). Reading only: observers may export.
   * Fails with `unknown-document`, `unknown-version` or `invalid-argument`.
   */
  exportRedline(input: RedlineRequest): Promise<RedlineFile>;
  /**
   * The comparison of two versions (`from` → `to`, or → the working draft)
   * as the redline model every export renders, for the compare view. Reading
   * only. Fails like `exportRedline` (`from` is required).
   */
  compareVersions(input: RedlineRequest): Promise<RedlineDocument>;
  /**
   * The four-column text: 2 to 10 columns (named versions or working
   * drafts, of this document or others) side by side, rows aligned by clause
   * id, then by heading, with the saved pins applied; each column's
   * differences from the first marked. Reading only. Fails with
   * `unknown-document`, `unknown-version` or `invalid-argument`.
   */
  compareColumns(input: ColumnsRequest): Promise<ColumnsTable>;
  /** The four-column text as a landscape .docx, .pdf, .html or .md file. Reading only; fails like `compareColumns`. */
  exportColumns(input: ColumnsRequest): Promise<RedlineFile>;
  /**
   * Saves a manual re-alignment (see `ColumnPin`), replacing the clause's
   * pin towards that document; every later table applies it. `forbidden`
   * for an observer or without an identity; `unknown-document` if a
   * document does not exist.
   */
  setColumnPin(pin: ColumnPin): Promise<SavedColumnPin>;
  /** Forgets a clause's pin towards a document (the automatic alignment applies again). Resolves whether there was one. */
  clearColumnPin(docId: string, clauseId: string, targetDocId: string): Promise<boolean>;
  /**
   * Makes the working draft read like a named version again, as new
   * proposed changes by this session's member (one per clause, rationale
   * "Restored from “<version>”"); clauses with pending suggestions are left
   * as they are. `forbidden` for an observer or without an identity.
   */
  restoreVersion(docId: string, versionId: string): Promise<RestoreResult>;
  /**
   * Imports the other side's proposal (.docx, .md or .txt bytes): as a new
   * document titled `title`, or `into` an existing document as suggestions
   * by `partyId` (default this member's party), clauses aligned by text; a
   * .docx's tracked changes become suggestions by their Word authors and its
   * comments comments. A bad file fails with `invalid-argument` and nothing
   * is written; `forbidden` for an observer.
   */
  importProposal(input: ImportRequest): Promise<ImportResult>;
  /** How the open workspace syncs with its team server, or null if it is not bound to one. */
  getTeamStatus(): Promise<TeamSyncStatus | null>;
  /**
   * Joins a team workspace: creates a local replica file (at `path`, or
   * beside the open workspace, named after the team workspace) and switches
   * this window to it. Fails with `unreachable`, `forbidden` (the token) or
   * `conflict` (the file exists) and then creates nothing.
   */
  joinTeamWorkspace(input: TeamJoinRequest): Promise<WorkspaceInfo>;
  /**
   * Shares the open workspace with a team server's workspace (its admin made
   * a token for it): pushes documents and versions, binds the workspace,
   * and starts syncing. Resolves once the server stored everything.
   */
  shareWorkspace(input: TeamShareRequest): Promise<TeamSyncStatus>;
  /** Local edits the team server refused, set aside in the file (oldest first). */
  listSetAsideEdits(): Promise<SetAsideEditInfo[]>;
  /** Forgets set-aside edits for good. */
  discardSetAsideEdit(id: string): Promise<void>;
  /**
   * After `documentReplaced`: keeps what this window's copy of the document
   * (its full Yjs state) has beyond main's document and the edits already set
   * aside, as set-aside edits, so that nothing typed meanwhile is lost.
   * Resolves true if something was kept.
   */
  keepWindowCopy(docId: string, state: Uint8Array): Promise<boolean>;
}

/** Where a bound workspace's sync with its team server stands (the status bar shows it). */
export interface TeamSyncStatus {
  /**
   * `online`: the server has every local edit; `syncing`: connected, some
   * not yet confirmed; `offline`: the server cannot be reached (`pending`
   * edits wait, kept on disk); `refused`: the server refused an edit or the
   * connection (`reason`); refused edits are set aside, never dropped.
   */
  readonly state: 'online' | 'offline' | 'syncing' | 'refused';
  /** Local edits the server has not confirmed storing. */
  readonly pending: number;
  /** Why the server refused, or why it cannot be reached; null if all is well. */
  readonly reason: string | null;
  /** Set-aside edits kept in the file (not yet discarded). */
  readonly setAside: number;
}

/** Input of `joinTeamWorkspace`. */
export interface TeamJoinRequest {
  /** `ws(s)://host:port/<workspace id>`. */
  readonly url: string;
  readonly token: string;
  /** Where to create the local file; default: beside the open workspace. */
  readonly path?: string;
}

/** Input of `shareWorkspace`. */
export interface TeamShareRequest {
  /** `ws(s)://host:port/<workspace id>`. */
  readonly url: string;
  readonly token: string;
}

/** Local edits a team server refused, as the renderer lists them. */
export interface SetAsideEditInfo {
  readonly id: string;
  readonly docId: string;
  readonly documentTitle: string;
  /** Why the server refused them. */
  readonly reason: string;
  /** ISO time they were set aside. */
  readonly createdAt: string;
  /** The text of the clauses they touched, as the replica had them (to copy). */
  readonly preview: string;
}

/** Input of `exportRedline`. */
export interface RedlineRequest {
  readonly docId: string;
  /** Version (id or name) the comparison starts from; omitted: export the pending suggestions. */
  readonly from?: string;
  /** Version (id or name) the comparison ends at; omitted: the working draft. Needs `from`. */
  readonly to?: string;
  /** File format (default docx). */
  readonly format?: RedlineFormat;
  /** Who it is for (default internal); external leaves out rationales, comments and member names. */
  readonly audience?: Audience;
  /** Paper size of a PDF (default A4). */
  readonly paper?: PaperSize;
}

/** Input of `compareColumns` and `exportColumns`. */
export interface ColumnsRequest {
  /** The document a column without its own `doc` reads (id or title). */
  readonly docId: string;
  /** The columns, first (the one every other is compared with) to last. */
  readonly columns: readonly ColumnRef[];
  /** File format of `exportColumns` (default docx). */
  readonly format?: RedlineFormat;
}

/** What `exportRedline` returns: the suggested file name, its MIME type and the bytes. */
export interface RedlineFile {
  /** "<Document title> – redline – <yyyy-mm-dd>.docx" (or .pdf, .html, .md). */
  readonly fileName: string;
  readonly bytes: Uint8Array;
  /** MIME type of the format (absent: a Word document). */
  readonly mimeType?: string;
}

/** What `restoreVersion` did. */
export interface RestoreResult {
  /** Changes proposed. */
  readonly changes: number;
  /** Clauses left as they were (they have pending suggestions), by id. */
  readonly skipped: readonly string[];
}

/** Input of `importProposal`: exactly one of `title` and `into`. */
export interface ImportRequest {
  /** The file's name; its extension (.docx, .md, .txt) says how to read it. */
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly title?: string;
  /** Document id to propose the file into. */
  readonly into?: string;
  /** The party the text is from (default: this member's). */
  readonly partyId?: string;
}

/** What `importProposal` did. */
export interface ImportResult {
  readonly docId: string;
  readonly title: string;
  /** Clauses of a new document (0 for `into`). */
  readonly clauses: number;
  /** Suggestions proposed. */
  readonly changes: number;
  readonly comments: number;
  /** Clauses left as they were (pending suggestions). */
  readonly skipped: number;
}

/** Input of `addMember`. */
export interface NewMember {
  readonly name: string;
  readonly partyId: string;
  readonly role: MemberRole;
}

/** Input of `addParty`. */
export interface NewParty {
  readonly name: string;
  /** Short code shown on chips ("UA"): 2 to 5 letters or digits, unique in the workspace. */
  readonly code: string;
}

/** Events main pushes to the renderer. */
export interface DraftroomEvents {
  /** A y-protocols message for a document this window has open (another window's or replica's edit). */
  documentMessage: { readonly docId: string; readonly message: Uint8Array };
  /** A y-protocols awareness update for a document this window shows (other windows' presence). */
  presenceMessage: { readonly docId: string; readonly message: Uint8Array };
  /** Parties, members or documents changed. */
  workspaceChanged: WorkspaceInfo;
  /** A menu item (Electron) asks the renderer to do something it owns. */
  menuCommand: { readonly command: MenuCommand };
  /** The team sync status changed (bound workspaces only). */
  teamStatus: TeamSyncStatus;
  /**
   * A document was replaced as a whole (the team server refused an edit; the
   * replica went back to the server's state and set its edits aside): drop
   * the local copy, including unsent edits, and open it again.
   */
  documentReplaced: { readonly docId: string };
}

/**
 * Commands of the application menu that the renderer carries out (the editor
 * and its panels live there). Sent by main as the `menuCommand` event.
 */
export const MENU_COMMANDS = [
  'undo',
  'redo',
  'find',
  'insert-clause',
  'toggle-outline',
  'toggle-changes',
  'export',
  'join-team',
  'share',
] as const;

/** One of `MENU_COMMANDS`. */
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Whether an event's payload names a menu command of this build (the renderer ignores anything else). */
export function isMenuCommand(command: unknown): command is MenuCommand {
  return typeof command === 'string' && (MENU_COMMANDS as readonly string[]).includes(command);
}

/** Names of the API's methods. */
export type ApiMethod = keyof DraftroomApi;

/** Arguments of one method. */
export type ApiArgs<M extends ApiMethod> = Parameters<DraftroomApi[M]>;

/** Resolved value of one method. */
export type ApiReturn<M extends ApiMethod> = Awaited<ReturnType<DraftroomApi[M]>>;

/** Names of the events. */
export type ApiEventName = keyof DraftroomEvents;

/**
 * Electron IPC channels of the preload transport: `invoke` carries
 * `(method, args)` and answers an `ApiResult`; `event` carries `(name, payload)`.
 */
export const ELECTRON_CHANNELS = {
  invoke: 'draftroom:invoke',
  event: 'draftroom:event',
} as const;

/** Every event name. */
export const API_EVENTS: readonly ApiEventName[] = [
  'documentMessage',
  'presenceMessage',
  'workspaceChanged',
  'menuCommand',
  'teamStatus',
  'documentReplaced',
];
