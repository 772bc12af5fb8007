import {
  AddMarkStep,
  AddNodeMarkStep,
  AttrStep,
  RemoveMarkStep,
  RemoveNodeMarkStep,
  type Step,
  type Transform,
} from 'prosemirror-transform';

/**
 * Ranges of a transform's final document that its steps produced or
 * touched, so that post-processing looks at those places only instead of
 * walking the whole document on every keystroke.
 */

/** A half-open document range [from, to). */
export type Range = [from: number, to: number];

function mapRanges(ranges: Range[], step: Step): void {
  const map = step.getMap();
  for (const r of ranges) {
    const from = map.map(r[0], 1);
    const to = map.map(r[1], -1);
    r[0] = Math.min(from, to);
    r[1] = Math.max(from, to);
  }
}

/** Ranges of the final document holding content that the transform inserted. */
export function insertedRanges(tr: Transform): Range[] {
  const ranges: Range[] = [];
  for (const step of tr.steps) {
    mapRanges(ranges, step);
    step.getMap().forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      if (newEnd > newStart) ranges.push([newStart, newEnd]);
    });
  }
  return mergeRanges(ranges.filter((r) => r[1] > r[0]));
}

/**
 * Ranges of the final document that any step inserted into, deleted at,
 * re-marked or re-attributed, widened by `pad` positions each side.
 */
export function touchedRanges(tr: Transform, pad = 1): Range[] {
  const ranges: Range[] = [];
  tr.steps.forEach((step, i) => {
    mapRanges(ranges, step);
    const docAfter = i + 1 < tr.docs.length ? tr.docs[i + 1]! : tr.doc;
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
      ranges.push([step.from, step.to]);
    } else if (step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep || step instanceof AttrStep) {
      const node = docAfter.nodeAt(step.pos);
      ranges.push([step.pos, step.pos + (node ? node.nodeSize : 1)]);
    } else {
      step.getMap().forEach((_oldStart, _oldEnd, newStart, newEnd) => ranges.push([newStart, newEnd]));
    }
  });
  const size = tr.doc.content.size;
  return mergeRanges(ranges.map(([a, b]) => [Math.max(0, a - pad), Math.min(size, b + pad)] as Range));
}

/** Sorted, non-overlapping union of ranges (touching ranges are joined). */
export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = ranges.map((r) => [r[0], r[1]] as Range).sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

/** True if position `pos` (a character starting there) lies inside one of the sorted ranges. */
export function inRanges(ranges: readonly Range[], pos: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (pos < r[0]) hi = mid - 1;
    else if (pos >= r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}
