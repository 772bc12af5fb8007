import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { DraftroomApi } from '../../../shared/api/contract';
import type { ConnectionState } from '../api/connection';
import { signal, type ReadonlySignal } from '../app/signal';

/** Origin of Y.Doc transactions that apply what main sent (never sent back, never undoable). */
export const FROM_MAIN = Symbol('draftroom/from-main');

/**
 * Where this document's local edits stand: every one committed by main
 * (`saved`), some on their way (`saving`), some waiting for the connection
 * to come back (`unsent`; they are kept and re-sent), or some that main
 * refused while connected (`refused`; kept, and tried again with
 * `retryUnsent`, e.g. after choosing another identity).
 */
export type SaveState = 'saved' | 'saving' | 'unsent' | 'refused';

/**
 * Where a document's unsent edits are kept so that they survive a reload or
 * a closed tab while offline (one merged Yjs update per document, or null).
 */
export interface UnsentEdits {
  load(docId: string): Uint8Array | null;
  store(docId: string, update: Uint8Array | null): void;
}

/** Origin of edits restored from `UnsentEdits` after a reload: local edits, sent to main like new ones. */
const RESTORED = Symbol('draftroom/restored');

function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * The renderer's mirror of one document: a Y.Doc kept in sync with main's
 * through `api.syncDocument` (y-protocols sync messages) and the
 * `documentMessage` event. Opening sends sync step 1 and applies main's
 * step 2; every local update is sent as it happens; after a dropped
 * connection step 1 runs again and updates that did not get through are
 * re-sent, so offline edits flow back. Content only ever comes from main:
 * the editor never seeds it.
 */
export class DocumentSync {
  /** The mirror document (bind the editor to its content fragment). */
  readonly ydoc = new Y.Doc();
  private readonly save = signal<SaveState>('saved');
  private inFlight = 0;
  private unsent: Uint8Array[] = [];
  /** Local updates sent (or queued by the transport while offline) that main has not confirmed yet. */
  private readonly unconfirmed = new Map<number, Uint8Array>();
  private nextSend = 0;
  /** Whether `keep` holds something for this document now. */
  private kept = false;
  /** Why main last refused an edit while connected, until an edit gets through again. */
  private refusal: string | null = null;
  private started = false;
  private destroyed = false;
  private readonly stopWatching: () => void;
  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin !== FROM_MAIN) this.sendUpdate(update);
  };

  constructor(
    private readonly api: DraftroomApi,
    /** The document this mirrors. */
    readonly docId: string,
    private readonly connection: ReadonlySignal<ConnectionState>,
    private readonly keep: UnsentEdits | null = null,
  ) {
    this.ydoc.on('update', this.onUpdate);
    this.stopWatching = connection.subscribe((now, before) => {
      if (now === 'online' && before !== 'online' && this.started) void this.resync();
      this.refreshSaveState();
    });
  }

  /** Saved state of local edits. */
  get saveState(): ReadonlySignal<SaveState> {
    return this.save;
  }

  /**
   * Loads the document from main (sync step 1 → step 2). Resolves once the
   * mirror holds main's content. Rejects with main's error (e.g.
   * `unknown-document`); a dropped connection is waited out.
   */
  async start(): Promise<void> {
    for (;;) {
      try {
        await this.exchange(syncStep1(this.ydoc));
        this.started = true;
        this.restoreUnsent();
        return;
      } catch (error) {
        if (!this.isConnectionError(error) || this.destroyed) throw error;
        await this.nextOnline();
      }
    }
  }

  /** Applies a y-protocols message main pushed for this document (`documentMessage` event). */
  receive(message: Uint8Array): void {
    if (this.destroyed) return;
    const decoder = decoding.createDecoder(message);
    const encoder = encoding.createEncoder();
    syncProtocol.readSyncMessage(decoder, encoder, this.ydoc, FROM_MAIN);
    // Main asked for our state (its step 1): answer with step 2.
    if (encoding.length(encoder) > 0) void this.send(encoding.toUint8Array(encoder), null);
  }

  /** Resolves when every local edit made so far has been committed by main. */
  async flush(): Promise<void> {
    while (this.save.get() !== 'saved' && !this.destroyed) {
      await new Promise<void>((resolve) => {
        const stop = this.save.subscribe(() => {
          stop();
          resolve();
        });
      });
    }
  }

  /** Why main refused the last edit it refused (while `saveState` is `refused`), or null. */
  get refusedBecause(): string | null {
    return this.refusal;
  }

  /** Sends the edits that did not get through again (after a refusal: say, once the user chose who they are). */
  retryUnsent(): void {
    if (this.started && this.connection.get() === 'online') void this.resync();
  }

  /**
   * Forgets every edit main has not taken (after a refusal the user chose to
   * discard). The mirror still holds them: the page must load the document
   * from main again (the app reloads).
   */
  discardUnsent(): void {
    this.unsent = [];
    this.unconfirmed.clear();
    this.refusal = null;
    this.keepUnsent();
    this.refreshSaveState();
  }

  /** Stops syncing (the caller closes the document with main). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.stopWatching();
    this.ydoc.off('update', this.onUpdate);
    this.ydoc.destroy();
  }

  private sendUpdate(update: Uint8Array): void {
    void this.send(updateMessage(update), update);
  }

  /** Sends one message; `update` is what to re-send later if the call fails (null: nothing). */
  private async send(message: Uint8Array, update: Uint8Array | null): Promise<void> {
    const key = this.nextSend++;
    if (update !== null) {
      this.unconfirmed.set(key, update);
      // Online, main confirms within milliseconds; offline, the call waits in the transport: keep it now.
      if (this.connection.get() !== 'online') this.keepUnsent();
    }
    this.inFlight++;
    this.refreshSaveState();
    try {
      const replies = await this.api.syncDocument(this.docId, message);
      for (const reply of replies) this.receive(reply);
      if (update !== null) this.refusal = null;
    } catch (error) {
      if (update !== null) this.unsent.push(update);
      if (!this.isConnectionError(error)) {
        this.refusal = error instanceof Error ? error.message : String(error);
        console.error(`[draftroom] sync of ${this.docId} failed`, error);
      }
    } finally {
      if (update !== null) {
        this.unconfirmed.delete(key);
        if (this.kept || this.unsent.length > 0) this.keepUnsent();
      }
      this.inFlight--;
      this.refreshSaveState();
    }
  }

  private async exchange(message: Uint8Array): Promise<void> {
    const replies = await this.api.syncDocument(this.docId, message);
    for (const reply of replies) this.receive(reply);
  }

  /** After a reconnection: re-send what did not get through, then catch up with main. */
  private async resync(): Promise<void> {
    if (this.destroyed) return;
    const retry = this.unsent.splice(0);
    this.keepUnsent();
    if (retry.length > 0) this.sendUpdate(Y.mergeUpdates(retry));
    try {
      await this.exchange(syncStep1(this.ydoc));
    } catch (error) {
      if (!this.isConnectionError(error)) console.error(`[draftroom] resync of ${this.docId} failed`, error);
    }
  }

  private refreshSaveState(): void {
    if (this.inFlight > 0) this.save.set(this.connection.get() === 'online' ? 'saving' : 'unsent');
    else if (this.unsent.length === 0) this.save.set('saved');
    else this.save.set(this.refusal !== null && this.connection.get() === 'online' ? 'refused' : 'unsent');
  }

  /** Keeps the edits main has not confirmed where a reload finds them (or forgets them once there are none). */
  private keepUnsent(): void {
    if (this.keep === null) return;
    const pending = [...this.unsent, ...this.unconfirmed.values()];
    try {
      this.keep.store(this.docId, pending.length === 0 ? null : Y.mergeUpdates(pending));
      this.kept = pending.length > 0;
    } catch (error) {
      console.error(`[draftroom] could not keep the unsent edits of ${this.docId}`, error);
    }
  }

  /**
   * After loading: edits a previous page made offline and never delivered
   * go into the mirror as local edits, and so to main. Edits main already
   * has change nothing.
   */
  private restoreUnsent(): void {
    let kept: Uint8Array | null = null;
    try {
      kept = this.keep?.load(this.docId) ?? null;
    } catch (error) {
      console.error(`[draftroom] could not read the unsent edits of ${this.docId}`, error);
    }
    if (kept === null) return;
    try {
      Y.applyUpdate(this.ydoc, kept, RESTORED);
    } catch (error) {
      console.error(`[draftroom] dropped unreadable unsent edits of ${this.docId}`, error);
    }
    // Sent (or queued again) by the update handler; what is still unsent is kept anew.
    this.keepUnsent();
  }

  /** A call failed because the connection dropped (the transport marks it offline before failing calls). */
  private isConnectionError(_error: unknown): boolean {
    return this.connection.get() !== 'online';
  }

  private nextOnline(): Promise<void> {
    return new Promise((resolve) => {
      const stop = this.connection.subscribe((now) => {
        if (now === 'online') {
          stop();
          resolve();
        }
      });
    });
  }
}
