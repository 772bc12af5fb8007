import type { StyledPiece } from './clause-content';
import { textRun, type RedlineText, type RunRevision } from './model';

/** How pieces become runs. */
export interface RunOptions {
  /** Revision of pieces that carry none of their own (a whole clause added or removed). */
  readonly revision?: RunRevision;
  /** Revision of every piece, whatever it carries (a comparison's hunks). */
  readonly force?: RunRevision | null;
  /** Make every run bold (a clause heading). */
  readonly bold?: boolean;
  /** Extra comment anchor keys of every run. */
  readonly anchors?: readonly string[];
}

/** Styled pieces as redline text runs. */
export function piecesToRuns(pieces: readonly StyledPiece[], options: RunOptions = {}): RedlineText[] {
  return pieces.map((piece) => {
    const revision = options.force !== undefined ? (options.force ?? undefined) : (piece.change ?? options.revision);
    return textRun(piece.text, {
      ...(piece.bold || options.bold ? { bold: true } : {}),
      ...(piece.italic ? { italic: true } : {}),
      ...(revision ? { revision } : {}),
      ...(options.anchors && options.anchors.length > 0 ? { anchors: options.anchors } : {}),
    });
  });
}
