import type { Mark, Node as PMNode } from 'prosemirror-model';
import { AddMarkStep, RemoveMarkStep, ReplaceAroundStep, ReplaceStep } from 'prosemirror-transform';
import type { Transaction } from 'prosemirror-state';
import { clauseOpOf } from '../editing/clause-commands';
import { isSuggestionMark, markChangeId } from './marks';

/** What a lead in Editing mode is told when a direct edit would change another member's pending suggestion. */
export const FOREIGN_SUGGESTION_MESSAGE =
  'This text is another member’s pending suggestion: accept or reject it first, or comment on it.';

/**
 * The id of another member's pending suggestion that a direct (untracked) edit would change, or null.
 *
 * Main refuses any update whose text or suggestion marks change under another member's suggestion (only its
 * author edits it, only a decision removes its marks: `main/policy/suggestion-ownership.ts`). A lead editing
 * directly is checked here first, so the edit is refused in the editor with a reason instead of being applied,
 * sent and refused by main: content the steps delete or replace that carries such a mark, text they insert
 * that carries one (typing inside another member's insertion inherits its mark), any edit inside a clause
 * another member proposed (its clause node carries their insertion mark), and such a mark added or taken
 * away. A clause moved whole keeps its text and marks, as main reads it; decisions, remote and undo
 * transactions are not direct edits and are not checked here.
 */
export function foreignSuggestionTouched(tr: Transaction, mine: (changeId: string) => boolean): string | null {
  if (clauseOpOf(tr)?.type === 'move') return null;
  const foreign = (marks: readonly Mark[]): string | null => {
    for (const mark of marks) if (isSuggestionMark(mark) && !mine(markChangeId(mark))) return markChangeId(mark);
    return null;
  };
  let found: string | null = null;
  /** A clause node's own insertion mark of another member: the clause is their proposed clause (main's rule). */
  const foreignProposal = (clause: PMNode): string | null => foreign(clause.marks.filter((m) => m.type.name === 'insertion'));
  const inRange = (doc: PMNode, from: number, to: number): void => {
    // The clause the edit is in: another member's proposed clause is theirs to edit (typing at its end too).
    for (const pos of from === to ? [from] : [from, to]) {
      const $pos = doc.resolve(pos);
      for (let depth = $pos.depth; depth > 0 && found === null; depth--) {
        if ($pos.node(depth).type.name === 'clause') found = foreignProposal($pos.node(depth));
      }
    }
    if (found !== null || to <= from) return;
    doc.nodesBetween(from, to, (node) => {
      // Text and inline nodes carry text changes; a clause its own (a proposed clause; one proposed for removal
      // may still be edited, as main allows). Other blocks carry no suggestion marks in the Y.Doc.
      if (node.type.name === 'clause') found ??= foreignProposal(node);
      else if (node.isInline) found ??= foreign(node.marks);
      return found === null;
    });
  };
  const inContent = (content: { descendants(f: (node: PMNode) => boolean): void }): void => {
    content.descendants((node) => {
      found ??= foreign(node.marks);
      return found === null;
    });
  };
  tr.steps.forEach((step, i) => {
    if (found !== null) return;
    const doc = tr.docs[i]!;
    if (step instanceof ReplaceAroundStep) {
      inRange(doc, step.from, step.gapFrom);
      inRange(doc, step.gapTo, step.to);
      inContent(step.slice.content);
    } else if (step instanceof ReplaceStep) {
      inRange(doc, step.from, step.to);
      inContent(step.slice.content);
    } else if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
      found = foreign([step.mark]);
    }
  });
  return found;
}
