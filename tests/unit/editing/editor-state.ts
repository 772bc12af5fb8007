/**
 * Editor-state helpers for the editing tests (documents themselves come from
 * the shared declarative builders in tests/helpers/builders.ts).
 */
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Plugin } from 'prosemirror-state';
import { proposalSchema } from '../../../shared/schema/schema';

/** A clause without an id yet (the shared `clause` builder always gives one). */
export function idlessClause(...content: PMNode[]): PMNode {
  return proposalSchema.node('clause', { id: null }, content);
}

/**
 * An editor state over `doc` with the cursor in clause `clauseIndex` (0-based),
 * `offset` characters into its first text block.
 */
export function stateAt(doc: PMNode, clauseIndex: number, offset = 0, plugins: Plugin[] = []): EditorState {
  let pos = 0;
  for (let i = 0; i < clauseIndex; i++) pos += doc.child(i).nodeSize;
  let textStart = -1;
  doc.child(clauseIndex).descendants((node, at) => {
    if (textStart >= 0) return false;
    if (node.isTextblock) {
      textStart = pos + 1 + at + 1;
      return false;
    }
    return true;
  });
  const state = EditorState.create({ doc, plugins });
  return state.apply(state.tr.setSelection(TextSelection.create(doc, textStart + offset)));
}

/** The ids of a proposal's clauses, in order. */
export function clauseIds(doc: PMNode): (string | null)[] {
  const out: (string | null)[] = [];
  doc.forEach((c) => out.push((c.attrs['id'] as string | null) ?? null));
  return out;
}
