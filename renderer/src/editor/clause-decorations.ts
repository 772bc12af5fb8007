import type { Node as PMNode } from 'prosemirror-model';
import { Mapping, StepMap } from 'prosemirror-transform';
import type { Decoration, DecorationSet } from 'prosemirror-view';
import { changedClauses, clauseStart } from '../../../shared/editing/clause-position';

/**
 * Decorations kept per clause across an edit: a decoration set made for
 * `before` becomes one for `after` by dropping the decorations of the
 * clauses the edit touched (found by node identity: ProseMirror keeps every
 * untouched clause as the same object) and shifting the rest by what those
 * clauses grew or shrank; `decorate(from, to)` gives the touched clauses
 * [from, to) of `after` their decorations again. The shift is computed
 * from the clauses, not from the transaction's steps: y-prosemirror
 * applies a remote edit or an undo as one step replacing the whole
 * document, which would drop every decoration. O(clauses) plus the touched
 * clauses' own decorations.
 */
export function redecorateChangedClauses(
  previous: DecorationSet,
  before: PMNode,
  after: PMNode,
  decorate: (from: number, to: number) => Decoration[],
): DecorationSet {
  const changed = changedClauses(before, after);
  if (changed === null) return previous;
  const from = clauseStart(before, changed.start);
  const oldTo = clauseStart(before, changed.endBefore);
  const newTo = clauseStart(after, changed.endAfter);
  const stale = previous.find(from, oldTo).filter((d) => d.from >= from && d.to <= oldTo);
  const kept = previous.remove(stale).map(new Mapping([new StepMap([from, oldTo - from, newTo - from])]), after);
  const fresh = decorate(changed.start, changed.endAfter);
  return fresh.length > 0 ? kept.add(after, fresh) : kept;
}

/** Whether any clause the edit from `before` to `after` touched satisfies `test` (in either version). */
export function someChangedClause(before: PMNode, after: PMNode, test: (clause: PMNode) => boolean): boolean {
  const changed = changedClauses(before, after);
  if (changed === null) return false;
  for (let i = changed.start; i < changed.endBefore; i++) if (test(before.child(i))) return true;
  for (let i = changed.start; i < changed.endAfter; i++) if (test(after.child(i))) return true;
  return false;
}
