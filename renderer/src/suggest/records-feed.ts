import { Plugin } from 'prosemirror-state';
import type * as Y from 'yjs';
import type { ChangeRecord } from '../../../shared/domain/types';
import { clauseMarksKey } from '../../../shared/suggest/clause-marks';
import { observeChangeRecords } from '../../../shared/suggest/ydoc-binding';
import { afterNextFrame } from '../base/after-frame';

/** Fields of a change record nothing in the editor shows (the snippets the changes panel and history read from the Y.Doc). */
const UNSHOWN_FIELDS: ReadonlySet<string> = new Set(['before', 'after']);

function sameShown(a: ChangeRecord, b: ChangeRecord): boolean {
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (UNSHOWN_FIELDS.has(key)) continue;
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i])) continue;
    return false;
  }
  return true;
}

/**
 * True if `next` differs from `shown` only in fields the editor does not
 * show (a keystroke that grows the typist's change rewrites its snippets):
 * the editor may then take the new records after the frame, not before it.
 */
export function differsOnlyInUnshownFields(shown: readonly ChangeRecord[], next: readonly ChangeRecord[]): boolean {
  return shown.length === next.length && shown.every((record, i) => sameShown(record, next[i]!));
}

/**
 * Feeds the editor the document's change records when it starts and
 * whenever they change (locally, or from another replica through Yjs): one
 * transaction with `clauseMarksKey` meta, so clause-level suggestions are
 * projected and the party decorations follow. Bursts are coalesced into one
 * transaction per microtask, and the editor is never dispatched to from
 * inside a Yjs observer. Records that changed only where the editor shows
 * nothing (the snippets a keystroke rewrites) are fed right after the next
 * frame instead, so that a keystroke makes one dispatch before it shows.
 */
export function recordsFeedPlugin(ydoc: Y.Doc): Plugin {
  return new Plugin({
    view(view) {
      let latest: ChangeRecord[] | null = null;
      let destroyed = false;
      let first = true;
      let soon = false;
      let cancelLater: (() => void) | null = null;
      const feed = (): void => {
        const records = latest;
        latest = null;
        cancelLater?.();
        cancelLater = null;
        if (destroyed || !records) return;
        // No 'addToHistory: false': it changes no content, and y-prosemirror would end the typing burst on it.
        view.dispatch(view.state.tr.setMeta(clauseMarksKey, { records }));
      };
      // Called at once too: the first transaction projects the clause-level suggestions onto the loaded content.
      const stop = observeChangeRecords(ydoc, (records) => {
        latest = records;
        const shown = clauseMarksKey.getState(view.state)?.records ?? [];
        const urgent = first || !differsOnlyInUnshownFields(shown, records);
        first = false;
        if (urgent && !soon) {
          soon = true;
          queueMicrotask(() => {
            soon = false;
            feed();
          });
        } else if (!urgent && !soon && cancelLater === null) {
          cancelLater = afterNextFrame(() => {
            cancelLater = null;
            feed();
          });
        }
      });
      return {
        destroy() {
          destroyed = true;
          cancelLater?.();
          stop();
        },
      };
    },
  });
}
