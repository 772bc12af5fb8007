import * as Y from 'yjs';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import { diffChars } from 'diff';

/**
 * Where an edit's characters go in the Y.Doc.
 *
 * y-prosemirror 1.x writes an editor transaction to a paragraph's Y.XmlText
 * as one plain-string diff (common prefix and suffix of the old and new
 * text, then one delete and one insert), and sets the marks afterwards by
 * position. Typing "n" right after "o " in "o |n item" thus inserts the new
 * character after the existing "n", and marks the existing "n" as the
 * insertion: the text reads the same on the typist's replica, but the
 * original character now carries the insertion and the new one looks
 * original. Another member who edits there at the same time (offline, or
 * within a round trip) keeps the original character: after the merge, text
 * both typed reads as original text, and original text carries insertions
 * (y-prosemirror#161, duplicated characters on concurrent edits at one spot).
 *
 * Before y-prosemirror writes, this places each paragraph's changed
 * characters where the marks say they are: the common prefix and suffix are
 * taken over characters *with their marks*, so the new "n" (an insertion)
 * differs from the existing "n" (original) and goes before it. y-prosemirror
 * then finds the text equal and only adjusts formatting. Paragraphs whose
 * structure changed (a split, a join, a new clause) are left to y-prosemirror.
 */

/**
 * y-prosemirror's binding mapping: each Y type → the ProseMirror node (or, for a Y.XmlText, the run of text
 * nodes) it was last synced with. An entry is dropped when its Y type changes remotely.
 */
export type SyncMapping = ReadonlyMap<object, PMNode | readonly PMNode[]>;

/** The part of y-prosemirror's binding this module uses. */
interface SyncBinding {
  readonly doc: Y.Doc;
  readonly type: Y.XmlFragment;
  readonly mapping: SyncMapping;
  _prosemirrorChanged(doc: PMNode): void;
}

const wrapped = new WeakSet<object>();

/**
 * Makes the editor's y-prosemirror binding place typed and deleted
 * characters by their marks before it writes (see above). Returns false if
 * the state has no ySyncPlugin binding. Idempotent.
 */
export function placeTextEditsByMarks(state: EditorState): boolean {
  const sync = ySyncPluginKey.getState(state) as { binding?: SyncBinding } | undefined;
  const binding = sync?.binding;
  if (!binding) return false;
  if (wrapped.has(binding)) return true;
  wrapped.add(binding);
  const write = binding._prosemirrorChanged.bind(binding);
  binding._prosemirrorChanged = (doc: PMNode) => {
    binding.doc.transact(() => {
      placeInElement(binding.type, doc, binding.mapping);
      write(doc);
    }, ySyncPluginKey);
  };
  return true;
}

/**
 * Walks an element and its node in step while their structure agrees. With
 * the binding's `mapping`, a Y type still mapped to the very node (or text
 * nodes) it is paired with is unchanged since the last sync and is skipped,
 * as y-prosemirror itself skips it: a keystroke reads only the paragraph it
 * changed, not every paragraph of the document.
 */
export function placeInElement(element: Y.XmlFragment | Y.XmlElement, node: PMNode, mapping?: SyncMapping): void {
  if (mapping?.get(element) === node) return;
  const yChildren = element.toArray();
  const pChildren = groupedChildren(node);
  if (yChildren.length !== pChildren.length) return;
  for (let i = 0; i < yChildren.length; i++) {
    const y = yChildren[i]!;
    const p = pChildren[i]!;
    if (y instanceof Y.XmlText && Array.isArray(p)) {
      if (!sameRun(mapping?.get(y), p)) placeText(y, p);
    } else if (y instanceof Y.XmlElement && !Array.isArray(p) && y.nodeName === p.type.name) placeInElement(y, p, mapping);
  }
}

/** True when the mapping holds exactly these text nodes for a Y.XmlText (y-prosemirror's `mappedIdentity`). */
function sameRun(mapped: PMNode | readonly PMNode[] | undefined, texts: readonly PMNode[]): boolean {
  return Array.isArray(mapped) && mapped.length === texts.length && mapped.every((node, i) => node === texts[i]);
}

/** A node's children as y-prosemirror maps them: runs of text nodes grouped (one Y.XmlText each), other nodes alone. */
function groupedChildren(node: PMNode): (PMNode | PMNode[])[] {
  const out: (PMNode | PMNode[])[] = [];
  node.forEach((child) => {
    const last = out[out.length - 1];
    if (child.isText && Array.isArray(last)) last.push(child);
    else out.push(child.isText ? [child] : child);
  });
  return out;
}

/** y-prosemirror's attribute name for a mark that may overlap: `<mark>--<8 characters>`. */
const HASHED = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

function markKeyOf(name: string, value: unknown): string {
  return `${name}:${JSON.stringify(value)}`;
}

function marksKey(marks: readonly Mark[]): string {
  return marks
    .filter((m) => m.type.name !== 'ychange')
    .map((m) => markKeyOf(m.type.name, m.attrs))
    .sort()
    .join('|');
}

function attributesKey(attributes: Record<string, unknown> | undefined): string {
  if (!attributes) return '';
  return Object.entries(attributes)
    .map(([name, value]) => markKeyOf(HASHED.exec(name)?.[1] ?? name, value))
    .sort()
    .join('|');
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;
const LOW_SURROGATE = /[\uDC00-\uDFFF]/;

/** Deletes and inserts in `ytext` what differs from the text nodes, at the place their marks say. */
function placeText(ytext: Y.XmlText, ptexts: readonly PMNode[]): void {
  const delta = ytext.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
  let a = '';
  const aKeys: string[] = [];
  /** Mark key → the Y attribute (name and value) that writes it, from the text as it is. */
  const names = new Map<string, readonly [string, unknown]>();
  for (const op of delta) {
    if (typeof op.insert !== 'string') return;
    a += op.insert;
    const key = attributesKey(op.attributes);
    for (let i = 0; i < op.insert.length; i++) aKeys.push(key);
    for (const [name, value] of Object.entries(op.attributes ?? {})) names.set(markKeyOf(HASHED.exec(name)?.[1] ?? name, value), [name, value]);
  }
  let b = '';
  const bKeys: string[] = [];
  const bMarks: (readonly Mark[])[] = [];
  for (const node of ptexts) {
    const text = node.text ?? '';
    b += text;
    const key = marksKey(node.marks);
    for (let i = 0; i < text.length; i++) {
      bKeys.push(key);
      bMarks.push(node.marks);
    }
  }
  if (a === b) return;
  // y-prosemirror's diff: the common prefix and suffix of the plain strings.
  let left = 0;
  while (left < a.length && left < b.length && a[left] === b[left]) left++;
  let right = 0;
  while (right + left < a.length && right + left < b.length && a[a.length - right - 1] === b[b.length - right - 1]) right++;
  const remove = a.length - left - right;
  const insertLength = b.length - left - right;
  // Edits at two places (a replacement, or the suggestion library's edit beside a zero-width anchor): y-prosemirror
  // would delete and retype everything between them; write only what changed.
  if (remove > 0 && insertLength > 0) {
    writeMinimal(ytext, left, a.slice(left, a.length - right), b.slice(left, b.length - right), bMarks, names);
    return;
  }
  const n = remove + insertLength;
  const longer = remove > 0 ? a : b;
  /** Marks that disagree if the edit sits at `p` (the text before it aligned as is, the text after shifted by n). */
  const mismatches = (p: number): number => {
    let count = 0;
    const shorterKeys = remove > 0 ? bKeys : aKeys;
    const longerKeys = remove > 0 ? aKeys : bKeys;
    for (let i = 0; i < p; i++) if (longerKeys[i] !== shorterKeys[i]) count++;
    for (let i = p + n; i < longerKeys.length; i++) if (longerKeys[i] !== shorterKeys[i - n]) count++;
    return count;
  };
  // The edit may slide left while the character before it equals its last one: pick the place the marks agree with most.
  let best = left;
  let fewest = mismatches(left);
  for (let p = left; p > 0 && longer[p - 1] === longer[p - 1 + n]; ) {
    p--;
    const count = mismatches(p);
    if (count < fewest) {
      best = p;
      fewest = count;
    }
  }
  if (best === left) return;
  if (HIGH_SURROGATE.test(longer[best - 1] ?? '') || LOW_SURROGATE.test(longer[best] ?? '')) return;
  if (remove > 0) {
    ytext.delete(best, remove);
    return;
  }
  insertAt(ytext, best, b.slice(best, best + n), bMarks[best] ?? [], names);
}

/** Inserts text with the marks of its first character, under the attribute names the text already uses (y-prosemirror sets any other). */
function insertAt(ytext: Y.XmlText, index: number, text: string, marks: readonly Mark[], names: ReadonlyMap<string, readonly [string, unknown]>): void {
  const attributes: Record<string, unknown> = {};
  let known = true;
  for (const mark of marks) {
    if (mark.type.name === 'ychange') continue;
    const found = names.get(markKeyOf(mark.type.name, mark.attrs));
    if (found) attributes[found[0]] = found[1];
    else known = false;
  }
  if (known) ytext.insert(index, text, attributes);
  else ytext.insert(index, text);
}

/** Replaces `before` (at `offset`) by `after` with a minimal character diff: unchanged characters between the edits stay. */
function writeMinimal(ytext: Y.XmlText, offset: number, before: string, after: string, bMarks: readonly (readonly Mark[])[], names: ReadonlyMap<string, readonly [string, unknown]>): void {
  const parts = diffChars(before, after, { timeout: 20 });
  if (parts === undefined) return;
  // Deletions at their place in the old text, insertions at theirs in the new one: apply from the end.
  let aPos = offset;
  let bPos = offset;
  const ops: { at: number; remove: number; insert: string; marksAt: number }[] = [];
  for (const part of parts) {
    const length = part.value.length;
    if (part.removed) {
      ops.push({ at: aPos, remove: length, insert: '', marksAt: bPos });
      aPos += length;
    } else if (part.added) {
      ops.push({ at: aPos, remove: 0, insert: part.value, marksAt: bPos });
      bPos += length;
    } else {
      aPos += length;
      bPos += length;
    }
  }
  for (const op of ops.reverse()) {
    if (op.remove > 0) ytext.delete(op.at, op.remove);
    if (op.insert !== '') insertAt(ytext, op.at, op.insert, bMarks[op.marksAt] ?? [], names);
  }
}
