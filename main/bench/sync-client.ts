/**
 * A y-protocols client over one WebSocket for the sync benches (B5, team, cluster): its own
 * Y.Doc, step 1/step 2 handshake, update messages, and promise-based waits.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readSyncMessage, writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import { WebSocket } from 'ws';
import * as Y from 'yjs';

/** Origin of what the server sent. */
export const FROM_SERVER = Symbol('from-server');

/** A bench replica talking to a team server. */
export class SyncClient {
  readonly doc = new Y.Doc();
  /** The server's step 1 messages that followed a step 2 (answers to our step 1). */
  private confirmations = 0;
  /** Update messages received from the server (broadcasts of others' edits). */
  received = 0;
  private lastSyncType = -1;
  private readonly ws: WebSocket;
  private waiters: { check: () => boolean; resolve: () => void; reject: (error: Error) => void }[] = [];
  /** Called with every update the server sends (after it is applied), with the time it arrived. */
  onServerUpdate: ((update: Uint8Array, at: number) => void) | null = null;
  /** Why the server refused something, if it did. */
  refusal: string | null = null;

  /**
   * `applyFromServer: false` keeps the server's update messages out of the
   * Y.Doc (they only reach `onServerUpdate`; a step 2 is still applied), for
   * a replica that merges other edits itself.
   */
  constructor(
    url: string,
    clientID?: number,
    private readonly applyFromServer = true,
  ) {
    if (clientID !== undefined) this.doc.clientID = clientID;
    this.ws = new WebSocket(url);
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('message', (data: Buffer) => {
      const at = performance.now();
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const kind = decoding.readVarUint(decoder);
      if (kind === 0) {
        const syncType = decoding.peekVarUint(decoder);
        if (syncType === 0 && this.lastSyncType === 1) this.confirmations += 1;
        if (syncType === 2) this.received += 1;
        this.lastSyncType = syncType;
        if (syncType === 2 && this.onServerUpdate !== null) {
          const peek = decoding.clone(decoder);
          decoding.readVarUint(peek);
          const update = decoding.readVarUint8Array(peek);
          if (this.applyFromServer) readSyncMessage(decoder, encoding.createEncoder(), this.doc, FROM_SERVER);
          this.onServerUpdate(update, at);
        } else {
          readSyncMessage(decoder, encoding.createEncoder(), this.doc, FROM_SERVER);
        }
      } else if (kind === 2) {
        // Permission denied: the reason follows.
        decoding.readVarUint(decoder);
        this.refusal = decoding.readVarString(decoder);
      }
      this.wake();
    });
    this.ws.on('close', () => this.wake());
    this.ws.on('error', () => this.wake());
  }

  /** Resolves once the socket is open. */
  open(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  /** Sends step 1 and waits for the server's step 2 + step 1: everything sent before is stored, and we hold the server's state. */
  async sync(): Promise<void> {
    await this.open();
    const before = this.confirmations;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    writeSyncStep1(encoder, this.doc);
    this.ws.send(encoding.toUint8Array(encoder));
    await this.until(() => this.confirmations > before);
  }

  /** Sends one update as a sync update message. */
  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    writeUpdate(encoder, update);
    this.ws.send(encoding.toUint8Array(encoder));
  }

  /** Resolves when `condition` holds (checked on every message); rejects if the connection closes first. */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.reject(new Error(`the server closed the connection${this.refusal ? `: ${this.refusal}` : ''}`));
    return new Promise((resolve, reject) => this.waiters.push({ check: condition, resolve, reject }));
  }

  close(): void {
    this.ws.close();
    this.doc.destroy();
  }

  private wake(): void {
    const closed = this.ws.readyState === WebSocket.CLOSED;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.check()) w.resolve();
      else if (closed) w.reject(new Error(`the server closed the connection${this.refusal ? `: ${this.refusal}` : ''}`));
      else still.push(w);
    }
    this.waiters = still;
  }
}
