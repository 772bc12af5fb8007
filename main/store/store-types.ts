import type { ColumnPin, SavedColumnPin } from '../../shared/columns/column-model';
import type { DocumentInfo, Member, MemberRole, Party, VersionInfo } from '../../shared/domain/types';

/**
 * The workspace store's interface, written once and synchronously
 * (better-sqlite3 style). Every write is committed before the call returns.
 * Implemented by `WorkspaceStore` in `workspace-store.ts`.
 */
export interface WorkspaceStoreApi {
  /** Absolute path of the workspace file. */
  readonly path: string;
  /** Workspace id, name, schema version, creation time. */
  meta(): WorkspaceMeta;
  /** Rename the workspace. */
  setName(name: string): void;

  /** All parties, in the order they were added. */
  listParties(): Party[];
  /** Adds a party; `conflict` error if the code or the name (case-insensitive) or the id is taken. */
  addParty(input: { id?: string; name: string; code: string; colour: string }): Party;
  /** A party by id, name or code (case-insensitive); undefined if none. */
  findParty(ref: string): Party | undefined;

  /** All members, in the order they were added. */
  listMembers(): Member[];
  /** Adds a member of an existing party (`unknown-party` otherwise). */
  addMember(input: { id?: string; name: string; partyId: string; role: MemberRole }): Member;
  /** A member by id; undefined if none. */
  getMember(id: string): Member | undefined;
  /** Changes a member's role (`unknown-member` if none); returns the member as it is now. */
  setMemberRole(id: string, role: MemberRole): Member;
  /**
   * A value that changes whenever parties or members may have changed since
   * it was read (written through this store, or by another connection to
   * the file): a reader may keep what it read of them while it is the same.
   */
  membershipVersion(): string;
  /**
   * Adds a party with this id, or brings its name, code and colour up to
   * date (a replica following its team server's workspace).
   */
  upsertParty(party: Party): Party;
  /**
   * Adds a member with this id, or brings its name and role up to date
   * (a replica following its team server's workspace). A member never
   * changes party: `conflict` if the party differs.
   */
  upsertMember(member: Member): Member;

  /** All documents, in the order they were created. */
  listDocuments(): DocumentInfo[];
  /** Creates an empty document; `conflict` if the title (case-insensitive) or id is taken. */
  createDocument(input: { id?: string; title: string; createdAt?: string }): DocumentInfo;
  /** A document by id or exact title (then case-insensitive title); `unknown-document` error if none. */
  getDocument(ref: string): DocumentInfo;

  /**
   * Appends one Yjs update (V1) to the document's log, with who made it.
   * Durable (committed) when this returns. Returns the update's sequence number.
   */
  appendUpdate(docId: string, update: Uint8Array, meta?: UpdateMeta): number;
  /**
   * Appends several Yjs updates (V1) to the document's log in one transaction,
   * all with the same attribution (for bulk writers: the sample, the bench).
   * Durable when this returns; all or nothing. Returns their sequence numbers, in order.
   */
  appendUpdates(docId: string, updates: readonly Uint8Array[], meta?: UpdateMeta): number[];
  /**
   * Appends Yjs updates (V1) to the logs of one or more documents, each with
   * its own attribution, in one transaction: a group commit (the team
   * server stores what many connections sent meanwhile with one disk sync).
   * Durable when this returns; all or nothing. Returns their sequence
   * numbers, in the order given. With `{ sync: 'later' }` the commit is not
   * synced to disk (a power loss may undo it) until a `syncLog` requested
   * after it resolves, or `syncLogNow` returns: nobody may be told of it
   * before.
   */
  appendBatch(updates: readonly UpdateToAppend[], options?: AppendOptions): number[];
  /**
   * Resolves once every commit made before the call is on disk, synced off
   * the event loop (requests made while a sync runs share the next one);
   * rejects with the disk's error.
   */
  syncLog(): Promise<void>;
  /** Syncs every commit made so far to disk before returning (blocking). */
  syncLogNow(): void;
  /**
   * Latest snapshot plus the tail of the log after it: everything needed to
   * rebuild the Y.Doc. Each row is checked against its checksum: `corrupt`,
   * naming the document and the row, if one does not match.
   */
  readDocumentState(docId: string): StoredDocumentState;
  /**
   * What `readDocumentState` reads, with the log as it was read: a few
   * chunks of rows rather than one view per row (`LogChunk`), for rebuilding
   * the Y.Doc of a long log (`loadYDoc`). Checked the same way.
   */
  readDocumentLog(docId: string): StoredDocumentLog;
  /**
   * Replaces a document's whole state by `state` (a full Yjs update, V1) in
   * one transaction: afterwards the document is exactly `state`. Used by a
   * replica whose team server refused an edit, to go back to the server's
   * state (what it had is set aside first). Attribution history is kept.
   */
  replaceDocumentState(docId: string, state: Uint8Array): void;
  /**
   * The last intact state of a damaged document: the snapshot and the log
   * rows before the first one that does not match its checksum. For reading
   * only (`corrupt` if the snapshot itself is damaged).
   */
  readIntactDocumentState(docId: string): IntactDocumentState;
  /**
   * Merges the snapshot and the log into a new snapshot, holding the write
   * lock only to swap (see `Compactor`). Updates appended by anyone while it
   * runs are kept (they stay in the log).
   */
  compact(docId: string): CompactionResult;
  /**
   * Compacts with a state already built: `state` (a full Yjs update, V1) must
   * be the document as read through `coversSeq` (`StoredDocumentState.lastSeq`
   * of the read it was built from). It becomes the snapshot, and the rows it
   * covers leave the log, unless the snapshot already covers `coversSeq`.
   * What a document opened from a long log uses, so that the log is not
   * folded a second time.
   */
  compactWith(docId: string, state: Uint8Array, coversSeq: number): CompactionResult;
  /** Number of log rows not yet compacted. */
  logLength(docId: string): number;
  /**
   * Who edited the document: update counts and first/last times per party
   * and member, over the whole history (compacted updates included).
   */
  listContributors(docId: string): Contributor[];

  /** Keeps a named version: the full Yjs state plus metadata. `conflict` if the name is taken for that document. */
  createVersion(input: {
    id?: string;
    docId: string;
    name: string;
    note?: string;
    authorId?: string | null;
    partyId?: string | null;
    createdAt?: string;
    state: Uint8Array;
  }): VersionInfo;
  /** The document's named versions, oldest first (metadata only). */
  listVersions(docId: string): VersionInfo[];
  /** A version by id or name; `unknown-version` error if none, `corrupt` if its state does not match its checksum. */
  getVersion(docId: string, ref: string): StoredVersion;
  /**
   * A document's versions exactly as stored, in chain order, with raw state,
   * checksum and hashes: for `verify`, which checks them itself (nothing is
   * checked or decoded here). `states: false` leaves each state out (null):
   * a redline's seal, whose content check is already done, reads only the facts.
   */
  versionChain(docId: string, options?: { readonly states?: boolean }): VersionChainRow[];
  /**
   * A version's recorded hashes and stored redline projection, exactly as
   * stored (`StoredVersionProjection`); undefined if there is no such
   * version. Written with every version (`createVersion`).
   */
  versionProjection(versionId: string): StoredVersionProjection | undefined;
  /**
   * Stores a version's redline projection computed by the caller from the
   * version's own state (for versions saved before migration 009; readers
   * check it against the version's hash). `unknown-version` if there is no
   * such version.
   */
  storeVersionProjection(versionId: string, format: number, content: string): void;

  /** Every member's recorded public key, in the order they were recorded. */
  listMemberKeys(): MemberKey[];
  /** A member's recorded public key, or undefined. */
  getMemberKey(memberId: string): MemberKey | undefined;
  /**
   * Records a member's Ed25519 public key (SPKI PEM). `unknown-member` if
   * there is no such member, `conflict` if they already have one (a key is
   * never replaced: initials made with it would no longer verify).
   */
  addMemberKey(input: { memberId: string; publicKeyPem: string; createdAt?: string }): MemberKey;
  /**
   * Keeps a member's initials on a version: a signature (base64) over the
   * version's hash. `unknown-version`, `unknown-member`, or `conflict` if the
   * member already initialled it. Checking the signature is the caller's job.
   */
  addInitial(input: { versionId: string; memberId: string; at: string; signature: string }): StoredInitial;
  /** Every initial on the document's versions, oldest first. */
  listInitials(docId: string): StoredInitial[];

  /** Every access token of the team server, oldest first (never their secrets). */
  listTokens(): AccessToken[];
  /** A token by id; undefined if none. */
  getToken(id: string): AccessToken | undefined;
  /**
   * Makes an access token acting as a member (`unknown-member` if none).
   * Only a hash of its secret is stored: the returned token string is the
   * only copy.
   */
  createToken(memberId: string): IssuedToken;
  /** Revokes a token (`not-found` if none); a revoked token opens nothing. Returns it as it is now. */
  revokeToken(id: string): AccessToken;
  /** Checks a token string (shape, secret, not revoked); writes nothing. */
  checkToken(token: string): TokenCheck;
  /** Records when a token was last used (ISO time). */
  touchToken(id: string, at: string): void;

  /** Keeps local edits a team server refused, with why and their text, until the user discards them. */
  addSetAsideEdit(input: { docId: string; reason: string; preview: string; update: Uint8Array; createdAt?: string }): SetAsideEdit;
  /** Every set-aside edit, oldest first (without the Yjs update). */
  listSetAsideEdits(): SetAsideEdit[];
  /** One set-aside edit with its Yjs update; `not-found` if none. */
  getSetAsideEdit(id: string): StoredSetAsideEdit;
  /** Forgets set-aside edits (discarded by the user); `not-found` if none. */
  deleteSetAsideEdit(id: string): void;

  /** Small local preferences (e.g. the remembered identity). */
  getPreference(key: string): string | undefined;
  setPreference(key: string, value: string): void;
  /** Forgets a preference (no error if it was not set). */
  deletePreference(key: string): void;

  /**
   * Records that a session switched the member it acts as (append-only).
   * `unknown-member` if either member does not exist. Durable when this returns.
   */
  recordIdentitySwitch(input: { fromMemberId: string | null; toMemberId: string; at?: string }): IdentitySwitch;
  /** Every recorded identity switch, oldest first. */
  listIdentitySwitches(): IdentitySwitch[];

  /**
   * Saves a manual re-alignment of the four-column text (replacing the pin
   * of that clause towards that document, if any). `unknown-document` if a
   * document, or the member, does not exist. Durable when this returns.
   */
  setColumnPin(pin: ColumnPin, setBy: string | null, at?: string): SavedColumnPin;
  /** Forgets the pin of a clause towards a document; returns whether there was one. */
  clearColumnPin(docId: string, clauseId: string, targetDocId: string): boolean;
  /** Every saved re-alignment, oldest first. */
  listColumnPins(): SavedColumnPin[];

  /** Closes the connection; the store cannot be used afterwards. */
  close(): void;
}

/** Workspace-level facts kept in the file. */
export interface WorkspaceMeta {
  readonly id: string;
  readonly name: string;
  readonly schemaVersion: number;
  readonly createdAt: string;
}

/** Who made an update, and when. */
export interface UpdateMeta {
  readonly memberId?: string | null;
  readonly partyId?: string | null;
  /** ISO time; defaults to now. */
  readonly at?: string;
}

/** How `appendBatch` commits. */
export interface AppendOptions {
  /** `now` (default): synced before it returns; `later`: committed, synced by a later `syncLog` or `syncLogNow`. */
  readonly sync?: 'now' | 'later';
}

/** One update of an `appendBatch`: the document, the update and who made it. */
export interface UpdateToAppend {
  readonly docId: string;
  readonly update: Uint8Array;
  readonly meta?: UpdateMeta;
}

/** What a document's stored state holds besides its log tail. */
export interface StoredStateHead {
  /** Merged state of everything up to `snapshotSeq`, or null if never compacted. */
  readonly snapshot: Uint8Array | null;
  /** Sequence number the snapshot covers (0 if none). */
  readonly snapshotSeq: number;
  /** Highest sequence number stored. */
  readonly lastSeq: number;
}

/** What `readDocumentState` returns. */
export interface StoredDocumentState extends StoredStateHead {
  /** Log updates after the snapshot, in order. */
  readonly updates: Uint8Array[];
}

/**
 * A run of consecutive log rows as read: their bytes back to back in one
 * buffer, and each row's size in order (`forEachLogUpdate` walks them).
 */
export interface LogChunk {
  readonly bytes: Uint8Array;
  readonly sizes: Uint32Array;
}

/** What `readDocumentLog` returns: the log tail after the snapshot as chunks, in order. */
export interface StoredDocumentLog extends StoredStateHead {
  readonly chunks: readonly LogChunk[];
  /** Number of log rows in `chunks`. */
  readonly rows: number;
}

/** A document's state up to the first damaged log row (see `readIntactDocumentState`). */
export type IntactDocumentState = StoredDocumentState & {
  /** Sequence number of the first log row that does not match its checksum (left out with all after it), or null. */
  readonly damagedSeq: number | null;
};

/** What `compact` did. */
export interface CompactionResult {
  /** Log rows merged into the snapshot (and removed from the log). */
  readonly merged: number;
  /** Sequence number the new snapshot covers. */
  readonly snapshotSeq: number;
  /**
   * The longest time one of its transactions held the write lock, in
   * milliseconds (other writers wait that long at most); the SQLite store
   * reports it.
   */
  readonly longestLockMs?: number;
}

/** Local edits a team server refused, set aside (see `addSetAsideEdit`). */
export interface SetAsideEdit {
  readonly id: string;
  readonly docId: string;
  /** Why the server refused them. */
  readonly reason: string;
  /** ISO time they were set aside. */
  readonly createdAt: string;
  /** The text they held (the clauses they touched, as the replica had them), for the user to copy. */
  readonly preview: string;
}

/** A set-aside edit with the Yjs update (V1) the server did not take. */
export type StoredSetAsideEdit = SetAsideEdit & { readonly update: Uint8Array };

/** A version row as stored (see `versionChain`; its `state` null when read with `states: false`): what verification recomputes and compares. */
export interface VersionChainRow {
  readonly id: string;
  readonly doc_id: string;
  readonly name: string;
  readonly note: string;
  readonly author_id: string | null;
  readonly party_id: string | null;
  readonly created_at: string;
  /** The stored state: normally a Yjs update, but whatever the row holds. */
  readonly state: unknown;
  readonly checksum: unknown;
  readonly chain_seq: number | null;
  readonly prev_hash: string | null;
  readonly hash: string | null;
}

/** A member's recorded Ed25519 public key. */
export interface MemberKey {
  readonly memberId: string;
  /** SPKI PEM. */
  readonly publicKeyPem: string;
  /** ISO time it was recorded. */
  readonly createdAt: string;
}

/** A member's initials on a version, as stored (the signature is not checked here). */
export interface StoredInitial {
  readonly versionId: string;
  readonly memberId: string;
  /** ISO time of initialling (part of the signed message). */
  readonly at: string;
  /** Ed25519 signature, base64. */
  readonly signature: string;
}

/** A named version with its full encoded Yjs state (V1). */
export type StoredVersion = VersionInfo & { readonly state: Uint8Array };

/**
 * A named version's recorded hashes and its stored redline projection
 * (migration 009; `shared/redline/version-projection.ts`), as stored:
 * nothing is checked here.
 */
export interface StoredVersionProjection {
  /** The version's recorded content hash (null if it had none). */
  readonly hash: string | null;
  /** The hash of the version before it in the chain, as recorded. */
  readonly previousHash: string | null;
  /** Its projection: the content text and its layout's format; null if none is stored. */
  readonly projection: { readonly format: number; readonly content: string } | null;
}

/** Edits made to one document by one member (or one party, or nobody known). */
export interface Contributor {
  readonly partyId: string | null;
  readonly memberId: string | null;
  /** Number of stored updates attributed to them. */
  readonly updates: number;
  /** ISO time of their first update. */
  readonly firstAt: string;
  /** ISO time of their last update. */
  readonly lastAt: string;
}

/** An access token to the team server, acting as one member (its secret is never stored). */
export interface AccessToken {
  readonly id: string;
  readonly memberId: string;
  /** ISO time it was made. */
  readonly createdAt: string;
  /** ISO time it last opened a connection or request, or null if never. */
  readonly lastUsedAt: string | null;
  /** ISO time it was revoked, or null while it is valid. */
  readonly revokedAt: string | null;
}

/** A token just made, with its token string (`drt_<id>_<secret>`), shown once. */
export interface IssuedToken {
  readonly token: AccessToken;
  readonly secret: string;
}

/** The outcome of checking a presented token string. */
export type TokenCheck =
  | { readonly ok: true; readonly token: AccessToken }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown' | 'revoked'; readonly message: string };

/** One recorded identity switch: a session went from acting as one member to another. */
export interface IdentitySwitch {
  readonly seq: number;
  /** ISO time. */
  readonly at: string;
  /** The member acted as before (null: nobody). */
  readonly fromMemberId: string | null;
  readonly toMemberId: string;
}
