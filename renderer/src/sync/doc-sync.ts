import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { DraftroomApi } from '../../../shared/api/contract';
import type { ConnectionState } from '../api/connection';
import { signal, type ReadonlySignal } from '../base/signal';
import { afterNextFrame, type TaskScheduler } from '../base/after-frame';
import { DraftroomError, errorText } from '../../../shared/api/errors';

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
 * Where local edits wait until main has confirmed them, so that a reload, a
 * closed tab or a crash while offline loses none: every local update is
 * kept (under a key of this page) when it is sent and forgotten once main
 * took it; the next page that opens the document as the same member takes
 * what earlier pages left and sends it.
 */
export interface UnsentEdits {
  /** Keeps one local update of a document under this page's `key`. */
  add(docId: string, key: number, update: Uint8Array): void;
  /** Forgets updates of this page (main confirmed them, or they were merged into a newer one). */
  remove(docId: string, keys: readonly number[]): void;
  /** What other (earlier) pages left for this document and member; `forget` drops it from the store. */
  earlier(docId: string): { readonly updates: Uint8Array[]; forget(): void };
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
 * step 2; the local updates made until the frame that shows them is painted
 * (one editor dispatch or a few: the text and its change records) are
 * merged and sent as one update right after that frame, so that saving
 * never delays a keystroke on screen (`flushPending` sends at once: on
 * `flush`, `destroy`, and when the page is hidden or closed); after a dropped
 * connection step 1 runs again and updates that did not get through are
 * re-sent, so offline edits flow back. Content only ever comes from main:
 * the editor never seeds it.
 */
export class DocumentSync {
  /** The mirror document (bind the editor to its content fragment). */
  readonly ydoc = new Y.Doc();
  private readonly save = signal<SaveState>('saved');
  private inFlight = 0;
  /** Local updates that did not get through (the connection dropped, or main refused them), by key. */
  private unsent: { readonly key: number; readonly update: Uint8Array }[] = [];
  /** Keys of local updates sent (or queued by the transport while offline) that main has not confirmed yet. */
  private readonly unconfirmed = new Set<number>();
  private nextKey = 0;
  /** Why main last refused an edit while connected, until an edit gets through again. */
  private refusal: string | null = null;
  private started = false;
  private destroyed = false;
  private readonly stopWatching: () => void;
  /** Local updates not sent yet (those of the dispatches since the last frame: text and change records), sent as one. */
  private batch: Uint8Array[] = [];
  /** Cancels the scheduled send of `batch`, or null when none is scheduled. */
  private cancelSend: (() => void) | null = null;
  /** Reads local input the editor has not read yet (a typed character waiting for its frame), or null. */
  private localInput: (() => void) | null = null;
  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === FROM_MAIN) return;
    if (this.batch.length === 0 && this.cancelSend === null) {
      this.cancelSend = this.schedule(() => {
        this.cancelSend = null;
        this.sendBatch();
      });
    }
    this.batch.push(update);
    this.refreshSaveState();
  };

  constructor(
    private readonly api: DraftroomApi,
    /** The document this mirrors. */
    readonly docId: string,
    private readonly connection: ReadonlySignal<ConnectionState>,
    private readonly keep: UnsentEdits | null = null,
    /** When to send local updates (default: right after the next frame; tests may send at once). */
    private readonly schedule: TaskScheduler = afterNextFrame,
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

  /**
   * Sets what reads local input not yet in the Y.Doc (the editor's typed
   * character waiting for its frame, `paint-first-typing.ts`): called before
   * anything main sent is applied, so a remote edit never lands on a state
   * that lacks a character already on screen, and before sending at once.
   */
  readLocalInputWith(reader: (() => void) | null): void {
    this.localInput = reader;
  }

  /** Applies a y-protocols message main pushed for this document (`documentMessage` event). */
  receive(message: Uint8Array): void {
    if (this.destroyed) return;
    this.localInput?.();
    const decoder = decoding.createDecoder(message);
    const encoder = encoding.createEncoder();
    syncProtocol.readSyncMessage(decoder, encoder, this.ydoc, FROM_MAIN);
    // Main asked for our state (its step 1): answer with step 2.
    if (encoding.length(encoder) > 0) void this.send(encoding.toUint8Array(encoder), null);
  }

  /**
   * Sends the local updates waiting for the next frame now (the page is
   * being hidden or closed, or someone waits for the save). Safe to call
   * any time.
   */
  flushPending(): void {
    if (this.destroyed) return;
    this.localInput?.();
    this.cancelSend?.();
    this.cancelSend = null;
    this.sendBatch();
  }

  /** Resolves when every local edit made so far has been committed by main (waiting ones are sent now). */
  async flush(): Promise<void> {
    this.flushPending();
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
    if (!this.started) return;
    // Edits kept by earlier pages wait for their member: this may be the moment.
    this.restoreUnsent();
    if (this.connection.get() === 'online') void this.resync();
  }

  /**
   * Forgets every edit main has not taken (after a refusal the user chose to
   * discard). The mirror still holds them: the page must load the document
   * from main again (the app reloads).
   */
  discardUnsent(): void {
    this.forget([...this.unsent.map((u) => u.key), ...this.unconfirmed]);
    this.unsent = [];
    this.unconfirmed.clear();
    this.refusal = null;
    this.refreshSaveState();
  }

  /** Stops syncing (the caller closes the document with main). */
  destroy(): void {
    if (this.destroyed) return;
    this.flushPending();
    this.destroyed = true;
    this.stopWatching();
    this.ydoc.off('update', this.onUpdate);
    this.ydoc.destroy();
  }

  /**
   * Sends the local updates made since the last batch as one update: an
   * editor dispatch writes its text (y-prosemirror) and its change records
   * (the suggestion binding) in separate Yjs transactions, and main must get
   * them together, so that tracked text never arrives without the record
   * that explains it. Runs right after the frame that shows the edit (see
   * `flushPending`); a dispatch makes a handful of updates, so merging them
   * is cheap.
   */
  private sendBatch(): void {
    const updates = this.batch.splice(0);
    if (updates.length === 0) return;
    this.sendUpdate(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  }

  private sendUpdate(update: Uint8Array): void {
    void this.send(updateMessage(update), update);
  }

  /** Sends one message; `update` is what to re-send later if the call fails (null: nothing). */
  private async send(message: Uint8Array, update: Uint8Array | null): Promise<void> {
    const key = this.nextKey++;
    if (update !== null) {
      // Kept before it leaves: whatever happens to the call or the page, the edit is somewhere.
      this.unconfirmed.add(key);
      this.keepOne(key, update);
    }
    this.inFlight++;
    this.refreshSaveState();
    let delivered = false;
    try {
      const replies = await this.api.syncDocument(this.docId, message);
      delivered = true;
      for (const reply of replies) this.receive(reply);
    } catch (error) {
      if (update !== null && !delivered) this.unsent.push({ key, update });
      if (!this.isConnectionError(error)) {
        this.refusal = errorText(error);
        console.error(`[draftroom] sync of ${this.docId} failed`, error);
      }
    } finally {
      if (update !== null) {
        this.unconfirmed.delete(key);
        if (delivered) this.forget([key]);
      }
      // A refusal stands until every edit it held back got through (or was discarded).
      if (this.unsent.length === 0) this.refusal = null;
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
    // Edits of the running task go after the older ones they may build on.
    const current = this.batch.splice(0);
    const retry = this.unsent.splice(0);
    if (retry.length > 0) {
      // The merged update is kept under a new key before the old ones are forgotten.
      this.sendUpdate(Y.mergeUpdates(retry.map((u) => u.update)));
      this.forget(retry.map((u) => u.key));
    }
    this.batch.push(...current);
    this.sendBatch();
    try {
      await this.exchange(syncStep1(this.ydoc));
    } catch (error) {
      if (!this.isConnectionError(error)) console.error(`[draftroom] resync of ${this.docId} failed`, error);
    }
  }

  private refreshSaveState(): void {
    if (this.inFlight > 0 || this.batch.length > 0) this.save.set(this.connection.get() === 'online' ? 'saving' : 'unsent');
    else if (this.unsent.length === 0) this.save.set('saved');
    else this.save.set(this.refusal !== null && this.connection.get() === 'online' ? 'refused' : 'unsent');
  }

  private keepOne(key: number, update: Uint8Array): void {
    try {
      this.keep?.add(this.docId, key, update);
    } catch (error) {
      // Storage full or unavailable: the edit is still in this page and on its way to main.
      console.error(`[draftroom] could not keep an unsent edit of ${this.docId}`, error);
    }
  }

  private forget(keys: readonly number[]): void {
    if (keys.length === 0) return;
    try {
      this.keep?.remove(this.docId, keys);
    } catch (error) {
      console.error(`[draftroom] could not forget sent edits of ${this.docId}`, error);
    }
  }

  /**
   * Edits earlier pages made as this member and never got to main go into
   * the mirror as local edits, and so to main (kept again under this page's
   * keys before the earlier pages' copies are dropped). Edits main already
   * has change nothing.
   */
  private restoreUnsent(): void {
    if (this.keep === null || this.destroyed) return;
    let earlier: ReturnType<UnsentEdits['earlier']>;
    try {
      earlier = this.keep.earlier(this.docId);
    } catch (error) {
      console.error(`[draftroom] could not read the unsent edits of ${this.docId}`, error);
      return;
    }
    if (earlier.updates.length === 0) return;
    try {
      Y.applyUpdate(this.ydoc, Y.mergeUpdates(earlier.updates), RESTORED);
    } catch (error) {
      console.error(`[draftroom] dropped unreadable unsent edits of ${this.docId}`, error);
    }
    earlier.forget();
  }

  /** A call failed because the connection dropped (the transport marks it offline before failing calls). */
  private isConnectionError(error: unknown): boolean {
    return (error instanceof DraftroomError && error.code === 'disconnected') || this.connection.get() !== 'online';
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
