import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { Transform } from 'prosemirror-transform';
import { markChangeId } from './marks';

/**
 * The one reading of the suggestion marks a piece of text carries, for every
 * reader (editor decorations, cards, History, redlines and exports,
 * decisions, the update policy). It never writes.
 *
 * Suggestion marks are Yjs formatting ranges, so text edited concurrently by
 * two members can carry marks of several changes (CAVEATS "Concurrent tracked
 * edits side by side"):
 * - several deletions (two members struck the same words): each change
 *   deletes the text; `proposalSchema` lets deletions of different changes
 *   share text, so accepting either removes it and rejecting one leaves the
 *   other's strike;
 * - an insertion and deletions (text typed inside, or right at the edge of, a
 *   range another member struck at the same time): the text is the typist's
 *   insertion. Nobody strikes text they have not seen, and striking another
 *   member's pending insertion is refused (the update policy), so such a
 *   deletion mark is void: it reads as not there, and deciding either change
 *   never deletes the typed text through it;
 * - two insertions (one member's insertion range spread over text another
 *   typed at the same spot: y-prosemirror may end a range a few characters
 *   further than the typed text, after original text its diff matched): the
 *   text is the innermost insertion, the range opened last around it. Marks
 *   keep the order in which their Yjs ranges opened (Yjs's delta attributes
 *   and ProseMirror's stable sort by mark rank keep it), so that is the last
 *   insertion mark of the text.
 */

/** What a text's suggestion marks mean: its insertion, or the deletions that strike it. */
export interface TextChange {
  /** The insertion the text is, if any (then `deletions` is empty). */
  readonly insertion: Mark | null;
  /** The changes that strike the text (none when it is an insertion). */
  readonly deletions: readonly Mark[];
}

const NO_CHANGE: TextChange = { insertion: null, deletions: [] };

function byChangeId(a: Mark, b: Mark): number {
  return markChangeId(a).localeCompare(markChangeId(b));
}

/** Reads a text's marks as one insertion or a set of deletions. */
export function readTextChange(marks: readonly Mark[]): TextChange {
  let insertion: Mark | null = null;
  let deletions: Mark[] | null = null;
  for (const mark of marks) {
    const name = mark.type.name;
    if (name === 'insertion') {
      insertion = mark;
    } else if (name === 'deletion') {
      (deletions ??= []).push(mark);
    }
  }
  if (insertion !== null) return { insertion, deletions: [] };
  if (deletions === null) return NO_CHANGE;
  return { insertion: null, deletions: deletions.length > 1 ? deletions.sort(byChangeId) : deletions };
}

/** The suggestion marks of a text that count (`readTextChange`): its insertion, or every deletion. */
export function effectiveChangeMarks(marks: readonly Mark[]): readonly Mark[] {
  const change = readTextChange(marks);
  return change.insertion !== null ? [change.insertion] : change.deletions;
}

/** The marks that do not count: deletions on an insertion, and the outer ones of several insertions. */
export function voidChangeMarks(marks: readonly Mark[]): Mark[] {
  const change = readTextChange(marks);
  if (change.insertion === null) return [];
  return marks.filter((m) => (m.type.name === 'insertion' || m.type.name === 'deletion') && m !== change.insertion);
}

/** True if the text's marks say change `changeId` inserts it (kind 'insertion') or strikes it (kind 'deletion'). */
export function textHasChange(marks: readonly Mark[], changeId: string, kind: 'insertion' | 'deletion'): boolean {
  const change = readTextChange(marks);
  if (kind === 'insertion') return change.insertion !== null && markChangeId(change.insertion) === changeId;
  return change.deletions.some((m) => markChangeId(m) === changeId);
}

/**
 * Adds to `tr` the steps that take the void marks (`voidChangeMarks`) off the
 * text of the given top-level clauses (all when omitted), so that the
 * document is valid under `proposalSchema`. For a copy a headless reader
 * builds (`suggestedDoc`) and for a decision that settles the text; the live
 * editor only reads. Returns true if it changed anything.
 */
export function dropVoidChangeMarks(tr: Transform, clauseIndices?: readonly number[]): boolean {
  const before = tr.steps.length;
  const doc: PMNode = tr.doc;
  const starts: number[] = [];
  doc.forEach((_n, pos) => starts.push(pos));
  for (const index of clauseIndices ?? starts.keys()) {
    if (index < 0 || index >= doc.childCount) continue;
    const offset = starts[index]!;
    doc.child(index).descendants((node, pos) => {
      if (!node.isText) return true;
      // A void mark needs an insertion and another change mark on the same text.
      if (node.marks.length < 2) return false;
      const from = offset + 1 + pos;
      for (const mark of voidChangeMarks(node.marks)) tr.removeMark(from, from + node.nodeSize, mark);
      return false;
    });
  }
  return tr.steps.length > before;
}
