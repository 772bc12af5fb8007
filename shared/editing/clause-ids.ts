import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { ySyncPluginKey } from 'y-prosemirror';
import { newId } from '../domain/ids';
import { changedClauses, clauseIdOf } from './clause-position';

/** Key of the clause-id plugin. */
export const clauseIdsKey = new PluginKey('draftroom/clause-ids');

/**
 * True for a transaction y-prosemirror dispatched to render a change of the
 * Y document (a remote edit, an undo/redo, the first render): the local
 * editor did not make it, so plugins must not react to it with edits of
 * their own.
 */
export function isRemoteTransaction(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  return meta !== undefined && meta.isChangeOrigin === true;
}

/** Positions of the clauses whose id is missing or repeats an earlier clause's id, in order. */
export function clausesNeedingIds(doc: PMNode): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  doc.forEach((node, offset) => {
    if (node.type.name !== 'clause') return;
    const id = clauseIdOf(node);
    if (id === '' || seen.has(id)) out.push(offset);
    else seen.add(id);
  });
  return out;
}

/**
 * True if `after` keeps the ids of `before` clause for clause: the clauses
 * an edit touched (by node identity) are as many as before and carry the
 * same ids, every other clause is the very same node. Then `after` has
 * unique ids wherever `before` had (typing inside a clause).
 */
function keepsClauseIds(before: PMNode, after: PMNode): boolean {
  const changed = changedClauses(before, after);
  if (changed === null) return true;
  if (changed.endBefore !== changed.endAfter) return false;
  for (let i = changed.start; i < changed.endAfter; i++) {
    const id = clauseIdOf(after.child(i));
    if (id === '' || id !== clauseIdOf(before.child(i)) || after.child(i).type.name !== 'clause') return false;
  }
  return true;
}

/**
 * Gives every clause without an id, or with the id of an earlier clause (a
 * paste, or two replicas moving the same clause at once), a fresh id. The
 * later occurrence of a duplicate is the one renamed, so the result is
 * deterministic. Transactions rendered from the Y document (remote edits,
 * undo/redo) are left alone; the next local edit repairs what they brought.
 * Cost: a local edit of a document last found in order that keeps every
 * clause's id (typing) compares the touched clauses only; any other local
 * edit makes one pass over the top-level clauses (not a full walk).
 */
export function clauseIdsPlugin(createId: () => string = newId): Plugin {
  /** Documents found with every clause id present and unique (by identity; a remote edit's document is never in it). */
  const inOrder = new WeakSet<PMNode>();
  return new Plugin({
    key: clauseIdsKey,
    appendTransaction(transactions, oldState, newState) {
      const local = transactions.some((tr) => tr.docChanged && !isRemoteTransaction(tr));
      if (!local) return null;
      if (inOrder.has(oldState.doc) && keepsClauseIds(oldState.doc, newState.doc)) {
        inOrder.add(newState.doc);
        return null;
      }
      const positions = clausesNeedingIds(newState.doc);
      if (positions.length === 0) {
        inOrder.add(newState.doc);
        return null;
      }
      const tr = newState.tr;
      for (const pos of positions) tr.setNodeAttribute(pos, 'id', createId());
      return tr.setMeta(clauseIdsKey, true);
    },
  });
}
