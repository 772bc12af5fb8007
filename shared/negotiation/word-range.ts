import type { Node as PMNode } from 'prosemirror-model';
import { DraftroomError } from '../api/errors';
import { clauseIdOf } from '../suggest/marks';

/**
 * Where given words are in a clause: for scripts and the CLI, which name
 * the words to bracket rather than positions. Pure.
 */

/** The document range of the first occurrence of `words` inside one text node of clause `clauseId`; `invalid-argument` if absent. */
export function rangeOfWords(doc: PMNode, clauseId: string, words: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  doc.forEach((clause, offset) => {
    if (found || clauseIdOf(clause) !== clauseId) return;
    clause.descendants((node, pos) => {
      if (found || !node.isText) return !found;
      const at = (node.text ?? '').indexOf(words);
      if (at >= 0) found = { from: offset + 1 + pos + at, to: offset + 1 + pos + at + words.length };
      return false;
    });
  });
  if (!found) throw new DraftroomError('invalid-argument', `no "${words}" in clause ${clauseId}`);
  return found;
}
