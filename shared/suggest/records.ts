import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeKind, ChangeRecord, Identity } from '../domain/types';
import { newId as defaultNewId } from '../domain/ids';
import type { ClauseOp } from '../editing/clause-commands';
import { clauseIdOf, clauseIndexById, indexChangeMarks, isSuggestionMark, markChangeId, type ChangeMarkInfo } from './marks';
import { amendmentSnippet, clauseSnippet, type ChangeSnippet } from './snippets';

/**
 * Change records from document changes: after a tracked transaction, which
 * records must be created or brought up to date (pure; see `ydoc-binding.ts`
 * for writing them to a Y.Doc).
 */

/** Fields of a change record to write (`writeChange` merges them field by field). */
export type ChangeRecordPatch = Partial<ChangeRecord> & { readonly id: string };

/** What `collectChangeUpdates` asks for. */
export interface ChangeUpdates {
  /** Records to create or update. */
  readonly write: ChangeRecordPatch[];
  /** Ids of the member's own proposed records whose change no longer exists (typed then deleted, undone, withdrawn). */
  readonly remove: string[];
}

/** Options of `collectChangeUpdates`. */
export interface CollectOptions {
  /** The clause operation the transaction carried (needed to record a move). */
  readonly clauseOp?: ClauseOp;
  /** ISO time for new records (default: now). */
  readonly now?: string;
  /** Id for a new move record (default: `newId`). */
  readonly newId?: () => string;
}

function kindOf(info: ChangeMarkInfo): ChangeKind {
  if (info.clauseMark === 'insertion') return 'added';
  if (info.clauseMark === 'deletion') return 'removed';
  return 'amended';
}

function snippetFor(doc: PMNode, kind: ChangeKind, id: string, clauseIds: readonly string[]): ChangeSnippet {
  if (kind === 'amended') return amendmentSnippet(doc, id, clauseIds);
  const index = clauseIds.length > 0 ? clauseIndexById(doc, clauseIds[0]!) : -1;
  if (index < 0) return { before: '', after: '' };
  // A clause proposed for removal may have its text marked deleted too: show it as it was.
  if (kind === 'removed') return { before: clauseSnippet(doc.child(index), 'original'), after: '' };
  return { before: '', after: clauseSnippet(doc.child(index)) };
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Indices of the top-level clauses of `doc` that are not (identically) in `other`. */
function changedClauses(doc: PMNode, other: PMNode): number[] {
  const kept = new Set<PMNode>();
  other.forEach((node) => kept.add(node));
  const out: number[] = [];
  doc.forEach((node, _offset, index) => {
    if (!kept.has(node)) out.push(index);
  });
  return out;
}

/** True if `id` marks anything in the clauses of `doc` outside `skip`. */
function presentOutside(doc: PMNode, id: string, skip: ReadonlySet<number>): boolean {
  let found = false;
  doc.forEach((clause, _offset, index) => {
    if (found || skip.has(index)) return;
    if (clause.marks.some((m) => isSuggestionMark(m) && markChangeId(m) === id)) found = true;
    else
      clause.descendants((node) => {
        if (found) return false;
        if (node.marks.some((m) => isSuggestionMark(m) && markChangeId(m) === id)) found = true;
        return !found;
      });
  });
  return found;
}

/**
 * The record writes a change from `oldDoc` to `newDoc` calls for, made by
 * `identity`:
 * - every change id new in `newDoc` without a record gets one (kind from its
 *   marks: a clause insertion mark → `added`, a clause deletion mark →
 *   `removed`, text marks → `amended`; author, party, `createdAt`, status
 *   `proposed`, rationale '' (flagged until given), clause ids, snippets);
 * - the member's own proposed records whose marks changed get fresh
 *   `clauseIds`, `before` and `after` (a change that grows keeps one record);
 * - a clause move (`options.clauseOp`) gets a `moved` record with `movedFrom`
 *   (the old 1-based number), or updates the member's earlier proposed move
 *   of that clause; a clause moved back where it was needs no record;
 * - the member's own proposed records whose change vanished (typed and
 *   deleted again, undone, a proposed clause withdrawn) are listed in
 *   `remove`, unless a rationale was already written for them.
 * Records of other members are never touched. Cost: only clauses that
 * changed are scanned (plus one scan when a change appears or vanishes).
 */
export function collectChangeUpdates(
  oldDoc: PMNode,
  newDoc: PMNode,
  identity: Identity,
  existingRecords: readonly ChangeRecord[],
  options: CollectOptions = {},
): ChangeUpdates {
  const me = identity.member.id;
  const now = options.now ?? new Date().toISOString();
  const byId = new Map(existingRecords.map((r) => [r.id, r]));
  const ownProposed = (r: ChangeRecord | undefined): r is ChangeRecord => r !== undefined && r.authorId === me && r.status === 'proposed';
  const write: ChangeRecordPatch[] = [];
  const remove: string[] = [];

  const newChanged = changedClauses(newDoc, oldDoc);
  const oldChanged = changedClauses(oldDoc, newDoc);
  const newIndex = indexChangeMarks(newDoc, newChanged);
  const oldIndex = indexChangeMarks(oldDoc, oldChanged);
  const newChangedSet = new Set(newChanged);
  const oldChangedSet = new Set(oldChanged);
  const unchangedIds = new Set<string>();
  newDoc.forEach((clause, _o, index) => {
    if (!newChangedSet.has(index)) unchangedIds.add(clauseIdOf(clause));
  });

  for (const info of newIndex.values()) {
    const record = byId.get(info.id);
    const kind = kindOf(info);
    if (!record) {
      // Only changes that did not exist before are this member's; an id seen before belongs to a record still on its way.
      if (oldIndex.has(info.id) || presentOutside(oldDoc, info.id, oldChangedSet)) continue;
      const snippet = snippetFor(newDoc, kind, info.id, info.clauseIds);
      write.push({
        id: info.id,
        kind,
        partyId: identity.party.id,
        authorId: me,
        createdAt: now,
        rationale: '',
        status: 'proposed',
        clauseIds: info.clauseIds,
        before: snippet.before,
        after: snippet.after,
      });
      continue;
    }
    if (!ownProposed(record) || record.kind === 'moved') continue;
    // Clauses it still marks: the changed ones scanned, plus unchanged ones it was already in.
    const clauseIds = [...info.clauseIds, ...record.clauseIds.filter((c) => unchangedIds.has(c) && !info.clauseIds.includes(c))];
    clauseIds.sort((x, y) => clauseIndexById(newDoc, x) - clauseIndexById(newDoc, y));
    const snippet = snippetFor(newDoc, record.kind, info.id, clauseIds);
    const patch: { -readonly [K in keyof ChangeRecordPatch]: ChangeRecordPatch[K] } = { id: info.id };
    if (!sameList(record.clauseIds, clauseIds)) patch.clauseIds = clauseIds;
    if ((record.before ?? '') !== snippet.before) patch.before = snippet.before;
    if ((record.after ?? '') !== snippet.after) patch.after = snippet.after;
    if (Object.keys(patch).length > 1) write.push(patch);
  }

  for (const id of oldIndex.keys()) {
    if (newIndex.has(id)) continue;
    const record = byId.get(id);
    if (!ownProposed(record) || (record.kind !== 'amended' && record.kind !== 'added')) continue;
    if (presentOutside(newDoc, id, newChangedSet)) continue;
    const withdrawn = options.clauseOp?.type === 'remove' && record.kind === 'added';
    // A proposed clause whose block mark an edit dropped (a deletion reaching into it) is still proposed while it exists.
    if (record.kind === 'added' && !withdrawn && record.clauseIds.some((c) => clauseIndexById(newDoc, c) >= 0)) continue;
    if (record.rationale.trim() === '' || withdrawn) remove.push(id);
  }

  collectMoves(oldDoc, newDoc, identity, existingRecords, options, now, write, remove);
  return { write, remove };
}

function collectMoves(
  oldDoc: PMNode,
  newDoc: PMNode,
  identity: Identity,
  records: readonly ChangeRecord[],
  options: CollectOptions,
  now: string,
  write: ChangeRecordPatch[],
  remove: string[],
): void {
  const me = identity.member.id;
  const ownMoves = records.filter((r) => r.kind === 'moved' && r.status === 'proposed' && r.authorId === me);
  const op = options.clauseOp;
  const handled = new Set<string>();
  if (op?.type === 'move') {
    const from = clauseIndexById(oldDoc, op.clauseId);
    const to = clauseIndexById(newDoc, op.clauseId);
    const clause = to >= 0 ? newDoc.child(to) : null;
    const pendingAddition = clause?.marks.some((m) => m.type.name === 'insertion') ?? true;
    if (from >= 0 && to >= 0 && from !== to && !pendingAddition) {
      const earlier = ownMoves.find((r) => r.clauseIds.includes(op.clauseId));
      if (earlier) {
        handled.add(earlier.id);
        if (earlier.movedFrom === to + 1) {
          if (earlier.rationale.trim() === '') remove.push(earlier.id);
        }
      } else {
        write.push({
          id: (options.newId ?? defaultNewId)(),
          kind: 'moved',
          partyId: identity.party.id,
          authorId: me,
          createdAt: now,
          rationale: '',
          status: 'proposed',
          clauseIds: [op.clauseId],
          movedFrom: from + 1,
          before: '',
          after: clauseSnippet(clause!),
        });
      }
    }
  }
  // A move undone (or otherwise put back) leaves nothing to propose.
  if (!clauseOrderChanged(oldDoc, newDoc)) return;
  for (const record of ownMoves) {
    if (handled.has(record.id) || record.rationale.trim() !== '') continue;
    const clauseId = record.clauseIds[0];
    if (clauseId === undefined) continue;
    const before = clauseIndexById(oldDoc, clauseId);
    const after = clauseIndexById(newDoc, clauseId);
    if (after >= 0 && before !== after && after + 1 === record.movedFrom) remove.push(record.id);
  }
}

function clauseOrderChanged(a: PMNode, b: PMNode): boolean {
  if (a.childCount !== b.childCount) return true;
  for (let i = 0; i < a.childCount; i++) if (clauseIdOf(a.child(i)) !== clauseIdOf(b.child(i))) return true;
  return false;
}
