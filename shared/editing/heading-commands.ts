import { TextSelection, type Command } from 'prosemirror-state';
import { clauseAtSelection } from './clause-position';

/**
 * Gives the clause that holds the cursor a heading (empty, cursor in it), or
 * moves the cursor to the end of the heading it already has.
 */
export const addClauseHeading: Command = (state, dispatch) => {
  const clause = clauseAtSelection(state);
  if (!clause) return false;
  const headingType = state.schema.nodes['clause_heading']!;
  const first = clause.node.firstChild;
  if (dispatch) {
    if (first && first.type === headingType) {
      const end = clause.pos + 1 + first.nodeSize - 1;
      dispatch(state.tr.setSelection(TextSelection.create(state.doc, end)).scrollIntoView());
    } else {
      const tr = state.tr.insert(clause.pos + 1, headingType.create());
      dispatch(tr.setSelection(TextSelection.create(tr.doc, clause.pos + 2)).scrollIntoView());
    }
  }
  return true;
};

/**
 * Backspace in an empty clause heading removes the heading (a clause may do
 * without one) and puts the cursor at the start of the clause's text.
 */
export const deleteEmptyHeading: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.parent.type.name !== 'clause_heading' || $from.parent.content.size > 0) return false;
  if (dispatch) {
    const start = $from.before();
    const tr = state.tr.delete(start, start + $from.parent.nodeSize);
    dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(start))).scrollIntoView());
  }
  return true;
};
