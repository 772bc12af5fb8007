import type { Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';

/** Where one clause sits in a proposal. */
export interface ClauseLocation {
  /** 0-based index among the document's clauses (its number is `index + 1`). */
  readonly index: number;
  /** Position just before the clause node. */
  readonly pos: number;
  /** The clause node. */
  readonly node: PMNode;
  /** Its stable id (`''` if it has none yet). */
  readonly id: string;
}

/** The clause at a 0-based index, or null if there is none. */
export function clauseAtIndex(doc: PMNode, index: number): ClauseLocation | null {
  if (index < 0 || index >= doc.childCount) return null;
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  const node = doc.child(index);
  return { index, pos, node, id: clauseIdOf(node) };
}

/** The clause that contains a document position (top-level child at that point), or null. */
export function clauseAtPos(doc: PMNode, pos: number): ClauseLocation | null {
  if (doc.childCount === 0) return null;
  const clamped = Math.max(0, Math.min(pos, doc.content.size));
  const $pos = doc.resolve(clamped);
  // At depth 0 the position lies between clauses: take the one after it (or the last).
  const index = $pos.depth === 0 ? Math.min($pos.index(0), doc.childCount - 1) : $pos.index(0);
  return clauseAtIndex(doc, index);
}

/** The clause the selection starts in (for a node selection of a clause, that clause). */
export function clauseAtSelection(state: EditorState): ClauseLocation | null {
  return clauseAtPos(state.doc, state.selection.from);
}

/** The clause with this id (first occurrence), or null. */
export function findClauseById(doc: PMNode, id: string): ClauseLocation | null {
  let found: ClauseLocation | null = null;
  let pos = 0;
  for (let index = 0; index < doc.childCount && found === null; index++) {
    const node = doc.child(index);
    if (clauseIdOf(node) === id) found = { index, pos, node, id };
    pos += node.nodeSize;
  }
  return found;
}

/** The `id` attribute of a clause node as a string (`''` when missing). */
export function clauseIdOf(node: PMNode): string {
  const id: unknown = node.attrs['id'];
  return typeof id === 'string' ? id : '';
}

/** The clauses that differ between two versions of a document: indices [start, endBefore) of `before` became [start, endAfter) of `after`. */
export interface ChangedClauses {
  readonly start: number;
  readonly endBefore: number;
  readonly endAfter: number;
}

/**
 * Which clauses an edit touched, by node identity (ProseMirror keeps every
 * unchanged node, so an untouched clause is the very same object): the
 * clauses between the longest identical head and tail. O(clauses), no walk
 * inside any clause. Null when the two documents have the same clauses.
 */
export function changedClauses(before: PMNode, after: PMNode): ChangedClauses | null {
  if (before === after) return null;
  const nBefore = before.childCount;
  const nAfter = after.childCount;
  let start = 0;
  while (start < nBefore && start < nAfter && before.child(start) === after.child(start)) start++;
  let tail = 0;
  while (tail < nBefore - start && tail < nAfter - start && before.child(nBefore - 1 - tail) === after.child(nAfter - 1 - tail)) tail++;
  if (start + tail === nBefore && start + tail === nAfter) return null;
  return { start, endBefore: nBefore - tail, endAfter: nAfter - tail };
}

/** The position just before the clause at `index` (the document's size when `index` is its clause count). */
export function clauseStart(doc: PMNode, index: number): number {
  let pos = 0;
  for (let i = 0; i < index && i < doc.childCount; i++) pos += doc.child(i).nodeSize;
  return pos;
}
