import * as Y from 'yjs';
import { defaultDeleteFilter, defaultProtectedNodes, ySyncPluginKey } from 'y-prosemirror';
import { changesMap, contentFragment } from '../../../shared/ydoc/layout';

/**
 * The editor's undo history: what one Ctrl/Cmd+Z takes back.
 *
 * One undo step is a typing burst, the way Word and Google Docs count it:
 * consecutive edits with no pause of `TYPING_BURST_MS` or more, and no caret
 * move or clause operation in between (the editor calls `stopCapturing`
 * for those). A step holds the text and the change records written for it,
 * so undoing a tracked insertion also removes its record and redo brings
 * both back (the record as it was, rationale included).
 */

/** Longest pause, in ms, between two edits of one undo step (Yjs's default is 500 ms). */
export const TYPING_BURST_MS = 1000;

/**
 * Yjs origin of the change-record writes that belong to the user's own edit
 * (pass it to the suggestion tracking as `undoableOrigin`). Records written
 * for an undo, a redo or a decision must use another origin: the history
 * tracks only this one and y-prosemirror's.
 */
export const EDIT_RECORDS_ORIGIN = Symbol('draftroom/edit-records');

/**
 * An undo manager over a document's content and its change records that
 * tracks only this editor's edits (y-prosemirror's sync origin) and their
 * records (`EDIT_RECORDS_ORIGIN`): other members' edits, main's updates and
 * decisions are never undone. Hand it to y-prosemirror's `yUndoPlugin`.
 */
export function createUndoHistory(ydoc: Y.Doc): Y.UndoManager {
  return new Y.UndoManager([contentFragment(ydoc), changesMap(ydoc)], {
    trackedOrigins: new Set<unknown>([ySyncPluginKey, EDIT_RECORDS_ORIGIN]),
    captureTimeout: TYPING_BURST_MS,
    // As yUndoPlugin's own manager: undo never deletes a paragraph or text node out from under the caret.
    deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
    captureTransaction: (tr) => tr.meta.get('addToHistory') !== false,
  });
}

/**
 * Empties `history` when another window or member decides a change made by
 * the member `memberId()` returns: its text is agreed (or gone) now, and
 * undoing the typing that made it would take back a decision, which main
 * refuses. Returns the function that stops watching.
 */
export function forgetOnDecision(ydoc: Y.Doc, history: Y.UndoManager, memberId: () => string | null): () => void {
  const records = changesMap(ydoc);
  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction): void => {
    if (transaction.local) return;
    const me = memberId();
    const decided = events.some(
      (event) =>
        event.target instanceof Y.Map &&
        event.target !== records &&
        event.changes.keys.has('status') &&
        event.target.get('status') !== 'proposed' &&
        event.target.get('authorId') === me,
    );
    if (decided) history.clear();
  };
  records.observeDeep(observer);
  return () => records.unobserveDeep(observer);
}
