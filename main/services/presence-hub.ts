import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { DraftroomError, errorText } from '../../shared/api/errors';
import type { Identity } from '../../shared/domain/types';
import { decodeAwarenessUpdate, encodeAwarenessEntries, type AwarenessEntry } from '../../shared/presence/awareness-update';
import { vouchedPresenceState } from '../../shared/presence/presence-state';

/**
 * One party to presence: an API session (a window or a WebSocket
 * connection). It sends its awareness updates with `PresenceHub.receive` and
 * gets everyone else's through `deliverPresence`.
 */
export interface PresencePeer {
  /** Who the peer acts as now (main sets the `user` of its states from this), or null. */
  identity(): Identity | null;
  /** Delivers a y-protocols awareness update for a document the peer shows. */
  deliverPresence(docId: string, message: Uint8Array): void;
}

/** Most awareness clients one peer may speak for in one document (a window has one). */
export const MAX_CLIENTS_PER_PEER = 4;

interface DocumentPresence {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Peers that show the document (they sent presence for it), in the order they came. */
  readonly peers: Set<PresencePeer>;
  /** Which peer speaks for each awareness client a peer sent. */
  readonly owners: Map<number, PresencePeer>;
  /** The last state each window's client had here (to undo a removal by someone else, see `keepWindows`). */
  readonly windowStates: Map<number, { [key: string]: unknown }>;
}

/** Origin of the removals y-protocols' own timer makes. */
const TIMEOUT_ORIGIN = 'timeout';

/**
 * The Awareness's `meta` for y-websocket: a `WebsocketProvider` given this
 * Awareness encodes its own Y.Doc's client id when it disconnects (an empty
 * "I left" for the BroadcastChannel), which is not this Awareness's client
 * and has no entry; y-protocols would then throw on `meta.get(id).clock`. An
 * unknown client reads as clock 0, never seen.
 */
class LenientMeta extends Map<number, { clock: number; lastUpdated: number }> {
  override get(client: number): { clock: number; lastUpdated: number } | undefined {
    return super.get(client) ?? { clock: 0, lastUpdated: 0 };
  }
}

/** The payload of an Awareness `update` event. */
interface AwarenessChange {
  readonly added: number[];
  readonly updated: number[];
  readonly removed: number[];
}

/**
 * Presence of one open workspace, in memory only (never stored): one
 * y-protocols `Awareness` per document, on a throwaway Y.Doc, whose own local
 * state is null. Each window's awareness update is applied to it and every
 * change of it, whatever its origin (a window, a timeout, a team server's
 * provider given `awarenessFor(docId)`), is relayed to the windows that show
 * the document, never back to the window it came from. A window's clients
 * are removed when it leaves the document or its session closes; clients not
 * renewed for 30 s time out (y-protocols' `outdatedTimeout`).
 *
 * Main vouches for who is present: the `user` of every state a window sends
 * is replaced by its session's identity, and a window may not speak for an
 * awareness client another member's window already speaks for. A window's
 * state leaves only with that window (its own null state, `leave`) or by
 * timeout: when another holder removes it (y-websocket's provider removes
 * every state but its own when its connection drops) it is put back and the
 * windows are not told.
 */
export class PresenceHub {
  private readonly docs = new Map<string, DocumentPresence>();

  /** The document's Awareness (created on first use); a team-sync provider may share it. */
  awarenessFor(docId: string): Awareness {
    return this.entry(docId).awareness;
  }

  /**
   * Applies a window's awareness update for a document. The first one joins
   * the window to the document's presence and answers with everyone present.
   * Throws `invalid-argument` on a malformed update (nothing applied).
   */
  receive(peer: PresencePeer, docId: string, message: Uint8Array): void {
    let entries: AwarenessEntry[];
    try {
      entries = decodeAwarenessUpdate(message);
    } catch (error) {
      throw new DraftroomError('invalid-argument', errorText(error));
    }
    const entry = this.entry(docId);
    const identity = peer.identity();
    const accepted: AwarenessEntry[] = [];
    for (const incoming of entries) {
      if (!this.claim(entry, peer, identity, incoming.clientId)) continue;
      if (incoming.state === null) {
        accepted.push(incoming);
        continue;
      }
      const state = vouchedPresenceState(incoming.state, identity);
      if (state !== null) accepted.push({ ...incoming, state });
    }
    if (!entry.peers.has(peer)) {
      entry.peers.add(peer);
      const present = [...entry.awareness.getStates().keys()].filter((client) => entry.owners.get(client) !== peer);
      if (present.length > 0) peer.deliverPresence(docId, encodeAwarenessUpdate(entry.awareness, present));
    }
    if (accepted.length > 0) applyAwarenessUpdate(entry.awareness, encodeAwarenessEntries(accepted), peer);
    for (const { clientId } of accepted) {
      const now = entry.awareness.getStates().get(clientId);
      if (now !== undefined) {
        entry.windowStates.set(clientId, now);
      } else {
        entry.windowStates.delete(clientId);
        if (entry.owners.get(clientId) === peer) entry.owners.delete(clientId);
      }
    }
  }

  /** The peer no longer shows the document: its clients leave and the others are told. */
  leave(peer: PresencePeer, docId: string): void {
    const entry = this.docs.get(docId);
    if (entry === undefined) return;
    entry.peers.delete(peer);
    const clients = [...entry.owners].filter(([, owner]) => owner === peer).map(([client]) => client);
    for (const client of clients) {
      entry.owners.delete(client);
      entry.windowStates.delete(client);
    }
    removeAwarenessStates(entry.awareness, clients, peer);
  }

  /** The peer leaves every document (its window closed, reloaded or lost its connection). */
  leaveAll(peer: PresencePeer): void {
    for (const docId of [...this.docs.keys()]) this.leave(peer, docId);
  }

  /** Ids of the documents the peer shows presence in (for tests and diagnostics). */
  documentsOf(peer: PresencePeer): string[] {
    return [...this.docs].filter(([, entry]) => entry.peers.has(peer)).map(([docId]) => docId);
  }

  /** Stops every Awareness (its timers) and forgets all presence (the workspace closes). */
  dispose(): void {
    for (const entry of this.docs.values()) {
      entry.awareness.destroy();
      entry.doc.destroy();
    }
    this.docs.clear();
  }

  private entry(docId: string): DocumentPresence {
    const existing = this.docs.get(docId);
    if (existing !== undefined) return existing;
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState(null);
    awareness.meta = new LenientMeta(awareness.meta);
    const entry: DocumentPresence = { doc, awareness, peers: new Set(), owners: new Map(), windowStates: new Map() };
    awareness.on('update', (change: AwarenessChange, origin: unknown) => this.relay(docId, entry, change, origin));
    this.docs.set(docId, entry);
    return entry;
  }

  /** Sends a change of the Awareness to every peer showing the document except the one it came from. */
  private relay(docId: string, entry: DocumentPresence, change: AwarenessChange, origin: unknown): void {
    const kept = this.keepWindows(entry, change.removed, origin);
    const clients = [...change.added, ...change.updated, ...change.removed.filter((client) => !kept.has(client))];
    if (clients.length === 0) return;
    const message = encodeAwarenessUpdate(entry.awareness, clients);
    for (const peer of entry.peers) {
      if (peer === origin) continue;
      try {
        peer.deliverPresence(docId, message);
      } catch (error) {
        console.error('draftroom: could not deliver presence:', error);
      }
    }
    this.forgetDeparted(entry, change.removed.filter((client) => !kept.has(client)));
  }

  /**
   * Forgets the clocks of clients that left and that no window here speaks
   * for (after every listener of this change has read them): a team server
   * tells a reconnected provider the states it has with their old clocks,
   * which y-protocols would otherwise ignore as already seen.
   */
  private forgetDeparted(entry: DocumentPresence, removed: readonly number[]): void {
    const departed = removed.filter((client) => !entry.owners.has(client));
    if (departed.length === 0) return;
    queueMicrotask(() => {
      for (const client of departed) {
        if (!entry.awareness.getStates().has(client) && !entry.owners.has(client)) entry.awareness.meta.delete(client);
      }
    });
  }

  /**
   * Puts back the states of windows' clients that someone other than the
   * window removed (not by timeout); returns those clients.
   */
  private keepWindows(entry: DocumentPresence, removed: readonly number[], origin: unknown): Set<number> {
    const kept = new Set<number>();
    if (origin === TIMEOUT_ORIGIN) return kept;
    for (const client of removed) {
      const owner = entry.owners.get(client);
      const state = entry.windowStates.get(client);
      if (owner === undefined || owner === origin || state === undefined) continue;
      entry.awareness.getStates().set(client, state);
      kept.add(client);
    }
    return kept;
  }

  /**
   * Whether the peer may speak for this awareness client, taking it if so: a
   * client nobody speaks for yet (up to `MAX_CLIENTS_PER_PEER` per peer), or
   * one the same member's earlier session spoke for (a reconnected window).
   * Never main's own client.
   */
  private claim(entry: DocumentPresence, peer: PresencePeer, identity: Identity | null, client: number): boolean {
    if (client === entry.awareness.clientID) return false;
    const owner = entry.owners.get(client);
    if (owner === peer) return true;
    if (owner !== undefined) {
      const ownerId = owner.identity()?.member.id;
      if (ownerId === undefined || ownerId !== identity?.member.id) return false;
    }
    let owned = 0;
    for (const other of entry.owners.values()) if (other === peer) owned++;
    if (owned >= MAX_CLIENTS_PER_PEER) return false;
    entry.owners.set(client, peer);
    return true;
  }
}
