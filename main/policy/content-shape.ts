import * as Y from 'yjs';
import { Fragment, type Mark, type Node as PMNode, type NodeType } from 'prosemirror-model';
import { proposalSchema } from '../../shared/schema/schema';
import { readTextChange } from '../../shared/suggest/text-change';
import { contentFragment } from '../../shared/ydoc/layout';
import { errorText } from '../../shared/api/errors';

/**
 * The update policy's check that a document's content stays in the shapes
 * the app writes, so that no read ever "repairs" it: y-prosemirror deletes
 * an element it cannot turn into a node of the schema (an unknown node or
 * mark, a clause with no body after its heading), and the clause-id plugin
 * rewrites a repeated clause id. An update that leaves a clause invalid under
 * `proposalSchema`, with an attribute the app does not write, or with the id
 * of another clause, is refused.
 *
 * Only the clauses an update touched are read (one clause per keystroke).
 */

/** Attributes the app writes on each node type, with a check of their value. */
const NODE_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, (value: unknown) => boolean>>>> = {
  clause: { id: (v) => typeof v === 'string' && v.length > 0 && v.length <= 200 },
  ordered_list: { order: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9 },
};

/** Mark attributes the app writes, with a check of their value (a suggestion mark carries its change id). */
const MARK_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, (value: unknown) => boolean>>>> = {
  strong: {},
  em: {},
  alternative: { bracket: isChangeId, alt: isChangeId },
  insertion: { id: isChangeId },
  deletion: { id: isChangeId },
  modification: {
    id: isChangeId,
    type: (v) => typeof v === 'string',
    attrName: (v) => v === null || typeof v === 'string',
    previousValue: () => true,
    newValue: () => true,
  },
};

function isChangeId(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

/** y-prosemirror's attribute name for a mark that may overlap: `<mark>--<8 base64 characters>`. */
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/** The mark name a Y.XmlText formatting attribute stands for. */
export function markNameOf(attribute: string): string {
  return HASHED_MARK.exec(attribute)?.[1] ?? attribute;
}

/** What one update did to the content's top level. */
export interface ContentTouch {
  /** Top-level nodes (clauses) the update changed, added or changed inside. */
  readonly touched: Set<Y.AbstractType<unknown>>;
  /** Top-level nodes the update added, and clauses whose `id` it changed. */
  readonly renamed: Set<Y.AbstractType<unknown>>;
  /** Something other than an element was put at the top level. */
  looseContent: boolean;
  /** Clauses were added to or removed from the top level. */
  topChanged: boolean;
}

/** Starts collecting which clauses transactions with `origin` touch. */
export function watchClauses(doc: Y.Doc, origin: unknown): { finish(): ContentTouch } {
  const fragment = contentFragment(doc);
  const touch: ContentTouch = { touched: new Set(), renamed: new Set(), looseContent: false, topChanged: false };
  const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (transaction.origin !== origin) return;
    for (const event of events) {
      if (event.target === fragment) {
        touch.topChanged = true;
        for (const item of event.changes.added) {
          const content = item.content;
          if (content instanceof Y.ContentType) {
            touch.touched.add(content.type);
            touch.renamed.add(content.type);
          } else {
            touch.looseContent = true;
          }
        }
        continue;
      }
      let target: Y.AbstractType<unknown> | null = event.target;
      while (target !== null && target.parent !== fragment) target = target.parent as Y.AbstractType<unknown> | null;
      if (target === null) continue;
      touch.touched.add(target);
      if (event.target === target && event instanceof Y.YXmlEvent && event.attributesChanged.has('id')) touch.renamed.add(target);
    }
  };
  fragment.observeDeep(handler);
  return {
    finish() {
      fragment.unobserveDeep(handler);
      return touch;
    },
  };
}

/**
 * Why the content an update touched is not in the app's shapes, or null.
 * A clause the update added, or whose id it changed, may not share its id
 * with any other clause: not even a second copy from two members moving one
 * clause at once (the later mover's update is refused and set aside, rather
 * than a duplicate stored for a replica to rename). y-prosemirror's moves,
 * which rewrite clause elements in place with their ids swapped, leave the
 * ids unique and pass.
 */
export function contentShapeRefusal(doc: Y.Doc, touch: ContentTouch, isNew: (item: Y.Item) => boolean = () => true): string | null {
  if (touch.looseContent) return 'the update puts text outside any clause';
  const fragment = contentFragment(doc);
  if (fragment.length === 0 && touch.topChanged) return 'a document keeps at least one clause';
  const live = [...touch.touched].filter((node) => node._item !== null && !node._item.deleted);
  for (const node of live) {
    if (!(node instanceof Y.XmlElement) || node.nodeName !== 'clause') return 'the update puts something other than a clause at the top of the document';
    const problem = nodeProblem(node, isNew);
    if (problem !== null) return `clause ${describeId(node)} is not in a shape Draftroom writes: ${problem}`;
  }
  const renamed = live.filter((node) => touch.renamed.has(node));
  if (renamed.length > 0) {
    const counts = new Map<string, number>();
    for (const child of fragment.toArray()) {
      if (child instanceof Y.XmlElement) {
        const id = String(child.getAttribute('id'));
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    for (const node of renamed) {
      const id = String((node as Y.XmlElement).getAttribute('id'));
      if ((counts.get(id) ?? 0) > 1) return `clause id ${id} is already taken by another clause; clause ids are unique`;
    }
  }
  return null;
}

function describeId(node: Y.XmlElement): string {
  const id = node.getAttribute('id');
  return typeof id === 'string' ? id : '(without id)';
}

/** Why an element does not make a valid node of the schema, or null. */
function nodeProblem(element: Y.XmlElement, isNew: (item: Y.Item) => boolean): string | null {
  try {
    // check(): also marks that exclude each other (a text both inserted and deleted), which validContent does not see.
    toNode(element, isNew).check();
    return null;
  } catch (error) {
    return errorText(error);
  }
}

/** The ProseMirror node an element stands for; throws what is wrong with it. */
function toNode(element: Y.XmlElement, isNew: (item: Y.Item) => boolean): PMNode {
  const type: NodeType | undefined = proposalSchema.nodes[element.nodeName];
  if (type === undefined || type.isText || type === proposalSchema.topNodeType) throw new Error(`unknown node "${element.nodeName}"`);
  const allowed = NODE_ATTRIBUTES[type.name] ?? {};
  const attrs = element.getAttributes() as Record<string, unknown>;
  for (const [key, value] of Object.entries(attrs)) {
    const valid = allowed[key];
    if (valid === undefined) throw new Error(`unknown attribute "${key}" on ${type.name}`);
    if (!valid(value)) throw new Error(`invalid ${key} on ${type.name}`);
  }
  if (type.name === 'clause' && attrs['id'] === undefined) throw new Error('a clause has an id');
  const children: PMNode[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlElement) children.push(toNode(child, isNew));
    else if (child instanceof Y.XmlText) children.push(...textNodes(child, isNew));
    else throw new Error(`unexpected content in ${type.name}`);
  }
  const content = Fragment.fromArray(children);
  if (!type.validContent(content)) throw new Error(`invalid content in ${type.name}`);
  return type.create(attrs, content);
}

/** The text nodes of a Y.XmlText, read from its items (formatting attributes are items in order). */
function textNodes(text: Y.XmlText, isNew: (item: Y.Item) => boolean): PMNode[] {
  const attributes = new Map<string, unknown>();
  /** Whether the format item that set each attribute is new in the update. */
  const setNow = new Map<string, boolean>();
  const nodes: PMNode[] = [];
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (content.value === null) attributes.delete(content.key);
      else {
        attributes.set(content.key, content.value);
        setNow.set(content.key, isNew(item));
      }
    } else if (content instanceof Y.ContentString) {
      if (content.str.length > 0) nodes.push(proposalSchema.text(content.str, countingMarks(marksOf(attributes), [...attributes.keys()].map((k) => setNow.get(k) === true))));
    } else {
      throw new Error('embedded content in text');
    }
  }
  return nodes;
}

/**
 * The marks that count (`shared/suggest/text-change.ts`): on text that is an
 * insertion, deletions and outer insertions are merge effects (text typed
 * where, or right where, another member edited at the same time) that every
 * reader ignores; the text's own insertion, the innermost, is checked. The
 * marks come in the order their ranges opened (attributes in a Map). A
 * deletion the update sets on text whose insertion it sets too is no merge
 * effect (text inserted and deleted at once): it stays, and the check refuses it.
 * `setNow[i]`: whether the update set `marks[i]`.
 */
function countingMarks(marks: Mark[], setNow: readonly boolean[]): Mark[] {
  const own = readTextChange(marks).insertion;
  if (own === null) return marks;
  const ownNow = setNow[marks.indexOf(own)] === true;
  return marks.filter((m, i) => m === own || (m.type.name !== 'deletion' && m.type.name !== 'insertion') || (m.type.name === 'deletion' && ownNow && setNow[i] === true));
}

function marksOf(attributes: Map<string, unknown>): Mark[] {
  const marks: Mark[] = [];
  for (const [key, value] of attributes) {
    const name = markNameOf(key);
    const type = proposalSchema.marks[name];
    const allowed = MARK_ATTRIBUTES[name];
    if (type === undefined || allowed === undefined) throw new Error(`unknown mark "${name}"`);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`invalid attributes of a ${name} mark`);
    for (const [attr, attrValue] of Object.entries(value as Record<string, unknown>)) {
      const valid = allowed[attr];
      if (valid === undefined || !valid(attrValue)) throw new Error(`invalid ${attr} of a ${name} mark`);
    }
    if ('id' in allowed && !isChangeId((value as Record<string, unknown>)['id'])) throw new Error(`a ${name} mark carries its change id`);
    if ('alt' in allowed && !(isChangeId((value as Record<string, unknown>)['bracket']) && isChangeId((value as Record<string, unknown>)['alt']))) {
      throw new Error(`an ${name} mark carries its bracket and alternative ids`);
    }
    marks.push(type.create(value as Record<string, unknown>));
  }
  return marks;
}
