import type { Plugin } from 'prosemirror-state';
import type { ChangeRecord } from '../domain/types';
import { clauseMarksPlugin } from './clause-marks';
import { suggestionEncodingPlugin } from './y-encoding';

/**
 * The editor plugins the suggestion engine needs next to y-prosemirror's
 * ySyncPlugin and yUndoPlugin (add them after those): suggestion marks
 * stored per change id in the Y.Doc, clause-level marks projected from the
 * change records. Marks that concurrent edits left overlapping are read, never
 * rewritten (`text-change.ts`). Feed new
 * records with `tr.setMeta(clauseMarksKey, { records })` (see
 * `observeChangeRecords`).
 */
export function suggestionPlugins(initialRecords: readonly ChangeRecord[] = []): Plugin[] {
  return [suggestionEncodingPlugin(), clauseMarksPlugin(initialRecords)];
}
