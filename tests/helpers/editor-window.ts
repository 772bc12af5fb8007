/**
 * A headless editor window on a replica's document hub, as the app's
 * renderer is one: a mirror Y.Doc synced with the hub through y-protocols
 * messages, a ProseMirror editor bound to it with y-prosemirror and the
 * suggestion engine (tracking, change records, clause marks, clause ids),
 * and each dispatch's Yjs updates sent to the hub as one update (what
 * `renderer/src/sync/doc-sync.ts` does). The hub's policy judges every
 * update as it would a real window's; an update it refuses is discarded
 * and the window reloads what the hub holds (the app's "Discard").
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readSyncMessage, writeSyncStep1 } from 'y-protocols/sync';
import { EditorState, type Transaction } from 'prosemirror-state';
import { initProseMirrorDoc, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Identity } from '../../shared/domain/types';
import { clauseIdsPlugin } from '../../shared/editing/clause-ids';
import { proposalSchema } from '../../shared/schema/schema';
import { clauseMarksKey } from '../../shared/suggest/clause-marks';
import { withSuggestionTracking, type DispatchFunction, type DispatchTarget } from '../../shared/suggest/dispatch';
import { suggestionPlugins } from '../../shared/suggest/plugins';
import { observeChangeRecords } from '../../shared/suggest/ydoc-binding';
import { contentFragment, readChanges } from '../../shared/ydoc/layout';
import type { DocumentHub, HubPeer } from '../../main/services/document-hub';
import { encodeSyncUpdate } from '../../main/services/sync-message';
import type { UpdateMeta } from '../../main/store/store-types';
import { HeadlessView } from '../../shared/editing/headless-view';
import { errorText } from '../../shared/api/errors';

/** Origin of what the hub sends the window. */
const FROM_HUB = Symbol('from-hub');

/** What a window counts. */
export interface WindowStats {
  /** Updates sent to the hub (one per dispatch that changed the Y.Doc). */
  sent: number;
  /** Updates the hub refused (the window then reloaded). */
  refused: number;
  /** Reloads because the hub replaced the document (a team server's refusal). */
  replaced: number;
  /** Edits the suggestion engine refused in the editor (nothing dispatched). */
  trackingRefused: number;
}

/** A window of one member on one document of a replica's hub. */
export class EditorWindow implements HubPeer {
  /** The mirror Y.Doc the editor is bound to. */
  ydoc = new Y.Doc();
  view!: HeadlessView;
  /** A lead's toolbar switch: 'editing' turns tracking off. */
  mode: 'suggesting' | 'editing' = 'suggesting';
  readonly stats: WindowStats = { sent: 0, refused: 0, replaced: 0, trackingRefused: 0 };
  /** Reasons of the hub's refusals. */
  readonly refusals: string[] = [];
  private queue: Uint8Array[] = [];
  private depth = 0;
  private delivering = false;
  private flushScheduled = false;
  private stopRecords: () => void = () => undefined;
  private closed = false;
  private attaching = false;

  constructor(
    private readonly hub: DocumentHub,
    readonly docId: string,
    readonly who: Identity,
    private readonly newId: () => string,
    /** Yjs client id of each mirror Y.Doc the window makes (default: random, as in the app). */
    private readonly clientId?: () => number,
  ) {
    this.attach();
  }

  // HubPeer

  attribution(): UpdateMeta {
    return { memberId: this.who.member.id, partyId: this.who.party.id };
  }

  identity(): Identity {
    return this.who;
  }

  editRefusal(): string | null {
    return this.who.member.role === 'observer' ? 'observers cannot edit' : null;
  }

  deliver(_docId: string, message: Uint8Array): void {
    if (this.closed) return;
    this.delivering = true;
    try {
      const encoder = encoding.createEncoder();
      readSyncMessage(decoding.createDecoder(message), encoder, this.ydoc, FROM_HUB);
    } finally {
      this.delivering = false;
    }
    // Plugins may repair what arrived (duplicate clause ids, colliding marks): send that later, not inside the hub's broadcast.
    if (this.queue.length > 0) this.scheduleFlush();
  }

  documentReplaced(): void {
    if (this.closed) return;
    this.stats.replaced += 1;
    this.reload();
  }

  /**
   * Runs an editing step: each editor dispatch in it is sent as one update
   * as it happens (a keystroke, a decision); direct Y.Doc writes (comments,
   * a rationale) go as one update at the end.
   */
  act(step: (view: HeadlessView, ydoc: Y.Doc) => void): void {
    if (this.closed) return;
    step(this.view, this.ydoc);
    this.flush();
  }

  /** Sends what is queued now (the app's renderer sends at the end of each task). */
  flush(): void {
    if (this.closed || this.queue.length === 0 || this.delivering) return;
    if (this.attaching) {
      this.scheduleFlush();
      return;
    }
    const update = this.queue.length === 1 ? this.queue[0]! : Y.mergeUpdates(this.queue);
    this.queue = [];
    this.stats.sent += 1;
    try {
      this.hub.handleSyncMessage(this, this.docId, encodeSyncUpdate(update));
    } catch (error) {
      this.stats.refused += 1;
      this.refusals.push(errorText(error));
      this.reload();
    }
  }

  /** Closes the window (its document stays open in the hub for others). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.hub.closeDocument(this, this.docId);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Drops the mirror and the editor and loads them again from the hub. */
  private reload(): void {
    this.detach();
    this.attach();
  }

  private detach(): void {
    this.stopRecords();
    this.view.destroy();
    this.ydoc.destroy();
    this.queue = [];
  }

  private attach(): void {
    this.attaching = true;
    try {
      this.attachNow();
    } finally {
      this.attaching = false;
    }
  }

  private attachNow(): void {
    const ydoc = new Y.Doc();
    if (this.clientId !== undefined) ydoc.clientID = this.clientId();
    this.ydoc = ydoc;
    const encoder = encoding.createEncoder();
    writeSyncStep1(encoder, ydoc);
    for (const reply of this.hub.handleSyncMessage(this, this.docId, encoding.toUint8Array(encoder))) {
      readSyncMessage(decoding.createDecoder(reply), encoding.createEncoder(), ydoc, FROM_HUB);
    }
    ydoc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_HUB) return;
      this.queue.push(update);
      if (this.depth === 0 && !this.delivering) this.scheduleFlush();
    });
    const fragment = contentFragment(ydoc);
    const { doc, mapping } = initProseMirrorDoc(fragment, proposalSchema);
    const state = EditorState.create({
      schema: proposalSchema,
      doc,
      plugins: [ySyncPlugin(fragment, { mapping }), yUndoPlugin(), ...suggestionPlugins(readChanges(ydoc)), clauseIdsPlugin(this.newId)],
    });
    const tracking = withSuggestionTracking({
      identity: () => this.who,
      ydoc,
      enabled: () => !(this.who.member.role === 'lead' && this.mode === 'editing'),
      onRefused: () => {
        this.stats.trackingRefused += 1;
      },
      generateId: this.newId,
    });
    const enter = (): void => {
      this.depth += 1;
    };
    const leave = (): void => {
      this.depth -= 1;
      if (this.depth === 0) this.flush();
    };
    const current = (target: DispatchTarget): boolean => target === this.view;
    const dispatch: DispatchFunction = function (this: DispatchTarget, tr: Transaction): void {
      // A step still typing into a view that was replaced (its edit refused, the document reloaded): that editor is gone.
      if (!current(this)) return;
      enter();
      try {
        tracking.call(this, tr);
      } finally {
        leave();
      }
    };
    this.view = new HeadlessView(state, dispatch);
    this.stopRecords = observeChangeRecords(ydoc, (records) => this.view.dispatch(this.view.state.tr.setMeta(clauseMarksKey, { records })));
  }
}
