import type { Node as PMNode } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';
import { ReplaceStep } from 'prosemirror-transform';
import { isSuggestionMark, markChangeId } from './marks';

/**
 * Text that carries another member's suggestion mark stays in the document
 * when the suggestion library deletes it for real.
 *
 * The library keeps a deletion across a paragraph boundary visible with a
 * zero-width anchor, and when a new strike starts right after (or ends right
 * before) an existing anchor it deletes that anchor, to join the two
 * strikes — whoever's marks the anchor carries. Selecting from the end of a
 * paragraph whose anchor another member had struck across the boundary, then
 * typing, Backspace or Delete, deleted their anchor and with it their mark
 * (the update policy refused the edit as one of the other member's change,
 * and the suggester's window reloaded). Only the member's own pending
 * insertions may go for real; anything else the library deleted that wears
 * another member's mark is put back where it was, with its marks, so the
 * Y.Doc keeps its item (keeps-others-text seeds 26, 29, 30).
 */

/** True for text wearing another member's suggestion mark and no insertion mark of the member's own. */
function othersMarked(node: PMNode, mine: (id: string) => boolean): boolean {
  let foreign = false;
  for (const mark of node.marks) {
    if (!isSuggestionMark(mark)) continue;
    const own = mine(markChangeId(mark));
    if (own && mark.type.name === 'insertion') return false;
    if (!own) foreign = true;
  }
  return foreign;
}

/** A run of the document before the transaction that the transaction deleted. */
interface Lost {
  /** Its position in the document before the transaction. */
  from: number;
  to: number;
  /** Start of the text node it is part of (runs of one node join). */
  nodeStart: number;
  node: PMNode;
}

/**
 * Puts back, in `tr` (a tracked transaction built on `before`), the text of
 * `before` that its replace steps deleted although it wears another member's
 * suggestion mark and is not one of the member's own insertions (`mine`
 * tells the member's own change ids). Each run goes back where it was, with
 * the marks it had, in a paragraph (a run whose place is no longer inside
 * text content is left out).
 */
export function restoreOthersMarkedText(before: PMNode, tr: Transaction, mine: (id: string) => boolean): void {
  const lost: Lost[] = [];
  const seen = new Set<number>();
  const count = tr.steps.length;
  for (let i = 0; i < count; i++) {
    const step = tr.steps[i];
    if (!(step instanceof ReplaceStep) || step.from === step.to) continue;
    // What the step deleted, in the document before the transaction (content earlier steps inserted maps to nothing).
    const back = tr.mapping.slice(0, i).invert();
    const from = back.map(step.from, 1);
    const to = back.map(step.to, -1);
    if (to <= from) continue;
    before.nodesBetween(from, to, (node, pos) => {
      if (!node.isText) return true;
      if (!othersMarked(node, mine)) return false;
      const end = Math.min(pos + node.nodeSize, to);
      for (let ch = Math.max(pos, from); ch < end; ch++) {
        if (seen.has(ch) || !tr.mapping.mapResult(ch, 1).deletedAfter) continue;
        seen.add(ch);
        const last = lost[lost.length - 1];
        if (last && last.nodeStart === pos && last.to === ch) last.to = ch + 1;
        else lost.push({ from: ch, to: ch + 1, nodeStart: pos, node });
      }
      return false;
    });
  }
  if (lost.length === 0) return;
  // Right to left, so that each insertion leaves the places of the others as mapped; of runs that land on one place, the later first.
  const places = lost.map((run) => ({ run, at: tr.mapping.map(run.from, -1) }));
  places.sort((x, y) => y.at - x.at || y.run.from - x.run.from);
  for (const { run, at } of places) {
    if (!tr.doc.resolve(at).parent.inlineContent) continue;
    tr.insert(at, run.node.cut(run.from - run.nodeStart, run.to - run.nodeStart));
  }
}
