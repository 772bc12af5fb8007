import { TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import { ReplaceStep } from 'prosemirror-transform';

/**
 * A selection deletion handed to the suggestion library as the plain
 * deletion between the selection's ends.
 *
 * ProseMirror deletes a selection that starts at a paragraph's start and
 * crosses its end (Backspace or Delete over "​¶") by replacing from before
 * the clause that holds it, with a slice that opens the clause again. The
 * suggestion library keeps the deleted range, struck, and inserts that slice
 * as new content: the clause split in two, the next paragraph moved into a
 * new clause, and Yjs deleted and retyped it, other members' marks with it
 * (the hub refused the edit; keeps-others-text seed 11, step 14).
 */

/** The field the suggestion library also copies to keep a transaction's metadata as it is. */
interface WithMeta {
  meta: unknown;
}

/**
 * `tr` itself, or, when it is one replace step whose slice holds no inline
 * content (only structure) and a plain `delete` of the non-empty text
 * selection of `state` gives the same document, that deletion (with
 * `tr`'s selection, scrolling and metadata).
 */
export function asPlainDeletion(state: EditorState, tr: Transaction): Transaction {
  const selection = state.selection;
  if (selection.empty || !(selection instanceof TextSelection) || tr.steps.length !== 1) return tr;
  const step = tr.steps[0];
  if (!(step instanceof ReplaceStep) || step.slice.size === 0) return tr;
  let inline = false;
  step.slice.content.descendants((node) => {
    if (node.isInline) inline = true;
    return !inline;
  });
  if (inline) return tr;
  const plain = state.tr.delete(selection.from, selection.to);
  if (!plain.doc.eq(tr.doc) || plain.steps.length !== 1 || (plain.steps[0] as ReplaceStep).slice.size !== 0) return tr;
  plain.setSelection(TextSelection.create(plain.doc, Math.min(tr.selection.from, plain.doc.content.size)));
  if (tr.scrolledIntoView) plain.scrollIntoView();
  (plain as unknown as WithMeta).meta = (tr as unknown as WithMeta).meta;
  return plain;
}
