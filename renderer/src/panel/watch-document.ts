import type * as Y from 'yjs';
import { changesMap, commentsMap, contentFragment } from '../../../shared/ydoc/layout';

/**
 * Calls `onChange` whenever the document's comments, change records or
 * content change (local or remote); returns the function that stops it.
 */
export function watchDocument(ydoc: Y.Doc, onChange: () => void): () => void {
  const comments = commentsMap(ydoc);
  const changes = changesMap(ydoc);
  const content = contentFragment(ydoc);
  const handler = (): void => onChange();
  comments.observeDeep(handler);
  changes.observeDeep(handler);
  content.observeDeep(handler);
  return () => {
    comments.unobserveDeep(handler);
    changes.unobserveDeep(handler);
    content.unobserveDeep(handler);
  };
}
