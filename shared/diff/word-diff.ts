import { diffWordsWithSpace } from 'diff';

/**
 * The one word diff of Draftroom (cards, history, redlines): jsdiff's
 * `diffWordsWithSpace`, bounded by a time and edit budget, on the part of
 * the two texts that differs (their common start and end, cut at word
 * boundaries, are kept whole first, so one edit reads as one change even in
 * repetitive text), then tidied the way a reader expects a redline: a
 * change never starts or ends inside a word ("600,000" → "800,000" rather
 * than "600" → "800" before ",000"), and changes separated only by spaces
 * or by a kept stretch shorter than both are one change.
 */

/** Budget of one word diff; past it, the differing part counts as replaced. */
export interface WordDiffOptions {
  /** Milliseconds (default 200). */
  readonly timeout?: number;
  /** Most edits considered (default 2,000). */
  readonly maxEditLength?: number;
}

/** A stretch both texts share (`equal`) or one change; offsets into the old and the new text. */
export interface DiffSpan {
  kind: 'equal' | 'change';
  oldFrom: number;
  oldTo: number;
  newFrom: number;
  newTo: number;
}

const SPACE = /\s/;

function isWordChar(text: string, index: number): boolean {
  return index >= 0 && index < text.length && !SPACE.test(text[index]!);
}

/** Length of the common start of `a` and `b`, backed off so that it never ends inside a word. */
function commonStart(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let n = 0;
  while (n < max && a[n] === b[n]) n++;
  if (n === a.length && n === b.length) return n;
  while (n > 0 && isWordChar(a, n - 1) && (isWordChar(a, n) || isWordChar(b, n))) n--;
  return n;
}

/** Length of the common end of `a` and `b` (at most `max`), backed off so that it never starts inside a word. */
function commonEnd(a: string, b: string, max: number): number {
  let n = 0;
  while (n < max && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  while (n > 0 && isWordChar(a, a.length - n) && (isWordChar(a, a.length - n - 1) || isWordChar(b, b.length - n - 1))) n--;
  return n;
}

function rawSpans(a: string, b: string, from: number, options: WordDiffOptions): DiffSpan[] {
  const whole = (): DiffSpan[] => [{ kind: 'change', oldFrom: from, oldTo: from + a.length, newFrom: from, newTo: from + b.length }];
  if (a === '' || b === '') return a === '' && b === '' ? [] : whole();
  const parts = diffWordsWithSpace(a, b, { timeout: options.timeout ?? 200, maxEditLength: options.maxEditLength ?? 2000 });
  if (parts === undefined) return whole();
  const spans: DiffSpan[] = [];
  let i = from;
  let j = from;
  for (const part of parts) {
    const length = part.value.length;
    if (length === 0) continue;
    const last = spans[spans.length - 1];
    if (part.added || part.removed) {
      const oldLength = part.removed ? length : 0;
      const newLength = part.added ? length : 0;
      if (last && last.kind === 'change') {
        last.oldTo += oldLength;
        last.newTo += newLength;
      } else spans.push({ kind: 'change', oldFrom: i, oldTo: i + oldLength, newFrom: j, newTo: j + newLength });
      i += oldLength;
      j += newLength;
    } else {
      spans.push({ kind: 'equal', oldFrom: i, oldTo: i + length, newFrom: j, newTo: j + length });
      i += length;
      j += length;
    }
  }
  return spans;
}

/** Length of the run of non-space characters at the end of `text`. */
function trailingWord(text: string): number {
  let n = 0;
  while (n < text.length && !SPACE.test(text[text.length - 1 - n]!)) n++;
  return n;
}

/** Length of the run of non-space characters at the start of `text`. */
function leadingWord(text: string): number {
  let n = 0;
  while (n < text.length && !SPACE.test(text[n]!)) n++;
  return n;
}

function startsInWord(change: DiffSpan, a: string, b: string): boolean {
  const first = (text: string, from: number, to: number): boolean => to > from && !SPACE.test(text[from]!);
  return first(a, change.oldFrom, change.oldTo) || first(b, change.newFrom, change.newTo);
}

function endsInWord(change: DiffSpan, a: string, b: string): boolean {
  const last = (text: string, from: number, to: number): boolean => to > from && !SPACE.test(text[to - 1]!);
  return last(a, change.oldFrom, change.oldTo) || last(b, change.newFrom, change.newTo);
}

/** One pass of tidying; returns true if it changed anything. */
function tidyOnce(spans: DiffSpan[], a: string, b: string): boolean {
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k]!;
    if (span.kind === 'equal') {
      // Empty, only spaces, or shorter than the changes on both sides (diff-match-patch's
      // semantic cleanup: "within 100 days of the lifting" is one change, not two around "the").
      const text = b.slice(span.newFrom, span.newTo);
      const prev = spans[k - 1];
      const next = spans[k + 1];
      const size = (s: DiffSpan): number => Math.max(s.oldTo - s.oldFrom, s.newTo - s.newFrom);
      const between = prev?.kind === 'change' && next?.kind === 'change';
      const swallowed = between && (text.trim() === '' || (text.length <= size(prev) && text.length <= size(next)));
      if (span.newTo === span.newFrom || swallowed) {
        if (prev?.kind === 'change' && next?.kind === 'change') {
          prev.oldTo = next.oldTo;
          prev.newTo = next.newTo;
          spans.splice(k, 2);
        } else spans.splice(k, 1);
        return true;
      }
      continue;
    }
    const before = spans[k - 1];
    if (before && before.kind === 'equal' && startsInWord(span, a, b)) {
      const n = trailingWord(b.slice(before.newFrom, before.newTo));
      if (n > 0) {
        before.oldTo -= n;
        before.newTo -= n;
        span.oldFrom -= n;
        span.newFrom -= n;
        return true;
      }
    }
    const after = spans[k + 1];
    if (after && after.kind === 'equal' && endsInWord(span, a, b)) {
      const n = leadingWord(b.slice(after.newFrom, after.newTo));
      if (n > 0) {
        after.oldFrom += n;
        after.newFrom += n;
        span.oldTo += n;
        span.newTo += n;
        return true;
      }
    }
  }
  return false;
}

/**
 * The word diff from `a` to `b` as spans: equal stretches and changes
 * (deleted and/or inserted text), in order, covering both texts. Identical
 * texts give one equal span (none when empty).
 */
export function diffWordSpans(a: string, b: string, options: WordDiffOptions = {}): DiffSpan[] {
  if (a === b) return a === '' ? [] : [{ kind: 'equal', oldFrom: 0, oldTo: a.length, newFrom: 0, newTo: b.length }];
  const start = commonStart(a, b);
  const end = commonEnd(a, b, Math.min(a.length, b.length) - start);
  const spans: DiffSpan[] = [];
  if (start > 0) spans.push({ kind: 'equal', oldFrom: 0, oldTo: start, newFrom: 0, newTo: start });
  spans.push(...rawSpans(a.slice(start, a.length - end), b.slice(start, b.length - end), start, options));
  if (end > 0) spans.push({ kind: 'equal', oldFrom: a.length - end, oldTo: a.length, newFrom: b.length - end, newTo: b.length });
  for (let k = spans.length - 1; k > 0; k--) {
    const prev = spans[k - 1]!;
    const span = spans[k]!;
    if (prev.kind === span.kind) {
      prev.oldTo = span.oldTo;
      prev.newTo = span.newTo;
      spans.splice(k, 1);
    }
  }
  let guard = 4 * (a.length + b.length) + 16;
  while (guard-- > 0 && tidyOnce(spans, a, b));
  for (let k = 1; k + 1 < spans.length; k++) slide(spans, k, a, b);
  return spans;
}

/** How well a change boundary at `x` in `text` reads: the text's ends, then sentence ends, then word ends. */
function boundaryScore(text: string, x: number): number {
  if (x <= 0 || x >= text.length) return 6;
  const before = text[x - 1]!;
  const after = text[x]!;
  if (SPACE.test(before) && (x < 2 || /[.!?;:]/.test(text[x - 2]!))) return 5;
  if (/[.!?;:]/.test(before) && SPACE.test(after)) return 4;
  if (SPACE.test(before) || SPACE.test(after)) return 2;
  return 0;
}

/**
 * Slides a pure deletion or insertion between two kept stretches to where it
 * reads best (diff-match-patch's semantic lossless shift): deleting "The X.
 * " from "The X. The Y" is one sentence, not "X. The " after the first "The ".
 */
function slide(spans: DiffSpan[], k: number, a: string, b: string): void {
  const prev = spans[k - 1]!;
  const span = spans[k]!;
  const next = spans[k + 1]!;
  if (span.kind !== 'change' || prev.kind !== 'equal' || next.kind !== 'equal') return;
  const deletion = span.newFrom === span.newTo;
  if (!deletion && span.oldFrom !== span.oldTo) return;
  const text = deletion ? a : b;
  const from = deletion ? span.oldFrom : span.newFrom;
  const to = deletion ? span.oldTo : span.newTo;
  const minFrom = deletion ? prev.oldFrom : prev.newFrom;
  const maxTo = deletion ? next.oldTo : next.newTo;
  let best = 0;
  let bestScore = boundaryScore(text, from) + boundaryScore(text, to);
  for (let shift = -1; from + shift >= minFrom && text[from + shift] === text[to + shift]; shift--) {
    const score = boundaryScore(text, from + shift) + boundaryScore(text, to + shift);
    if (score > bestScore) [best, bestScore] = [shift, score];
  }
  for (let shift = 1; to + shift <= maxTo && text[from + shift - 1] === text[to + shift - 1]; shift++) {
    const score = boundaryScore(text, from + shift) + boundaryScore(text, to + shift);
    if (score > bestScore) [best, bestScore] = [shift, score];
  }
  if (best === 0) return;
  span.oldFrom += best;
  span.oldTo += best;
  span.newFrom += best;
  span.newTo += best;
  prev.oldTo += best;
  prev.newTo += best;
  next.oldFrom += best;
  next.newFrom += best;
  if (prev.oldTo === prev.oldFrom) spans.splice(k - 1, 1);
  else if (next.oldTo === next.oldFrom) spans.splice(k + 1, 1);
}
