import type { Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import type { ChangeRecord } from '../../../shared/domain/types';
import { clauseAtSelection } from '../../../shared/editing/clause-position';
import { markChangeId } from '../../../shared/suggest/marks';
import { effectiveChangeMarks } from '../../../shared/suggest/text-change';

function suggestionIds(node: PMNode | null | undefined, out: Set<string>): void {
  if (!node) return;
  // Marks that do not count (text-change.ts) name no change at the cursor.
  for (const mark of effectiveChangeMarks(node.marks)) out.add(markChangeId(mark));
}

/**
 * The changes the cursor is on: the suggestion marks right before and after
 * it (and at the start of a selection), the clause-level suggestion of the
 * clause holding it, and a proposed move of that clause. Innermost first.
 */
export function changeIdsAtSelection(state: EditorState, records: readonly ChangeRecord[]): string[] {
  const out = new Set<string>();
  const { $from, $to, empty } = state.selection;
  suggestionIds($from.nodeAfter, out);
  if (empty) suggestionIds($from.nodeBefore, out);
  else suggestionIds($to.nodeBefore, out);
  const clause = clauseAtSelection(state);
  if (clause) {
    suggestionIds(clause.node, out);
    for (const record of records) {
      if (record.kind === 'moved' && record.status === 'proposed' && record.clauseIds[0] === clause.id && record.movedFrom !== clause.index + 1) {
        out.add(record.id);
      }
    }
  }
  return [...out];
}
