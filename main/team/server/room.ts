import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate as encodeStates, removeAwarenessStates } from 'y-protocols/awareness';
import type { Identity } from '../../../shared/domain/types';
import { vouchedPresenceState } from '../../../shared/presence/presence-state';
import type { ClusterBus } from './cluster-bus';
import { decodeAwarenessUpdate, encodeAwarenessEnvelope, encodeAwarenessUpdate, type AwarenessEntry } from './wire';

/** Transaction origin of awareness that came from another instance (relayed here, never published back). */
const FROM_BUS = Symbol('awareness from another instance');

/** What a room needs of a connection in it. */
export interface RoomMember {
  /** Sends bytes to the client (dropped if the connection is closing). */
  send(message: Uint8Array): void;
  /** The member the connection acts as (its awareness ids may pass to a later connection of the same member). */
  readonly memberId: string;
  /** That member as the store has it now (the `user` of its presence states), or null if gone. */
  identity(): Identity | null;
}

/**
 * The connections to one document, and their presence: an in-memory
 * y-protocols Awareness, never stored. Each connection may speak only for
 * the awareness client ids it introduced (at most `maxClients`), or took
 * over from an earlier connection of the same member (a reconnect); its
 * states are removed when it leaves. The server vouches for who is present:
 * the `user` of every state is the connection's member (`vouchedPresenceState`),
 * whatever the client wrote. Every change is relayed to everyone in
 * the room, the sender included (y-websocket clients count it as a sign of
 * life). With a cluster bus, every change made here is also published to
 * the other instances serving the document, and theirs are applied here
 * (their states time out here like any remote state if their instance
 * goes away).
 */
export class Room {
  private readonly awarenessDoc = new Y.Doc();
  private readonly awareness = new Awareness(this.awarenessDoc);
  /** Connection → the awareness client ids it speaks for. */
  private readonly members = new Map<RoomMember, Set<number>>();
  private readonly unsubscribe: () => void;

  constructor(
    readonly key: string,
    private readonly maxClients: number,
    private readonly maxStateBytes: number = DEFAULT_MAX_STATE_BYTES,
    bus?: ClusterBus,
  ) {
    this.awareness.setLocalState(null);
    this.unsubscribe =
      bus?.subscribe(key, (message) => {
        if (message.kind !== 'awareness') return;
        try {
          applyAwarenessUpdate(this.awareness, message.payload, FROM_BUS);
        } catch {
          // Another instance's malformed message is dropped.
        }
      }) ?? (() => undefined);
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
      const owner = origin instanceof Object && this.members.has(origin as RoomMember) ? (origin as RoomMember) : null;
      if (owner !== null) {
        const ids = this.members.get(owner)!;
        for (const id of added) ids.add(id);
        for (const id of removed) ids.delete(id);
      }
      const changed = [...added, ...updated, ...removed];
      const states = encodeStates(this.awareness, changed);
      const message = encodeAwarenessEnvelope(states);
      for (const member of this.members.keys()) member.send(message);
      if (bus !== undefined && origin !== FROM_BUS) bus.publish(key, { kind: 'awareness', instance: bus.instance, payload: states });
    });
  }

  /** Number of connections in the room. */
  get size(): number {
    return this.members.size;
  }

  /** Adds a connection. */
  join(member: RoomMember): void {
    this.members.set(member, new Set());
  }

  /** The awareness message a new connection receives (every current state), or null if nobody is present. */
  currentStates(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length === 0 ? null : encodeAwarenessEnvelope(encodeStates(this.awareness, clients));
  }

  /**
   * Applies a connection's awareness update. Entries for client ids another
   * member's connection speaks for, beyond the connection's quota, or with a
   * state larger than `maxStateBytes` are dropped. Throws `MalformedMessage`
   * for bytes that are not an update.
   */
  applyAwareness(member: RoomMember, update: Uint8Array): void {
    const own = this.members.get(member);
    if (own === undefined) return;
    const allowed: AwarenessEntry[] = [];
    let identity: Identity | null | undefined;
    for (const incoming of decodeAwarenessUpdate(update)) {
      if (incoming.stateJson.length > this.maxStateBytes) continue;
      let entry = incoming;
      if (entry.stateJson !== 'null') {
        identity ??= member.identity();
        const state = vouchedPresenceState(JSON.parse(entry.stateJson), identity);
        if (state === null) continue;
        entry = { ...entry, stateJson: JSON.stringify(state) };
      }
      const owner = this.ownerOf(entry.clientId);
      if (owner === member) {
        allowed.push(entry);
      } else if (entry.stateJson === 'null') {
        // A removal introduces nobody (y-websocket providers echo the removals they are told of).
        continue;
      } else if (owner === null || owner.memberId === member.memberId) {
        if (own.size >= this.maxClients) continue;
        if (owner !== null) this.members.get(owner)!.delete(entry.clientId);
        own.add(entry.clientId);
        allowed.push(entry);
      }
    }
    if (allowed.length > 0) applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(allowed), member);
  }

  /** Removes a connection and the presence it spoke for; true if the room is now empty. */
  leave(member: RoomMember): boolean {
    const ids = this.members.get(member);
    if (ids === undefined) return this.members.size === 0;
    this.members.delete(member);
    const present = [...ids].filter((id) => this.awareness.getStates().has(id));
    if (present.length > 0) removeAwarenessStates(this.awareness, present, null);
    return this.members.size === 0;
  }

  /** Stops the awareness timer (the room is empty). */
  dispose(): void {
    this.unsubscribe();
    this.awareness.destroy();
    this.awarenessDoc.destroy();
  }

  private ownerOf(clientId: number): RoomMember | null {
    for (const [member, ids] of this.members) if (ids.has(clientId)) return member;
    return null;
  }
}

/** Largest awareness state relayed (a name, a colour, a clause id and a cursor take a few hundred bytes). */
const DEFAULT_MAX_STATE_BYTES = 16 * 1024;

interface AwarenessChanges {
  readonly added: number[];
  readonly updated: number[];
  readonly removed: number[];
}
