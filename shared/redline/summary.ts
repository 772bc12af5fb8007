import type { ChangeKind, ChangeRecord } from '../domain/types';
import type { AlignedPair } from './align';
import { SUMMARY_KINDS, type ConcordanceRow, type PartyCounts, type RedlineSummary, type SummaryKind, type SummaryRow } from './model';
import { NEUTRAL_COLOUR, type RedlinePeople } from './redline-people';
import { decisionLine } from './wording';

/**
 * The change summary and concordance every redline format ends with: one
 * row per difference (clause, kind, party, rationale, decision), grouped by
 * party with counts per party and kind, and the clause numbers of the whole
 * document old → new. Builders collect rows as they write the redline and
 * call `buildSummary` once.
 */

/** Party shown for a difference no change record explains. */
export const UNEXPLAINED_PARTY = 'Draftroom comparison';

/** A change record's kind as the table prints it. */
export function summaryKind(kind: ChangeKind): SummaryKind {
  const kinds: Record<ChangeKind, SummaryKind> = { added: 'Added', amended: 'Amended', removed: 'Removed', moved: 'Moved' };
  return kinds[kind];
}

/** "Point 9 (was 12)", "Point 9", or "was Point 4" for a clause that is no longer in the newer text. */
export function summaryClauseLabel(place: { readonly number?: number; readonly was?: number }): string {
  if (place.number === undefined) return place.was !== undefined ? `was Point ${place.was}` : '—';
  return place.was !== undefined && place.was !== place.number ? `Point ${place.number} (was ${place.was})` : `Point ${place.number}`;
}

/** Where a difference is: the clause, its number on the newer side (none when removed) and on the older side. */
export interface SummaryPlace {
  readonly clauseId: string;
  readonly number?: number;
  readonly was?: number;
}

/** A summary row for a difference made by `record` (or by nobody known, when null). */
export function summaryRow(place: SummaryPlace, kind: SummaryKind, record: ChangeRecord | null, people: RedlinePeople): SummaryRow {
  const common = {
    clauseId: place.clauseId,
    clause: summaryClauseLabel(place),
    number: place.number ?? place.was ?? Number.MAX_SAFE_INTEGER,
    kind,
  };
  if (!record) return { ...common, party: UNEXPLAINED_PARTY, colour: NEUTRAL_COLOUR, member: null, rationale: people.external ? null : '', decision: '' };
  return {
    ...common,
    party: people.partyName(record.partyId),
    colour: people.partyColour(record.partyId),
    member: people.visibleMember(record.authorId),
    rationale: people.external ? null : record.rationale.trim(),
    decision: decisionLine(record, people),
  };
}

function zeroCounts(): Record<SummaryKind, number> {
  return { Added: 0, Amended: 0, Removed: 0, Moved: 0 };
}

/**
 * The summary: rows grouped by party (parties in order of their first
 * difference in the text), each party's rows by clause number; counts per
 * party and kind.
 */
export function buildSummary(
  rows: readonly SummaryRow[],
  concordance: readonly ConcordanceRow[],
  names: { readonly beforeName: string; readonly afterName: string },
): RedlineSummary {
  const byNumber = [...rows].sort((a, b) => a.number - b.number);
  const order: string[] = [];
  for (const row of byNumber) if (!order.includes(row.party)) order.push(row.party);
  const sorted = [...byNumber].sort((a, b) => order.indexOf(a.party) - order.indexOf(b.party));
  const parties: PartyCounts[] = order.map((party) => {
    const counts = zeroCounts();
    const own = sorted.filter((r) => r.party === party);
    for (const row of own) counts[row.kind]++;
    return { party, colour: own[0]!.colour, counts, total: own.length };
  });
  return { rows: sorted, parties, concordance, ...names };
}

/** Totals of every kind over all parties. */
export function kindTotals(summary: RedlineSummary): Record<SummaryKind, number> {
  const totals = zeroCounts();
  for (const party of summary.parties) for (const kind of SUMMARY_KINDS) totals[kind] += party.counts[kind];
  return totals;
}

/** The concordance of an id alignment: every clause with its old and new number. */
export function concordanceOf<T>(aligned: readonly AlignedPair<T>[], idOf: (item: T) => string, headingOf: (item: T) => string): ConcordanceRow[] {
  return aligned.map((row) => {
    const item = (row.after ?? row.before)!.item;
    return {
      clauseId: idOf(item),
      heading: headingOf(item),
      ...(row.before ? { before: row.before.number } : {}),
      ...(row.after ? { after: row.after.number } : {}),
    };
  });
}

/** "12 → 9", "4 → removed", "added → 21", "3 → 3". */
export function concordanceText(row: ConcordanceRow): { before: string; after: string } {
  return { before: row.before !== undefined ? String(row.before) : 'added', after: row.after !== undefined ? String(row.after) : 'removed' };
}
