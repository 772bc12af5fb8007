import { NodeSelection, Selection, TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { newId } from '../domain/ids';
import { clauseAtIndex, clauseAtSelection, findClauseById, type ClauseLocation } from './clause-position';

/**
 * Transaction meta key under which every clause command records what it did,
 * so that the suggestion engine can track clause-level operations as such
 * (a move must not look like a deletion plus an insertion to it).
 */
export const CLAUSE_OP_META = 'draftroom/clause-op';

/** A clause-level operation, as recorded in a transaction's `CLAUSE_OP_META` meta. */
export interface ClauseOp {
  readonly type: 'insert' | 'remove' | 'move';
  /** Stable id of the clause inserted, removed or moved. */
  readonly clauseId: string;
  /** 0-based index the clause had before (remove, move). */
  readonly fromIndex?: number;
  /** 0-based index the clause has afterwards (insert, move). */
  readonly toIndex?: number;
}

/** The clause operation a transaction carries, if it came from a clause command. */
export function clauseOpOf(tr: Transaction): ClauseOp | undefined {
  return tr.getMeta(CLAUSE_OP_META) as ClauseOp | undefined;
}

/** Direction of a one-step clause move. */
export type MoveDirection = 'up' | 'down';

function startOfClause(tr: Transaction, clausePos: number): Selection {
  return Selection.near(tr.doc.resolve(clausePos + 1));
}

/**
 * Inserts a new, empty clause (one empty paragraph, a fresh id) at a 0-based
 * index and puts the cursor in it. `id` defaults to `newId()`.
 */
export function insertClauseAt(index: number, id: string = newId()): Command {
  return (state, dispatch) => {
    const { schema } = state;
    if (index < 0 || index > state.doc.childCount) return false;
    if (dispatch) {
      const clause = schema.nodes['clause']!.create({ id }, schema.nodes['paragraph']!.create());
      const at = clauseAtIndex(state.doc, index);
      const pos = at ? at.pos : state.doc.content.size;
      const tr = state.tr.insert(pos, clause);
      tr.setSelection(TextSelection.create(tr.doc, pos + 2));
      const op: ClauseOp = { type: 'insert', clauseId: id, toIndex: index };
      dispatch(tr.setMeta(CLAUSE_OP_META, op).scrollIntoView());
    }
    return true;
  };
}

/**
 * Ctrl/Cmd+Enter: a new clause with a fresh id right after the clause that
 * holds the cursor, with the cursor in it.
 */
export const insertClauseAfter: Command = (state, dispatch) => {
  const current = clauseAtSelection(state);
  if (!current) return false;
  return insertClauseAt(current.index + 1)(state, dispatch);
};

function removeLocated(state: EditorState, dispatch: ((tr: Transaction) => void) | undefined, clause: ClauseLocation): boolean {
  // A proposal always keeps at least one clause.
  if (state.doc.childCount <= 1) return false;
  if (dispatch) {
    const tr = state.tr.delete(clause.pos, clause.pos + clause.node.nodeSize);
    const nextPos = clause.index < tr.doc.childCount ? clause.pos : clauseAtIndex(tr.doc, tr.doc.childCount - 1)!.pos;
    tr.setSelection(startOfClause(tr, nextPos));
    const op: ClauseOp = { type: 'remove', clauseId: clause.id, fromIndex: clause.index };
    dispatch(tr.setMeta(CLAUSE_OP_META, op).scrollIntoView());
  }
  return true;
}

/** Removes the clause that holds the cursor (never the last remaining clause). */
export const removeClause: Command = (state, dispatch) => {
  const current = clauseAtSelection(state);
  if (!current) return false;
  return removeLocated(state, dispatch, current);
};

/** Removes the clause with this id (never the last remaining clause). */
export function removeClauseById(clauseId: string): Command {
  return (state, dispatch) => {
    const clause = clauseId === '' ? null : findClauseById(state.doc, clauseId);
    if (!clause) return false;
    return removeLocated(state, dispatch, clause);
  };
}

function moveLocated(
  state: EditorState,
  dispatch: ((tr: Transaction) => void) | undefined,
  clause: ClauseLocation,
  index: number,
): boolean {
  const toIndex = Math.max(0, Math.min(index, state.doc.childCount - 1));
  if (toIndex === clause.index) return false;
  if (dispatch) {
    const { from, to } = state.selection;
    const end = clause.pos + clause.node.nodeSize;
    const selectionInside = from > clause.pos && to < end;
    const clauseSelected = state.selection instanceof NodeSelection && from === clause.pos;

    const tr = state.tr.delete(clause.pos, end);
    const target = clauseAtIndex(tr.doc, toIndex);
    const insertPos = target ? target.pos : tr.doc.content.size;
    tr.insert(insertPos, clause.node);
    if (clauseSelected) {
      tr.setSelection(NodeSelection.create(tr.doc, insertPos));
    } else if (selectionInside) {
      const shift = insertPos - clause.pos;
      tr.setSelection(TextSelection.between(tr.doc.resolve(from + shift), tr.doc.resolve(to + shift)));
    }
    const op: ClauseOp = { type: 'move', clauseId: clause.id, fromIndex: clause.index, toIndex };
    dispatch(tr.setMeta(CLAUSE_OP_META, op).scrollIntoView());
  }
  return true;
}

/**
 * Moves a clause to a 0-based index in the resulting order (outline drag).
 * The same clause node (same `id`, same content) is re-inserted; a selection
 * inside it moves with it. Returns false when the clause is unknown or
 * already there.
 */
export function moveClauseTo(clauseId: string, index: number): Command {
  return (state, dispatch) => {
    const clause = clauseId === '' ? null : findClauseById(state.doc, clauseId);
    if (!clause) return false;
    return moveLocated(state, dispatch, clause, index);
  };
}

/** Alt+ArrowUp / Alt+ArrowDown: moves the clause that holds the cursor one place up or down. */
export function moveClause(direction: MoveDirection): Command {
  return (state, dispatch) => {
    const current = clauseAtSelection(state);
    if (!current) return false;
    const toIndex = current.index + (direction === 'up' ? -1 : 1);
    if (toIndex < 0 || toIndex >= state.doc.childCount) return false;
    return moveLocated(state, dispatch, current, toIndex);
  };
}
