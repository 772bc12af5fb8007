import * as Y from 'yjs';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import { diffArrays, diffChars } from 'diff';
import { changedClauses } from '../editing/clause-position';

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
 *
 * A character is matched first by who typed it (its insertion marks: a
 * strike or a decision changes the other marks of text that stays), then by
 * its letter. An edit at two places (a member replaces text that ends in her
 * own pending insertion: her text is deleted for real, the rest struck, the
 * new word typed) is diffed that way too: turning "a oxgree" into
 * "agre|fe|e" by plain letters would match the typed "e" with the first
 * original "e" and retype that one as a new "e" in the struck range, so the
 * original "e" would read as her insertion and a concurrent strike of it by
 * another member would lose its mark in the merge.
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
  readonly mapping: Map<object, PMNode | readonly PMNode[]>;
  _prosemirrorChanged(doc: PMNode): void;
}

/** Y types text placement walked with the node (or text nodes) each was paired with. */
type Visited = [Y.XmlFragment | Y.XmlElement | Y.XmlText, PMNode | readonly PMNode[]][];

/**
 * The bound on every diff text placement runs: at most this many inserted plus
 * deleted tokens, past which the diff gives up and the caller falls back to a
 * plain range replacement. A bound on the edit's size rather than a wall-clock
 * timeout, so that the same edit is placed the same way on a loaded machine as
 * on a quiet one (a 20 ms timeout made the placement, and the tests comparing
 * two placements, depend on the machine's load). Myers' diff costs about
 * (N + M) × D for D ≤ this bound: a few milliseconds for a long paragraph.
 */
const PLACEMENT_DIFF = { maxEditLength: 1000 } as const;

const wrapped = new WeakSet<object>();

/** Options of `placeTextEditsByMarks`. */
export interface PlacementOptions {
  /**
   * Skip the top-level children that are the very nodes of the document written last (default true); false walks
   * every child and skips the unchanged ones by the binding's mapping (the same result, for tests and benches).
   */
  readonly byIdentity?: boolean;
}

/**
 * Makes the editor's y-prosemirror binding place typed and deleted
 * characters by their marks before it writes (see above). Returns false if
 * the state has no ySyncPlugin binding. Idempotent (the first call's options stay).
 */
export function placeTextEditsByMarks(state: EditorState, options: PlacementOptions = {}): boolean {
  const byIdentity = options.byIdentity ?? true;
  const sync = ySyncPluginKey.getState(state) as { binding?: SyncBinding } | undefined;
  const binding = sync?.binding;
  if (!binding) return false;
  if (wrapped.has(binding)) return true;
  wrapped.add(binding);
  const write = binding._prosemirrorChanged.bind(binding);
  let written: PMNode | null = null;
  binding._prosemirrorChanged = (doc: PMNode) => {
    // The view calls this after every update, a selection move or a feed of records included: the very document
    // written last has nothing new to write (a change from the Y.Doc always renders a new document object).
    if (doc === written) return;
    binding.doc.transact(() => {
      const visited: Visited = [];
      placeInElement(binding.type, doc, binding.mapping, visited, byIdentity ? (written ?? undefined) : undefined);
      write(doc);
      // y-prosemirror now finds what placement wrote equal to its node and maps only the outermost equal type (the
      // clause), not the paragraphs and texts inside it: they stayed mapped to their nodes from before this edit,
      // and the next render of that clause (another member's edit in another paragraph) reused those, so the editor
      // showed the old text while the Y.Doc held the new one — and the member's next write there would write it back.
      for (const [type, node] of visited) if (type._item === null || !type._item.deleted) binding.mapping.set(type, node);
    }, ySyncPluginKey);
    written = doc;
  };
  return true;
}

/**
 * Walks an element and its node in step while their structure agrees. With
 * the binding's `mapping`, a Y type still mapped to the very node (or text
 * nodes) it is paired with is unchanged since the last sync and is skipped,
 * as y-prosemirror itself skips it: a keystroke reads only the paragraph it
 * changed, not every paragraph of the document. With `previous` (the
 * document written last), the children that are its very nodes are skipped
 * without reading their mapping (`placeChangedChildren`).
 */
export function placeInElement(element: Y.XmlFragment | Y.XmlElement, node: PMNode, mapping?: SyncMapping, visited?: Visited, previous?: PMNode): void {
  if (mapping?.get(element) === node) return;
  if (previous !== undefined && mapping !== undefined && placeChangedChildren(element, node, previous, mapping, visited)) return;
  const pChildren = groupedChildren(node);
  if (element.length !== pChildren.length && !alignChildren(element, pChildren, mapping)) return;
  const yChildren = element.toArray();
  if (element instanceof Y.XmlElement) visited?.push([element, node]);
  for (let i = 0; i < yChildren.length; i++) {
    const y = yChildren[i]!;
    const p = pChildren[i]!;
    if (y instanceof Y.XmlText && Array.isArray(p)) {
      if (!sameRun(mapping?.get(y), p)) {
        placeText(y, p);
        visited?.push([y, p]);
      }
    } else if (y instanceof Y.XmlElement && !Array.isArray(p) && y.nodeName === p.type.name) placeInElement(y, p, mapping, visited);
  }
}

/**
 * `placeInElement` for the children of `node` that are not the very nodes of
 * `previous` (the document written last) at the same distance from the start
 * or the end: a keystroke changes one clause of 300, and the others are
 * skipped by node identity without reading their Y types (the full walk
 * reads each one's mapping entry, and finds it mapped to that very node: the
 * write of `previous` mapped every child, and a change from the Y.Doc drops a
 * child's entry only by rendering it as a new node). Only for a node without
 * inline content whose element has as many children as it (otherwise the
 * full walk pairs them, `alignChildren`). Returns false if it did nothing.
 */
function placeChangedChildren(element: Y.XmlFragment | Y.XmlElement, node: PMNode, previous: PMNode, mapping: SyncMapping, visited?: Visited): boolean {
  if (node.inlineContent || previous.inlineContent || element.length !== node.childCount) return false;
  // The children between the longest identical head and tail (any node's children, not only a document's clauses).
  const changed = changedClauses(previous, node);
  const [left, end] = changed === null ? [0, 0] : [changed.start, changed.endAfter];
  if (element instanceof Y.XmlElement) visited?.push([element, node]);
  const yChanged = element.slice(left, end);
  for (let i = 0; i < yChanged.length; i++) {
    const y = yChanged[i];
    const p = node.child(left + i);
    if (y instanceof Y.XmlElement && y.nodeName === p.type.name) placeInElement(y, p, mapping, visited);
  }
  return true;
}

/**
 * When an edit added or removed child elements (the suggestion library's
 * tracked split or join puts a new paragraph before one, a new clause),
 * adds empty elements where the new ones go and deletes the elements that
 * went, so that each remaining element is paired with the node that holds
 * its text. y-prosemirror pairs children from both ends by position and, when
 * neither end is equal, updates the left one in place: a new paragraph
 * before an original one took over the original's Y.XmlText (its text
 * deleted for real) and the original text was retyped in a new one, by the
 * suggester. Pairs are chosen by their common text (as many characters as
 * their plain texts share at the start and end); only children that are all
 * elements on both sides are aligned. Returns false if nothing was aligned.
 */
function alignChildren(element: Y.XmlFragment | Y.XmlElement, pChildren: readonly (PMNode | PMNode[])[], mapping?: SyncMapping): boolean {
  const yChildren = element.toArray();
  if (!yChildren.every((y) => y instanceof Y.XmlElement) || !pChildren.every((p) => !Array.isArray(p))) return false;
  const ys = yChildren as Y.XmlElement[];
  const ps = pChildren as PMNode[];
  const same = (y: Y.XmlElement, p: PMNode): boolean => mapping?.get(y) === p;
  let left = 0;
  while (left < ys.length && left < ps.length && same(ys[left]!, ps[left]!)) left++;
  let right = 0;
  while (right + left < ys.length && right + left < ps.length && same(ys[ys.length - right - 1]!, ps[ps.length - right - 1]!)) right++;
  const yMid = ys.slice(left, ys.length - right);
  const pMid = ps.slice(left, ps.length - right);
  const yTexts = yMid.map(yPlainText);
  const pTexts = pMid.map((p) => p.textContent.replace(ZERO_WIDTH, ''));
  // best[i][j]: the largest total common text pairing yMid[i..] with pMid[j..] (every child of the shorter side paired).
  const n = yMid.length;
  const m = pMid.length;
  const NONE = -1;
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(NONE));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (n - i === 0 || m - j === 0) {
        best[i]![j] = 0;
        continue;
      }
      let value = NONE;
      if (yMid[i]!.nodeName === pMid[j]!.type.name && best[i + 1]![j + 1]! !== NONE) value = 1 + commonEnds(yTexts[i]!, pTexts[j]!) + best[i + 1]![j + 1]!;
      if (n - i > m - j && best[i + 1]![j]! > value) value = best[i + 1]![j]!;
      if (m - j > n - i && best[i]![j + 1]! > value) value = best[i]![j + 1]!;
      best[i]![j] = value;
    }
  }
  if (best[0]![0] === NONE) return false;
  // Walk the choices: which Y children go, where new elements come.
  const removeAt: number[] = [];
  const insertAt: { at: number; name: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const pair =
      i < n && j < m && yMid[i]!.nodeName === pMid[j]!.type.name && best[i + 1]![j + 1]! !== NONE
        ? 1 + commonEnds(yTexts[i]!, pTexts[j]!) + best[i + 1]![j + 1]!
        : NONE;
    if (pair !== NONE && pair === best[i]![j]) {
      i++;
      j++;
    } else if (i < n && n - i > m - j && best[i + 1]![j]! === best[i]![j]) {
      removeAt.push(left + i);
      i++;
    } else if (j < m && m - j > n - i && best[i]![j + 1]! === best[i]![j]) {
      insertAt.push({ at: left + j, name: pMid[j]!.type.name });
      j++;
    } else return false;
  }
  for (const at of removeAt.reverse()) element.delete(at, 1);
  for (const { at, name } of insertAt) element.insert(at, [new Y.XmlElement(name)]);
  return element.length === pChildren.length;
}

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/** The plain text of a Y element (its Y.XmlText descendants' strings), zero-width characters left out. */
function yPlainText(element: Y.XmlElement): string {
  let out = '';
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlElement) out += yPlainText(child);
    else if (child instanceof Y.XmlText) for (const op of child.toDelta() as { insert: unknown }[]) if (typeof op.insert === 'string') out += op.insert;
  }
  return out.replace(ZERO_WIDTH, '');
}

/** How many characters two texts share at their start and end (at most the shorter one's length). */
function commonEnds(a: string, b: string): number {
  let left = 0;
  while (left < a.length && left < b.length && a[left] === b[left]) left++;
  let right = 0;
  while (right + left < a.length && right + left < b.length && a[a.length - right - 1] === b[b.length - right - 1]) right++;
  return left + right;
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

/** The marks that say who typed a character (a strike or a decision changes the others on text that stays). */
const IDENTITY_MARKS: ReadonlySet<string> = new Set(['insertion']);

/** Key of a text node's marks (only those named in `only`, when given). */
function marksKey(marks: readonly Mark[], only?: ReadonlySet<string>): string {
  return marks
    .filter((m) => m.type.name !== 'ychange' && (only === undefined || only.has(m.type.name)))
    .map((m) => markKeyOf(m.type.name, m.attrs))
    .sort()
    .join('|');
}

/** Key of a Y.Text run's attributes, as `marksKey` keys the marks they write. */
function attributesKey(attributes: Record<string, unknown> | undefined, only?: ReadonlySet<string>): string {
  if (!attributes) return '';
  return Object.entries(attributes)
    .map(([name, value]) => [HASHED.exec(name)?.[1] ?? name, value] as const)
    .filter(([mark]) => only === undefined || only.has(mark))
    .map(([mark, value]) => markKeyOf(mark, value))
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
  const aIds: string[] = [];
  /** Mark key → the Y attribute (name and value) that writes it, from the text as it is. */
  const names = new Map<string, readonly [string, unknown]>();
  for (const op of delta) {
    if (typeof op.insert !== 'string') return;
    a += op.insert;
    const key = attributesKey(op.attributes);
    const id = attributesKey(op.attributes, IDENTITY_MARKS);
    for (let i = 0; i < op.insert.length; i++) {
      aKeys.push(key);
      aIds.push(id);
    }
    for (const [name, value] of Object.entries(op.attributes ?? {})) names.set(markKeyOf(HASHED.exec(name)?.[1] ?? name, value), [name, value]);
  }
  let b = '';
  const bKeys: string[] = [];
  const bIds: string[] = [];
  const bMarks: (readonly Mark[])[] = [];
  for (const node of ptexts) {
    const text = node.text ?? '';
    b += text;
    const key = marksKey(node.marks);
    const id = marksKey(node.marks, IDENTITY_MARKS);
    for (let i = 0; i < text.length; i++) {
      bKeys.push(key);
      bIds.push(id);
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
  // would delete and retype everything between them; write only what changed, matching characters by who typed them.
  const byTypist = (): void => {
    const ops = identityDiffOps({ text: a, ids: aIds }, { text: b, ids: bIds });
    if (ops !== undefined) applyOps(ytext, ops, bMarks, names);
  };
  if (remove > 0 && insertLength > 0) {
    byTypist();
    return;
  }
  const n = remove + insertLength;
  const longer = remove > 0 ? a : b;
  const [shorterKeys, longerKeys] = remove > 0 ? [bKeys, aKeys] : [aKeys, bKeys];
  const [shorterIds, longerIds] = remove > 0 ? [bIds, aIds] : [aIds, bIds];
  /**
   * Marks that disagree if the edit sits at `p` (the text before it aligned as is, the text after shifted by n):
   * characters that would be taken for text someone else typed (`strangers`), and any mark (`count`).
   */
  const mismatches = (p: number): { strangers: number; count: number } => {
    let count = 0;
    let strangers = 0;
    for (let i = 0; i < p; i++) {
      if (longerKeys[i] !== shorterKeys[i]) count++;
      if (longerIds[i] !== shorterIds[i]) strangers++;
    }
    for (let i = p + n; i < longerKeys.length; i++) {
      if (longerKeys[i] !== shorterKeys[i - n]) count++;
      if (longerIds[i] !== shorterIds[i - n]) strangers++;
    }
    return { strangers, count };
  };
  // The edit may slide left while the character before it equals its last one: pick the place the marks agree with most.
  let best = left;
  let fewest = mismatches(left);
  for (let p = left; p > 0 && longer[p - 1] === longer[p - 1 + n]; ) {
    p--;
    const found = mismatches(p);
    if (found.strangers < fewest.strangers || (found.strangers === fewest.strangers && found.count < fewest.count)) {
      best = p;
      fewest = found;
    }
  }
  // No one place keeps every character with its typist (deleting her own "gcas" and the space after an original
  // space, which reads as deleting "gcas" and the original space): the edit is at two places after all.
  if (fewest.strangers > 0) {
    byTypist();
    return;
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

/** A paragraph's text and, per UTF-16 unit, the key of who typed it (`IDENTITY_MARKS`). */
interface IdentifiedText {
  readonly text: string;
  readonly ids: readonly string[];
}

/** One write: delete `remove` characters at `at` (old text), insert `insert` there with the marks of new-text position `marksAt`. */
interface TextOp {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
  readonly marksAt: number;
}

/**
 * The writes that turn `before` into `after`, matching characters by who
 * typed them before their letters:
 * 1. the common ends (same letter, same typist), then, when the edit only
 *    deleted unmarked text (no insertion mark: original text, struck or
 *    not), the unmarked characters aligned by their letters; then in each
 *    stretch between them:
 * 2. anchors: the characters of every typist none of whose text the edit
 *    deleted or typed (the same letters in the same order on both sides:
 *    typically the original text, struck or not), aligned with each other,
 *    so that letters of text being deleted or typed never win over them
 *    (replacing her own "wierxp" before an original "." by "ipab" keeps the
 *    "." rather than the "i" and "p");
 * 3. between anchors, a diff of characters with their typist, then, inside
 *    each changed stretch, a diff of plain letters (text whose typist
 *    changed, as when a lead accepts an insertion, stays).
 * Undefined if a diff gives up (y-prosemirror then writes alone).
 */
function identityDiffOps(before: IdentifiedText, after: IdentifiedText): TextOp[] | undefined {
  const same = (i: number, j: number): boolean => before.text[i] === after.text[j] && before.ids[i] === after.ids[j];
  let left = 0;
  while (left < before.text.length && left < after.text.length && same(left, left)) left++;
  let right = 0;
  while (right + left < before.text.length && right + left < after.text.length && same(before.text.length - right - 1, after.text.length - right - 1)) right++;
  const aEnd = before.text.length - right;
  const bEnd = after.text.length - right;
  // Unmarked text the edit only deleted from (a member in suggestion mode never types unmarked text): every unmarked
  // character left is one that was there, so these are aligned first, before any typist's letters (her own "oo"
  // deleted and "oo" typed again reads as her "oo" untouched, and would push an original "n" aside to be retyped).
  const unmarked = (side: IdentifiedText, from: number, to: number): number[] => {
    const out: number[] = [];
    for (let i = from; i < to; i++) if (side.ids[i] === '') out.push(i);
    return out;
  };
  const aPlain = unmarked(before, left, aEnd);
  const bPlain = unmarked(after, left, bEnd);
  const plainParts = bPlain.length > 0 ? diffArrays(aPlain.map((i) => before.text[i]!), bPlain.map((i) => after.text[i]!), PLACEMENT_DIFF) : undefined;
  if (plainParts === undefined || plainParts.some((part) => part.added)) return rangeDiffOps(before, after, left, left, aEnd, bEnd);
  return opsAroundMatches(plainParts, aPlain, bPlain, [left, aEnd], [left, bEnd], (a0, a1, b0, b1) =>
    rangeDiffOps(before, after, a0, b0, a1, b1),
  );
}

/**
 * The ops of a diff that matched `aAt[i]` with `bAt[j]` (the `parts` of a
 * `diffArrays` over those positions' tokens): matched positions stay, and
 * `between` gives the ops of each stretch from one match (or `a`/`b`'s
 * start) to the next (or their end). Undefined if `between` gives up.
 */
function opsAroundMatches(
  parts: readonly { value: readonly unknown[]; added?: boolean; removed?: boolean }[],
  aAt: readonly number[],
  bAt: readonly number[],
  [aFrom, aEnd]: readonly [number, number],
  [bFrom, bEnd]: readonly [number, number],
  between: (aFrom: number, aTo: number, bFrom: number, bTo: number) => TextOp[] | undefined,
): TextOp[] | undefined {
  const ops: TextOp[] = [];
  let aPos = aFrom;
  let bPos = bFrom;
  let ai = 0;
  let bi = 0;
  for (const part of parts) {
    const count = part.value.length;
    if (part.removed) ai += count;
    else if (part.added) bi += count;
    else {
      for (let k = 0; k < count; k++) {
        const aMatch = aAt[ai + k]!;
        const bMatch = bAt[bi + k]!;
        const gap = between(aPos, aMatch, bPos, bMatch);
        if (gap === undefined) return undefined;
        ops.push(...gap);
        aPos = aMatch + 1;
        bPos = bMatch + 1;
      }
      ai += count;
      bi += count;
    }
  }
  const tail = between(aPos, aEnd, bPos, bEnd);
  return tail === undefined ? undefined : [...ops, ...tail];
}

/** Steps 2 and 3 of `identityDiffOps` for `before[aFrom, aEnd)` and `after[bFrom, bEnd)`. */
function rangeDiffOps(before: IdentifiedText, after: IdentifiedText, aFrom: number, bFrom: number, aEnd: number, bEnd: number): TextOp[] | undefined {
  if (aFrom === aEnd && bFrom === bEnd) return [];
  const untouched = untouchedTypists(before, after, aFrom, bFrom, aEnd, bEnd);
  const anchorsOf = (side: IdentifiedText, from: number, end: number): number[] => {
    const out: number[] = [];
    for (let i = from; i < end; i++) if (untouched.has(side.ids[i]!)) out.push(i);
    return out;
  };
  const aAnchors = anchorsOf(before, aFrom, aEnd);
  const bAnchors = anchorsOf(after, bFrom, bEnd);
  const token = (side: IdentifiedText) => (i: number) => `${side.text[i]!}\u0000${side.ids[i]!}`;
  const anchorParts = diffArrays(aAnchors.map(token(before)), bAnchors.map(token(after)), PLACEMENT_DIFF);
  if (anchorParts === undefined) return undefined;
  return opsAroundMatches(anchorParts, aAnchors, bAnchors, [aFrom, aEnd], [bFrom, bEnd], (a0, a1, b0, b1) =>
    gapOps(before, after, a0, a1, b0, b1),
  );
}

/** Typists (identity keys) whose characters between the common ends are the same letters in the same order on both sides. */
function untouchedTypists(before: IdentifiedText, after: IdentifiedText, aFrom: number, bFrom: number, aEnd: number, bEnd: number): Set<string> {
  const letters = (side: IdentifiedText, from: number, end: number): Map<string, string> => {
    const out = new Map<string, string>();
    for (let i = from; i < end; i++) out.set(side.ids[i]!, (out.get(side.ids[i]!) ?? '') + side.text[i]!);
    return out;
  };
  const a = letters(before, aFrom, aEnd);
  const b = letters(after, bFrom, bEnd);
  return new Set([...a].filter(([id, text]) => b.get(id) === text).map(([id]) => id));
}

/** The writes that turn `before[aFrom, aTo)` into `after[bFrom, bTo)`: a diff of characters with their typist, then of plain letters in each changed stretch. */
function gapOps(before: IdentifiedText, after: IdentifiedText, aFrom: number, aTo: number, bFrom: number, bTo: number): TextOp[] | undefined {
  if (aFrom === aTo && bFrom === bTo) return [];
  const tokens = (side: IdentifiedText, from: number, to: number): string[] => {
    const out: string[] = [];
    for (let i = from; i < to; i++) out.push(`${side.text[i]!}\u0000${side.ids[i]!}`);
    return out;
  };
  const parts = diffArrays(tokens(before, aFrom, aTo), tokens(after, bFrom, bTo), PLACEMENT_DIFF);
  if (parts === undefined) return undefined;
  const ops: TextOp[] = [];
  let aPos = aFrom;
  let bPos = bFrom;
  let stretch = { at: aPos, marksAt: bPos, removed: '', added: '' };
  const close = (): boolean => {
    if (stretch.removed === '' && stretch.added === '') return true;
    const inner = charDiffOps(stretch.at, stretch.marksAt, stretch.removed, stretch.added);
    if (inner === undefined) return false;
    ops.push(...inner);
    return true;
  };
  for (const part of parts) {
    const text = part.value.map((token) => token[0]!).join('');
    if (!part.added && !part.removed) {
      if (!close()) return undefined;
      aPos += text.length;
      bPos += text.length;
      stretch = { at: aPos, marksAt: bPos, removed: '', added: '' };
    } else if (part.removed) {
      stretch.removed += text;
      aPos += text.length;
    } else {
      stretch.added += text;
      bPos += text.length;
    }
  }
  return close() ? ops : undefined;
}

/** The writes that replace `before` (at old position `at`, new position `marksAt`) by `after` with a minimal character diff. */
function charDiffOps(at: number, marksAt: number, before: string, after: string): TextOp[] | undefined {
  if (before === '' || after === '') return [{ at, remove: before.length, insert: after, marksAt }];
  const parts = diffChars(before, after, PLACEMENT_DIFF);
  if (parts === undefined) return undefined;
  // Deletions at their place in the old text, insertions at theirs in the new one.
  let aPos = at;
  let bPos = marksAt;
  const ops: TextOp[] = [];
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
  return ops;
}

/** Applies writes given in the order of the old text, from the end (earlier positions stay valid). */
function applyOps(ytext: Y.XmlText, ops: readonly TextOp[], bMarks: readonly (readonly Mark[])[], names: ReadonlyMap<string, readonly [string, unknown]>): void {
  for (const op of [...ops].reverse()) {
    if (op.remove > 0) ytext.delete(op.at, op.remove);
    if (op.insert !== '') insertAt(ytext, op.at, op.insert, bMarks[op.marksAt] ?? [], names);
  }
}
