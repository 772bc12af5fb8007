import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeKind, ChangeRecord, ChangeStatus } from '../domain/types';
import { clauseIdOf, clauseOffsets, indexChangeMarks } from './marks';

/**
 * Pure views of the document and its change records for the UI: clause
 * labels with "was" numbers, per-clause history, filters, and next/previous
 * change navigation (the changes panel's rows: `change-summaries.ts`).
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

/** The proposed records of each clause id, in the records' order. */
function proposedByClause(records: readonly ChangeRecord[]): Map<string, ChangeRecord[]> {
  const out = new Map<string, ChangeRecord[]>();
  for (const record of records) {
    if (record.status !== 'proposed') continue;
    for (const clauseId of new Set(record.clauseIds)) {
      const list = out.get(clauseId);
      if (list) list.push(record);
      else out.set(clauseId, [record]);
    }
  }
  return out;
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
  const proposed = proposedByClause(records);
  doc.forEach((clause, _offset, index) => {
    const clauseId = clauseIdOf(clause);
    const number = index + 1;
    const mine = proposed.get(clauseId) ?? [];
    const moves = mine.filter((r) => r.kind === 'moved').sort(byCreated);
    const was = moves[0]?.movedFrom;
    const hasMark = (name: string): boolean => clause.marks.some((m) => m.type.name === name);
    const label = was !== undefined && was !== number ? `Point ${number} (was ${was})` : `Point ${number}`;
    out.push({
      clauseId,
      number,
      ...(was !== undefined && was !== number ? { was } : {}),
      label,
      pendingRemoval: hasMark('deletion') || mine.some((r) => r.kind === 'removed'),
      pendingAddition: hasMark('insertion') || mine.some((r) => r.kind === 'added'),
    });
  });
  return out;
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
