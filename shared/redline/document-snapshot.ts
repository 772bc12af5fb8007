import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import type { ChangeRecord, CommentRecord } from '../domain/types';
import { readSuggestedDoc } from '../suggest/suggested-doc';
import { readChanges, readComments } from '../ydoc/layout';

/** What a redline reads from a document's Y.Doc (immutable: it outlives the Y.Doc). */
export interface DocumentSnapshot {
  /** The content as the suggestion engine sees it (clause-level suggestions projected from the records). */
  readonly doc: PMNode;
  readonly records: readonly ChangeRecord[];
  readonly comments: readonly CommentRecord[];
}

/** Reads a Y.Doc for a redline, headless (`readSuggestedDoc`, not the bare content: see CAVEATS.md). */
export function documentSnapshot(ydoc: Y.Doc): DocumentSnapshot {
  return { doc: readSuggestedDoc(ydoc), records: readChanges(ydoc), comments: readComments(ydoc) };
}
