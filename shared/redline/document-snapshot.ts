import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import type { ChangeRecord, CommentRecord } from '../domain/types';
import { readBracketViews } from '../negotiation/bracket-text';
import type { BracketView } from '../negotiation/bracket-view';
import { readSuggestedDoc } from '../suggest/suggested-doc';
import { readChanges, readComments } from '../ydoc/layout';

/** What a redline reads from a document's Y.Doc (immutable: it outlives the Y.Doc). */
export interface DocumentSnapshot {
  /** The content as the suggestion engine sees it (clause-level suggestions projected from the records). */
  readonly doc: PMNode;
  readonly records: readonly ChangeRecord[];
  readonly comments: readonly CommentRecord[];
  /** The open brackets (where their words are in `doc`, whose each alternative is). */
  readonly brackets: readonly BracketView[];
}

/** Reads a Y.Doc for a redline, headless (`readSuggestedDoc`, not the bare content: see CAVEATS.md). */
export function documentSnapshot(ydoc: Y.Doc): DocumentSnapshot {
  const doc = readSuggestedDoc(ydoc);
  return { doc, records: readChanges(ydoc), comments: readComments(ydoc), brackets: readBracketViews(ydoc, doc) };
}
