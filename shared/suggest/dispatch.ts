import type { EditorState, Transaction } from 'prosemirror-state';
import type * as Y from 'yjs';
import type { Identity } from '../domain/types';
import { newId } from '../domain/ids';
import { SUGGEST_META } from './meta';
import { FOREIGN_SUGGESTION_MESSAGE, foreignSuggestionTouched } from './direct-edit';
import { isUntrackable, trackTransaction, type RefusalReason } from './track';
import { othersChangeLookup, ownProposedChangeLookup, recordTransaction } from './ydoc-binding';

/**
 * The editor's dispatch decorator: tracks every local transaction in
 * suggestion mode and writes the change records after it is applied.
 * EditorView satisfies `DispatchTarget`, so the result is a valid
 * `dispatchTransaction` (shared/ may not import prosemirror-view).
 */

/** What a dispatch function is called on (an EditorView). */
export interface DispatchTarget {
  readonly state: EditorState;
  updateState(state: EditorState): void;
}

/** A `dispatchTransaction` function. */
export type DispatchFunction = (this: DispatchTarget, tr: Transaction) => void;

/** Why an edit was refused, for the UI to show. */
export interface Refusal {
  readonly reason: RefusalReason | 'no-identity';
  readonly message: string;
}

/** Options of `withSuggestionTracking`. */
export interface SuggestionTrackingOptions {
  /** Who is at the keyboard (read on every transaction); null before an identity is chosen. */
  readonly identity: () => Identity | null;
  /**
   * Suggestion mode on? Default: always. A lead in direct-editing mode returns false: transactions then pass
   * untracked, except one that would change another member's pending suggestion, which is refused.
   */
  readonly enabled?: (state: EditorState) => boolean;
  /** The document's Y.Doc: its records tell own changes apart, and records are written to it after each dispatch. */
  readonly ydoc?: Y.Doc;
  /** Told when an edit is refused (nothing is dispatched then). */
  readonly onRefused?: (refusal: Refusal) => void;
  /** Fresh change ids (default `newId`, UUID v4: unique across replicas). */
  readonly generateId?: () => string;
  /** Yjs origin for record writes. */
  readonly origin?: unknown;
  /**
   * Yjs origin for the records of an edit the user may undo (a tracked
   * edit; default: `origin`). An undo manager that tracks it takes an
   * edit's text and its record back as one step; records written for an
   * undo, a redo or a decision keep `origin`, which it must not track.
   */
  readonly undoableOrigin?: unknown;
}

/**
 * Wraps a dispatch function (default: `this.updateState(this.state.apply(tr))`)
 * so that, in suggestion mode, local edits are tracked as suggestions by the
 * member `options.identity()` returns, and the change records are written
 * to `options.ydoc` right after the state is updated. Remote (y-sync) and
 * undo/redo transactions are never re-tracked; undo/redo still updates the
 * member's own records. Decisions (accept/reject commands) are recorded too.
 */
export function withSuggestionTracking(options: SuggestionTrackingOptions, dispatch?: DispatchFunction): DispatchFunction {
  const inner: DispatchFunction =
    dispatch ??
    function (this: DispatchTarget, tr: Transaction): void {
      this.updateState(this.state.apply(tr));
    };
  // Ids this session minted, per member: own changes even before their record is written.
  const minted = new Map<string, Set<string>>();
  const lookup = options.ydoc ? ownProposedChangeLookup(options.ydoc, () => options.identity()?.member.id ?? null) : null;
  const others = options.ydoc ? othersChangeLookup(options.ydoc, () => options.identity()?.member.id ?? null) : null;

  return function (this: DispatchTarget, tr: Transaction): void {
    const identity = options.identity();
    const enabled = options.enabled ? options.enabled(this.state) : true;
    let out = tr;
    if (!enabled && identity && !isUntrackable(tr)) {
      // A lead editing directly: another member's pending suggestion is not hers to change (main refuses it too).
      const own = minted.get(identity.member.id);
      const mine = (id: string): boolean => (own?.has(id) ?? false) || (others !== null && !others(id));
      if (foreignSuggestionTouched(tr, mine) !== null) {
        options.onRefused?.({ reason: 'foreign-proposal', message: FOREIGN_SUGGESTION_MESSAGE });
        return;
      }
    }
    if (enabled) {
      if (!identity) {
        if (!isUntrackable(tr)) {
          options.onRefused?.({ reason: 'no-identity', message: 'Choose who you are before editing.' });
          return;
        }
      } else {
        let own = minted.get(identity.member.id);
        if (!own) minted.set(identity.member.id, (own = new Set()));
        const ownSet = own;
        const outcome = trackTransaction(this.state, tr, {
          identity,
          isOwnProposedChange: (id) => ownSet.has(id) || (lookup?.(id) ?? false),
          generateId: options.generateId ?? newId,
        });
        if (outcome.action === 'refuse') {
          options.onRefused?.({ reason: outcome.reason, message: outcome.message });
          return;
        }
        if (outcome.action === 'track') for (const id of outcome.newChangeIds) ownSet.add(id);
        out = outcome.tr;
      }
    }
    inner.call(this, out);
    // Records are read off the editor's document after plugins appended their repairs (a pasted clause's new id).
    if (options.ydoc && identity) {
      const undoable = options.undoableOrigin !== undefined && out.getMeta(SUGGEST_META) !== undefined && out.getMeta('addToHistory') !== false;
      const origin = undoable ? options.undoableOrigin : options.origin;
      recordTransaction(options.ydoc, out, identity, { after: this.state.doc, ...(origin !== undefined ? { origin } : {}) });
    }
  };
}
