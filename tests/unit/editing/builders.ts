/**
 * Declarative builders for proposal documents in the editing tests:
 * `proposal(clause('a', heading('Troops'), p('Cap of 800,000')), clause('b', p('…')))`.
 * Local to tests/unit/editing (the shared tests/helpers/builders.ts belongs to the suggestion work).
 */
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Plugin } from 'prosemirror-state';
import { proposalSchema as s } from '../../../shared/schema/schema';

type Inline = string | PMNode;

function inline(content: readonly Inline[], marks: readonly Mark[] = []): PMNode[] {
  return content.filter((c) => c !== '').map((c) => (typeof c === 'string' ? s.text(c, marks) : c));
}

/** A proposal (doc) of clauses. */
export function proposal(...clauses: PMNode[]): PMNode {
  return s.node('doc', null, clauses);
}

/** A clause with a stable id (null for "no id yet"). */
export function clause(id: string | null, ...content: PMNode[]): PMNode {
  return s.node('clause', { id }, content);
}

/** A clause heading. */
export function heading(...content: Inline[]): PMNode {
  return s.node('clause_heading', null, inline(content));
}

/** A paragraph. */
export function p(...content: Inline[]): PMNode {
  return s.node('paragraph', null, inline(content));
}

/** A bullet list of paragraphs. */
export function ul(...items: string[]): PMNode {
  return s.node('bullet_list', null, items.map((t) => s.node('list_item', null, [p(t)])));
}

/** Text proposed for deletion by change `id`. */
export function del(id: string, text: string): PMNode {
  return s.text(text, [s.marks['deletion']!.create({ id })]);
}

/** Bold text. */
export function strong(text: string): PMNode {
  return s.text(text, [s.marks['strong']!.create()]);
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
