import type { Node as PMNode } from 'prosemirror-model';
import type { Member, Party } from '../domain/types';
import { listClauses } from '../schema/clauses';
import type { PositionRecord, Stance } from './position-schema';
import { clauseFingerprint } from './positions';

/**
 * The positions matrix: one row per clause (in document order), one cell
 * per party, each with the party's stance, note, who recorded it and when,
 * and whether it is stale (the clause's text changed since). Filters:
 * where a party takes a stance, agreed by all, stale. Pure.
 */

/** One party's position on one clause, as shown. */
export interface PositionCell {
  readonly partyId: string;
  readonly stance: Stance | null;
  readonly note: string;
  readonly recordedBy: string | null;
  readonly recordedAt: string | null;
  /** Recorded on another text of the clause. */
  readonly stale: boolean;
}

/** One clause's row. */
export interface PositionRow {
  readonly clauseId: string;
  /** "Point N". */
  readonly point: number;
  readonly heading: string;
  readonly cells: readonly PositionCell[];
  /** Every party's current (not stale) position is "agreed". */
  readonly agreedByAll: boolean;
}

/** The matrix of `doc` (clauses proposed for addition included) for `parties`, in their order. */
export function positionMatrix(doc: PMNode, positions: readonly PositionRecord[], parties: readonly Party[], members: readonly Member[] = []): PositionRow[] {
  const byKey = new Map(positions.map((p) => [`${p.clauseId}\u0000${p.partyId}`, p]));
  const memberName = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const fingerprints = new Map<string, string>();
  doc.forEach((clause) => fingerprints.set(String(clause.attrs['id']), clauseFingerprint(clause)));
  return listClauses(doc).map((clause) => {
    const cells = parties.map((party): PositionCell => {
      const record = byKey.get(`${clause.id}\u0000${party.id}`);
      if (!record) return { partyId: party.id, stance: null, note: '', recordedBy: null, recordedAt: null, stale: false };
      return {
        partyId: party.id,
        stance: record.stance,
        note: record.note,
        recordedBy: memberName(record.recordedBy),
        recordedAt: record.recordedAt,
        stale: record.textHash !== fingerprints.get(clause.id),
      };
    });
    return {
      clauseId: clause.id,
      point: clause.number,
      heading: clause.heading,
      cells,
      agreedByAll: cells.length > 0 && cells.every((c) => c.stance === 'agreed' && !c.stale),
    };
  });
}

/** A filter of the matrix's rows. */
export type PositionFilter =
  | { readonly kind: 'all' }
  | { readonly kind: 'agreed-by-all' }
  | { readonly kind: 'stale' }
  | { readonly kind: 'party-stance'; readonly partyId: string; readonly stance: Stance };

/** The rows a filter keeps ("where Russia rejects": a current or stale rejection by Russia). */
export function filterPositions(rows: readonly PositionRow[], filter: PositionFilter): PositionRow[] {
  switch (filter.kind) {
    case 'all':
      return [...rows];
    case 'agreed-by-all':
      return rows.filter((r) => r.agreedByAll);
    case 'stale':
      return rows.filter((r) => r.cells.some((c) => c.stale));
    case 'party-stance':
      return rows.filter((r) => r.cells.some((c) => c.partyId === filter.partyId && c.stance === filter.stance));
  }
}
