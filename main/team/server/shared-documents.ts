import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep1, readSyncMessage } from 'y-protocols/sync';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import { DocumentPolicy, type PolicyVerdict } from '../../policy/update-policy';
import type { PolicyLimits } from '../../policy/update-shape';
import { encodeSyncStep1, encodeSyncUpdate, validateSyncMessage } from '../../services/sync-message';
import type { LogTail } from '../../store/pg/pg-workspace-store';
import type { ServerStore } from '../../store/server-store';
import type { UpdateMeta } from '../../store/store-types';
import { isServedPeer, type DocumentService, type ServedPeer, type SyncOutcome } from './document-service';
import type { BusMessage, ClusterBus } from './cluster-bus';
import { fields, type ServerLog } from './server-log';

/** A store that can say what its log holds after a sequence number (PostgreSQL's). */
export interface LogReader {
  readLogAfter(docId: string, afterSeq: number): Promise<LogTail>;
}

/** Options of `SharedDocuments`. */
export interface SharedDocumentsOptions {
  /** The workspace (the first half of each document's bus key). */
  readonly workspaceId: string;
  /** The bus to the other instances; absent: this instance alone (still catching up from the store on its timer). */
  readonly bus?: ClusterBus;
  /** Compact a document after this many updates appended here (default 500). */
  readonly compactAfter?: number;
  /** How often loaded documents are checked against the store for updates this instance missed (ms; default 2000; 0 = never). */
  readonly catchUpMs?: number;
  readonly policyLimits?: Partial<PolicyLimits>;
  readonly log: ServerLog;
}

/** Most updates stored in one transaction. */
const MAX_BATCH = 500;

/** Transaction origin of updates that come from the store or another instance (stored already: never stored again). */
const REMOTE = Symbol('remote update');

interface SharedDocument {
  readonly id: string;
  doc: Y.Doc;
  policy: DocumentPolicy;
  readonly peers: Set<ServedPeer>;
  /** Every update up to this sequence number is in `doc`. */
  applied: number;
  /** Sequence numbers above `applied + 1` already in `doc` (this instance's own appends that overtook another's). */
  readonly ahead: Set<number>;
  /** Updates the Y.Doc emitted for the message being judged. */
  pending: { update: Uint8Array; origin: unknown }[];
  /** Accepted updates not yet stored, in order, with who made them. */
  unflushed: { update: Uint8Array; peer: ServedPeer | undefined; attribution: UpdateMeta }[];
  /** Updates accepted so far, and how many of them are stored. */
  accepted: number;
  stored: number;
  /** Waiting for `stored` to reach `target`. */
  waiters: { target: number; resolve: () => void; reject: (error: unknown) => void }[];
  /** The running flush (appending `unflushed`), if any. */
  flushing: Promise<void> | null;
  /** Why the document failed, once it did (every later wait rejects with it). */
  failure: DraftroomError | null;
  /** Appends made here since the last compaction. */
  appendedHere: number;
  /** The document's work, one piece at a time (messages, remote updates, catch-ups, compaction). */
  queue: Promise<unknown>;
  unsubscribe: () => void;
  unloaded: boolean;
}

/**
 * The documents of one workspace served from a shared store (PostgreSQL),
 * possibly by several instances at once. Per document, one Y.Doc and one
 * queue: a peer's sync message is judged by the update policy (as in
 * `DocumentHub`) and applied in memory; the document's flush appends what
 * was accepted meanwhile, by any of its connections, in one transaction, and only once the
 * store has it is it relayed to this instance's peers and published on the
 * bus with its sequence numbers. Other instances' updates arrive on the bus
 * and are applied in sequence order; a gap, a bus reconnect, or the
 * periodic check makes the document catch up from the store (the log after
 * the last applied number, or the snapshot first if it was compacted). If
 * the store cannot take an update, the document is unloaded and its peers
 * are told (`documentUnavailable`): nothing is acknowledged or relayed that
 * is not stored.
 */
export class SharedDocuments implements DocumentService {
  private readonly docs = new Map<string, Promise<SharedDocument>>();
  private readonly compactAfter: number;
  private readonly timer: ReturnType<typeof setInterval> | null;
  private readonly stopReconnect: () => void;

  constructor(
    private readonly store: ServerStore & Partial<LogReader>,
    private readonly options: SharedDocumentsOptions,
  ) {
    this.compactAfter = Math.max(1, options.compactAfter ?? 500);
    const every = options.catchUpMs ?? 2000;
    this.timer = every > 0 && store.readLogAfter !== undefined ? setInterval(() => this.catchUpAll(), every) : null;
    this.timer?.unref();
    this.stopReconnect = options.bus?.onReconnect(() => this.catchUpAll()) ?? (() => undefined);
  }

  /** Opens (loading from the store if needed) and resolves to the step 1 a new connection is sent. */
  async open(peer: ServedPeer, docId: string): Promise<Uint8Array> {
    const entry = await this.loadLive(docId);
    entry.peers.add(peer);
    return this.run(entry, () => encodeSyncStep1(entry.doc));
  }

  /**
   * Judges and applies in memory (in the document's queue), then hands the
   * accepted updates to the document's flush, which stores everything
   * accepted meanwhile in one transaction and only then relays
   * and publishes it; `stored` resolves then. A step 1 waits for the flush
   * first, so its answer (step 2) never carries an update not yet stored.
   */
  async handleSync(peer: ServedPeer, docId: string, message: Uint8Array): Promise<SyncOutcome> {
    const { type, payload } = validateSyncMessage(message);
    const entry = await this.loadLive(docId);
    entry.peers.add(peer);
    return this.run(entry, async () => {
      if (type === messageYjsSyncStep1) await this.drain(entry);
      const encoder = encoding.createEncoder();
      let applyError: unknown = null;
      const sender = { origin: peer, identity: peer.identity(), editRefusal: peer.editRefusal() };
      let verdict: PolicyVerdict;
      try {
        verdict = entry.policy.check(sender, { type, payload }, () => {
          readSyncMessage(decoding.createDecoder(message), encoder, entry.doc, peer, (error) => {
            applyError = error;
          });
        });
      } catch (error) {
        await this.rollback(entry);
        throw error;
      }
      if (verdict.refusal !== null) {
        if (verdict.rollback) await this.rollback(entry);
        else entry.pending = [];
        throw new DraftroomError('forbidden', verdict.refusal);
      }
      if (applyError !== null) {
        await this.rollback(entry);
        throw new DraftroomError('invalid-argument', `the Yjs update could not be applied: ${errorText(applyError)}`);
      }
      for (const { update, origin } of entry.pending.splice(0)) {
        const from = isServedPeer(origin) ? origin : undefined;
        entry.unflushed.push({ update, peer: from, attribution: from?.attribution() ?? {} });
        entry.accepted += 1;
      }
      const stored = this.storedUpTo(entry, entry.accepted);
      stored.catch(() => undefined);
      const replies: Uint8Array[] = [];
      if (encoding.length(encoder) > 0) replies.push(encoding.toUint8Array(encoder));
      if (type === messageYjsSyncStep1) replies.push(encodeSyncStep1(entry.doc));
      return { replies, stored };
    });
  }

  /** Resolves once `target` accepted updates are stored (starting the flush if needed). */
  private storedUpTo(entry: SharedDocument, target: number): Promise<void> {
    if (entry.failure !== null) return Promise.reject(entry.failure);
    if (entry.stored >= target) return Promise.resolve();
    const wait = new Promise<void>((resolve, reject) => entry.waiters.push({ target, resolve, reject }));
    this.startFlush(entry);
    return wait;
  }

  /** Waits until everything accepted so far is stored (rejects if the store failed). */
  private drain(entry: SharedDocument): Promise<void> {
    return this.storedUpTo(entry, entry.accepted);
  }

  private startFlush(entry: SharedDocument): void {
    if (entry.flushing !== null) return;
    entry.flushing = this.flush(entry).finally(() => {
      entry.flushing = null;
      if (entry.unflushed.length > 0 && entry.failure === null) this.startFlush(entry);
    });
  }

  /**
   * Stores what was accepted, oldest first, whoever sent it: up to
   * `MAX_BATCH` updates, each with its sender's attribution, in one
   * transaction (`appendBatch`), then relays and publishes
   * each with its sequence number. On failure the document is unloaded and
   * every wait rejects.
   */
  private async flush(entry: SharedDocument): Promise<void> {
    while (entry.unflushed.length > 0 && entry.failure === null) {
      const count = Math.min(entry.unflushed.length, MAX_BATCH);
      const batch = entry.unflushed.slice(0, count);
      let seqs: number[];
      try {
        seqs = await this.store.appendBatch(batch.map((b) => ({ docId: entry.id, update: b.update, meta: b.attribution })));
      } catch (error) {
        this.failed(entry, error);
        return;
      }
      entry.unflushed.splice(0, count);
      batch.forEach((item, i) => {
        const seq = seqs[i]!;
        this.noteApplied(entry, seq);
        this.relay(entry, item.update, item.peer);
        this.options.bus?.publish(this.keyOf(entry.id), { kind: 'update', instance: this.options.bus.instance, seq, memberId: item.attribution.memberId ?? null, payload: item.update });
      });
      entry.stored += count;
      entry.appendedHere += count;
      const ready = entry.waiters.filter((w) => w.target <= entry.stored);
      entry.waiters = entry.waiters.filter((w) => w.target > entry.stored);
      for (const w of ready) w.resolve();
    }
    if (entry.failure !== null) return;
    if (entry.ahead.size > 0) void this.run(entry, () => this.catchUp(entry)).catch((error: unknown) => this.failed(entry, error));
    if (entry.appendedHere >= this.compactAfter) {
      entry.appendedHere = 0;
      void this.run(entry, () => this.compact(entry)).catch(() => undefined);
    }
  }

  /** A refused or malformed message: store what was accepted before it, then go back to what the store holds. */
  private async rollback(entry: SharedDocument): Promise<void> {
    entry.pending = [];
    const before = entry.unflushed.length;
    if (before > 0) {
      // The Y.Doc holds the accepted updates and the refused one: keep the accepted ones by storing them first.
      await this.drain(entry);
    }
    await this.reload(entry);
  }

  /** The peer left; the last one out compacts and unloads the document. */
  closePeer(peer: ServedPeer): void {
    for (const pending of this.docs.values()) {
      void pending.then(
        (entry) => {
          if (entry.peers.delete(peer) && entry.peers.size === 0) void this.unload(entry, true);
        },
        () => undefined,
      );
    }
  }

  /** Compacts and unloads every document. */
  async dispose(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.stopReconnect();
    const entries = await Promise.allSettled([...this.docs.values()]);
    await Promise.all(entries.map((e) => (e.status === 'fulfilled' ? this.unload(e.value, true) : undefined)));
  }

  /** Checks every loaded document against the store (after a bus reconnect, and on the timer). */
  catchUpAll(): void {
    for (const pending of this.docs.values()) {
      void pending.then(
        (entry) => this.run(entry, () => this.catchUp(entry)).catch((error: unknown) => this.failed(entry, error)),
        () => undefined,
      );
    }
  }

  /** Number of documents loaded (for tests and the bench). */
  get loadedCount(): number {
    return this.docs.size;
  }

  private keyOf(docId: string): string {
    return `${this.options.workspaceId}/${docId}`;
  }

  /** Runs `body` after everything queued for the document; a failure does not stop the queue. */
  private run<T>(entry: SharedDocument, body: () => T | Promise<T>): Promise<T> {
    const result = entry.queue.then(() => {
      if (entry.unloaded) throw new DraftroomError('unreachable', 'the document was unloaded; reconnect');
      return body();
    });
    entry.queue = result.catch(() => undefined);
    return result;
  }

  /** The loaded document, loading it again if it was unloaded while this waited. */
  private async loadLive(docId: string): Promise<SharedDocument> {
    for (;;) {
      const entry = await this.load(docId);
      if (!entry.unloaded) return entry;
      if (this.docs.get(docId) !== undefined && (await this.docs.get(docId)) === entry) this.docs.delete(docId);
    }
  }

  private load(docId: string): Promise<SharedDocument> {
    let pending = this.docs.get(docId);
    if (pending === undefined) {
      pending = this.loadFresh(docId);
      this.docs.set(docId, pending);
      pending.catch(() => {
        if (this.docs.get(docId) === pending) this.docs.delete(docId);
      });
    }
    return pending;
  }

  private async loadFresh(docId: string): Promise<SharedDocument> {
    const info = await this.store.getDocument(docId);
    if (info.id !== docId) throw new DraftroomError('unknown-document', `no document with id ${docId}`);
    const entry: SharedDocument = {
      id: docId,
      doc: new Y.Doc(),
      policy: undefined as unknown as DocumentPolicy,
      peers: new Set(),
      applied: 0,
      ahead: new Set(),
      pending: [],
      unflushed: [],
      accepted: 0,
      stored: 0,
      waiters: [],
      flushing: null,
      failure: null,
      appendedHere: 0,
      queue: Promise.resolve(),
      unsubscribe: () => undefined,
      unloaded: false,
    };
    entry.policy = this.newPolicy(entry.doc);
    this.watch(entry);
    // Subscribe first: what is published while the state is read is either in it or applied after it.
    entry.unsubscribe = this.options.bus?.subscribe(this.keyOf(docId), (message) => this.onBus(entry, message)) ?? (() => undefined);
    try {
      await this.fill(entry);
    } catch (error) {
      entry.unsubscribe();
      entry.doc.destroy();
      throw error;
    }
    return entry;
  }

  /** Fills an empty Y.Doc from the store and notes how far it goes. */
  private async fill(entry: SharedDocument): Promise<void> {
    const state = await this.store.readDocumentState(entry.id);
    entry.doc.transact(() => {
      if (state.snapshot) Y.applyUpdate(entry.doc, state.snapshot);
      for (const update of state.updates) Y.applyUpdate(entry.doc, update);
    }, REMOTE);
    entry.applied = state.lastSeq;
    entry.ahead.clear();
  }

  private watch(entry: SharedDocument): void {
    entry.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) {
        // Stored already (by another instance): relay to this instance's peers only.
        this.relay(entry, update, undefined);
        return;
      }
      entry.pending.push({ update, origin });
    });
  }

  private noteApplied(entry: SharedDocument, seq: number): void {
    if (seq <= entry.applied) return;
    entry.ahead.add(seq);
    while (entry.ahead.delete(entry.applied + 1)) entry.applied += 1;
  }

  private relay(entry: SharedDocument, update: Uint8Array, origin: ServedPeer | undefined): void {
    if (entry.peers.size === 0 || (entry.peers.size === 1 && origin !== undefined && entry.peers.has(origin))) return;
    const message = encodeSyncUpdate(update);
    for (const peer of entry.peers) {
      if (peer === origin) continue;
      try {
        peer.deliver(entry.id, message);
      } catch (error) {
        this.options.log.error(`error ${fields({ doc: entry.id, error: `could not deliver an update: ${String(error)}` })}`);
      }
    }
  }

  private onBus(entry: SharedDocument, message: BusMessage): void {
    if (message.kind !== 'update') return;
    void this.run(entry, async () => {
      if (message.seq <= entry.applied || entry.ahead.has(message.seq)) return;
      if (message.seq === entry.applied + 1) {
        this.applyRemote(entry, message.payload, message.memberId);
        this.noteApplied(entry, message.seq);
        return;
      }
      // A gap: something was missed; the store has it.
      await this.catchUp(entry);
    }).catch((error: unknown) => this.failed(entry, error));
  }

  private applyRemote(entry: SharedDocument, update: Uint8Array, memberId: string | null): void {
    this.learnOwners(entry, update, memberId);
    Y.applyUpdate(entry.doc, update, REMOTE);
  }

  /** The update policy remembers which member each Yjs client belongs to; updates stored elsewhere teach it too. */
  private learnOwners(entry: SharedDocument, update: Uint8Array, memberId: string | null): void {
    if (memberId === null) return;
    try {
      for (const struct of Y.decodeUpdate(update).structs) {
        const client = struct.id.client;
        if (!entry.policy.memory.owners.has(client)) entry.policy.memory.owners.set(client, memberId);
      }
    } catch {
      // Not decodable here: it was stored by an instance that could; Y.applyUpdate reports it.
    }
  }

  /** Applies what the store holds after `applied` (a snapshot first if compaction merged part of it). */
  private async catchUp(entry: SharedDocument): Promise<void> {
    if (this.store.readLogAfter === undefined) return;
    const tail = await this.store.readLogAfter(entry.id, entry.applied);
    if (tail.snapshot === null && tail.updates.length === 0 && tail.lastSeq <= entry.applied) return;
    if (tail.snapshot !== null) Y.applyUpdate(entry.doc, tail.snapshot.state, REMOTE);
    for (const row of tail.updates) {
      if (entry.ahead.has(row.seq)) continue;
      this.applyRemote(entry, row.data, row.memberId);
    }
    if (tail.lastSeq > entry.applied) {
      entry.applied = tail.lastSeq;
      for (const seq of [...entry.ahead]) if (seq <= entry.applied) entry.ahead.delete(seq);
      while (entry.ahead.delete(entry.applied + 1)) entry.applied += 1;
    }
  }

  /** Rolls memory back to what the store holds (after everything accepted is stored). */
  private async reload(entry: SharedDocument): Promise<void> {
    entry.policy.dispose();
    entry.doc.destroy();
    entry.pending = [];
    entry.doc = new Y.Doc();
    entry.policy = this.newPolicy(entry.doc, entry.policy);
    this.watch(entry);
    try {
      await this.fill(entry);
    } catch (error) {
      throw this.failed(entry, error);
    }
  }

  private newPolicy(doc: Y.Doc, previous?: DocumentPolicy): DocumentPolicy {
    return new DocumentPolicy(doc, {
      ...(this.options.policyLimits !== undefined ? { limits: this.options.policyLimits } : {}),
      ...(previous !== undefined ? { memory: previous.memory } : {}),
    });
  }

  private async compact(entry: SharedDocument): Promise<void> {
    try {
      await this.store.compact(entry.id);
    } catch (error) {
      // Every update is already in the log; a failed compaction loses nothing.
      this.options.log.error(`error ${fields({ doc: entry.id, error: `compaction failed: ${String(error)}` })}`);
    }
  }

  /**
   * The store failed while the document held something it may not have
   * stored: unload it (memory must never run ahead of the store) and tell
   * its peers why. Returns the error to throw to the caller.
   */
  private failed(entry: SharedDocument, error: unknown): DraftroomError {
    const failure =
      error instanceof DraftroomError && error.code !== 'internal'
        ? error
        : new DraftroomError('unreachable', `the store failed: ${errorText(error)}`);
    if (entry.unloaded || entry.failure !== null) return entry.failure ?? failure;
    const reason = `not stored, so not accepted: ${failure.message}; reconnect`;
    entry.failure = new DraftroomError('unreachable', reason);
    entry.unflushed = [];
    for (const w of entry.waiters.splice(0)) w.reject(entry.failure);
    this.options.log.error(`store-failed ${fields({ doc: entry.id, error: failure.message })}`);
    void this.unload(entry, false);
    for (const peer of [...entry.peers]) {
      try {
        peer.documentUnavailable?.(entry.id, reason);
      } catch {
        // It is being closed anyway.
      }
    }
    return entry.failure;
  }

  private async unload(entry: SharedDocument, compact: boolean): Promise<void> {
    if (entry.unloaded) return;
    entry.unloaded = true;
    const current = this.docs.get(entry.id);
    if (current !== undefined && (await current.catch(() => null)) === entry && this.docs.get(entry.id) === current) this.docs.delete(entry.id);
    entry.unsubscribe();
    if (compact) {
      await entry.queue;
      await entry.flushing;
      await this.compact(entry);
    }
    entry.policy.dispose();
    entry.doc.destroy();
  }
}
