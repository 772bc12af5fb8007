import { WebSocket } from 'ws';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import type { Identity } from '../../../shared/domain/types';
import { editRefusal, mayEditDocuments } from '../../services/identities';
import type { ServerStore } from '../../store/server-store';
import type { UpdateMeta } from '../../store/store-types';
import { CLOSE, closeReason } from './close-codes';
import type { DocumentService, ServedPeer, SyncOutcome } from './document-service';
import { MessageRate, RefusalWindow, type ServerLimits } from './limits';
import type { Room, RoomMember } from './room';
import { fields, type ServerLog } from './server-log';
import { serverIdentityOf } from './token-auth';
import { encodePermissionDenied, encodeSyncEnvelope, MalformedMessage, parseClientMessage } from './wire';

/** What a connection is bound to once its token was accepted. */
export interface ConnectionBinding {
  /** Sequence number of the connection in this server's log. */
  readonly serial: number;
  readonly ws: WebSocket;
  readonly workspaceId: string;
  readonly docId: string;
  readonly store: ServerStore;
  readonly documents: DocumentService;
  readonly room: Room;
  readonly tokenId: string;
  readonly memberId: string;
  readonly limits: ServerLimits;
  readonly log: ServerLog;
}

/**
 * One client's WebSocket to one document, acting as the member its token
 * names. It is a `ServedPeer`: its sync messages go through the workspace's
 * document service, which checks every update against the member's role
 * and the record rules (the member is checked against the store before each
 * sync message, and re-read if any party or member changed since, so a role
 * change applies at once), stores it and relays it.
 * Messages are handled one at a time, in the order they came. A refused update is neither stored
 * nor sent; the client gets a permission-denied message with the reason,
 * and is disconnected after `maxRefusals` refusals within the window.
 * Awareness goes to the room, never to the store.
 */
export class TeamConnection implements ServedPeer, RoomMember {
  readonly memberId: string;
  readonly tokenId: string;
  private closing = false;
  /** The member as last read from the store (null: gone). */
  private current: Identity | null;
  /** When `current` was last checked (awareness checks it at most once a second). */
  private readAt = Date.now();
  /** The store's membership version `current` was read under (null: unknown, read again). */
  private readVersion: string | null = null;
  /** The connection's work, one message at a time. */
  private queue: Promise<void> = Promise.resolve();
  /** Replies waiting for their message to be stored, in order. */
  private replies: Promise<void> = Promise.resolve();
  private messages = 0;
  private refusals = 0;
  private readonly rate: MessageRate;
  private readonly refusalWindow: RefusalWindow;
  private readonly partyId: string | null;

  constructor(
    private readonly binding: ConnectionBinding,
    identity: Identity,
  ) {
    this.memberId = binding.memberId;
    this.tokenId = binding.tokenId;
    this.partyId = identity.party.id;
    this.current = identity;
    this.rate = new MessageRate(binding.limits.messagesPerSecond, binding.limits.messageBurst);
    this.refusalWindow = new RefusalWindow(binding.limits.maxRefusals, binding.limits.refusalWindowMs);
  }

  /** The serial number in the log. */
  get serial(): number {
    return this.binding.serial;
  }

  /** The document this connection syncs. */
  get docId(): string {
    return this.binding.docId;
  }

  /** The workspace this connection belongs to. */
  get workspaceId(): string {
    return this.binding.workspaceId;
  }

  /** True once the server decided to close it. */
  get isClosing(): boolean {
    return this.closing;
  }

  /**
   * Opens the document for this connection (`unknown-document` if there is
   * none) and sends what y-websocket's reference server sends on connect:
   * the server's sync step 1 and the room's current awareness states.
   */
  async start(): Promise<void> {
    const step1 = await this.binding.documents.open(this, this.binding.docId);
    this.binding.room.join(this);
    this.send(encodeSyncEnvelope(step1));
    const states = this.binding.room.currentStates();
    if (states !== null) this.send(states);
  }

  /** Queues one message from the client; `onError` hears of a failure nobody expected. */
  handle(bytes: Uint8Array, onError: (error: unknown) => void): void {
    this.queue = this.queue.then(() => this.handleNow(bytes)).catch(onError);
  }

  private async handleNow(bytes: Uint8Array): Promise<void> {
    if (this.closing) return;
    this.messages += 1;
    const { limits } = this.binding;
    if (!this.rate.take()) {
      this.close(CLOSE.rateLimited, `too many messages: more than ${limits.messagesPerSecond} per second`);
      return;
    }
    let message;
    try {
      message = parseClientMessage(bytes);
    } catch (error) {
      this.close(CLOSE.malformed, `malformed message: ${errorText(error)}`);
      return;
    }
    switch (message.kind) {
      case 'sync':
        await this.refreshIdentity();
        if (!this.closing) await this.handleSync(message.sync);
        return;
      case 'awareness':
        if (Date.now() - this.readAt > AWARENESS_IDENTITY_MS) await this.refreshIdentity();
        if (this.closing) return;
        try {
          this.binding.room.applyAwareness(this, message.update);
        } catch (error) {
          if (!(error instanceof MalformedMessage)) throw error;
          this.close(CLOSE.malformed, `malformed message: ${error.message}`);
        }
        return;
      case 'query-awareness': {
        const states = this.binding.room.currentStates();
        if (states !== null) this.send(states);
        return;
      }
    }
  }

  /**
   * Re-reads the member from the store, unless the store says no party or
   * member changed since the last read (`ServerStore.membershipVersion`); a
   * store that does not answer closes the connection.
   */
  private async refreshIdentity(): Promise<void> {
    const { store } = this.binding;
    try {
      // Read before the member: a change in between makes the next message read again.
      const version = store.membershipVersion !== undefined ? await store.membershipVersion() : null;
      if (version === null || version !== this.readVersion) {
        this.current = (await serverIdentityOf(store, this.memberId)) ?? null;
        this.readVersion = version;
      }
      this.readAt = Date.now();
    } catch (error) {
      this.binding.log.error(`error ${fields({ conn: this.serial, doc: this.binding.docId, error: errorText(error) })}`);
      this.close(CLOSE.storeUnavailable, `the store does not answer (${errorText(error)}); reconnect later`);
    }
  }

  private async handleSync(sync: Uint8Array): Promise<void> {
    let outcome: SyncOutcome;
    try {
      outcome = await this.binding.documents.handleSync(this, this.binding.docId, sync);
    } catch (error) {
      this.syncFailed(error);
      return;
    }
    // Replies wait until the message is stored (in order); the next message need not.
    this.replies = this.replies.then(async () => {
      try {
        await outcome.stored;
      } catch (error) {
        this.syncFailed(error);
        return;
      }
      for (const reply of outcome.replies) this.send(encodeSyncEnvelope(reply));
    });
  }

  private syncFailed(error: unknown): void {
    if (error instanceof DraftroomError && error.code === 'forbidden') this.refuse(error.message);
    else if (error instanceof DraftroomError && error.code === 'unreachable') this.close(CLOSE.storeUnavailable, error.message);
    else if (error instanceof DraftroomError && error.code === 'invalid-argument') this.close(CLOSE.malformed, `malformed message: ${error.message}`);
    else if (error instanceof DraftroomError && error.code === 'unknown-document') this.close(CLOSE.notFound, error.message);
    else {
      this.binding.log.error(`error ${fields({ conn: this.serial, doc: this.binding.docId, error: errorText(error) })}`);
      this.close(CLOSE.internal, 'server error; try again');
    }
  }

  /** Tells the client why its update was refused; closes the connection after too many. */
  private refuse(reason: string): void {
    this.refusals += 1;
    this.binding.log.info(`refuse ${fields({ conn: this.serial, doc: this.binding.docId, member: this.memberId, reason })}`);
    this.send(encodePermissionDenied(reason));
    if (this.refusalWindow.note()) {
      const { maxRefusals, refusalWindowMs } = this.binding.limits;
      this.close(CLOSE.tooManyRefusals, `${maxRefusals} updates refused within ${Math.round(refusalWindowMs / 1000)} s; last: ${reason}`);
    }
  }

  /** Sends bytes to the client unless the connection is closing; closes a connection that cannot keep up. */
  send(message: Uint8Array): void {
    const { ws, limits } = this.binding;
    if (this.closing || ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      this.close(CLOSE.tooSlow, 'the connection cannot keep up with the document; reconnect');
      return;
    }
    ws.send(message);
  }

  /** Sends a permission-denied message with the reason, then closes with `code`. Logs one line. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    const { ws } = this.binding;
    if (ws.readyState === WebSocket.OPEN) {
      if (code >= 4400 && code < 4500) ws.send(encodePermissionDenied(reason));
      ws.close(code, closeReason(reason));
    }
    this.binding.log.info(`closing ${fields({ conn: this.serial, code, reason })}`);
  }

  /** Counts for the log line when the connection ends. */
  stats(): { messages: number; refusals: number } {
    return { messages: this.messages, refusals: this.refusals };
  }

  // HubPeer

  /** The token's member and party. */
  attribution(): UpdateMeta {
    return { memberId: this.memberId, partyId: this.partyId };
  }

  /** As the store had it before this message: a role changed by `draftroom member set-role` applies to the next message. */
  identity(): Identity | null {
    return this.current;
  }

  /** Null if the member may edit; why not otherwise. */
  editRefusal(): string | null {
    const identity = this.identity();
    if (identity === null) return 'the member this token acts as no longer exists';
    return mayEditDocuments(identity) ? null : editRefusal(identity);
  }

  /** An update another connection made, stored and broadcast by the hub (the same message to many peers is wrapped once). */
  deliver(_docId: string, message: Uint8Array): void {
    let envelope = RELAYED_ENVELOPES.get(message);
    if (envelope === undefined) RELAYED_ENVELOPES.set(message, (envelope = encodeSyncEnvelope(message)));
    this.send(envelope);
  }

  /** The store stopped answering: nothing more can be stored, so the client is sent away with the reason. */
  documentUnavailable(_docId: string, reason: string): void {
    this.close(CLOSE.storeUnavailable, reason);
  }
}

/** Each relayed sync message as sent (a broadcast hands every peer the same bytes; they go once the message is dropped). */
const RELAYED_ENVELOPES = new WeakMap<Uint8Array, Uint8Array>();

/** How stale the member read for awareness may be (sync messages always check it). */
const AWARENESS_IDENTITY_MS = 1000;
