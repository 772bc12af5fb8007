import { diffWordsWithSpace } from 'diff';
import { piecesText, pushPiece, type StyledPiece } from './clause-content';

/**
 * Word diff of two runs of styled text for a comparison redline: jsdiff's
 * `diffWordsWithSpace` (bounded by a time and edit budget), then tidied the
 * way a reader expects a redline: a change never starts or ends inside a
 * word ("600,000" → "800,000" rather than "600" → "800" before ",000"), and
 * changes separated only by spaces are one change. Formatting comes back
 * from the pieces (kept text takes the new side's formatting).
 */

/** A stretch of text both sides share, or one change (deleted and/or inserted text). */
export type DiffSegment =
  | { readonly kind: 'equal'; readonly pieces: readonly StyledPiece[] }
  | { readonly kind: 'change'; readonly deleted: readonly StyledPiece[]; readonly inserted: readonly StyledPiece[] };

/** Budget of one word diff; past it, the whole text counts as replaced. */
export interface WordDiffOptions {
  /** Milliseconds (default 200). */
  readonly timeout?: number;
  /** Most edits considered (default 2,000). */
  readonly maxEditLength?: number;
}

interface Span {
  kind: 'equal' | 'change';
  oldFrom: number;
  oldTo: number;
  newFrom: number;
  newTo: number;
}

function rawSpans(a: string, b: string, options: WordDiffOptions): Span[] {
  const parts = diffWordsWithSpace(a, b, { timeout: options.timeout ?? 200, maxEditLength: options.maxEditLength ?? 2000 });
  if (parts === undefined) return [{ kind: 'change', oldFrom: 0, oldTo: a.length, newFrom: 0, newTo: b.length }];
  const spans: Span[] = [];
  let i = 0;
  let j = 0;
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

const SPACE = /\s/;

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

function startsInWord(change: Span, a: string, b: string): boolean {
  const first = (text: string, from: number, to: number): boolean => to > from && !SPACE.test(text[from]!);
  return first(a, change.oldFrom, change.oldTo) || first(b, change.newFrom, change.newTo);
}

function endsInWord(change: Span, a: string, b: string): boolean {
  const last = (text: string, from: number, to: number): boolean => to > from && !SPACE.test(text[to - 1]!);
  return last(a, change.oldFrom, change.oldTo) || last(b, change.newFrom, change.newTo);
}

/** One pass of tidying; returns true if it changed anything. */
function tidyOnce(spans: Span[], a: string, b: string): boolean {
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k]!;
    if (span.kind === 'equal') {
      // Empty, only spaces, or shorter than the changes on both sides (diff-match-patch's
      // semantic cleanup: "within 100 days of the lifting" is one change, not two around "the").
      const text = b.slice(span.newFrom, span.newTo);
      const prev = spans[k - 1];
      const next = spans[k + 1];
      const size = (s: Span): number => Math.max(s.oldTo - s.oldFrom, s.newTo - s.newFrom);
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

/** The pieces covering characters [from, to) of their text. */
export function slicePieces(pieces: readonly StyledPiece[], from: number, to: number): StyledPiece[] {
  const out: StyledPiece[] = [];
  let at = 0;
  for (const piece of pieces) {
    const end = at + piece.text.length;
    const a = Math.max(from, at);
    const b = Math.min(to, end);
    if (b > a) pushPiece(out, { ...piece, text: piece.text.slice(a - at, b - at) });
    at = end;
    if (at >= to) break;
  }
  return out;
}

/**
 * The word diff from `before` to `after` as equal stretches and changes
 * (deleted, then inserted text). Identical text gives one equal segment;
 * empty sides give one change.
 */
export function diffPieces(before: readonly StyledPiece[], after: readonly StyledPiece[], options: WordDiffOptions = {}): DiffSegment[] {
  const a = piecesText(before);
  const b = piecesText(after);
  if (a === b) return a === '' ? [] : [{ kind: 'equal', pieces: [...after] }];
  const spans = a === '' || b === '' ? [{ kind: 'change' as const, oldFrom: 0, oldTo: a.length, newFrom: 0, newTo: b.length }] : rawSpans(a, b, options);
  let guard = 4 * (a.length + b.length) + 16;
  while (guard-- > 0 && tidyOnce(spans, a, b));
  return spans.map((span): DiffSegment =>
    span.kind === 'equal'
      ? { kind: 'equal', pieces: slicePieces(after, span.newFrom, span.newTo) }
      : { kind: 'change', deleted: slicePieces(before, span.oldFrom, span.oldTo), inserted: slicePieces(after, span.newFrom, span.newTo) },
  );
}
