import { Schema, type NodeSpec, type MarkSpec } from 'prosemirror-model';
import { addSuggestionMarks } from '@handlewithcare/prosemirror-suggest-changes';

/** Marks a block may carry when it is itself suggested (added, removed, modified). */
const BLOCK_SUGGESTION_MARKS = 'insertion modification deletion';

const nodes: Record<string, NodeSpec> = {
  /** A proposal: one or more clauses, numbered by their order. */
  doc: { content: 'clause+', marks: BLOCK_SUGGESTION_MARKS },
  /**
   * A clause ("Point 9"). `id` is stable for the life of the clause, across
   * edits, moves and renumbering; the number shown is derived from order.
   */
  clause: {
    content: 'clause_heading? block+',
    marks: BLOCK_SUGGESTION_MARKS,
    attrs: { id: { default: null } },
    defining: true,
    isolating: true,
    parseDOM: [
      {
        tag: 'section.clause',
        getAttrs: (dom) => ({ id: (dom as { getAttribute(n: string): string | null }).getAttribute('data-clause-id') }),
      },
    ],
    toDOM: (node) => ['section', { class: 'clause', 'data-clause-id': node.attrs['id'] as string | null }, 0],
  },
  /** Optional short title of a clause. */
  clause_heading: {
    content: 'inline*',
    marks: '_',
    defining: true,
    parseDOM: [{ tag: 'h3' }],
    toDOM: () => ['h3', { class: 'clause-heading' }, 0],
  },
  paragraph: {
    content: 'inline*',
    group: 'block',
    parseDOM: [{ tag: 'p' }],
    toDOM: () => ['p', 0],
  },
  bullet_list: {
    content: 'list_item+',
    group: 'block',
    marks: BLOCK_SUGGESTION_MARKS,
    parseDOM: [{ tag: 'ul' }],
    toDOM: () => ['ul', 0],
  },
  ordered_list: {
    content: 'list_item+',
    group: 'block',
    marks: BLOCK_SUGGESTION_MARKS,
    attrs: { order: { default: 1 } },
    parseDOM: [{ tag: 'ol' }],
    toDOM: (node) => ['ol', { start: node.attrs['order'] as number }, 0],
  },
  list_item: {
    content: 'paragraph block*',
    marks: BLOCK_SUGGESTION_MARKS,
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', 0],
  },
  text: { group: 'inline' },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br'],
  },
};

const baseMarks: Record<'strong' | 'em' | 'alternative', MarkSpec> = {
  strong: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }],
    toDOM: () => ['strong', 0],
  },
  em: {
    parseDOM: [{ tag: 'em' }, { tag: 'i' }],
    toDOM: () => ['em', 0],
  },
  /**
   * Text that is one alternative of a bracket ("[Alt 1: … / Alt 2: …]"):
   * `bracket` and `alt` are the ids of its bracket and alternative records
   * (`shared/negotiation/`). Marks of different brackets may overlap (two
   * members bracketing the same words at once keep both brackets), so
   * y-prosemirror stores each under its own attribute.
   */
  alternative: {
    attrs: { bracket: { default: '' }, alt: { default: '' } },
    excludes: '',
    parseDOM: [
      {
        tag: 'span.alternative',
        getAttrs: (dom) => {
          const el = dom as { getAttribute(n: string): string | null };
          return { bracket: el.getAttribute('data-bracket') ?? '', alt: el.getAttribute('data-alt') ?? '' };
        },
      },
    ],
    toDOM: (mark) => ['span', { class: 'alternative', 'data-bracket': mark.attrs['bracket'] as string, 'data-alt': mark.attrs['alt'] as string }, 0],
  },
};

/**
 * The suggestion marks. As the library defines them, except that deletions of
 * different changes may share text: two members striking the same words at
 * the same time (offline, or within a round trip) leave both strikes on them
 * in the Y.Doc, and the schema must hold what every replica reads (see
 * `shared/suggest/text-change.ts` for how overlapping marks read). An
 * insertion and a deletion still exclude each other: the editor never makes
 * both, and text a merge leaves with both reads as the insertion.
 */
function suggestionMarks(): Record<'insertion' | 'deletion' | 'modification', MarkSpec> {
  const { insertion, deletion, modification } = addSuggestionMarks({});
  return { deletion: { ...deletion, excludes: 'insertion modification' }, insertion, modification };
}

/**
 * The ProseMirror schema of a Draftroom proposal: doc → clause+; a clause has
 * a stable `id`, an optional heading and block content (paragraphs, bullet and
 * ordered lists). Marks: strong, em, `alternative` (bracketed text) and the tracked-change marks `insertion`,
 * `deletion` and `modification` (each carrying a change id) from
 * @handlewithcare/prosemirror-suggest-changes (deletions of several changes may
 * share text).
 */
export const proposalSchema = new Schema({
  nodes,
  marks: { ...baseMarks, ...suggestionMarks() },
});

/** The schema's type, for signatures. */
export type ProposalSchema = typeof proposalSchema;
