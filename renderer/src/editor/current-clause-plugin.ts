import { Plugin } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { clauseAtSelection } from '../../../shared/editing/clause-position';

/** Marks the clause holding the cursor with `is-current-clause` (its number is highlighted). */
export function currentClausePlugin(): Plugin {
  return new Plugin({
    props: {
      decorations(state) {
        const clause = clauseAtSelection(state);
        if (!clause) return DecorationSet.empty;
        return DecorationSet.create(state.doc, [
          Decoration.node(clause.pos, clause.pos + clause.node.nodeSize, { class: 'is-current-clause' }),
        ]);
      },
    },
  });
}
