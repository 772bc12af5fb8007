import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import type { Node as PMNode } from 'prosemirror-model';
import { ySyncPluginKey } from 'y-prosemirror';
import { newId } from '../domain/ids';
import { clauseIdOf } from './clause-position';

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
 * Gives every clause without an id, or with the id of an earlier clause (a
 * paste, or two replicas moving the same clause at once), a fresh id. The
 * later occurrence of a duplicate is the one renamed, so the result is
 * deterministic. Transactions rendered from the Y document (remote edits,
 * undo/redo) are left alone; the next local edit repairs what they brought.
 * Cost: one pass over the top-level clauses per local edit (not a full walk).
 */
export function clauseIdsPlugin(createId: () => string = newId): Plugin {
  return new Plugin({
    key: clauseIdsKey,
    appendTransaction(transactions, _oldState, newState) {
      const local = transactions.some((tr) => tr.docChanged && !isRemoteTransaction(tr));
      if (!local) return null;
      const positions = clausesNeedingIds(newState.doc);
      if (positions.length === 0) return null;
      const tr = newState.tr;
      for (const pos of positions) tr.setNodeAttribute(pos, 'id', createId());
      return tr.setMeta(clauseIdsKey, true);
    },
  });
}
