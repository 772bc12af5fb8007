/**
 * Declarative builders for Draftroom proposal documents, for tests.
 *
 *   proposal(
 *     clause('c1', heading('Troops'), p('Troop cap of ', ins('ch1', '800,000'), del('ch1', '600,000'))),
 *     removedClause('ch2', 'c2', p('NATO–Russia dialogue.')),
 *   )
 *
 * Inline content is given as strings and inline builders (`strong`, `em`,
 * `ins`, `del`, `br`); marks nest (`strong(ins('x', 'bold new'))`). A clause's
 * content may be given as strings: each becomes a paragraph. A list item's
 * content may be strings or inline builders: they become its paragraph.
 */
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { proposalSchema } from '../../shared/schema/schema';

import { rangeOf } from '../../shared/editing/headless-view';

export { rangeOf, type TextRange } from '../../shared/editing/headless-view';

const schema = proposalSchema;

/** Inline content: text, an inline node, or the result of an inline builder. */
export type InlineChild = string | PMNode | InlineBuilt | readonly InlineChild[];

/** Marked inline content, produced by `strong`, `em`, `ins` and `del`. */
export interface InlineBuilt {
  readonly kind: 'inline';
  readonly nodes: readonly PMNode[];
}

function isInlineBuilt(value: unknown): value is InlineBuilt {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'inline';
}

function inlineNodes(children: readonly InlineChild[], marks: readonly Mark[] = []): PMNode[] {
  const out: PMNode[] = [];
  for (const child of children) {
    if (typeof child === 'string') {
      if (child.length > 0) out.push(schema.text(child, marks));
    } else if (isInlineBuilt(child)) {
      for (const node of child.nodes) out.push(node.mark(marks.reduce((set, m) => m.addToSet(set), node.marks)));
    } else if (Array.isArray(child)) {
      out.push(...inlineNodes(child as readonly InlineChild[], marks));
    } else {
      const node = child as PMNode;
      out.push(node.mark(marks.reduce((set, m) => m.addToSet(set), node.marks)));
    }
  }
  return out;
}

function marked(mark: Mark, children: readonly InlineChild[]): InlineBuilt {
  return { kind: 'inline', nodes: inlineNodes(children, [mark]) };
}

/** Bold text. */
export function strong(...children: InlineChild[]): InlineBuilt {
  return marked(schema.marks['strong']!.create(), children);
}

/** Italic text. */
export function em(...children: InlineChild[]): InlineBuilt {
  return marked(schema.marks['em']!.create(), children);
}

/** Text proposed for insertion by change `changeId`. */
export function ins(changeId: string, ...children: InlineChild[]): InlineBuilt {
  return marked(schema.marks['insertion']!.create({ id: changeId }), children);
}

/** Text proposed for deletion by change `changeId` (still visible). */
export function del(changeId: string, ...children: InlineChild[]): InlineBuilt {
  return marked(schema.marks['deletion']!.create({ id: changeId }), children);
}

/** A hard line break. */
export function br(): PMNode {
  return schema.nodes['hard_break']!.create();
}

/** A paragraph. */
export function p(...children: InlineChild[]): PMNode {
  return schema.nodes['paragraph']!.create(null, inlineNodes(children));
}

/** A clause heading. */
export function heading(...children: InlineChild[]): PMNode {
  return schema.nodes['clause_heading']!.create(null, inlineNodes(children));
}

/** Block content of a list item or clause: a node, or a string (a paragraph). */
export type BlockChild = PMNode | string;

function blocks(children: readonly BlockChild[]): PMNode[] {
  return children.map((child) => (typeof child === 'string' ? p(child) : child));
}

/**
 * A list item. Strings and inline builders are gathered into its first
 * paragraph; block nodes (paragraphs, nested lists) are taken as they are.
 */
export function li(...children: (InlineChild | PMNode)[]): PMNode {
  const content: PMNode[] = [];
  let pending: InlineChild[] = [];
  const flush = (): void => {
    if (pending.length > 0) content.push(p(...pending));
    pending = [];
  };
  for (const child of children) {
    if (typeof child === 'object' && child !== null && !isInlineBuilt(child) && !Array.isArray(child) && (child as PMNode).isBlock) {
      flush();
      content.push(child as PMNode);
    } else {
      pending.push(child as InlineChild);
    }
  }
  flush();
  if (content.length === 0) content.push(p());
  return schema.nodes['list_item']!.create(null, content);
}

/** A bullet list. */
export function ul(...items: PMNode[]): PMNode {
  return schema.nodes['bullet_list']!.create(null, items);
}

/** An ordered list (numbering starts at 1 unless `order` is given with `olFrom`). */
export function ol(...items: PMNode[]): PMNode {
  return schema.nodes['ordered_list']!.create(null, items);
}

/** An ordered list that starts at `order`. */
export function olFrom(order: number, ...items: PMNode[]): PMNode {
  return schema.nodes['ordered_list']!.create({ order }, items);
}

/** A clause with a stable id; strings become paragraphs. */
export function clause(id: string, ...children: BlockChild[]): PMNode {
  return schema.nodes['clause']!.create({ id }, blocks(children));
}

/** A whole clause proposed for addition by change `changeId` (block-level insertion mark). */
export function addedClause(changeId: string, id: string, ...children: BlockChild[]): PMNode {
  return schema.nodes['clause']!.create({ id }, blocks(children), [schema.marks['insertion']!.create({ id: changeId })]);
}

/** A whole clause proposed for removal by change `changeId` (block-level deletion mark, kept visible). */
export function removedClause(changeId: string, id: string, ...children: BlockChild[]): PMNode {
  return schema.nodes['clause']!.create({ id }, blocks(children), [schema.marks['deletion']!.create({ id: changeId })]);
}

/** A proposal (the document node). */
export function proposal(...clauses: PMNode[]): PMNode {
  const doc = schema.nodes['doc']!.create(null, clauses);
  doc.check();
  return doc;
}


/** The position just before `text` (see `rangeOf`). */
export function posBefore(doc: PMNode, text: string, occurrence = 0): number {
  return rangeOf(doc, text, occurrence).from;
}

/** The position just after `text` (see `rangeOf`). */
export function posAfter(doc: PMNode, text: string, occurrence = 0): number {
  return rangeOf(doc, text, occurrence).to;
}
