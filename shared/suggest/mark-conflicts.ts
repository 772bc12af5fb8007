import type { Mark, Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import type { Transform } from 'prosemirror-transform';
import { markChangeId } from './marks';
import { isYSyncTransaction } from './track';

/**
 * Repairs of suggestion marks merged by Yjs. When two replicas edit right
 * next to each other at the same time, Yjs rich-text formatting can spill
 * over the boundary: text one member inserted may come back also carrying
 * the other member's deletion mark, or two insertion marks. ProseMirror's
 * marks exclude each other, so such text is resolved deterministically
 * (every replica reaches the same result):
 * - insertion + deletion → the insertion stays (nobody can have deleted text
 *   they had not seen yet, and deleting another's insertion is refused);
 * - two insertions (or two deletions) → the one the neighbouring text
 *   carries, else the smallest id.
 */

function changeMarks(node: PMNode, name: 'insertion' | 'deletion'): Mark[] {
  return node.marks.filter((m) => m.type.name === name);
}

function pick(candidates: Mark[], neighbours: (PMNode | null | undefined)[]): Mark {
  for (const neighbour of neighbours) {
    if (!neighbour) continue;
    const found = candidates.find((c) => neighbour.marks.some((m) => m.eq(c)));
    if (found) return found;
  }
  return [...candidates].sort((a, b) => markChangeId(a).localeCompare(markChangeId(b)))[0]!;
}

/**
 * Adds to `tr` the steps that resolve conflicting suggestion marks inside
 * the given top-level clauses (all when omitted). Returns true if it did.
 */
export function resolveMarkConflicts(tr: Transform, clauseIndices?: readonly number[]): boolean {
  const before = tr.steps.length;
  const doc = tr.doc;
  const indices = clauseIndices ?? [...Array(doc.childCount).keys()];
  let offset = 0;
  const starts: number[] = [];
  doc.forEach((_n, pos) => starts.push(pos));
  for (const index of indices) {
    if (index < 0 || index >= doc.childCount) continue;
    offset = starts[index]!;
    doc.child(index).descendants((node, pos, parent, childIndex) => {
      if (!node.isText) return true;
      const insertions = changeMarks(node, 'insertion');
      const deletions = changeMarks(node, 'deletion');
      if (insertions.length + deletions.length < 2) return false;
      const from = offset + 1 + pos;
      const to = from + node.nodeSize;
      const neighbours = [childIndex > 0 ? parent?.child(childIndex - 1) : null, parent && childIndex + 1 < parent.childCount ? parent.child(childIndex + 1) : null];
      const drop: Mark[] = [];
      if (insertions.length > 0) {
        drop.push(...deletions);
        const keep = pick(insertions, neighbours);
        drop.push(...insertions.filter((m) => m !== keep));
      } else {
        const keep = pick(deletions, neighbours);
        drop.push(...deletions.filter((m) => m !== keep));
      }
      for (const mark of drop) tr.removeMark(from, to, mark);
      return false;
    });
  }
  return tr.steps.length > before;
}

/** Indices of the clauses of `doc` that are not (identically) clauses of `previous`. */
export function clausesChangedSince(doc: PMNode, previous: PMNode): number[] {
  const kept = new Set<PMNode>();
  previous.forEach((n) => kept.add(n));
  const out: number[] = [];
  doc.forEach((n, _o, i) => {
    if (!kept.has(n)) out.push(i);
  });
  return out;
}

/** Key of the mark-conflicts plugin. */
export const markConflictsKey = new PluginKey('draftroom/mark-conflicts');

/**
 * Editor plugin: after a transaction rendered from the Y.Doc (another
 * replica's edit), resolves conflicting suggestion marks in the clauses it
 * changed. The fix is written back to the Y.Doc like any local edit (every
 * replica computes the same one), kept out of the undo history and never
 * tracked as a suggestion.
 */
export function markConflictsPlugin(): Plugin {
  return new Plugin({
    key: markConflictsKey,
    appendTransaction(transactions, oldState, newState): Transaction | null {
      if (!transactions.some((tr) => tr.docChanged && isYSyncTransaction(tr))) return null;
      const tr = newState.tr;
      if (!resolveMarkConflicts(tr, clausesChangedSince(newState.doc, oldState.doc))) return null;
      return tr.setMeta('addToHistory', false).setMeta(markConflictsKey, true);
    },
  });
}
