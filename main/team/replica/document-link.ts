import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import { messageYjsSyncStep1, readSyncMessage, writeSyncStep1 } from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import { applyAwarenessUpdate, encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import type { DocumentHub, HubPeer } from '../../services/document-hub';
import { encodeSyncUpdate } from '../../services/sync-message';
import { providerOptions, roomOf, type DocumentAddress } from './server-state';

/** Where one document's link to the team server stands. */
export type LinkState = 'offline' | 'syncing' | 'online' | 'refused';

/** Origin of mirror transactions that carry what the local hub sent (local windows' edits). */
const FROM_HUB = Symbol('draftroom/replica-from-hub');
/** Origin of the mirror's initial load from the hub (already local; not an edit to count). */
const FROM_HUB_LOAD = Symbol('draftroom/replica-load');

/** y-websocket message types. */
const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;

/** How a link is tuned and whom it tells. */
export interface DocumentLinkOptions extends DocumentAddress {
  /** Delay before asking the server to confirm freshly sent edits (ms). */
  readonly probeDelayMs?: number;
  /** Presence to share with the server (main's PresenceHub awareness for the document); a private one otherwise. */
  readonly awareness?: Awareness;
  /** Interval of the confirmation probe while connected, which also keeps an idle socket alive (ms). */
  readonly heartbeatMs?: number;
  /** Something changed (state, pending count). */
  onChange(): void;
  /** The server refused an edit; the link has disconnected and waits for `resetTo`. */
  onRefused(link: DocumentLink, reason: string): void;
}

interface Probe {
  /** Which of this connection's client step 1 messages it is (1 = the provider's own on connect). */
  readonly index: number;
  /** Local edits up to this sequence number had been sent when it went out. */
  readonly mark: number;
  /** The mirror's state vector when it went out. */
  readonly stateVector: Map<number, number>;
}

/**
 * One document's link between the local hub and the team server. A mirror
 * Y.Doc is a `HubPeer` of the local hub with `checkedUpstream` (what it
 * brings from the server was checked there), and y-websocket's
 * `WebsocketProvider` syncs the mirror with the server (reconnects are the
 * provider's). Local windows' edits reach the mirror through the hub and go
 * out as they happen; the server's reach the hub through the mirror.
 *
 * Confirmation: after edits went out the link sends a sync step 1; the
 * server stores every update before answering, and answers each client step
 * 1 with step 2 and its own step 1 (after one unsolicited step 1 on
 * connect). The server step 1 that answers a probe, if its state vector
 * covers the mirror's at the probe, confirms every local edit sent before
 * it. Refusal: an auth permission-denied message disconnects the link at
 * once (later updates would build on the refused one) and reports it.
 */
export class DocumentLink {
  readonly docId: string;
  private mirror: Y.Doc = new Y.Doc();
  private provider: WebsocketProvider | null = null;
  private readonly peer: HubPeer;
  private localSeq = 0;
  private pending: { readonly seq: number; readonly update: Uint8Array }[] = [];
  /** Local edits from before this link started that the server may lack (an estimate, until the first confirmation). */
  private backlog = 0;
  private serverStep1s = 0;
  private clientStep1s = 0;
  private probes: Probe[] = [];
  private confirmedOnConnection = false;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private refusal: string | null = null;
  /** Why the server closed the connection for good (a 44xx close: bad or revoked token, no such document), or null. */
  private closedBecause: string | null = null;
  private stopped = false;
  private lastServerVector: Map<number, number> | null = null;
  private stopRelay: (() => void) | null = null;

  constructor(
    private readonly hub: DocumentHub,
    private readonly options: DocumentLinkOptions,
  ) {
    this.docId = options.docId;
    this.peer = {
      checkedUpstream: true,
      attribution: () => ({}),
      editRefusal: () => null,
      identity: () => null,
      deliver: (_docId, message) => this.fromHub(message),
    };
  }

  /** Opens the document in the hub and loads the mirror (`goOnline` connects). `knownServerVector`: the server's last confirmed state vector, if kept. */
  start(knownServerVector?: Uint8Array): void {
    this.attachMirror();
    if (knownServerVector !== undefined) this.backlog = countMissing(this.mirror, knownServerVector);
  }

  /** Connects to the server (once the document exists there); nothing if already connected or stopped. */
  goOnline(): void {
    if (this.stopped || this.provider !== null || this.refusal !== null) return;
    this.connect();
  }

  /** Disconnects and lets go of the document in the hub. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.disconnect();
    this.hub.closeDocument(this.peer, this.docId);
    this.mirror.destroy();
  }

  /** Where the link stands. */
  state(): LinkState {
    if (this.refusal !== null || this.closedBecause !== null) return 'refused';
    const provider = this.provider;
    if (provider === null || !provider.wsconnected) return 'offline';
    if (!this.confirmedOnConnection || this.pendingCount() > 0) return 'syncing';
    return 'online';
  }

  /** Why the server refused (while `state()` is `refused`). */
  refusedBecause(): string | null {
    return this.refusal ?? this.closedBecause;
  }

  /** True while an edit the server refused is being set aside (as opposed to a connection closed for good). */
  editRefused(): boolean {
    return this.refusal !== null;
  }

  /** Local edits the server has not confirmed storing. */
  pendingCount(): number {
    return this.pending.length + this.backlog;
  }

  /** True once the server confirmed storing every local edit on the current connection. */
  isSynced(): boolean {
    return this.state() === 'online';
  }

  /** The server's state vector as last confirmed (encoded), or null. */
  confirmedServerVector(): Uint8Array | null {
    if (this.lastServerVector === null) return null;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, this.lastServerVector.size);
    for (const [client, clock] of this.lastServerVector) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, clock);
    }
    return encoding.toUint8Array(encoder);
  }

  /** The mirror's full state (the local document as the link sees it). */
  localState(): Uint8Array {
    return Y.encodeStateAsUpdate(this.mirror);
  }

  /**
   * After a refusal: the hub's document was replaced by the server's state;
   * reload the mirror from the hub (a fresh Y.Doc, so a fresh client id) and
   * connect again. Local edits counted as pending were set aside by the caller.
   */
  restartAfterReset(): void {
    if (this.stopped) return;
    this.disconnect();
    this.mirror.destroy();
    this.pending = [];
    this.backlog = 0;
    this.refusal = null;
    this.attachMirror();
    this.connect();
    this.options.onChange();
  }

  private attachMirror(): void {
    this.mirror = new Y.Doc();
    this.mirror.on('update', this.onMirrorUpdate);
    const encoder = encoding.createEncoder();
    writeSyncStep1(encoder, this.mirror);
    for (const reply of this.hub.handleSyncMessage(this.peer, this.docId, encoding.toUint8Array(encoder))) {
      this.applyFromHub(reply, FROM_HUB_LOAD);
    }
  }

  /** A message the hub delivers: another peer's (a local window's) update. */
  private fromHub(message: Uint8Array): void {
    if (this.stopped) return;
    this.applyFromHub(message, FROM_HUB);
  }

  private applyFromHub(message: Uint8Array, origin: symbol): void {
    const encoder = encoding.createEncoder();
    readSyncMessage(decoding.createDecoder(message), encoder, this.mirror, origin);
    // The hub's step 1 asks for what the mirror has beyond it: nothing, but answer as the protocol says.
    if (encoding.length(encoder) > 0) this.hub.handleSyncMessage(this.peer, this.docId, encoding.toUint8Array(encoder));
  }

  private readonly onMirrorUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === FROM_HUB) {
      this.localSeq += 1;
      this.pending.push({ seq: this.localSeq, update });
      this.scheduleProbe();
      this.options.onChange();
    } else if (origin === this.provider && this.provider !== null) {
      // The server's (checked and stored there): store it here and show it in local windows.
      try {
        this.hub.handleSyncMessage(this.peer, this.docId, encodeSyncUpdate(update));
      } catch (error) {
        console.error(`draftroom: could not store the team server's update of ${this.docId}:`, error);
      }
    }
  };

  private connect(): void {
    const provider = new WebsocketProvider(this.options.serverUrl, roomOf(this.options), this.mirror, providerOptions(this.options.token, false));
    // The replica itself is nobody: only the windows' presence travels (relayed, see `relayPresence`).
    provider.awareness.setLocalState(null);
    if (this.options.awareness !== undefined) this.stopRelay = relayPresence(this.options.awareness, provider.awareness);
    const syncHandler = provider.messageHandlers[MESSAGE_SYNC]!;
    provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
      const peek = decoding.clone(decoder);
      let serverVector: Map<number, number> | null = null;
      if (decoding.readVarUint(peek) === messageYjsSyncStep1) serverVector = Y.decodeStateVector(decoding.readVarUint8Array(peek));
      if (serverVector !== null && this.serverStep1s >= 1 && covers(serverVector, Y.decodeStateVector(Y.encodeStateVector(this.mirror)))) {
        // The server's answer to a probe, and it has every struct of ours: y-websocket would answer with a step 2
        // carrying our whole delete set (what the document's history weighs, per probe). Our deletions since the
        // connection's first step 2 went out as updates on this socket, so there is nothing to answer.
        this.onServerStep1(serverVector);
        return;
      }
      syncHandler(encoder, decoder, p, emitSynced, type);
      if (serverVector !== null) this.onServerStep1(serverVector);
    };
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder, p) => {
      authProtocol.readAuthMessage(decoder, p.doc, (_doc, reason) => {
        // Before the server's first step 1 it refused the connection (token, document), not an edit: its close says why.
        if (this.serverStep1s === 0) console.warn(`draftroom: the team server refused ${this.docId}: ${reason}`);
        else this.onRefused(reason);
      });
    };
    provider.on('status', ({ status }) => {
      if (this.provider !== provider) return;
      if (status === 'connected') {
        // The provider sends its own step 1 right after this event.
        this.clientStep1s = 1;
        this.serverStep1s = 0;
        this.probes = [];
        this.confirmedOnConnection = false;
      } else if (status === 'disconnected') {
        this.probes = [];
        this.confirmedOnConnection = false;
      }
      this.options.onChange();
    });
    provider.on('closed', ({ code, reason }) => {
      if (this.provider !== provider) return;
      // The provider stops retrying after a 44xx close; so does the link, and says why.
      this.closedBecause = `the team server closed the connection (${code}${reason ? `: ${reason}` : ''})`;
      this.options.onChange();
    });
    this.closedBecause = null;
    this.provider = provider;
    provider.connect();
    this.heartbeat = setInterval(() => this.sendProbe(), this.options.heartbeatMs ?? 15_000);
  }

  private disconnect(): void {
    if (this.probeTimer !== null) clearTimeout(this.probeTimer);
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.probeTimer = null;
    this.heartbeat = null;
    const provider = this.provider;
    this.provider = null;
    this.stopRelay?.();
    this.stopRelay = null;
    if (provider !== null) provider.destroy();
  }

  private onServerStep1(vector: Map<number, number>): void {
    this.serverStep1s += 1;
    if (this.serverStep1s === 1) {
      // The unsolicited one: the provider is answering it with everything the server lacks; probe after that reply went out.
      queueMicrotask(() => this.sendProbe());
      return;
    }
    const answered = this.serverStep1s - 1;
    let confirmed: Probe | null = null;
    let uncovered = false;
    while (this.probes.length > 0 && this.probes[0]!.index <= answered) {
      const probe = this.probes.shift()!;
      if (covers(vector, probe.stateVector)) confirmed = probe;
      else uncovered = true;
    }
    if (confirmed !== null) {
      const mark = confirmed.mark;
      this.pending = this.pending.filter((edit) => edit.seq > mark);
      this.backlog = 0;
      this.confirmedOnConnection = true;
      this.lastServerVector = vector;
      this.options.onChange();
    }
    if ((uncovered || this.pending.length > 0) && this.probes.length === 0) this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.probeTimer !== null) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      this.sendProbe();
    }, this.options.probeDelayMs ?? 100);
  }

  /** Asks the server to confirm what was sent so far (a sync step 1 on the open socket). */
  private sendProbe(): void {
    const ws = this.provider?.ws;
    if (this.refusal !== null || !this.provider?.wsconnected || ws == null || ws.readyState !== ws.OPEN || this.serverStep1s === 0) return;
    this.clientStep1s += 1;
    this.probes.push({ index: this.clientStep1s, mark: this.localSeq, stateVector: Y.decodeStateVector(Y.encodeStateVector(this.mirror)) });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    writeSyncStep1(encoder, this.mirror);
    ws.send(encoding.toUint8Array(encoder));
  }

  private onRefused(reason: string): void {
    if (this.refusal !== null) return;
    this.refusal = reason;
    // Stop at once: every later update of this replica would build on the refused one.
    this.disconnect();
    this.options.onChange();
    this.options.onRefused(this, reason);
  }
}

const FROM_WINDOWS = Symbol('draftroom/presence-from-windows');
const FROM_SERVER = Symbol('draftroom/presence-from-server');

/**
 * Relays presence both ways between main's Awareness of a document (the
 * local windows') and the provider's (the server's), so that the provider
 * keeps its own Awareness tied to its Y.Doc as y-websocket expects. States
 * that came from the windows are never relayed back to them, so the
 * provider dropping remote states on a disconnect does not remove the
 * windows' own presence locally. Returns a function that stops relaying.
 */
function relayPresence(windows: Awareness, server: Awareness): () => void {
  const windowClients = new Set<number>();
  const toServer = ({ added, updated, removed }: AwarenessChanges, origin: unknown): void => {
    if (origin === FROM_SERVER) return;
    const clients = [...added, ...updated, ...removed];
    for (const client of [...added, ...updated]) windowClients.add(client);
    applyAwarenessUpdate(server, encodeAwarenessUpdate(windows, clients), FROM_WINDOWS);
    for (const client of removed) windowClients.delete(client);
  };
  const toWindows = ({ added, updated, removed }: AwarenessChanges, origin: unknown): void => {
    if (origin === FROM_WINDOWS) return;
    const clients = [...added, ...updated, ...removed].filter((client) => !windowClients.has(client) && client !== server.clientID);
    if (clients.length > 0) applyAwarenessUpdate(windows, encodeAwarenessUpdate(server, clients), FROM_SERVER);
  };
  windows.on('update', toServer);
  server.on('update', toWindows);
  const present = [...windows.getStates().keys()].filter((client) => client !== windows.clientID);
  if (present.length > 0) toServer({ added: present, updated: [], removed: [] }, null);
  return () => {
    windows.off('update', toServer);
    server.off('update', toWindows);
  };
}

interface AwarenessChanges {
  readonly added: number[];
  readonly updated: number[];
  readonly removed: number[];
}

/** Whether state vector `outer` has everything `inner` has. */
function covers(outer: Map<number, number>, inner: Map<number, number>): boolean {
  for (const [client, clock] of inner) if ((outer.get(client) ?? 0) < clock) return false;
  return true;
}

/** Runs of content `doc` has that a peer with `vector` lacks (an estimate of edits waiting). */
function countMissing(doc: Y.Doc, vector: Uint8Array): number {
  try {
    const diff = Y.encodeStateAsUpdate(doc, vector);
    return Y.decodeUpdate(diff).structs.length;
  } catch {
    return 0;
  }
}
