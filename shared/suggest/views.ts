import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeKind, ChangeRecord, ChangeStatus, Member, Party } from '../domain/types';
import { People } from '../domain/people';
import { changeTextFromMarks, changeTextFromSnippets, clauseChangeText, clauseChangeTextFromSnippet, type ChangeText } from './change-text';
import { clauseIdOf, clauseIndexById, clauseOffsets, indexChangeMarks } from './marks';

/**
 * Pure views of the document and its change records for the UI: clause
 * labels with "was" numbers, the changes panel's rows, per-clause history,
 * filters, and next/previous change navigation.
 */

/** How a clause is labelled in the editor and outline. */
export interface ClauseLabel {
  readonly clauseId: string;
  /** 1-based number from the current order (a clause proposed for removal keeps its number). */
  readonly number: number;
  /** For a clause with a proposed move: the number it had before ("was"). */
  readonly was?: number;
  /** "Point 9" or "Point 9 (was 12)". */
  readonly label: string;
  readonly pendingRemoval: boolean;
  readonly pendingAddition: boolean;
}

function proposedFor(records: readonly ChangeRecord[], clauseId: string, kind: ChangeKind): ChangeRecord[] {
  return records.filter((r) => r.status === 'proposed' && r.kind === kind && r.clauseIds.includes(clauseId));
}

function byCreated(a: ChangeRecord, b: ChangeRecord): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/**
 * Every clause's label. A clause with proposed moves shows the number it had
 * before the earliest of them: "Point 9 (was 12)". Pending addition/removal
 * come from the clause's block marks or, failing those, the records.
 */
export function clauseLabels(doc: PMNode, records: readonly ChangeRecord[]): ClauseLabel[] {
  const out: ClauseLabel[] = [];
  doc.forEach((clause, _offset, index) => {
    const clauseId = clauseIdOf(clause);
    const number = index + 1;
    const moves = proposedFor(records, clauseId, 'moved').sort(byCreated);
    const was = moves[0]?.movedFrom;
    const hasMark = (name: string): boolean => clause.marks.some((m) => m.type.name === name);
    const label = was !== undefined && was !== number ? `Point ${number} (was ${was})` : `Point ${number}`;
    out.push({
      clauseId,
      number,
      ...(was !== undefined && was !== number ? { was } : {}),
      label,
      pendingRemoval: hasMark('deletion') || proposedFor(records, clauseId, 'removed').length > 0,
      pendingAddition: hasMark('insertion') || proposedFor(records, clauseId, 'added').length > 0,
    });
  });
  return out;
}

/** One row of the changes panel. */
export interface ChangeSummary {
  readonly id: string;
  readonly kind: ChangeKind;
  readonly status: ChangeStatus;
  readonly partyId: string;
  /** Party name, or the id when the party is unknown. */
  readonly partyName: string;
  readonly partyCode: string;
  /** The party's colour ('' when unknown). */
  readonly colour: string;
  readonly authorId: string;
  /** Author's name, or the id when unknown. */
  readonly authorName: string;
  readonly clauseIds: readonly string[];
  /** Current 1-based numbers of the clauses it touches (those still in the document). */
  readonly clauseNumbers: readonly number[];
  /** "Point 9", "Points 3, 4", or '' when none of its clauses is left. */
  readonly clauseLabel: string;
  readonly before: string;
  readonly after: string;
  /**
   * What it changes: its own deleted/inserted text with context (read off its
   * marks while they exist, else from `before`/`after`), or the clause it
   * adds, removes or moves (live while proposed, else the record's snippet).
   */
  readonly text: ChangeText;
  readonly rationale: string;
  /** A proposed change without a rationale (the UI flags it). */
  readonly missingRationale: boolean;
  readonly createdAt: string;
  readonly decidedBy?: string;
  readonly decidedByName?: string;
  readonly decidedAt?: string;
  readonly movedFrom?: number;
  /** A proposed change still visible in the document (false once withdrawn or decided). */
  readonly live: boolean;
  /** Where it is in the document (marks, or the moved clause), for "click to jump". */
  readonly position: { readonly from: number; readonly to: number } | null;
}

/**
 * The changes panel's rows: every record with its party, author, clause
 * numbers, snippets and rationale. Live proposed changes come first in
 * document order, then the rest, newest first.
 */
export function changeSummaries(
  doc: PMNode,
  records: readonly ChangeRecord[],
  parties: readonly Party[],
  members: readonly Member[],
): ChangeSummary[] {
  const people = new People({ parties, members });
  const marks = indexChangeMarks(doc);
  const offsets = clauseOffsets(doc);
  const indexOfClause = new Map<string, number>();
  doc.forEach((clause, _o, index) => {
    const id = clauseIdOf(clause);
    if (!indexOfClause.has(id)) indexOfClause.set(id, index);
  });
  const rows = records.map((record): ChangeSummary => {
    const numbers = record.clauseIds.map((c) => indexOfClause.get(c)).filter((i): i is number => i !== undefined).map((i) => i + 1);
    const marked = marks.get(record.id);
    let position: { from: number; to: number } | null = marked ? { from: marked.from, to: marked.to } : null;
    const firstIndex = record.clauseIds.map((c) => indexOfClause.get(c)).find((i) => i !== undefined);
    if (!position && record.kind !== 'amended' && firstIndex !== undefined) {
      position = { from: offsets[firstIndex]!, to: offsets[firstIndex]! + doc.child(firstIndex).nodeSize };
    }
    const text = changeText(doc, record, marked !== undefined, firstIndex);
    let live = false;
    if (record.status === 'proposed') {
      if (record.kind === 'amended') live = marked !== undefined;
      else if (record.kind === 'moved') live = numbers.length > 0 && numbers[0] !== record.movedFrom;
      else live = numbers.length > 0;
    }
    return {
      id: record.id,
      kind: record.kind,
      status: record.status,
      partyId: record.partyId,
      partyName: people.partyName(record.partyId),
      partyCode: people.partyCode(record.partyId),
      colour: people.party(record.partyId)?.colour ?? '',
      authorId: record.authorId,
      authorName: people.memberName(record.authorId),
      clauseIds: record.clauseIds,
      clauseNumbers: numbers,
      clauseLabel: numbers.length === 0 ? '' : numbers.length === 1 ? `Point ${numbers[0]}` : `Points ${numbers.join(', ')}`,
      before: record.before ?? '',
      after: record.after ?? '',
      text,
      rationale: record.rationale,
      missingRationale: record.status === 'proposed' && record.rationale.trim() === '',
      createdAt: record.createdAt,
      ...(record.decidedBy !== undefined ? { decidedBy: record.decidedBy, decidedByName: people.memberName(record.decidedBy) } : {}),
      ...(record.decidedAt !== undefined ? { decidedAt: record.decidedAt } : {}),
      ...(record.movedFrom !== undefined ? { movedFrom: record.movedFrom } : {}),
      live,
      position: record.status === 'proposed' ? position : null,
    };
  });
  return rows.sort((a, b) => {
    const la = a.live && a.position ? 0 : 1;
    const lb = b.live && b.position ? 0 : 1;
    if (la !== lb) return la - lb;
    if (la === 0) return a.position!.from - b.position!.from || a.createdAt.localeCompare(b.createdAt);
    return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
  });
}

/** What one change says in `doc` (see `ChangeSummary.text`). */
export function changeTextOf(doc: PMNode, record: ChangeRecord): ChangeText {
  const index = record.clauseIds.map((id) => clauseIndexById(doc, id)).find((i) => i >= 0);
  return changeText(doc, record, record.kind === 'amended', index);
}

function changeText(doc: PMNode, record: ChangeRecord, marked: boolean, clauseIndex: number | undefined): ChangeText {
  if (record.kind === 'amended') {
    return (marked ? changeTextFromMarks(doc, record.id, record.clauseIds) : null) ?? changeTextFromSnippets(record.before ?? '', record.after ?? '');
  }
  if (record.status === 'proposed' && clauseIndex !== undefined) {
    return clauseChangeText(doc.child(clauseIndex), record.kind === 'removed' ? 'original' : 'current');
  }
  return clauseChangeTextFromSnippet(record.kind === 'removed' ? record.before || record.after || '' : record.after || record.before || '');
}

/** Criteria of the changes panel's filters; an omitted or empty list does not filter. */
export interface ChangeFilter {
  readonly partyIds?: readonly string[];
  readonly statuses?: readonly ChangeStatus[];
  readonly kinds?: readonly ChangeKind[];
  readonly clauseIds?: readonly string[];
  /** Only changes flagged for a missing rationale. */
  readonly missingRationale?: boolean;
}

/** The fields filters look at (records and summaries both have them). */
export interface Filterable {
  readonly partyId: string;
  readonly status: ChangeStatus;
  readonly kind: ChangeKind;
  readonly clauseIds: readonly string[];
  readonly rationale: string;
}

/** The items that pass every given criterion, in their order. */
export function filterChanges<T extends Filterable>(items: readonly T[], filter: ChangeFilter): T[] {
  const has = <V>(list: readonly V[] | undefined, value: V): boolean => !list || list.length === 0 || list.includes(value);
  return items.filter(
    (item) =>
      has(filter.partyIds, item.partyId) &&
      has(filter.statuses, item.status) &&
      has(filter.kinds, item.kind) &&
      (!filter.clauseIds || filter.clauseIds.length === 0 || item.clauseIds.some((c) => filter.clauseIds!.includes(c))) &&
      (!filter.missingRationale || (item.status === 'proposed' && item.rationale.trim() === '')),
  );
}

/**
 * "Who wanted this and why": every change that touched a clause, whatever
 * its status, newest first.
 */
export function clauseHistory(records: readonly ChangeRecord[], clauseId: string): ChangeRecord[] {
  return records.filter((r) => r.clauseIds.includes(clauseId)).sort((a, b) => byCreated(b, a));
}

/** Where a proposed change sits in the document. */
export interface ChangeLocation {
  readonly changeId: string;
  readonly from: number;
  readonly to: number;
}

/**
 * The proposed changes visible in the document, in document order: marked
 * changes by their marks; when records are given, proposed moves by their
 * clause (and changes whose record is decided are left out).
 */
export function changeLocations(doc: PMNode, records?: readonly ChangeRecord[]): ChangeLocation[] {
  const out: ChangeLocation[] = [];
  const status = records ? new Map(records.map((r) => [r.id, r.status])) : null;
  for (const info of indexChangeMarks(doc).values()) {
    if (status && status.has(info.id) && status.get(info.id) !== 'proposed') continue;
    out.push({ changeId: info.id, from: info.from, to: info.to });
  }
  if (records) {
    const offsets = clauseOffsets(doc);
    for (const record of records) {
      if (record.kind !== 'moved' || record.status !== 'proposed') continue;
      let index = -1;
      doc.forEach((clause, _o, i) => {
        if (index < 0 && clauseIdOf(clause) === record.clauseIds[0]) index = i;
      });
      if (index < 0 || index + 1 === record.movedFrom) continue;
      out.push({ changeId: record.id, from: offsets[index]!, to: offsets[index]! + doc.child(index).nodeSize });
    }
  }
  return out.sort((a, b) => a.from - b.from || a.to - b.to);
}

/** The next proposed change after position `pos` (wrapping to the first by default), or null if there is none. */
export function nextChange(doc: PMNode, pos: number, records?: readonly ChangeRecord[], wrap = true): ChangeLocation | null {
  const all = changeLocations(doc, records);
  return all.find((c) => c.from > pos) ?? (wrap ? (all[0] ?? null) : null);
}

/** The proposed change before position `pos` (wrapping to the last by default), or null if there is none. */
export function previousChange(doc: PMNode, pos: number, records?: readonly ChangeRecord[], wrap = true): ChangeLocation | null {
  const all = changeLocations(doc, records);
  const before = all.filter((c) => c.from < pos);
  return before[before.length - 1] ?? (wrap ? (all[all.length - 1] ?? null) : null);
}
