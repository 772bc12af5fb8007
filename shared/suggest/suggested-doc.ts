import type { Node as PMNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import type * as Y from 'yjs';
import type { ChangeRecord } from '../domain/types';
import { readChanges, readProseMirrorDoc } from '../ydoc/layout';
import { projectClauseMarks } from './clause-marks';
import { dropVoidChangeMarks } from './text-change';

/**
 * A proposal as the suggestion engine sees it: the content with clause-level
 * suggestion marks projected from the change records (y-prosemirror does not
 * keep block marks) and the text marks that do not count dropped (a
 * deletion on text that is another change's insertion, see `text-change.ts`;
 * deletions of several changes on one text stay).
 */
export function suggestedDoc(content: PMNode, records: readonly ChangeRecord[]): PMNode {
  const tr = new Transform(content);
  dropVoidChangeMarks(tr);
  projectClauseMarks(tr, records);
  return tr.doc;
}

/**
 * The document of a Y.Doc as the suggestion engine sees it (see
 * `suggestedDoc`). Use this, not the bare `readProseMirrorDoc`, wherever
 * pending suggestions matter: CLI `show`/`changes`, exports, decisions.
 */
export function readSuggestedDoc(ydoc: Y.Doc): PMNode {
  return suggestedDoc(readProseMirrorDoc(ydoc), readChanges(ydoc));
}
