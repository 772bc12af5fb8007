import { diffWordSpans, type WordDiffOptions } from '../diff/word-diff';
import { piecesText, pushPiece, sameStyle, type StyledPiece } from './clause-content';

/**
 * The comparison redline's word diff of two runs of styled text: the one
 * word diff (`shared/diff/word-diff.ts`) on their plain text, with the
 * formatting brought back from the pieces (kept text takes the new side's
 * formatting).
 */

export type { WordDiffOptions } from '../diff/word-diff';

/** A stretch of text both sides share, or one change (deleted and/or inserted text). */
export type DiffSegment =
  | { readonly kind: 'equal'; readonly pieces: readonly StyledPiece[] }
  | { readonly kind: 'change'; readonly deleted: readonly StyledPiece[]; readonly inserted: readonly StyledPiece[] };

/**
 * True if `pieces` are as `pushPiece` leaves them: no empty piece, and no
 * two neighbours it would join. Slicing such pieces whole gives them back
 * unchanged.
 */
export function isJoined(pieces: readonly StyledPiece[]): boolean {
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (piece.text === '') return false;
    const previous = i > 0 ? pieces[i - 1]! : undefined;
    if (previous && previous.text !== '\n' && piece.text !== '\n' && sameStyle(previous, piece)) return false;
  }
  return true;
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
  const oldText = piecesText(before);
  const newText = piecesText(after);
  // Same text (most blocks of a comparison): one equal stretch of the new side's pieces, which are already what slicing them whole gives.
  if (oldText === newText && isJoined(after)) return newText === '' ? [] : [{ kind: 'equal', pieces: after }];
  return diffWordSpans(oldText, newText, options).map((span): DiffSegment =>
    span.kind === 'equal'
      ? { kind: 'equal', pieces: slicePieces(after, span.newFrom, span.newTo) }
      : { kind: 'change', deleted: slicePieces(before, span.oldFrom, span.oldTo), inserted: slicePieces(after, span.newFrom, span.newTo) },
  );
}
