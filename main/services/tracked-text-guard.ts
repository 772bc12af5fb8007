import type * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import type { Identity } from '../../shared/domain/types';
import { expectedClauseMarks } from '../../shared/suggest/clause-marks';
import { readSuggestedDoc } from '../../shared/suggest/suggested-doc';
import { readChanges } from '../../shared/ydoc/layout';

/**
 * Main's check that a member who may only suggest (everyone but a lead)
 * changes the text only through tracked suggestions. It compares the
 * document as it would read if every pending suggestion were rejected (the
 * "original" text) before and after the member's update: typing, deleting
 * and replacing in suggestion mode leave it as it was (insertions are left
 * out, deletions kept), and so do proposed clause additions, removals and
 * moves. Text alone is compared, white space removed, clause by clause (by
 * stable id, so order does not matter): structure a suggester may change
 * untracked (splitting a paragraph, making a list) passes. A clause that
 * appears is not refused: the editor sends a new clause's content before
 * the record that proposes it, so main cannot tell it from an untracked one.
 */

/** Clause id → its original text without white space; clauses proposed for addition are left out. */
export type OriginalText = ReadonlyMap<string, string>;

/** Whether main requires `identity`'s text edits to be tracked suggestions. */
export function mustSuggest(identity: Identity | null): boolean {
  return identity !== null && identity.member.role !== 'lead';
}

/** The original text of every clause of a document (one headless read of the whole document). */
export function originalText(ydoc: Y.Doc): OriginalText {
  const out = new Map<string, string>();
  readSuggestedDoc(ydoc).forEach((clause) => {
    if (clause.type.name !== 'clause' || clause.marks.some((m) => m.type.name === 'insertion')) return;
    out.set(String(clause.attrs['id'] ?? ''), untrackedText(clause));
  });
  return out;
}

function untrackedText(node: PMNode): string {
  let text = '';
  node.descendants((child) => {
    if (child.isText && !child.marks.some((m) => m.type.name === 'insertion')) text += child.text ?? '';
    return true;
  });
  return text.replace(/\s+/g, '');
}

/** Why the change from `before` to `after` is not a tracked suggestion by `identity`, or null if it is. */
export function untrackedEditRefusal(before: OriginalText, after: OriginalText, identity: Identity): string | null {
  const who = `${identity.member.name} (${identity.party.name}) is a ${identity.member.role}`;
  for (const [clauseId, text] of before) {
    const now = after.get(clauseId);
    if (now === undefined) return `${who} and may propose removing a clause, not remove it (clause ${clauseId})`;
    if (now !== text) return `${who} and may change the text only as tracked suggestions (clause ${clauseId})`;
  }
  // A clause that appears is not checked here: its content reaches main before the record that proposes it.
  return null;
}

/**
 * Which clauses the records propose to add, as one string: the original
 * text leaves those clauses out, so a record that changes this changes the
 * original text even when the content did not change.
 */
export function proposedAdditionsKey(ydoc: Y.Doc): string {
  const ids: string[] = [];
  for (const [clauseId, mark] of expectedClauseMarks(readChanges(ydoc))) if (mark.name === 'insertion') ids.push(clauseId);
  return ids.sort().join('\n');
}
