import type { EditorState, Transaction } from 'prosemirror-state';
import { AddMarkStep, AddNodeMarkStep, RemoveMarkStep, ReplaceAroundStep, ReplaceStep, type Step } from 'prosemirror-transform';
import { suggestChangesKey, transformToSuggestionTransaction } from '@handlewithcare/prosemirror-suggest-changes';
import { ySyncPluginKey } from 'y-prosemirror';
import type { Identity } from '../domain/types';
import { newId } from '../domain/ids';
import { CLAUSE_OP_META, type ClauseOp } from '../editing/clause-commands';
import { findClauseById } from '../editing/clause-position';
import { markChangeId, nodeChangeId, suggestionMarkTypes } from './marks';
import { fixAttribution } from './attribution';
import { restoreOthersMarkedText } from './others-marked-text';
import { asPlainDeletion } from './plain-deletion';
import { DECISION_META, SUGGEST_META, type SuggestMeta } from './meta';
import { errorText } from '../api/errors';

/**
 * Suggestion tracking: turns an ordinary editor transaction into a tracked
 * one (insertions marked, deletions kept with a deletion mark, clause-level
 * operations marked at the clause) on top of
 * @handlewithcare/prosemirror-suggest-changes, with Draftroom's rules for
 * who a change belongs to.
 */

/** Why an edit was refused in suggestion mode. */
export type RefusalReason = 'observer' | 'foreign-proposal' | 'already-removed' | 'unsupported';

/** What tracking did with a transaction. */
export type TrackOutcome =
  /** Dispatch the transaction unchanged (remote, undo/redo, a decision, no content change, direct editing). */
  | { readonly action: 'pass'; readonly tr: Transaction }
  /** Dispatch this tracked transaction instead of the original; `newChangeIds` are the change ids it introduced. */
  | { readonly action: 'track'; readonly tr: Transaction; readonly newChangeIds: readonly string[] }
  /** Dispatch nothing; tell the user why. */
  | { readonly action: 'refuse'; readonly reason: RefusalReason; readonly message: string };

/** Who is editing, and how to tell their own still-proposed changes. */
export interface TrackOptions {
  readonly identity: Identity;
  /** True if `changeId` is a still-proposed change made by this member (their keystrokes extend it). */
  readonly isOwnProposedChange: (changeId: string) => boolean;
  /** Fresh globally unique change ids (default `newId`). */
  readonly generateId?: () => string;
}

interface YSyncMeta {
  readonly isChangeOrigin?: boolean;
  readonly isUndoRedoOperation?: boolean;
}

/** True for a transaction y-prosemirror rendered from the Y.Doc (a remote edit, undo/redo, first render). */
export function isYSyncTransaction(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as YSyncMeta | undefined;
  return meta?.isChangeOrigin === true;
}

/** True for a local undo/redo that y-prosemirror rendered from the Y.Doc. */
export function isUndoRedoTransaction(tr: Transaction): boolean {
  const meta = tr.getMeta(ySyncPluginKey) as YSyncMeta | undefined;
  return meta?.isChangeOrigin === true && meta.isUndoRedoOperation === true;
}

/** True for a transaction tracking must never touch. */
export function isUntrackable(tr: Transaction): boolean {
  if (!tr.docChanged) return true;
  if (isYSyncTransaction(tr)) return true;
  if (tr.getMeta('history$') !== undefined || tr.getMeta('collab$') !== undefined) return true;
  if (tr.getMeta(DECISION_META) !== undefined) return true;
  const libraryMeta = tr.getMeta(suggestChangesKey) as Record<string, unknown> | undefined;
  return libraryMeta !== undefined && 'skip' in libraryMeta;
}

/** Change ids carried by the marks a transaction's steps add or insert. */
function idsInSteps(steps: readonly Step[]): Set<string> {
  const out = new Set<string>();
  const note = (mark: { attrs: Record<string, unknown> }): void => {
    out.add(String(mark.attrs['id'] as string));
  };
  for (const step of steps) {
    if (step instanceof AddMarkStep || step instanceof AddNodeMarkStep) note(step.mark);
    else if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep) {
      step.slice.content.descendants((node) => {
        node.marks.forEach(note);
        return true;
      });
    }
  }
  return out;
}

function tracked(tr: Transaction, generated: ReadonlySet<string>): TrackOutcome {
  const used = idsInSteps(tr.steps);
  return { action: 'track', tr, newChangeIds: [...generated].filter((id) => used.has(id)) };
}

function refuse(reason: RefusalReason, message: string): TrackOutcome {
  return { action: 'refuse', reason, message };
}

function tagged(tr: Transaction, identity: Identity, clauseOp?: ClauseOp): Transaction {
  const meta: SuggestMeta = clauseOp ? { memberId: identity.member.id, clauseOp } : { memberId: identity.member.id };
  return tr.setMeta(SUGGEST_META, meta);
}

/**
 * Finds an insertion (a proposed addition) that belongs to someone else in
 * the content a transaction's steps would delete, re-mark or replace.
 */
function foreignInsertionIn(tr: Transaction, mine: (id: string) => boolean): string | null {
  let found: string | null = null;
  const check = (index: number, from: number, to: number): void => {
    if (found !== null || to <= from) return;
    tr.docs[index]!.nodesBetween(from, to, (node) => {
      if (found !== null) return false;
      const id = nodeChangeId(node, 'insertion');
      if (id !== undefined && !mine(id)) found = id;
      return found === null;
    });
  };
  tr.steps.forEach((step, i) => {
    if (step instanceof ReplaceAroundStep) {
      check(i, step.from, step.gapFrom);
      check(i, step.gapTo, step.to);
    } else if (step instanceof ReplaceStep || step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
      check(i, step.from, step.to);
    }
  });
  return found;
}

/** The still-proposed change of this member right next to where the transaction starts editing, if any. */
function adjacentOwnChange(tr: Transaction, mine: (id: string) => boolean): string | null {
  for (let i = 0; i < tr.steps.length; i++) {
    const step = tr.steps[i];
    if (!(step instanceof ReplaceStep || step instanceof ReplaceAroundStep || step instanceof AddMarkStep || step instanceof RemoveMarkStep)) continue;
    const doc = tr.docs[i]!;
    const candidates = [doc.resolve(step.from).nodeBefore, doc.resolve(step.to).nodeAfter];
    for (const node of candidates) {
      if (!node) continue;
      for (const mark of node.marks) {
        if (mark.type.name !== 'insertion' && mark.type.name !== 'deletion') continue;
        const id = markChangeId(mark);
        if (mine(id)) return id;
      }
    }
    return null;
  }
  return null;
}

function trackClauseOp(
  state: EditorState,
  tr: Transaction,
  op: ClauseOp,
  options: TrackOptions,
  mine: (id: string) => boolean,
  generated: ReadonlySet<string>,
): TrackOutcome {
  const { identity } = options;
  const { insertion, deletion } = suggestionMarkTypes(state.schema);
  const generate = options.generateId ?? newId;
  if (op.type === 'insert') {
    const clause = findClauseById(tr.doc, op.clauseId);
    if (!clause) return { action: 'pass', tr };
    tr.addNodeMark(clause.pos, insertion.create({ id: generate() }));
    return tracked(tagged(tr, identity, op), generated);
  }
  if (op.type === 'remove') {
    const clause = findClauseById(state.doc, op.clauseId);
    if (!clause) return { action: 'pass', tr };
    const added = nodeChangeId(clause.node, 'insertion');
    if (added !== undefined) {
      // Withdrawing one's own proposed clause removes it for real; someone else's must be rejected instead.
      if (mine(added)) return tracked(tagged(tr, identity, op), generated);
      return refuse('foreign-proposal', 'This clause is another member’s proposal: reject it instead of removing it.');
    }
    if (nodeChangeId(clause.node, 'deletion') !== undefined) {
      return refuse('already-removed', 'This clause is already proposed for removal.');
    }
    // The clause stays (struck through, keeping its number); so does the cursor.
    const marked = state.tr.addNodeMark(clause.pos, deletion.create({ id: generate() })).setMeta(CLAUSE_OP_META, op);
    if (tr.scrolledIntoView) marked.scrollIntoView();
    return tracked(tagged(marked, identity, op), generated);
  }
  // A move is applied as it is (same clause node, same id); the change record says it moved.
  return tracked(tagged(tr, identity, op), generated);
}

/**
 * Decides what to do with a transaction in suggestion mode:
 * - remote (y-sync), undo/redo, decisions, transactions without content
 *   changes and the suggestion library's own commands pass unchanged;
 * - clause operations (`'draftroom/clause-op'` meta) become block-level
 *   marks (insert → insertion mark, remove → deletion mark) or pass as they
 *   are (move);
 * - every other edit goes through the library's
 *   `transformToSuggestionTransaction` with globally unique ids, after which
 *   attribution is corrected: new text extends the member's own adjacent
 *   still-proposed change or starts a new one (never another member's),
 *   existing marks keep their ids, and block marks on paragraphs/lists are
 *   turned into text marks (y-prosemirror does not sync block marks);
 * - text wearing another member's mark that the library deleted for real
 *   (a zero-width anchor it deletes to join two strikes) is put back;
 * - an edit that would really delete or rewrite another member's proposed
 *   insertion is refused (reject it instead), as is any edit by an observer.
 */
export function trackTransaction(state: EditorState, tr: Transaction, options: TrackOptions): TrackOutcome {
  if (isUntrackable(tr)) return { action: 'pass', tr };
  const { identity } = options;
  if (identity.member.role === 'observer') return refuse('observer', 'Observers cannot edit the proposal.');
  const generated = new Set<string>();
  const generate = (): string => {
    const id = (options.generateId ?? newId)();
    generated.add(id);
    return id;
  };
  const mine = (id: string): boolean => generated.has(id) || options.isOwnProposedChange(id);
  const op = tr.getMeta(CLAUSE_OP_META) as ClauseOp | undefined;
  if (op) return trackClauseOp(state, tr, op, { ...options, generateId: generate }, mine, generated);

  const foreign = foreignInsertionIn(tr, mine);
  if (foreign !== null) {
    return refuse('foreign-proposal', 'This text is another member’s proposed insertion: reject it or comment instead of editing it.');
  }
  const adjacent = adjacentOwnChange(tr, mine);
  let preferred = adjacent;
  const ownId = (): string => {
    if (preferred === null) preferred = [...generated][0] ?? generate();
    return preferred;
  };
  try {
    const suggestion = transformToSuggestionTransaction(asPlainDeletion(state, tr), state, () => generate());
    fixAttribution(state, suggestion, mine, ownId);
    restoreOthersMarkedText(state.doc, suggestion, mine);
    return tracked(tagged(suggestion, identity), generated);
  } catch (error) {
    // A step shape the library cannot express as a suggestion: refuse it rather than break the editor.
    const detail = errorText(error);
    return refuse('unsupported', `This edit cannot be made as a suggestion (${detail}).`);
  }
}
