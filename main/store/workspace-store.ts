import { closeSync, constants, copyFileSync, fsyncSync, linkSync, lstatSync, openSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DraftroomError, errorText } from '../../shared/api/errors';
import { newId } from '../../shared/domain/ids';
import type { ColumnPin, SavedColumnPin } from '../../shared/columns/column-model';
import type { DocumentInfo, Member, MemberRole, Party, VersionInfo } from '../../shared/domain/types';
import { WalSync } from './log-sync';
import { MembershipWatch } from './membership-watch';
import { Compactor } from './compaction';
import { openConnection, type Durability } from './connection';
import { newerSchemaError } from './file-header';
import { requireText } from './input-checks';
import { runMigrations } from './migrations/migrate';
import { LATEST_SCHEMA_VERSION } from './migrations/registry';
import { preflightWorkspace } from './preflight';
import { sqliteCode, toStoreError } from './sqlite-errors';
import type {
  MemberKey,
  StoredInitial,
  VersionChainRow,
  AccessToken,
  CompactionResult,
  IssuedToken,
  TokenCheck,
  Contributor,
  SetAsideEdit,
  IdentitySwitch,
  IntactDocumentState,
  StoredDocumentLog,
  StoredDocumentState,
  StoredSetAsideEdit,
  StoredVersion,
  StoredVersionProjection,
  UpdateMeta,
  UpdateToAppend,
  AppendOptions,
  WorkspaceMeta,
  WorkspaceStoreApi,
} from './store-types';
import { ColumnPinTable } from './tables/column-pin-table';
import { DocumentTable } from './tables/document-table';
import { IdentitySwitchTable } from './tables/identity-switch-table';
import { MemberTable } from './tables/member-table';
import { MetaTable, insertWorkspaceRow } from './tables/meta-table';
import { PartyTable } from './tables/party-table';
import { PreferenceTable } from './tables/preference-table';
import { SetAsideTable } from './tables/set-aside-table';
import { SnapshotTable } from './tables/snapshot-table';
import { TokenTable } from './tables/token-table';
import { requireYjsUpdate, UpdateLogTable } from './tables/update-log-table';
import { VersionTable, type NewVersion } from './tables/version-table';
import { VersionProjectionTable } from './tables/version-projection-table';
import { VersionInitialTable } from './tables/version-initial-table';
import { MemberKeyTable } from './tables/member-key-table';
import { APPLICATION_ID, BUSY_TIMEOUT_MS, formatApplicationId } from './workspace-format';

/** Options of `openWorkspace`. */
export interface OpenWorkspaceOptions {
  /**
   * Commit durability. The app always uses the default, `full` (every commit
   * synced: no edit is lost even on power loss); `normal` exists so the
   * benchmark can measure what that costs.
   */
  readonly durability?: Durability;
}

/** Runs `body`, turning whatever it throws into a `DraftroomError` about `what`. */
function guard<T>(what: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw toStoreError(error, what);
  }
}

/**
 * A workspace open on one SQLite connection. Synchronous; every write is
 * committed (and, with the default durability, synced) before it returns.
 * Several processes may open the same file at once: writers wait for each
 * other (busy timeout) and readers see committed states.
 */
export class WorkspaceStore implements WorkspaceStoreApi {
  /** Absolute path of the workspace file. */
  readonly path: string;
  private readonly db: Database.Database;
  private readonly metaTable: MetaTable;
  private readonly parties: PartyTable;
  private readonly members: MemberTable;
  private readonly documents: DocumentTable;
  private readonly log: UpdateLogTable;
  private readonly versions: VersionTable;
  private readonly versionProjections: VersionProjectionTable;
  private readonly memberKeys: MemberKeyTable;
  private readonly initials: VersionInitialTable;
  private readonly preferences: PreferenceTable;
  private readonly tokens: TokenTable;
  private readonly identitySwitches: IdentitySwitchTable;
  private readonly compactor: Compactor;
  private readonly setAside: SetAsideTable;
  private readonly columnPins: ColumnPinTable;
  /** Created on first use (only the team server asks). */
  private membershipWatch: MembershipWatch | null = null;
  /** The connection's `synchronous` level (read on the first commit synced later). */
  private syncLevel: number | null = null;
  /** Syncs commits made with `sync: 'later'` (created on first use). */
  private walSync: WalSync | null = null;

  /** Wraps an open, configured and migrated connection (use `openWorkspace`/`createWorkspace`). */
  constructor(path: string, db: Database.Database) {
    this.path = path;
    this.db = db;
    this.metaTable = new MetaTable(db);
    this.parties = new PartyTable(db);
    this.members = new MemberTable(db);
    this.documents = new DocumentTable(db);
    const snapshots = new SnapshotTable(db);
    this.log = new UpdateLogTable(db, this.documents, this.members, this.parties, snapshots);
    this.versionProjections = new VersionProjectionTable(db);
    this.versions = new VersionTable(db, this.documents, this.versionProjections);
    this.memberKeys = new MemberKeyTable(db);
    this.initials = new VersionInitialTable(db, this.documents);
    this.preferences = new PreferenceTable(db);
    this.tokens = new TokenTable(db);
    this.identitySwitches = new IdentitySwitchTable(db);
    this.compactor = new Compactor(db, this.documents, snapshots);
    this.setAside = new SetAsideTable(db, this.documents);
    this.columnPins = new ColumnPinTable(db);
  }

  /** Workspace id, name, schema version, creation time. */
  meta(): WorkspaceMeta {
    return guard('Reading the workspace', () => this.metaTable.read());
  }

  /** Renames the workspace. */
  setName(name: string): void {
    guard('Renaming the workspace', () => this.metaTable.setName(name));
  }

  /** All parties, in the order they were added. */
  listParties(): Party[] {
    return guard('Listing parties', () => this.parties.list());
  }

  /** Adds a party; `conflict` if its id, code or name is taken. */
  addParty(input: { id?: string; name: string; code: string; colour: string }): Party {
    return guard('Adding a party', () => this.parties.add(input));
  }

  /** A party by id, code or name (case-insensitive); undefined if none. */
  findParty(ref: string): Party | undefined {
    return guard('Finding a party', () => this.parties.find(ref));
  }

  /** All members, in the order they were added. */
  listMembers(): Member[] {
    return guard('Listing members', () => this.members.list());
  }

  /** Adds a member of an existing party. */
  addMember(input: { id?: string; name: string; partyId: string; role: MemberRole }): Member {
    return guard('Adding a member', () => this.members.add(input));
  }

  /** A member by id; undefined if none. */
  getMember(id: string): Member | undefined {
    return guard('Reading a member', () => this.members.get(id));
  }

  /** Changes a member's role. */
  setMemberRole(id: string, role: MemberRole): Member {
    return guard('Changing a role', () => this.members.setRole(id, role));
  }

  /** Changes once parties or members may have changed, here or in another process (see `MembershipWatch`). */
  membershipVersion(): string {
    return guard('Reading the members', () => (this.membershipWatch ??= new MembershipWatch(this.db)).version());
  }

  /** Adds a party with this id or updates its name, code and colour. */
  upsertParty(party: Party): Party {
    return guard('Saving a party', () => this.parties.upsert(party));
  }

  /** Adds a member with this id or updates its name and role. */
  upsertMember(member: Member): Member {
    return guard('Saving a member', () => this.members.upsert(member));
  }

  /** All documents, in the order they were created. */
  listDocuments(): DocumentInfo[] {
    return guard('Listing documents', () => this.documents.list());
  }

  /** Creates an empty document; `conflict` if the id or title is taken. */
  createDocument(input: { id?: string; title: string; createdAt?: string }): DocumentInfo {
    return guard('Creating a document', () => this.documents.create(input));
  }

  /** A document by id or title; `unknown-document` if none. */
  getDocument(ref: string): DocumentInfo {
    return guard('Finding a document', () => this.documents.get(ref));
  }

  /** Appends one Yjs update; committed when this returns; returns its sequence number. */
  appendUpdate(docId: string, update: Uint8Array, meta?: UpdateMeta): number {
    return guard('Saving an edit', () => this.log.append(docId, update, meta));
  }

  /** Appends several Yjs updates in one transaction; returns their sequence numbers. */
  appendUpdates(docId: string, updates: readonly Uint8Array[], meta?: UpdateMeta): number[] {
    return guard('Saving edits', () => this.log.appendMany(docId, updates, meta));
  }

  /** Appends updates of one or more documents, each with its own attribution, in one transaction. */
  appendBatch(updates: readonly UpdateToAppend[], options: AppendOptions = {}): number[] {
    return guard('Saving edits', () => {
      if (options.sync !== 'later') return this.log.appendBatch(updates);
      // The connection's level (FULL, or NORMAL for a benchmark) comes back after the commit, whatever happens.
      this.syncLevel ??= Number(this.db.pragma('synchronous', { simple: true }));
      if (this.syncLevel <= 1) return this.log.appendBatch(updates);
      this.db.pragma('synchronous = NORMAL');
      try {
        return this.log.appendBatch(updates);
      } finally {
        this.db.pragma(`synchronous = ${this.syncLevel}`);
      }
    });
  }

  /** Resolves once every commit made before the call is on disk (see `WalSync`). */
  syncLog(): Promise<void> {
    this.walSync ??= new WalSync(`${this.db.name}-wal`);
    return this.walSync.request().catch((error: unknown) => {
      throw toStoreError(error, 'Saving edits to disk');
    });
  }

  /** Syncs every commit made so far to disk before returning. */
  syncLogNow(): void {
    guard('Saving edits to disk', () => (this.walSync ??= new WalSync(`${this.db.name}-wal`)).now());
  }

  /** Latest snapshot plus the log tail after it, read consistently. */
  readDocumentState(docId: string): StoredDocumentState {
    return guard('Reading a document', () => this.log.readState(docId));
  }

  /** `readDocumentState` with the log tail as the chunks it was read in. */
  readDocumentLog(docId: string): StoredDocumentLog {
    return guard('Reading a document', () => this.log.readLog(docId));
  }

  /** Replaces the document's whole state in one transaction. */
  replaceDocumentState(docId: string, state: Uint8Array): void {
    guard('Replacing a document', () => {
      const data = requireYjsUpdate(state, 'The document state');
      this.compactor.replace(this.documents.keyOf(docId), data);
    });
  }

  /** The snapshot and the log rows before the first damaged one (for reading only). */
  readIntactDocumentState(docId: string): IntactDocumentState {
    return guard('Reading a document', () => this.log.readIntactState(docId));
  }

  /** Folds the log into the snapshot in one transaction; concurrent appends are kept. */
  compact(docId: string): CompactionResult {
    return guard('Compacting a document', () => this.compactor.compact(docId));
  }

  /** Makes `state`, read through `coversSeq`, the snapshot (see the interface). */
  compactWith(docId: string, state: Uint8Array, coversSeq: number): CompactionResult {
    return guard('Compacting a document', () => {
      const data = requireYjsUpdate(state, 'The document state');
      if (!Number.isSafeInteger(coversSeq) || coversSeq < 0) throw new DraftroomError('invalid-argument', `The sequence number must be a whole number, not ${coversSeq}.`);
      return this.compactor.compactWith(this.documents.keyOf(docId), data, coversSeq);
    });
  }

  /** Number of log rows not yet compacted. */
  logLength(docId: string): number {
    return guard('Reading a document', () => this.log.length(docId));
  }

  /** Update counts per party and member over the document's whole history. */
  listContributors(docId: string): Contributor[] {
    return guard('Reading contributors', () => this.log.contributors(docId));
  }

  /** Keeps a named version (full Yjs state plus metadata). */
  createVersion(input: NewVersion): VersionInfo {
    return guard('Saving a version', () => this.versions.create(input));
  }

  /** The document's versions, oldest first. */
  listVersions(docId: string): VersionInfo[] {
    return guard('Listing versions', () => this.versions.list(docId));
  }

  /** A version by id or name, with its state; `unknown-version` if none. */
  getVersion(docId: string, ref: string): StoredVersion {
    return guard('Reading a version', () => this.versions.get(docId, ref));
  }

  /** A document's versions as stored, in chain order (for verification). */
  versionChain(docId: string, options: { readonly states?: boolean } = {}): VersionChainRow[] {
    return guard('Reading the version chain', () => this.versions.chain(docId, options.states ?? true));
  }

  /** A version's recorded hashes and stored redline projection, unchecked. */
  versionProjection(versionId: string): StoredVersionProjection | undefined {
    return guard('Reading a version projection', () => this.versionProjections.get(versionId));
  }

  /** Stores a version's redline projection; `unknown-version` if there is no such version. */
  storeVersionProjection(versionId: string, format: number, content: string): void {
    guard('Storing a version projection', () => {
      if (this.versionProjections.get(versionId) === undefined) throw new DraftroomError('unknown-version', `There is no version with id ${versionId}.`);
      this.versionProjections.put(versionId, format, content);
    });
  }

  /** Every recorded member key. */
  listMemberKeys(): MemberKey[] {
    return guard('Listing member keys', () => this.memberKeys.list());
  }

  /** A member's recorded key, or undefined. */
  getMemberKey(memberId: string): MemberKey | undefined {
    return guard('Reading a member key', () => this.memberKeys.get(memberId));
  }

  /** Records a member's public key (never replaced). */
  addMemberKey(input: { memberId: string; publicKeyPem: string; createdAt?: string }): MemberKey {
    return guard('Recording a member key', () => this.memberKeys.add(input));
  }

  /** Keeps a member's initials on a version. */
  addInitial(input: { versionId: string; memberId: string; at: string; signature: string }): StoredInitial {
    return guard('Keeping initials', () => this.initials.add(input));
  }

  /** Every initial on the document's versions, oldest first. */
  listInitials(docId: string): StoredInitial[] {
    return guard('Listing initials', () => this.initials.listForDoc(docId));
  }

  /** Every access token, oldest first. */
  listTokens(): AccessToken[] {
    return guard('Listing tokens', () => this.tokens.list());
  }

  /** A token by id, or undefined. */
  getToken(id: string): AccessToken | undefined {
    return guard('Reading a token', () => this.tokens.get(id));
  }

  /** Makes a token for a member; the returned string is the only copy of its secret. */
  createToken(memberId: string): IssuedToken {
    return guard('Making a token', () => this.tokens.create(memberId));
  }

  /** Revokes a token. */
  revokeToken(id: string): AccessToken {
    return guard('Revoking a token', () => this.tokens.revoke(id));
  }

  /** Checks a token string; writes nothing. */
  checkToken(token: string): TokenCheck {
    return guard('Checking a token', () => this.tokens.check(token));
  }

  /** Records when a token was last used. */
  touchToken(id: string, at: string): void {
    guard('Recording token use', () => this.tokens.touch(id, at));
  }

  /** Keeps refused local edits until the user discards them. */
  addSetAsideEdit(input: { docId: string; reason: string; preview: string; update: Uint8Array; createdAt?: string }): SetAsideEdit {
    return guard('Setting edits aside', () => this.setAside.add(input));
  }

  /** Every set-aside edit, oldest first. */
  listSetAsideEdits(): SetAsideEdit[] {
    return guard('Listing set-aside edits', () => this.setAside.list());
  }

  /** One set-aside edit with its update. */
  getSetAsideEdit(id: string): StoredSetAsideEdit {
    return guard('Reading set-aside edits', () => this.setAside.get(id));
  }

  /** Forgets set-aside edits. */
  deleteSetAsideEdit(id: string): void {
    guard('Discarding set-aside edits', () => this.setAside.delete(id));
  }

  /** A preference value, or undefined. */
  getPreference(key: string): string | undefined {
    return guard('Reading a preference', () => this.preferences.get(key));
  }

  /** Stores a preference value. */
  setPreference(key: string, value: string): void {
    guard('Saving a preference', () => this.preferences.set(key, value));
  }

  /** Forgets a preference. */
  deletePreference(key: string): void {
    guard('Removing a preference', () => this.preferences.delete(key));
  }

  /** Appends a record of a session switching member; `unknown-member` if either is unknown. */
  recordIdentitySwitch(input: { fromMemberId: string | null; toMemberId: string; at?: string }): IdentitySwitch {
    return guard('Recording an identity switch', () => this.identitySwitches.append(input));
  }

  /** Every recorded identity switch, oldest first. */
  listIdentitySwitches(): IdentitySwitch[] {
    return guard('Listing identity switches', () => this.identitySwitches.list());
  }

  /** Saves a manual re-alignment of the four-column text (replacing the clause's pin towards that document). */
  setColumnPin(pin: ColumnPin, setBy: string | null, at?: string): SavedColumnPin {
    return guard('Saving a column alignment', () => this.columnPins.set(pin, setBy, at));
  }

  /** Forgets the pin of a clause towards a document; returns whether there was one. */
  clearColumnPin(docId: string, clauseId: string, targetDocId: string): boolean {
    return guard('Clearing a column alignment', () => this.columnPins.clear(docId, clauseId, targetDocId));
  }

  /** Every saved re-alignment, oldest first. */
  listColumnPins(): SavedColumnPin[] {
    return guard('Listing column alignments', () => this.columnPins.list());
  }

  /** Closes the connection (SQLite checkpoints the WAL if this was the last one). */
  close(): void {
    if (this.db.open) this.db.close();
  }
}

function requirePath(path: unknown): string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new DraftroomError('invalid-argument', 'A workspace file path is required.');
  }
  return resolve(path);
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Puts the finished file at `target` without ever replacing an existing file. */
function publish(temp: string, target: string): void {
  const taken = (): DraftroomError => new DraftroomError('conflict', `${target} already exists.`);
  try {
    linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw taken();
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    // File systems without hard links: an exclusive copy is just as safe.
    try {
      copyFileSync(temp, target, constants.COPYFILE_EXCL);
    } catch (copyError) {
      if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
      throw copyError;
    }
  }
  try {
    const fd = openSync(dirname(target), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can sync a directory; the file itself is synced.
  }
}

/**
 * Creates a new, empty workspace at `path` and opens it. The file is built
 * under a temporary name beside it and then linked into place, so `path`
 * never holds a half-made workspace and an existing file is never replaced
 * (`conflict`). `not-found` if the folder does not exist. `id` gives the
 * workspace a known id (a replica of a team server's workspace keeps its id).
 */
export function createWorkspace(path: string, opts: { name: string; id?: string }): WorkspaceStoreApi {
  const target = requirePath(path);
  const name = requireText(opts?.name, 'Workspace name');
  const folder = dirname(target);
  let folderIsDirectory = false;
  try {
    folderIsDirectory = statSync(folder).isDirectory();
  } catch {
    folderIsDirectory = false;
  }
  if (!folderIsDirectory) throw new DraftroomError('not-found', `Cannot create ${target}: the folder ${folder} does not exist.`);
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (exists(`${target}${suffix}`)) throw new DraftroomError('conflict', `${target}${suffix} already exists.`);
  }

  const temp = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.creating`);
  try {
    const db = new Database(temp, { timeout: BUSY_TIMEOUT_MS });
    try {
      // Both must precede the first table; neither value comes from input.
      db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      runMigrations(db);
      insertWorkspaceRow(db, { id: opts.id === undefined ? newId() : requireText(opts.id, 'Workspace id'), name, createdAt: new Date().toISOString() });
    } finally {
      db.close();
    }
    publish(temp, target);
  } catch (error) {
    throw toStoreError(error, `Could not create ${target}`);
  } finally {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${temp}${suffix}`, { force: true });
  }
  return openWorkspace(target);
}

/**
 * Opens an existing workspace, upgrading its schema if it is older than this
 * build. Refuses, without changing the file or anything beside it:
 * `not-found` (no such file), `not-a-workspace` (not SQLite, or another
 * application's database), `corrupt` (unreadable, truncated, fails
 * `PRAGMA quick_check`), `newer-schema` (written by a newer Draftroom).
 */
export function openWorkspace(path: string, options: OpenWorkspaceOptions = {}): WorkspaceStoreApi {
  const target = requirePath(path);
  preflightWorkspace(target, LATEST_SCHEMA_VERSION);
  let db: Database.Database;
  try {
    db = openConnection(target, options.durability ?? 'full');
  } catch (error) {
    throw toStoreError(error, `Could not open ${target}`);
  }
  try {
    // Checked again on the real connection: another process may have changed the file since.
    const applicationId = (db.pragma('application_id', { simple: true }) as number) >>> 0;
    if (applicationId !== APPLICATION_ID) {
      throw new DraftroomError('not-a-workspace', `${target} is not a Draftroom workspace (application id ${formatApplicationId(applicationId)}).`);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) throw newerSchemaError(target, version, LATEST_SCHEMA_VERSION);
    runMigrations(db);
    let store: WorkspaceStore;
    try {
      store = new WorkspaceStore(target, db);
      store.meta();
    } catch (error) {
      if (error instanceof DraftroomError || sqliteCode(error) === undefined) throw error;
      const detail = errorText(error);
      throw new DraftroomError('corrupt', `${target} is damaged: its tables are not those of a Draftroom workspace (${detail}).`);
    }
    return store;
  } catch (error) {
    db.close();
    throw toStoreError(error, `Could not open ${target}`);
  }
}
