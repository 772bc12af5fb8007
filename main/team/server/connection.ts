import { WebSocket } from 'ws';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import type { Identity } from '../../../shared/domain/types';
import type { DocumentHub, HubPeer } from '../../services/document-hub';
import { editRefusal, identityOf, mayEditDocuments } from '../../services/identities';
import type { UpdateMeta, WorkspaceStoreApi } from '../../store/store-types';
import { CLOSE, closeReason } from './close-codes';
import { MessageRate, RefusalWindow, type ServerLimits } from './limits';
import type { Room, RoomMember } from './room';
import { fields, type ServerLog } from './server-log';
import { encodePermissionDenied, encodeSyncEnvelope, MalformedMessage, parseClientMessage } from './wire';

/** What a connection is bound to once its token was accepted. */
export interface ConnectionBinding {
  /** Sequence number of the connection in this server's log. */
  readonly serial: number;
  readonly ws: WebSocket;
  readonly workspaceId: string;
  readonly docId: string;
  readonly store: WorkspaceStoreApi;
  readonly hub: DocumentHub;
  readonly room: Room;
  readonly tokenId: string;
  readonly memberId: string;
  readonly limits: ServerLimits;
  readonly log: ServerLog;
}

/**
 * One client's WebSocket to one document, acting as the member its token
 * names. It is a `HubPeer`: its sync messages go through the document hub,
 * which checks every update against the member's role and the record rules
 * (re-read from the store on each message, so a role change applies at
 * once), stores it and broadcasts it. A refused update is neither stored
 * nor sent; the client gets a permission-denied message with the reason,
 * and is disconnected after `maxRefusals` refusals within the window.
 * Awareness goes to the room, never to the store.
 */
export class TeamConnection implements HubPeer, RoomMember {
  readonly memberId: string;
  readonly tokenId: string;
  private closing = false;
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
  start(): void {
    const step1 = this.binding.hub.openDocument(this, this.binding.docId);
    this.binding.room.join(this);
    this.send(encodeSyncEnvelope(step1));
    const states = this.binding.room.currentStates();
    if (states !== null) this.send(states);
  }

  /** Handles one message from the client. */
  handle(bytes: Uint8Array): void {
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
        this.handleSync(message.sync);
        return;
      case 'awareness':
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

  private handleSync(sync: Uint8Array): void {
    let replies: Uint8Array[];
    try {
      replies = this.binding.hub.handleSyncMessage(this, this.binding.docId, sync);
    } catch (error) {
      if (error instanceof DraftroomError && error.code === 'forbidden') this.refuse(error.message);
      else if (error instanceof DraftroomError && error.code === 'invalid-argument') this.close(CLOSE.malformed, `malformed message: ${error.message}`);
      else if (error instanceof DraftroomError && error.code === 'unknown-document') this.close(CLOSE.notFound, error.message);
      else {
        this.binding.log.error(`error ${fields({ conn: this.serial, doc: this.binding.docId, error: errorText(error) })}`);
        this.close(CLOSE.internal, 'server error; try again');
      }
      return;
    }
    for (const reply of replies) this.send(encodeSyncEnvelope(reply));
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

  /** Re-read from the store: a role changed by `draftroom member set-role` applies to the next message. */
  identity(): Identity | null {
    return identityOf(this.binding.store, this.memberId) ?? null;
  }

  /** Null if the member may edit; why not otherwise. */
  editRefusal(): string | null {
    const identity = this.identity();
    if (identity === null) return 'the member this token acts as no longer exists';
    return mayEditDocuments(identity) ? null : editRefusal(identity);
  }

  /** An update another connection made, stored and broadcast by the hub. */
  deliver(_docId: string, message: Uint8Array): void {
    this.send(encodeSyncEnvelope(message));
  }
}
