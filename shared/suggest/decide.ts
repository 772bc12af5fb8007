import type { Mark, Node as PMNode } from 'prosemirror-model';
import { EditorState, type Command, type Transaction } from 'prosemirror-state';
import { Transform } from 'prosemirror-transform';
import { applySuggestion, revertSuggestion, suggestChangesKey } from '@handlewithcare/prosemirror-suggest-changes';
import type { ChangeRecord, Identity } from '../domain/types';
import { DraftroomError } from '../api/errors';
import { clauseAtIndex, findClauseById } from '../editing/clause-position';
import { DECIDED_IDS_META } from './clause-marks';
import { clauseIdOf, indexChangeMarks, markChangeId, ZERO_WIDTH_SPACE } from './marks';
import { DECISION_META, type Decision, type DecisionMeta } from './meta';
import type { ChangeRecordPatch } from './records';
import { readTextChange, voidChangeMarks } from './text-change';

/**
 * Accepting and rejecting proposed changes, as pure commands on an
 * EditorState. Text amendments go through the suggestion library's
 * apply/revert; clause-level changes have their own semantics:
 * - `added`: accept drops the clause's insertion mark; reject deletes the clause;
 * - `removed`: accept deletes the clause (the others renumber); reject drops the mark;
 * - `moved`: accept only records; reject moves the clause back to `movedFrom`.
 * Every decision transaction carries `DECISION_META` (what was decided and
 * which other changes it swept away), is skipped by tracking and is kept
 * out of the undo history.
 */

/** Which proposed changes a decision applies to. */
export type DecisionTarget = { readonly changeId: string } | { readonly partyId: string } | { readonly all: true };

/** The outcome of planning a decision. */
export interface DecisionPlan {
  /** The transaction to dispatch (it may change nothing, e.g. accepting a move). */
  readonly tr: Transaction;
  /** Changes decided. */
  readonly decided: string[];
  /** Other proposed changes whose marks the decision removed (recorded as rejected). */
  readonly swept: string[];
}

/** Who may accept or reject changes: the lead. */
export function mayDecide(identity: Identity): boolean {
  return identity.member.role === 'lead';
}

/** The proposed records a target selects, in the order they are decided (moves newest first, then oldest first). */
export function selectForDecision(records: readonly ChangeRecord[], target: DecisionTarget): ChangeRecord[] {
  let selected: ChangeRecord[];
  if ('changeId' in target) {
    const record = records.find((r) => r.id === target.changeId);
    if (!record) throw new DraftroomError('unknown-change', `No change ${target.changeId}`);
    if (record.status !== 'proposed') throw new DraftroomError('conflict', `Change ${target.changeId} is already ${record.status}`);
    selected = [record];
  } else if ('partyId' in target) {
    selected = records.filter((r) => r.status === 'proposed' && r.partyId === target.partyId);
  } else {
    selected = records.filter((r) => r.status === 'proposed');
  }
  const byTime = (a: ChangeRecord, b: ChangeRecord): number => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
  const moves = selected.filter((r) => r.kind === 'moved').sort((a, b) => byTime(b, a));
  const others = selected.filter((r) => r.kind !== 'moved').sort(byTime);
  return [...moves, ...others];
}

function removeClauseMarks(tr: Transform, clauseId: string, markName: 'insertion' | 'deletion', changeId: string): void {
  const clause = findClauseById(tr.doc, clauseId);
  if (!clause) return;
  for (const mark of clause.node.marks) {
    if (mark.type.name === markName && markChangeId(mark) === changeId) tr.removeNodeMark(clause.pos, mark);
  }
}

function deleteClause(tr: Transform, clauseId: string, changeId: string, markName: 'insertion' | 'deletion'): void {
  const clause = findClauseById(tr.doc, clauseId);
  if (!clause) return;
  // A proposal keeps at least one clause: the last one stays, unmarked.
  if (tr.doc.childCount <= 1) removeClauseMarks(tr, clauseId, markName, changeId);
  else tr.delete(clause.pos, clause.pos + clause.node.nodeSize);
}

function moveClauseBack(tr: Transform, clauseId: string, movedFrom: number): void {
  const clause = findClauseById(tr.doc, clauseId);
  if (!clause) return;
  const target = Math.max(0, Math.min(movedFrom - 1, tr.doc.childCount - 1));
  if (target === clause.index) return;
  tr.delete(clause.pos, clause.pos + clause.node.nodeSize);
  const at = clauseAtIndex(tr.doc, target);
  tr.insert(at ? at.pos : tr.doc.content.size, clause.node);
}

/** Textblocks whose whole content carries mark `markName` of `changeId`: deciding that mark away empties them. */
function blocksEmptiedBy(doc: PMNode, changeId: string, markName: 'insertion' | 'deletion'): number[] {
  const out: number[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    if (node.childCount > 0) {
      let all = true;
      node.forEach((child) => {
        if (!child.marks.some((m) => m.type.name === markName && markChangeId(m) === changeId)) all = false;
      });
      if (all) out.push(pos);
    }
    return false;
  });
  return out;
}

function runLibraryCommand(tr: Transform, command: Command): void {
  const state = EditorState.create({ doc: tr.doc });
  command(state, (libraryTr) => {
    for (const step of libraryTr.steps) tr.step(step);
  });
}

/**
 * Settles the text where this change's marks overlap another change's
 * (concurrent edits, `text-change.ts`) so that the library, which reads one
 * mark of a kind per text, decides it as the reading says:
 * - text that is this change's insertion: other changes' marks on it do not
 *   count and go (accepted, it must not read as struck by them);
 * - this change's mark on another change's insertion does not count and goes
 *   (the text stays the other's);
 * - text struck by several changes: accepting this one deletes it (the
 *   others' strikes go with it), rejecting it takes only its own strike off.
 */
function settleOverlaps(tr: Transform, changeId: string, decision: Decision): void {
  const removals: { from: number; to: number; mark: Mark }[] = [];
  tr.doc.descendants((node, pos) => {
    if (!node.isText) return true;
    const mine = node.marks.filter((m) => (m.type.name === 'insertion' || m.type.name === 'deletion') && markChangeId(m) === changeId);
    if (mine.length === 0) return false;
    const change = readTextChange(node.marks);
    const drop = (mark: Mark) => removals.push({ from: pos, to: pos + node.nodeSize, mark });
    if (change.insertion !== null && markChangeId(change.insertion) === changeId) voidChangeMarks(node.marks).forEach(drop);
    else if (change.insertion !== null) mine.forEach(drop);
    else if (change.deletions.length > 1) change.deletions.filter((m) => (decision === 'accepted') !== (markChangeId(m) === changeId)).forEach(drop);
    return false;
  });
  for (const { from, to, mark } of removals) tr.removeMark(from, to, mark);
}

function decideAmendment(tr: Transform, changeId: string, decision: Decision): void {
  settleOverlaps(tr, changeId, decision);
  const where = indexChangeMarks(tr.doc).get(changeId);
  if (!where) return;
  const goesAway = decision === 'accepted' ? 'deletion' : 'insertion';
  const stays = decision === 'accepted' ? 'insertion' : 'deletion';
  const candidates = blocksEmptiedBy(tr.doc, changeId, goesAway);
  const anchors = anchorsIn(tr.doc, changeId, stays);
  const start = tr.mapping.maps.length;
  // The range keeps the library's handling of modification marks (which ignores the id) to this change's own span.
  const { from, to } = where;
  const others = otherChangeIds(tr.doc, changeId);
  const trial = new Transform(tr.doc);
  runLibraryCommand(trial, decision === 'accepted' ? applySuggestion(changeId, from, to) : revertSuggestion(changeId, from, to));
  // The library deletes a run of marked text up to the end of any mark of the same kind, whatever its id: another
  // change right beside this one would go with it. Then only this change's own runs are decided.
  const lost = otherChangeIds(trial.doc, changeId);
  if ([...others].every((id) => lost.has(id))) for (const step of trial.steps) tr.step(step);
  else decideOwnRuns(tr, changeId, goesAway, stays);
  // A block whose whole content was the change goes with it (the library leaves it empty).
  for (const pos of candidates.reverse()) {
    const result = tr.mapping.slice(start).mapResult(pos, 1);
    if (result.deleted) continue;
    const node = tr.doc.nodeAt(result.pos);
    if (!node || !node.isTextblock || node.content.size > 0) continue;
    const trial = new Transform(tr.doc);
    trial.deleteRange(result.pos, result.pos + node.nodeSize);
    const sameClauses = trial.doc.childCount === tr.doc.childCount && trial.doc.content.size < tr.doc.content.size;
    if (sameClauses && trial.docChanged) for (const step of trial.steps) tr.step(step);
  }
  // Zero-width anchors the library leaves behind when they were merged with other text of the change.
  for (const pos of anchors.reverse()) {
    const result = tr.mapping.slice(start).mapResult(pos, 1);
    if (result.deleted) continue;
    const node = tr.doc.nodeAt(result.pos);
    if (!node?.isText || tr.doc.textBetween(result.pos, result.pos + 1) !== ZERO_WIDTH_SPACE) continue;
    if (node.marks.some((m) => m.type.name === 'insertion' || m.type.name === 'deletion')) continue;
    tr.delete(result.pos, result.pos + 1);
  }
}

/** Ids of the suggestion marks in a document other than `changeId`. */
function otherChangeIds(doc: PMNode, changeId: string): Set<string> {
  const ids = new Set(indexChangeMarks(doc).keys());
  ids.delete(changeId);
  return ids;
}

/**
 * Decides one change's text marks and nothing else: the `stays` marks of
 * `changeId` are removed (their text stays), the text under its `goesAway`
 * marks is deleted, a run that continues from the end of one textblock into
 * the start of the next joining them (a proposed paragraph break).
 */
function decideOwnRuns(tr: Transform, changeId: string, goesAway: 'insertion' | 'deletion', stays: 'insertion' | 'deletion'): void {
  const own = (node: PMNode, name: string) => node.marks.find((m) => m.type.name === name && markChangeId(m) === changeId);
  const doc = tr.doc;
  const runs: { from: number; to: number }[] = [];
  doc.descendants((node, pos, parent) => {
    if (!node.isInline) return true;
    const stay = own(node, stays);
    if (stay) tr.removeMark(pos, pos + node.nodeSize, stay);
    if (!own(node, goesAway)) return false;
    const last = runs[runs.length - 1];
    // Contiguous in one block, or the previous run ended its block and this one starts the next.
    const continues = last !== undefined && (last.to === pos || (parent?.firstChild === node && continuesBlock(doc, last.to, pos)));
    if (continues) last.to = pos + node.nodeSize;
    else runs.push({ from: pos, to: pos + node.nodeSize });
    return false;
  });
  for (const run of runs.reverse()) tr.delete(run.from, run.to);
}

/** Whether `end` is the end of a textblock's content and `start` the start of the next sibling textblock's. */
function continuesBlock(doc: PMNode, end: number, start: number): boolean {
  const $end = doc.resolve(end);
  const $start = doc.resolve(start);
  return $end.parent.isTextblock && $end.parentOffset === $end.parent.content.size && $start.parentOffset === 0 && $end.after() === $start.before();
}

/** Positions of the zero-width anchors inside text carrying mark `markName` of `changeId`. */
function anchorsIn(doc: PMNode, changeId: string, markName: 'insertion' | 'deletion'): number[] {
  const out: number[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    if (!node.marks.some((m) => m.type.name === markName && markChangeId(m) === changeId)) return false;
    const text = node.text ?? '';
    for (let i = text.indexOf(ZERO_WIDTH_SPACE); i >= 0; i = text.indexOf(ZERO_WIDTH_SPACE, i + 1)) out.push(pos + i);
    return false;
  });
  return out;
}

/** Applies one decision to a transform. */
export function decideRecord(tr: Transform, record: ChangeRecord, decision: Decision): void {
  const accept = decision === 'accepted';
  switch (record.kind) {
    case 'added':
      for (const clauseId of record.clauseIds) {
        if (accept) removeClauseMarks(tr, clauseId, 'insertion', record.id);
        else deleteClause(tr, clauseId, record.id, 'insertion');
      }
      // Text inside may carry the same id too (the sample marks both): decide it like an amendment.
      decideAmendment(tr, record.id, decision);
      break;
    case 'removed':
      for (const clauseId of record.clauseIds) {
        if (accept) deleteClause(tr, clauseId, record.id, 'deletion');
        else removeClauseMarks(tr, clauseId, 'deletion', record.id);
      }
      decideAmendment(tr, record.id, decision);
      break;
    case 'moved':
      if (!accept && record.movedFrom !== undefined && record.clauseIds[0] !== undefined) moveClauseBack(tr, record.clauseIds[0], record.movedFrom);
      break;
    case 'amended':
      decideAmendment(tr, record.id, decision);
      break;
  }
}

/**
 * Plans accepting or rejecting the selected proposed changes on `state`:
 * the transaction to dispatch, the ids decided and the ids swept away.
 * Throws DraftroomError `unknown-change` / `conflict` (already decided) for
 * a single change id.
 */
export function planDecision(state: EditorState, records: readonly ChangeRecord[], target: DecisionTarget, decision: Decision): DecisionPlan {
  const selected = selectForDecision(records, target);
  const tr = state.tr;
  for (const record of selected) decideRecord(tr, record, decision);
  const decided = selected.map((r) => r.id);
  const decidedSet = new Set(decided);
  const proposed = new Map(records.filter((r) => r.status === 'proposed' && !decidedSet.has(r.id)).map((r) => [r.id, r]));
  const swept: string[] = [];
  if (tr.docChanged) {
    const after = indexChangeMarks(tr.doc);
    for (const id of indexChangeMarks(state.doc).keys()) {
      if (proposed.has(id) && !after.has(id)) swept.push(id);
    }
    const clauseIdsAfter = new Set<string>();
    tr.doc.forEach((clause) => clauseIdsAfter.add(clauseIdOf(clause)));
    for (const record of proposed.values()) {
      if (record.kind !== 'moved' || swept.includes(record.id)) continue;
      if (record.clauseIds.length > 0 && record.clauseIds.every((c) => !clauseIdsAfter.has(c))) swept.push(record.id);
    }
  }
  const meta: DecisionMeta = { decision, changeIds: decided, swept };
  tr.setMeta(DECISION_META, meta)
    .setMeta(DECIDED_IDS_META, [...decided, ...swept])
    .setMeta(suggestChangesKey, { skip: true })
    .setMeta('addToHistory', false);
  return { tr, decided, swept };
}

function decisionCommand(records: readonly ChangeRecord[], target: DecisionTarget, decision: Decision): Command {
  return (state, dispatch) => {
    let plan: DecisionPlan;
    try {
      plan = planDecision(state, records, target, decision);
    } catch (error) {
      if (error instanceof DraftroomError) return false;
      throw error;
    }
    if (plan.decided.length === 0) return false;
    dispatch?.(plan.tr.scrollIntoView());
    return true;
  };
}

/** Command: accept one proposed change (false if unknown or already decided). */
export function acceptChange(changeId: string, records: readonly ChangeRecord[]): Command {
  return decisionCommand(records, { changeId }, 'accepted');
}

/** Command: reject one proposed change (false if unknown or already decided). */
export function rejectChange(changeId: string, records: readonly ChangeRecord[]): Command {
  return decisionCommand(records, { changeId }, 'rejected');
}

/** Command: accept every proposed change of one party (false if it has none). */
export function acceptParty(partyId: string, records: readonly ChangeRecord[]): Command {
  return decisionCommand(records, { partyId }, 'accepted');
}

/** Command: reject every proposed change of one party (false if it has none). */
export function rejectParty(partyId: string, records: readonly ChangeRecord[]): Command {
  return decisionCommand(records, { partyId }, 'rejected');
}

/** Command: accept every proposed change (false if there are none). */
export function acceptAll(records: readonly ChangeRecord[]): Command {
  return decisionCommand(records, { all: true }, 'accepted');
}

/** Command: reject every proposed change (false if there are none). */
export function rejectAll(records: readonly ChangeRecord[]): Command {
  return decisionCommand(records, { all: true }, 'rejected');
}

/**
 * Command: the author takes back their own proposed change. The document
 * goes back as if it were rejected, and the transaction is marked
 * `withdrawn`, so that the record is deleted rather than rejected (see
 * `recordTransaction`). False if the change is unknown, decided, or not the
 * member's own, or if taking it back would sweep another member's change
 * (see `withdrawalRefusal`): a withdrawal touches only one's own changes. This is how a proposed clause removal, which the Yjs undo
 * stack cannot take back (block marks are not in the Y.Doc), is undone.
 */
export function withdrawChange(changeId: string, records: readonly ChangeRecord[], identity: Identity): Command {
  return (state, dispatch) => {
    const plan = planWithdrawal(state, changeId, records, identity);
    if (typeof plan === 'string') return false;
    const meta = plan.tr.getMeta(DECISION_META) as DecisionMeta;
    dispatch?.(plan.tr.setMeta(DECISION_META, { ...meta, withdrawn: true }).scrollIntoView());
    return true;
  };
}

/**
 * Why `identity` cannot withdraw a change now, for the UI, or null if they
 * can: it is not their own open proposal, or taking it back would take
 * another member's suggestion with it (a proposed clause someone else
 * suggested text in: that is for a lead to reject).
 */
export function withdrawalRefusal(state: EditorState, changeId: string, records: readonly ChangeRecord[], identity: Identity): string | null {
  const plan = planWithdrawal(state, changeId, records, identity);
  return typeof plan === 'string' ? plan : null;
}

/** The withdrawal's plan, or why there is none. A withdrawal touches only the withdrawer's own changes. */
function planWithdrawal(state: EditorState, changeId: string, records: readonly ChangeRecord[], identity: Identity): DecisionPlan | string {
  const record = records.find((r) => r.id === changeId);
  if (!record || record.status !== 'proposed' || record.authorId !== identity.member.id) return 'Only your own open proposals can be withdrawn.';
  const plan = planDecision(state, records, { changeId }, 'rejected');
  const authors = new Map(records.map((r) => [r.id, r.authorId]));
  const foreign = plan.swept.filter((id) => authors.get(id) !== identity.member.id);
  if (foreign.length > 0) return 'Others have suggested changes inside this proposal, so withdrawing it would take theirs too; a lead can reject it instead.';
  return plan;
}

/**
 * The record updates a decision calls for: each decided change gets the
 * decision (nothing for a withdrawal: those records are deleted), each swept
 * change is rejected; with `decidedBy` and `decidedAt`.
 */
export function decisionPatches(meta: DecisionMeta, identity: Identity, now: string = new Date().toISOString()): ChangeRecordPatch[] {
  const by = identity.member.id;
  return [
    ...(meta.withdrawn ? [] : meta.changeIds).map((id) => ({ id, status: meta.decision, decidedBy: by, decidedAt: now })),
    ...meta.swept.map((id) => ({ id, status: 'rejected' as const, decidedBy: by, decidedAt: now })),
  ];
}
