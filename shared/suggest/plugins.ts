import type { Plugin } from 'prosemirror-state';
import type { ChangeRecord } from '../domain/types';
import { clauseMarksPlugin } from './clause-marks';
import { markConflictsPlugin } from './mark-conflicts';
import { suggestionEncodingPlugin } from './y-encoding';

/**
 * The editor plugins the suggestion engine needs next to y-prosemirror's
 * ySyncPlugin and yUndoPlugin (add them after those): suggestion marks
 * stored per change id in the Y.Doc, conflicting marks from concurrent edits
 * resolved, clause-level marks projected from the change records. Feed new
 * records with `tr.setMeta(clauseMarksKey, { records })` (see
 * `observeChangeRecords`).
 */
export function suggestionPlugins(initialRecords: readonly ChangeRecord[] = []): Plugin[] {
  return [suggestionEncodingPlugin(), markConflictsPlugin(), clauseMarksPlugin(initialRecords)];
}
