import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { DraftroomApi } from '../../../shared/api/contract';
import type { Identity } from '../../../shared/domain/types';
import { presenceUserOf } from '../../../shared/presence/presence-state';
import type { ConnectionState } from '../api/connection';
import type { ReadonlySignal } from '../base/signal';

/** Origin of awareness changes that came from main (never sent back). */
const FROM_MAIN = 'draftroom-main';

/** How long local presence changes are gathered before one message goes to main (a cursor moves often). */
const SEND_DELAY_MS = 30;

/** The payload of an Awareness `update`/`change` event. */
interface AwarenessChange {
  readonly added: number[];
  readonly updated: number[];
  readonly removed: number[];
}

/**
 * This window's presence in one document: a y-protocols `Awareness` on the
 * document's mirror Y.Doc whose local state is
 * `{ user, clauseId, cursor }` (`PresenceState`; the editor's `yCursorPlugin`
 * writes `cursor`). Local changes go to main with `presenceMessage`
 * (gathered for a few milliseconds); main's `presenceMessage` events are
 * applied with `receive`. While the connection is down nobody is shown
 * present; once it is back the app calls `announce`.
 */
export class DocumentPresence {
  readonly awareness: Awareness;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly api: Pick<DraftroomApi, 'presenceMessage'>,
    private readonly docId: string,
    ydoc: Y.Doc,
    identity: ReadonlySignal<Identity | null>,
    connection: ReadonlySignal<ConnectionState>,
  ) {
    this.awareness = new Awareness(ydoc);
    this.awareness.on('update', this.onUpdate);
    this.awareness.setLocalState({ user: userOf(identity.get()), clauseId: null, cursor: null });
    this.unsubscribe.push(
      identity.subscribe((who) => this.awareness.setLocalStateField('user', userOf(who))),
      connection.subscribe((now) => {
        if (now !== 'online') this.forgetOthers();
      }),
    );
  }

  /** Applies an awareness update main sent for this document. A malformed one is logged and dropped. */
  receive(message: Uint8Array): void {
    if (this.destroyed) return;
    try {
      applyAwarenessUpdate(this.awareness, message, FROM_MAIN);
    } catch (error) {
      console.error('[draftroom] ignored a malformed presence message', error);
    }
  }

  /**
   * Tells main again who is here (after a reconnect, once the new session
   * acts as this window's member): main answers with everyone present.
   */
  announce(): void {
    // A new clock, so that windows which forgot us while we were away take the state again.
    const state = this.awareness.getLocalState();
    if (state !== null && !this.destroyed) this.awareness.setLocalState(state);
  }

  /** Says which clause this window's selection is in (no message when it is the same). */
  setClause(clauseId: string | null): void {
    const state = this.awareness.getLocalState() as { clauseId?: unknown } | null;
    if (state !== null && state.clauseId !== clauseId) this.awareness.setLocalStateField('clauseId', clauseId);
  }

  /** Calls `listener` whenever someone's presence changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.awareness.on('change', listener);
    return () => this.awareness.off('change', listener);
  }

  /** Leaves the document: the others are told at once, then the Awareness stops. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const stop of this.unsubscribe) stop();
    if (this.timer !== null) clearTimeout(this.timer);
    this.awareness.off('update', this.onUpdate);
    removeAwarenessStates(this.awareness, [this.awareness.clientID], 'local');
    this.post(encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]));
    this.awareness.destroy();
  }

  private readonly onUpdate = (change: AwarenessChange, origin: unknown): void => {
    if (origin === FROM_MAIN) {
      this.forget(change.removed);
      return;
    }
    const own = this.awareness.clientID;
    if (change.added.includes(own) || change.updated.includes(own) || change.removed.includes(own)) this.schedule();
  };

  private schedule(): void {
    if (this.timer !== null || this.destroyed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.awareness.meta.has(this.awareness.clientID)) this.post(encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]));
    }, SEND_DELAY_MS);
  }

  private post(message: Uint8Array): void {
    // Presence is best effort: a failed message is superseded by the next one (or the renewal every 15 s).
    this.api.presenceMessage(this.docId, message).catch(() => undefined);
  }

  /** The connection dropped: whoever was here may have left; main tells again on reconnect. */
  private forgetOthers(): void {
    const others = [...this.awareness.getStates().keys()].filter((client) => client !== this.awareness.clientID);
    removeAwarenessStates(this.awareness, others, FROM_MAIN);
  }

  /**
   * Forgets the clocks of clients that left (once every listener has seen
   * the change): if main later tells their state again with the same clock
   * (after a reconnect, here or between main and a team server), it is news.
   */
  private forget(removed: readonly number[]): void {
    const others = removed.filter((client) => client !== this.awareness.clientID);
    if (others.length === 0) return;
    queueMicrotask(() => {
      for (const client of others) if (!this.awareness.getStates().has(client)) this.awareness.meta.delete(client);
    });
  }
}

function userOf(identity: Identity | null): ReturnType<typeof presenceUserOf> | null {
  return identity === null ? null : presenceUserOf(identity);
}
