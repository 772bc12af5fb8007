import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, readSyncMessage } from 'y-protocols/sync';
import { DraftroomError, errorText } from '../../shared/api/errors';
import type { Identity } from '../../shared/domain/types';
import { loadedFrom } from '../store/document-state';
import type { UpdateMeta, WorkspaceStoreApi } from '../store/store-types';
import { DocumentPolicy, type PolicyVerdict } from '../policy/update-policy';
import type { PolicyLimits } from '../policy/update-shape';
import { encodeSyncStep1, encodeSyncUpdate, splitSyncMessage, validateSyncMessage } from './sync-message';

/**
 * One party to the hub: an API session (a window or a WebSocket
 * connection). The hub attributes the updates a peer makes to it and delivers
 * other peers' updates to it.
 */
export interface HubPeer {
  /** Who made the updates this peer sends (member and party), for the update log. */
  attribution(): UpdateMeta;
  /**
   * Null if the peer may change documents; otherwise why not (an observer,
   * or no identity yet). A peer that may not is still served reads.
   */
  editRefusal(): string | null;
  /** Who the peer acts as now (for the record and comment rules of `watchRecords`), or null. */
  identity(): Identity | null;
  /** Delivers a y-protocols message for a document this peer has open. */
  deliver(docId: string, message: Uint8Array): void;
  /**
   * True for a peer whose updates a team server has already checked and
   * stored (the replica's link to its team server): the hub stores and
   * broadcasts them without running the update policy again, since they may
   * be other members' edits (a lead's decision reaching a suggester's
   * replica). Absent or false for windows, connections and everything else.
   */
  readonly checkedUpstream?: boolean;
  /**
   * The document was replaced as a whole (a replica went back to its team
   * server's state after a refusal): drop the local copy and sync it again
   * from step 1. Optional; a peer without it is simply not told.
   */
  documentReplaced?(docId: string): void;
}

/** What became of one message handled by `DocumentHub.handleSyncMessages`: its replies, or the error `handleSyncMessage` would have thrown. */
export type SyncOutcome = { readonly replies: Uint8Array[] } | { readonly error: unknown };

/** A message `DocumentHub.acceptSyncMessage` accepted: its replies, and when its updates are stored. */
export interface AcceptedSync {
  /** What `handleSyncMessage` would have returned; send it only once `stored` resolves. */
  readonly replies: Uint8Array[];
  /**
   * Resolves once every update the document accepted up to and including
   * this message is stored (and broadcast); rejects with the store's error
   * if they could not be stored.
   */
  readonly stored: Promise<void>;
}

/** Tuning of a document hub. */
export interface DocumentHubOptions {
  /** Compact a document's log once it holds this many rows (default 500). */
  readonly compactAfter?: number;
  /** Builds a document's Y.Doc from the store (snapshot + log tail). */
  readonly loadYDoc: (store: WorkspaceStoreApi, docId: string) => Y.Doc;
  /** Limits of the update policy (update size, growth per member and minute); defaults otherwise. */
  readonly policyLimits?: Partial<PolicyLimits>;
  /** Tests: the policy reads each touched clause both from its cache and by walking it, and throws if they differ. */
  readonly verifyPolicyCache?: boolean;
  /**
   * When the group commit of `acceptSyncMessage` runs: called with the
   * commit once something waits for it (default: `setImmediate`, after
   * every message read from the sockets in the same turn of the event loop
   * was handled). Tests pass their own to hold the commit back.
   */
  readonly scheduleCommit?: (commit: () => void) => void;
}

interface PendingUpdate {
  readonly update: Uint8Array;
  readonly origin: unknown;
}

/** An accepted update not yet in the store, with who made it (read when it was accepted). */
interface UnstoredUpdate {
  readonly update: Uint8Array;
  readonly peer: HubPeer | undefined;
  readonly attribution: UpdateMeta;
}

/** Someone waiting for a document's `stored` count to reach `target`. */
interface StoreWaiter {
  readonly target: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface LoadedDocument {
  readonly id: string;
  doc: Y.Doc;
  /** Rows in the store's log not yet compacted (counted here to spare a query per update). */
  logLength: number;
  /** Peers that have the document open. */
  readonly peers: Set<HubPeer>;
  /** Updates the Y.Doc emitted for the change being judged (not yet accepted, not in the store). */
  pending: PendingUpdate[];
  /** Accepted updates waiting for the group commit, in the order the Y.Doc emitted them. */
  unstored: UnstoredUpdate[];
  /**
   * How many of `unstored` (the first ones) a group commit has written,
   * waiting for its disk sync: committed, but nobody is told of them yet.
   */
  written: number;
  /** Updates accepted since the document was loaded, and how many of them are stored. */
  accepted: number;
  stored: number;
  /** Waiting for `stored` to reach a target. */
  waiters: StoreWaiter[];
  /** The update policy guarding this Y.Doc (`main/policy/`); replaced with the Y.Doc. */
  policy: DocumentPolicy;
  /** The state vector each peer's last sync step 1 declared (what its next step 2 was made knowing). */
  readonly declared: WeakMap<HubPeer, Map<number, number>>;
  /** Peers whose step 1 this Y.Doc answered with a full step 2 (everything since reached them as updates). */
  answered: WeakSet<HubPeer>;
  /** Member id → the state vector the document had when a peer acting as that member let go of it (what it was sent). */
  readonly sentToMember: Map<string, Map<number, number>>;
}

/** A sync step 2 with an empty update (no structs, no deletions). */
const EMPTY_STEP_2 = ((): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, new Uint8Array([0, 0]));
  return encoding.toUint8Array(encoder);
})();

/** The larger clock per client of two state vectors. */
function maxVector(a: ReadonlyMap<number, number> | undefined, b: ReadonlyMap<number, number> | undefined): Map<number, number> {
  const out = new Map(a ?? []);
  for (const [client, clock] of b ?? []) if ((out.get(client) ?? 0) < clock) out.set(client, clock);
  return out;
}

/** Whether a state vector covers every struct of a document. */
function coversDocument(vector: ReadonlyMap<number, number>, doc: Y.Doc): boolean {
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    if (last !== undefined && (vector.get(client) ?? 0) < last.id.clock + last.length) return false;
  }
  return true;
}

/** A group commit written to the store (`sync: 'later'`), waiting for its disk sync: how many updates of each document. */
interface WrittenCommit {
  readonly counts: Map<LoadedDocument, number>;
  done: boolean;
}

/** An already settled wait (nothing of the document waits to be stored). */
const STORED: Promise<void> = Promise.resolve();

/** Default log length that triggers a compaction (what y-indexeddb uses). */
export const DEFAULT_COMPACT_AFTER = 500;

/**
 * Holds the open documents of one workspace. Each document's Y.Doc lives here
 * once; every update made to it (by a peer's sync message or by main itself)
 * is appended to the store's update log, attributed to the peer that made it,
 * before the call that made it returns, and is then broadcast to the other
 * peers that have the document open (never back to its origin). A document
 * nobody has open is compacted and unloaded.
 */
export class DocumentHub {
  private readonly docs = new Map<string, LoadedDocument>();
  private readonly compactAfter: number;
  /** Whether a group commit is scheduled. */
  private commitScheduled = false;
  /** Group commits written and waiting for their disk sync, oldest first. */
  private writtenCommits: WrittenCommit[] = [];

  constructor(
    private readonly store: WorkspaceStoreApi,
    private readonly options: DocumentHubOptions,
  ) {
    this.compactAfter = Math.max(1, options.compactAfter ?? DEFAULT_COMPACT_AFTER);
  }

  /**
   * Handles one y-protocols sync message from a peer and returns the replies:
   * for step 1, main's step 2 (what the peer lacks) followed by main's own
   * step 1 (so that the peer answers with what main lacks); nothing for step 2
   * and update messages, whose content is committed to the store before this
   * returns. Opens the document for the peer on first use. Malformed bytes are
   * refused with `invalid-argument` before anything is applied. Every
   * message is judged by the document's update policy (`main/policy/`): a
   * peer that may not edit (see `HubPeer.editRefusal`) may still sync (step
   * 1, and a step 2 or update that brings nothing new), and an update that
   * breaks a rule is refused with `forbidden` and the policy's reason: the
   * Y.Doc is rolled back to what the store holds, and nothing is stored or
   * broadcast. The hub itself only applies, stores, broadcasts and rolls back.
   */
  handleSyncMessage(peer: HubPeer, docId: string, message: Uint8Array): Uint8Array[] {
    const { type, payload } = validateSyncMessage(message);
    const entry = this.open(peer, docId);
    if (peer.checkedUpstream === true) return this.applyChecked(entry, peer, message, type);
    const replies = this.judge(entry, peer, message, type, payload);
    this.flush(entry);
    return replies;
  }

  /**
   * Handles one sync message from a peer as `handleSyncMessage` does (the
   * same checks, the same refusals thrown, the same replies), except that
   * its updates are not stored before this returns: they wait, with what
   * every peer of every document of the workspace sent meanwhile, for the
   * hub's group commit (`commitAccepted`), which stores them all in one
   * transaction with one disk sync (run off the event loop) and only then
   * broadcasts them. `stored` resolves after that sync; the replies, and
   * anything that tells the sender its updates are safe, must wait for it.
   * The commit runs when `scheduleCommit` says (by default on the next turn
   * of the event loop, or when the previous commit's sync is done), or
   * earlier when anything else needs the store up to date (a refusal's
   * rollback, `handleSyncMessage`, `withDocument`, closing the document:
   * they sync what was written at once, blocking). Nothing of an update is
   * broadcast before it is on disk, so a crash before the sync loses only
   * updates nobody was told of.
   */
  acceptSyncMessage(peer: HubPeer, docId: string, message: Uint8Array): AcceptedSync {
    const { type, payload } = validateSyncMessage(message);
    const entry = this.open(peer, docId);
    if (peer.checkedUpstream === true) return { replies: this.applyChecked(entry, peer, message, type), stored: STORED };
    const replies = this.judge(entry, peer, message, type, payload);
    this.accept(entry);
    return { replies, stored: this.storedUpTo(entry, entry.accepted) };
  }

  /**
   * Writes every accepted update that waits for the group commit, of every
   * loaded document, in one store transaction (`appendBatch` with `sync:
   * 'later'`: committed, not yet synced to disk), then syncs the disk off the
   * event loop (`syncLog`); only once that is done are they broadcast and
   * their waits (`AcceptedSync.stored`) settled. One such commit syncs at a
   * time: what is accepted meanwhile is the next group, written when the
   * sync is done. If the store refuses the batch, each document's updates are
   * stored one by one, as `handleSyncMessage` would have stored them; a
   * document whose update the store refuses goes back to what the store
   * holds, and the waits for what was not stored reject with the store's
   * error. If the disk refuses the sync, nothing written is confirmed or
   * relayed (see `syncFailed`).
   */
  commitAccepted(): void {
    this.commitScheduled = false;
    // One group commit syncs at a time: what is accepted meanwhile waits for it, and is written as the next one
    // when it is done (so that the group grows with the disk's latency, as when the sync blocked).
    if (this.writtenCommits.length > 0) return;
    const entries = [...this.docs.values()].filter((entry) => entry.unstored.length > entry.written);
    if (entries.length === 0) return;
    let seqs: number[] | null = null;
    try {
      // Committed without waiting for the disk: the sync runs off the event loop, and only then is anyone told.
      const updates = entries.flatMap((entry) => entry.unstored.slice(entry.written).map(({ update, attribution }) => ({ docId: entry.id, update, meta: attribution })));
      seqs = this.store.appendBatch(updates, { sync: 'later' });
    } catch {
      // Each document on its own below, update by update: the first the store refuses says why.
    }
    if (seqs === null) {
      this.settleWritten();
      for (const entry of entries) {
        try {
          this.storeOneByOne(entry);
          this.compactIfLong(entry);
        } catch {
          // The waits of what was not stored rejected with the error (see storeFailed).
        }
      }
      return;
    }
    const commit: WrittenCommit = { counts: new Map(entries.map((entry) => [entry, entry.unstored.length - entry.written])), done: false };
    for (const entry of entries) entry.written = entry.unstored.length;
    this.writtenCommits.push(commit);
    this.store.syncLog().then(
      () => this.synced(commit),
      (error: unknown) => this.syncFailed(error),
    );
  }

  /** A group commit's disk sync finished: it, and every commit written before it, is stored. */
  private synced(commit: WrittenCommit): void {
    if (commit.done) return;
    while (!commit.done && this.writtenCommits.length > 0) this.completeWritten(this.writtenCommits.shift()!);
    this.commitWhatWaits();
  }

  /** Schedules the next group commit if anything accepted waits for one (what was accepted while the last synced). */
  private commitWhatWaits(): void {
    if ([...this.docs.values()].some((entry) => entry.unstored.length > entry.written)) this.scheduleCommit();
  }

  /** A written group commit is on disk: broadcast it (one merged message per peer) and settle its waits. */
  private completeWritten(commit: WrittenCommit): void {
    commit.done = true;
    for (const [entry, count] of commit.counts) {
      entry.written -= count;
      try {
        this.stored(entry, count, true);
        this.compactIfLong(entry);
      } catch (error) {
        console.error(`draftroom: could not relay edits of ${entry.id}:`, error);
      }
    }
  }

  /**
   * Anything that needs the store and memory in step at once (a synchronous
   * store, a rollback, closing a document) first makes the written group
   * commits durable, blocking, and completes them (their later syncs then
   * find nothing to do).
   */
  private settleWritten(): void {
    if (this.writtenCommits.length === 0) return;
    try {
      this.store.syncLogNow();
    } catch (error) {
      this.syncFailed(error);
      return;
    }
    while (this.writtenCommits.length > 0) this.completeWritten(this.writtenCommits.shift()!);
  }

  /**
   * The disk refused to sync written group commits: none of them is
   * confirmed or relayed. Every document in them fails as when the store
   * refuses an update (`storeFailed`): its waits reject with the error and
   * memory goes back to what the store holds.
   */
  private syncFailed(error: unknown): void {
    const commits = this.writtenCommits.splice(0);
    const entries = new Set<LoadedDocument>();
    for (const commit of commits) {
      commit.done = true;
      for (const entry of commit.counts.keys()) entries.add(entry);
    }
    for (const entry of entries) {
      entry.written = 0;
      try {
        this.storeFailed(entry, error);
      } catch (reloadError) {
        console.error(`draftroom: ${entry.id} could not be read back after a failed disk sync:`, reloadError);
      }
    }
    this.commitWhatWaits();
  }

  /**
   * Judges one well-formed message from a peer and applies it in memory
   * (see `handleSyncMessage`); its updates are left in `entry.pending` for
   * the caller to store. A refusal or a failure rolls the Y.Doc back to the
   * store (after storing what was accepted before) and throws.
   */
  private judge(entry: LoadedDocument, peer: HubPeer, message: Uint8Array, type: number, payload: Uint8Array): Uint8Array[] {
    const encoder = encoding.createEncoder();
    let applyError: unknown = null;
    const declared = entry.declared.get(peer);
    if (type === messageYjsSyncStep1) {
      const vector = Y.decodeStateVector(payload);
      entry.declared.set(peer, vector);
      // A repeated step 1 (a replica's confirmation probe) from a peer that has every struct main has: what main
      // deleted since it answered the peer's first step 1 reached the peer as updates, so the step 2 carries nothing
      // (not main's whole delete set, which costs what the document's history weighs, per probe).
      if (entry.answered.has(peer) && coversDocument(vector, entry.doc)) return [EMPTY_STEP_2, encodeSyncStep1(entry.doc)];
      entry.answered.add(peer);
    }
    // A step 2 answers main's step 1: it carries what the peer made before it read main's step 2.
    const saw = type === messageYjsSyncStep2 && declared !== undefined ? this.sawAtMost(entry, peer, declared) : undefined;
    const sender = { origin: peer, identity: peer.identity(), editRefusal: peer.editRefusal(), ...(saw ? { saw } : {}) };
    let verdict: PolicyVerdict;
    try {
      verdict = entry.policy.check(sender, { type, payload }, () => {
        readSyncMessage(decoding.createDecoder(message), encoder, entry.doc, peer, (error) => {
          applyError = error;
        });
      });
    } catch (error) {
      this.rollback(entry);
      throw error;
    }
    if (verdict.refusal !== null) {
      // A rule broken: memory goes back to what the store holds; nothing is stored or broadcast.
      if (verdict.rollback) this.rollback(entry);
      else entry.pending = [];
      throw new DraftroomError('forbidden', verdict.refusal);
    }
    if (applyError !== null) {
      // Yjs may have integrated part of a malformed update before it failed: none of it is kept.
      this.rollback(entry);
      throw new DraftroomError('invalid-argument', `the Yjs update could not be applied: ${errorText(applyError)}`);
    }
    const replies: Uint8Array[] = [];
    if (encoding.length(encoder) > 0) replies.push(encoding.toUint8Array(encoder));
    if (type === messageYjsSyncStep1) replies.push(encodeSyncStep1(entry.doc));
    return replies;
  }

  /**
   * Handles sync messages a peer sent in a row (say, the updates a replica
   * queued while offline, read from its connection together) with the
   * outcome of each, as if `handleSyncMessage` had handled them one by one,
   * but cheaper: each run of well-formed update and step 2 messages is
   * applied in one Yjs transaction under one policy check
   * (`DocumentPolicy.checkUpdates`) and stored as one log row in one commit
   * before this returns. If the run is refused, or anything in it fails, the
   * Y.Doc is rolled back to what the store holds and the run is handled again
   * message by message, so every message gets the same outcome (accepted, or
   * refused with its own reason) as on its own. Throws only what opening the
   * document throws (`unknown-document`).
   */
  handleSyncMessages(peer: HubPeer, docId: string, messages: readonly Uint8Array[]): SyncOutcome[] {
    const entry = this.open(peer, docId);
    const outcomes: SyncOutcome[] = [];
    let run: { message: Uint8Array; payload: Uint8Array }[] = [];
    const endRun = (): void => {
      if (run.length > 1 && this.applyRun(entry, peer, run.map((m) => m.payload))) {
        for (let i = 0; i < run.length; i++) outcomes.push({ replies: [] });
      } else {
        for (const { message } of run) outcomes.push(this.outcomeOf(peer, docId, message));
      }
      run = [];
    };
    for (const message of messages) {
      let parts: ReturnType<typeof splitSyncMessage> | null = null;
      try {
        // Framing only: the policy decodes the run's updates when it screens them (a payload that does not decode
        // fails the run, whose messages are then handled one by one, each validated in full).
        parts = peer.checkedUpstream === true ? validateSyncMessage(message) : splitSyncMessage(message);
      } catch {
        // Handled on its own below, which reports why.
      }
      if (parts !== null && parts.type !== messageYjsSyncStep1) {
        run.push({ message, payload: parts.payload });
        continue;
      }
      endRun();
      outcomes.push(this.outcomeOf(peer, docId, message));
    }
    endRun();
    return outcomes;
  }

  private outcomeOf(peer: HubPeer, docId: string, message: Uint8Array): SyncOutcome {
    try {
      return { replies: this.handleSyncMessage(peer, docId, message) };
    } catch (error) {
      return { error };
    }
  }

  /**
   * Applies V1 updates from one peer in one transaction under one policy
   * check and stores the result in one commit. False (with the Y.Doc back
   * to what the store holds) if the batch is refused or fails.
   */
  private applyRun(entry: LoadedDocument, peer: HubPeer, payloads: readonly Uint8Array[]): boolean {
    const applyAll = (): void => {
      entry.doc.transact(() => {
        for (const payload of payloads) Y.applyUpdate(entry.doc, payload, peer);
      }, peer);
    };
    try {
      if (peer.checkedUpstream !== true) {
        const sender = { origin: peer, identity: peer.identity(), editRefusal: peer.editRefusal() };
        const verdict = entry.policy.checkUpdates(sender, payloads, applyAll);
        if (verdict.refusal !== null) {
          if (verdict.rollback) this.rollback(entry);
          else entry.pending = [];
          return false;
        }
      } else {
        applyAll();
      }
      this.flush(entry);
      return true;
    } catch {
      // A payload Yjs could not apply, or the store refused: nothing of the batch is kept.
      this.rollback(entry);
      return false;
    }
  }

  /** Applies a sync message from a peer whose updates were checked upstream: stored and broadcast as they come. */
  private applyChecked(entry: LoadedDocument, peer: HubPeer, message: Uint8Array, type: number): Uint8Array[] {
    const encoder = encoding.createEncoder();
    let applyError: unknown = null;
    try {
      readSyncMessage(decoding.createDecoder(message), encoder, entry.doc, peer, (error) => {
        applyError = error;
      });
    } finally {
      this.flush(entry);
    }
    if (applyError !== null) {
      throw new DraftroomError('invalid-argument', `the Yjs update could not be applied: ${errorText(applyError)}`);
    }
    const replies: Uint8Array[] = [];
    if (encoding.length(encoder) > 0) replies.push(encoding.toUint8Array(encoder));
    if (type === messageYjsSyncStep1) replies.push(encodeSyncStep1(entry.doc));
    return replies;
  }

  /**
   * Changes a document from main (e.g. seeding a new document), attributed to
   * `peer`; the change is stored and broadcast like a peer's update. The
   * document is loaded for the call if nobody has it open.
   */
  change(peer: HubPeer, docId: string, fn: (doc: Y.Doc) => void): void {
    this.withDocument(docId, (doc) => doc.transact(() => fn(doc), peer));
  }

  /**
   * Runs `fn` on the live Y.Doc of a document: the loaded one if anybody has
   * it open, otherwise one loaded from the store for the duration of the call
   * (and compacted and unloaded afterwards). Whatever `fn` changes is stored
   * and broadcast before this returns. `fn` must not keep the Y.Doc.
   */
  withDocument<T>(docId: string, fn: (doc: Y.Doc) => T): T {
    let entry = this.docs.get(docId);
    const temporary = entry === undefined;
    if (entry === undefined) {
      this.requireDocument(docId);
      entry = this.load(docId);
    }
    try {
      return fn(entry.doc);
    } finally {
      try {
        this.flush(entry);
      } finally {
        if (temporary && entry.peers.size === 0) this.unload(entry);
      }
    }
  }

  /**
   * Opens a document for a peer (loading it if nobody has it open;
   * `unknown-document` if there is no such document) and returns the hub's
   * sync step 1 for it, which a server sends a client on connect.
   */
  openDocument(peer: HubPeer, docId: string): Uint8Array {
    return encodeSyncStep1(this.open(peer, docId).doc);
  }

  /**
   * Replaces a document's whole state by `state` in the store (one
   * transaction) and in memory, then tells every peer that has it open
   * (`HubPeer.documentReplaced`) except `by`. Nothing is broadcast as an
   * update: what the peers held is no longer the document.
   */
  replaceDocument(docId: string, state: Uint8Array, by?: HubPeer): void {
    this.requireDocument(docId);
    const entry = this.docs.get(docId);
    // What was accepted before is stored first (its senders are told it is safe; the new state supersedes it).
    if (entry !== undefined && entry.unstored.length > 0) this.storeAccepted(entry);
    this.store.replaceDocumentState(docId, state);
    if (entry === undefined) return;
    this.reload(entry);
    for (const peer of [...entry.peers]) {
      if (peer === by) continue;
      try {
        peer.documentReplaced?.(docId);
      } catch (error) {
        console.error(`draftroom: could not tell a peer that ${docId} was replaced:`, error);
      }
    }
  }

  /** Whether the document is loaded (somebody has it open). */
  isLoaded(docId: string): boolean {
    return this.docs.has(docId);
  }

  /** Ids of the documents a peer has open. */
  openDocumentsOf(peer: HubPeer): string[] {
    return [...this.docs.values()].filter((entry) => entry.peers.has(peer)).map((entry) => entry.id);
  }

  /** The peer no longer shows the document; the last one to close it compacts and unloads it. */
  closeDocument(peer: HubPeer, docId: string): void {
    const entry = this.docs.get(docId);
    if (entry === undefined || !entry.peers.delete(peer)) return;
    const member = peer.identity()?.member.id;
    if (member !== undefined && entry.answered.has(peer)) entry.sentToMember.set(member, maxVector(entry.sentToMember.get(member), Y.decodeStateVector(Y.encodeStateVector(entry.doc))));
    if (entry.peers.size === 0) this.unload(entry);
  }

  /**
   * What a peer's step 2 may have been made knowing: the state vector its
   * step 1 declared, but no less than what main sent the same member on
   * connections that have closed, and everything if another connection of
   * the member is in sync now (a client cannot unsee what it was sent by
   * declaring less). Undefined means everything.
   */
  private sawAtMost(entry: LoadedDocument, peer: HubPeer, declared: Map<number, number>): Map<number, number> | undefined {
    const member = peer.identity()?.member.id;
    if (member === undefined) return undefined;
    for (const other of entry.peers) if (other !== peer && entry.answered.has(other) && other.identity()?.member.id === member) return undefined;
    return maxVector(declared, entry.sentToMember.get(member));
  }

  /** Closes every document a peer has open (its window closed or its connection dropped). */
  closePeer(peer: HubPeer): void {
    for (const docId of this.openDocumentsOf(peer)) this.closeDocument(peer, docId);
  }

  /** Stores what waits for the group commit, then compacts and unloads every document (the workspace is closing). */
  dispose(): void {
    this.commitAccepted();
    for (const entry of [...this.docs.values()]) {
      entry.peers.clear();
      this.unload(entry);
    }
  }

  private open(peer: HubPeer, docId: string): LoadedDocument {
    let entry = this.docs.get(docId);
    if (entry === undefined) {
      this.requireDocument(docId);
      entry = this.load(docId);
    }
    entry.peers.add(peer);
    return entry;
  }

  private requireDocument(docId: string): void {
    const info = this.store.getDocument(docId);
    // getDocument also accepts titles; the hub keys documents by id only.
    if (info.id !== docId) throw new DraftroomError('unknown-document', `no document with id ${docId}`);
  }

  private load(docId: string): LoadedDocument {
    const peers = new Set<HubPeer>();
    const doc = this.options.loadYDoc(this.store, docId);
    const entry: LoadedDocument = { id: docId, doc, logLength: this.store.logLength(docId), peers, pending: [], unstored: [], written: 0, accepted: 0, stored: 0, waiters: [], policy: this.newPolicy(doc), declared: new WeakMap(), answered: new WeakSet(), sentToMember: new Map() };
    // A long log (written elsewhere, or left by a session that stopped before compacting): the Y.Doc just
    // built becomes the snapshot now, rather than the log being read and folded again at the next compaction.
    if (entry.logLength >= this.compactAfter) entry.logLength = this.compactLoaded(entry);
    this.watch(entry);
    this.docs.set(docId, entry);
    return entry;
  }

  /** Compacts a document just loaded with its loaded Y.Doc (see `compactWith`); returns the rows left in its log. */
  private compactLoaded(entry: LoadedDocument): number {
    const read = loadedFrom(entry.doc);
    // Loaded some other way: the next flush compacts it as usual.
    if (read === undefined) return entry.logLength;
    try {
      this.store.compactWith(entry.id, Y.encodeStateAsUpdate(entry.doc), read.lastSeq);
      return this.store.logLength(entry.id);
    } catch (error) {
      // Every update is still in the log; a failed compaction loses nothing.
      console.error(`draftroom: compaction of ${entry.id} failed:`, error);
      return entry.logLength;
    }
  }

  private watch(entry: LoadedDocument): void {
    entry.doc.on('update', (update: Uint8Array, origin: unknown) => {
      entry.pending.push({ update, origin });
    });
  }

  /**
   * Stores then broadcasts every update of a document accepted so far
   * (what the Y.Doc just emitted, and what waits for the group commit), in
   * one transaction. If the store refuses, the in-memory Y.Doc is replaced
   * by what the store holds, so that memory never runs ahead of disk, and
   * the error goes to the caller.
   */
  private flush(entry: LoadedDocument): void {
    this.settleWritten();
    this.accept(entry);
    if (entry.unstored.length > 0) this.storeAccepted(entry);
    this.compactIfLong(entry);
  }

  /** Moves what the Y.Doc emitted for an accepted change to the updates waiting to be stored, with who made each. */
  private accept(entry: LoadedDocument): void {
    for (const { update, origin } of entry.pending) {
      const peer = isPeer(origin) ? origin : undefined;
      entry.unstored.push({ update, peer, attribution: peer?.attribution() ?? {} });
      entry.accepted += 1;
    }
    entry.pending = [];
  }

  /** Resolves once `target` accepted updates of the document are stored (scheduling the group commit if needed). */
  private storedUpTo(entry: LoadedDocument, target: number): Promise<void> {
    if (entry.stored >= target) return STORED;
    const wait = new Promise<void>((resolve, reject) => entry.waiters.push({ target, resolve, reject }));
    // The caller awaits it later (after the reply chain before it); a rejection meanwhile is not "unhandled".
    wait.catch(() => undefined);
    this.scheduleCommit();
    return wait;
  }

  /** Schedules the group commit (`DocumentHubOptions.scheduleCommit`) unless it is scheduled. */
  private scheduleCommit(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    (this.options.scheduleCommit ?? setImmediate)(() => this.commitAccepted());
  }

  /** Stores a document's accepted updates in one transaction, then broadcasts them; throws (after `storeFailed`) if the store refuses. */
  private storeAccepted(entry: LoadedDocument): void {
    this.settleWritten();
    const { unstored } = entry;
    if (unstored.length === 0) return;
    try {
      if (unstored.length === 1) this.store.appendUpdate(entry.id, unstored[0]!.update, unstored[0]!.attribution);
      else this.store.appendBatch(unstored.map(({ update, attribution }) => ({ docId: entry.id, update, meta: attribution })));
    } catch (error) {
      this.storeFailed(entry, error);
      throw error;
    }
    this.stored(entry, unstored.length);
  }

  /** Stores a document's accepted updates one commit each (after a group commit failed); throws at the first the store refuses. */
  private storeOneByOne(entry: LoadedDocument): void {
    while (entry.unstored.length > 0) {
      const { update, attribution } = entry.unstored[0]!;
      try {
        this.store.appendUpdate(entry.id, update, attribution);
      } catch (error) {
        this.storeFailed(entry, error);
        throw error;
      }
      this.stored(entry, 1);
    }
  }

  /**
   * The first `count` updates waiting to be stored are stored: broadcast
   * them (one by one, or `merged`: one message per peer) and settle the
   * waits they satisfy.
   */
  private stored(entry: LoadedDocument, count: number, merged = false): void {
    const done = entry.unstored.splice(0, count);
    entry.logLength += count;
    entry.stored += count;
    if (merged && done.length > 1) this.broadcastMerged(entry, done);
    else for (const { update, peer } of done) this.broadcast(entry, update, peer);
    if (entry.waiters.length === 0) return;
    const ready = entry.waiters.filter((w) => w.target <= entry.stored);
    entry.waiters = entry.waiters.filter((w) => w.target > entry.stored);
    for (const w of ready) w.resolve();
  }

  /**
   * The store refused what the document accepted: memory goes back to what
   * the store holds, and every wait for what was not stored rejects with
   * the store's error (nothing of it was broadcast or confirmed).
   */
  private storeFailed(entry: LoadedDocument, error: unknown): void {
    entry.unstored = [];
    entry.accepted = entry.stored;
    for (const w of entry.waiters.splice(0)) w.reject(error);
    this.reload(entry);
  }

  /**
   * A refused or malformed message was (partly) applied: store what the
   * document accepted before it (its share of the next group commit), then
   * go back to what the store holds.
   */
  private rollback(entry: LoadedDocument): void {
    entry.pending = [];
    this.settleWritten();
    if (entry.unstored.length > 0) {
      try {
        this.storeAccepted(entry);
      } catch {
        // storeFailed went back to the store already.
        return;
      }
    }
    this.reload(entry);
  }

  private compactIfLong(entry: LoadedDocument): void {
    if (entry.logLength >= this.compactAfter) entry.logLength = this.compact(entry.id);
  }

  /**
   * Relays what one group commit stored of a document: to each peer, the
   * updates the others made, merged into one message per `MERGE_AT_MOST`
   * updates (twenty people typing make one message per peer and commit, not
   * one per keystroke), never a peer's own updates back.
   */
  private broadcastMerged(entry: LoadedDocument, done: readonly UnstoredUpdate[]): void {
    // Peers that made none of the updates all get the same messages.
    let forOthers: Uint8Array[] | undefined;
    const origins = new Set(done.map((u) => u.peer));
    for (const peer of entry.peers) {
      const mine = origins.has(peer);
      const messages = mine ? mergedMessages(done.filter((u) => u.peer !== peer)) : (forOthers ??= mergedMessages(done));
      for (const message of messages) {
        try {
          peer.deliver(entry.id, message);
        } catch (error) {
          console.error(`draftroom: could not deliver an update of ${entry.id}:`, error);
        }
      }
    }
  }

  private broadcast(entry: LoadedDocument, update: Uint8Array, origin: HubPeer | undefined): void {
    if (entry.peers.size === 0 || (entry.peers.size === 1 && origin !== undefined && entry.peers.has(origin))) return;
    const message = encodeSyncUpdate(update);
    for (const peer of entry.peers) {
      if (peer === origin) continue;
      try {
        peer.deliver(entry.id, message);
      } catch (error) {
        console.error(`draftroom: could not deliver an update of ${entry.id}:`, error);
      }
    }
  }

  private reload(entry: LoadedDocument): void {
    this.settleWritten();
    entry.policy.dispose();
    entry.doc.destroy();
    entry.pending = [];
    entry.doc = this.options.loadYDoc(this.store, entry.id);
    // What peers were sent described the old Y.Doc: the next step 1 of each is answered in full.
    entry.answered = new WeakSet();
    entry.policy = this.newPolicy(entry.doc, entry.policy);
    entry.logLength = this.store.logLength(entry.id);
    this.watch(entry);
  }

  /** The policy guarding a Y.Doc; a replacement keeps what its predecessor learned. */
  private newPolicy(doc: Y.Doc, previous?: DocumentPolicy): DocumentPolicy {
    return new DocumentPolicy(doc, {
      ...(this.options.policyLimits !== undefined ? { limits: this.options.policyLimits } : {}),
      ...(previous !== undefined ? { memory: previous.memory } : {}),
      ...(this.options.verifyPolicyCache === true ? { verifyCache: true } : {}),
    });
  }

  /** Compacts a document's log; returns the rows left in it. */
  private compact(docId: string): number {
    try {
      if (this.store.logLength(docId) > 0) this.store.compact(docId);
      return this.store.logLength(docId);
    } catch (error) {
      // Every update is already in the log; a failed compaction loses nothing.
      console.error(`draftroom: compaction of ${docId} failed:`, error);
      return 0;
    }
  }

  private unload(entry: LoadedDocument): void {
    this.settleWritten();
    if (entry.unstored.length > 0) {
      try {
        this.storeAccepted(entry);
      } catch (error) {
        console.error(`draftroom: edits of ${entry.id} could not be stored before it was closed:`, error);
      }
    }
    this.docs.delete(entry.id);
    this.compact(entry.id);
    entry.policy.dispose();
    entry.doc.destroy();
  }
}

/** Most updates merged into one relayed message (`Y.mergeUpdates` slows down super-linearly with their number). */
const MERGE_AT_MOST = 100;

/** Sync update messages carrying `updates`, merged in runs of at most `MERGE_AT_MOST`. */
function mergedMessages(updates: readonly UnstoredUpdate[]): Uint8Array[] {
  const messages: Uint8Array[] = [];
  for (let i = 0; i < updates.length; i += MERGE_AT_MOST) {
    const run = updates.slice(i, i + MERGE_AT_MOST).map((u) => u.update);
    messages.push(encodeSyncUpdate(run.length === 1 ? run[0]! : Y.mergeUpdates(run)));
  }
  return messages;
}

function isPeer(value: unknown): value is HubPeer {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Partial<HubPeer>).attribution === 'function' &&
    typeof (value as Partial<HubPeer>).deliver === 'function'
  );
}
