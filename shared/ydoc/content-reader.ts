import * as Y from 'yjs';
import type { Mark, Node as PMNode, Schema } from 'prosemirror-model';

/**
 * Reading a Y.XmlFragment as a ProseMirror document without ever writing to
 * the Y.Doc. y-prosemirror's own converter (`yXmlFragmentToProseMirrorRootNode`,
 * also used by `initProseMirrorDoc`) *repairs* what the schema refuses: it
 * deletes the offending element or text from the Y.Doc, in a Yjs
 * transaction, in the middle of a read. Run by main on its live Y.Doc (a
 * document list, an export, `draftroom accept`), that deletion would be
 * stored and broadcast as nobody's edit. This reader builds the same
 * document (same node, attribute and mark mapping, overlapping marks' hash
 * suffixes stripped, the same parts dropped) and only reports what it
 * dropped. y-prosemirror offers no repair-free read, and a copy of the
 * Y.Doc to read from costs about five times the read itself.
 */

/** A document read from a fragment, and how many parts the schema refused (0 for a sound document). */
export interface ContentRead {
  readonly doc: PMNode;
  /** Elements or texts left out because the schema refused them (y-prosemirror would have deleted them). */
  readonly dropped: number;
}

/** y-prosemirror's key for marks that may overlap: `<mark name>--<8-character hash>`. */
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

/** True for `{}` (a mark stored without attributes): such marks are all alike, so one is made and shared. */
function isEmptyObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const _key in value) return false;
  return true;
}

/** Reads `fragment` as a document of `schema`; never writes to the Y.Doc. */
export function readContent(fragment: Y.XmlFragment, schema: Schema): ContentRead {
  let dropped = 0;

  // Mark names by format key, and the marks without attributes (bold, italic), made once per read: most text carries the same few.
  const markNames = new Map<string, string>();
  const plainMarks = new Map<string, Mark>();
  const markOf = (key: string, attrs: unknown): Mark => {
    let name = markNames.get(key);
    if (name === undefined) markNames.set(key, (name = HASHED_MARK_NAME.exec(key)?.[1] ?? key));
    if (!isEmptyObject(attrs)) return schema.mark(name, attrs as Record<string, unknown>);
    let mark = plainMarks.get(name);
    if (mark === undefined) plainMarks.set(name, (mark = schema.mark(name, attrs as Record<string, unknown>)));
    return mark;
  };
  const marksOf = (attributes: Record<string, unknown> | undefined): Mark[] => {
    const marks: Mark[] = [];
    for (const name in attributes) marks.push(markOf(name, attributes[name]));
    return marks;
  };

  const textNodes = (text: Y.XmlText): PMNode[] => {
    try {
      return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).map((delta) => {
        if (typeof delta.insert !== 'string') throw new RangeError('an embed in text');
        return schema.text(delta.insert, marksOf(delta.attributes));
      });
    } catch {
      dropped++;
      return [];
    }
  };

  const element = (el: Y.XmlElement): PMNode | null => {
    const children: PMNode[] = [];
    for (const child of el.toArray()) {
      if (child instanceof Y.XmlElement) {
        const node = element(child);
        if (node !== null) children.push(node);
      } else if (child instanceof Y.XmlText) {
        children.push(...textNodes(child));
      } else {
        dropped++;
      }
    }
    try {
      return schema.node(el.nodeName, el.getAttributes(), children);
    } catch {
      dropped++;
      return null;
    }
  };

  const children: PMNode[] = [];
  for (const child of fragment.toArray()) {
    const node = child instanceof Y.XmlElement ? element(child) : null;
    if (node !== null) children.push(node);
    else if (!(child instanceof Y.XmlElement)) dropped++;
  }
  return { doc: schema.topNodeType.create(null, children), dropped };
}
