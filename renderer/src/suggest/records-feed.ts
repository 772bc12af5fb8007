import { Plugin } from 'prosemirror-state';
import type * as Y from 'yjs';
import type { ChangeRecord } from '../../../shared/domain/types';
import { clauseMarksKey } from '../../../shared/suggest/clause-marks';
import { observeChangeRecords } from '../../../shared/suggest/ydoc-binding';

/**
 * Feeds the editor the document's change records when it starts and
 * whenever they change (locally, or from another replica through Yjs): one
 * transaction with
 * `clauseMarksKey` meta, so clause-level suggestions are projected and the
 * party decorations follow. Bursts are coalesced into one transaction per
 * microtask, and the editor is never dispatched to from inside a Yjs
 * observer.
 */
export function recordsFeedPlugin(ydoc: Y.Doc): Plugin {
  return new Plugin({
    view(view) {
      let latest: ChangeRecord[] | null = null;
      let destroyed = false;
      // Called at once too: the first transaction projects the clause-level suggestions onto the loaded content.
      const stop = observeChangeRecords(ydoc, (records) => {
        const scheduled = latest !== null;
        latest = records;
        if (scheduled) return;
        queueMicrotask(() => {
          const records = latest;
          latest = null;
          if (destroyed || !records) return;
          // No 'addToHistory: false': it changes no content, and y-prosemirror would end the typing burst on it.
          view.dispatch(view.state.tr.setMeta(clauseMarksKey, { records }));
        });
      });
      return {
        destroy() {
          destroyed = true;
          stop();
        },
      };
    },
  });
}
