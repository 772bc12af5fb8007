import type { Command } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import type { ChangeRecord, Identity } from '../../../shared/domain/types';
import {
  acceptAll,
  acceptChange,
  acceptParty,
  rejectAll,
  rejectChange,
  rejectParty,
  selectForDecision,
  withdrawChange,
  withdrawalRefusal,
  type DecisionTarget,
} from '../../../shared/suggest/decide';
import type { Decision } from '../../../shared/suggest/meta';
import { readChanges } from '../../../shared/ydoc/layout';

function commandFor(target: DecisionTarget, decision: Decision, records: readonly ChangeRecord[]): Command {
  const accept = decision === 'accepted';
  if ('changeId' in target) return (accept ? acceptChange : rejectChange)(target.changeId, records);
  if ('partyId' in target) return (accept ? acceptParty : rejectParty)(target.partyId, records);
  return (accept ? acceptAll : rejectAll)(records);
}

/** How many proposed changes a target selects now (0 for an unknown or decided single change). */
export function proposedCount(records: readonly ChangeRecord[], target: DecisionTarget): number {
  try {
    return selectForDecision(records, target).length;
  } catch {
    return 0;
  }
}

/**
 * Accepts or rejects proposed changes in the editor. The transaction goes
 * through the editor's dispatch, whose suggestion binding records the
 * decision (status, `decidedBy`, `decidedAt`) in the document's records.
 * Returns how many changes were decided (0: nothing to decide).
 */
export function decideChanges(view: EditorView, ydoc: Y.Doc, target: DecisionTarget, decision: Decision): number {
  const records = readChanges(ydoc);
  const count = proposedCount(records, target);
  if (count === 0) return 0;
  return commandFor(target, decision, records)(view.state, view.dispatch) ? count : 0;
}

/**
 * The author takes back their own proposed change (the text goes back, the
 * record goes). Returns null once done, or why it cannot be withdrawn.
 */
export function withdrawOwnChange(view: EditorView, ydoc: Y.Doc, changeId: string, identity: Identity): string | null {
  const records = readChanges(ydoc);
  const refusal = withdrawalRefusal(view.state, changeId, records, identity);
  if (refusal !== null) return refusal;
  return withdrawChange(changeId, records, identity)(view.state, view.dispatch) ? null : 'Only your own open proposals can be withdrawn.';
}
