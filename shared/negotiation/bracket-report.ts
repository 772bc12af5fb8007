import type * as Y from 'yjs';
import type { Member, Party } from '../domain/types';
import { readSuggestedDoc } from '../suggest/suggested-doc';
import { readAlternativeRecords, readBracketRecords } from './bracket-records';
import { bracketCounts, bracketViews, type BracketTally } from './bracket-view';

/**
 * What `draftroom brackets` prints and the Brackets panel shows: the open
 * brackets of a document (whose each alternative is, its words and
 * rationale), the counts per document, clause and party, the closed
 * brackets with every alternative they had, and the counts at each named
 * version ("brackets over time"). Plain data, JSON as is.
 */

/** A party as the report names it. */
export interface ReportParty {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly colour: string;
}

/** One alternative of an open bracket. */
export interface ReportAlternative {
  readonly id: string;
  /** "Alt 1" = 1. */
  readonly number: number;
  readonly party: ReportParty | null;
  readonly text: string;
  readonly rationale: string;
  readonly proposedBy: string;
  /** The words that were in the text when they were bracketed. */
  readonly existing: boolean;
}

/** One open bracket. */
export interface ReportBracket {
  readonly id: string;
  readonly clauseId: string;
  /** The clause's number now ("Point 4" = 4). */
  readonly point: number;
  readonly openedBy: string;
  readonly party: ReportParty | null;
  readonly openedAt: string;
  readonly alternatives: readonly ReportAlternative[];
}

/** One closed bracket: how it was closed and every alternative it had. */
export interface ReportClosedBracket {
  readonly id: string;
  readonly clauseId: string;
  readonly closedBy: string;
  readonly closedAt: string;
  /** Number of the alternative chosen, or null for agreed new wording. */
  readonly chosen: number | null;
  readonly text: string;
  readonly alternatives: readonly { readonly party: ReportParty | null; readonly text: string }[];
}

/** The counts at one point in time. */
export interface BracketHistoryPoint extends BracketTally {
  /** A named version's name, or "Working draft". */
  readonly name: string;
  readonly createdAt: string;
}

/** The whole report. */
export interface BracketReport {
  readonly brackets: number;
  readonly alternatives: number;
  readonly byParty: readonly (BracketTally & { readonly party: ReportParty | null })[];
  readonly byClause: readonly (BracketTally & { readonly clauseId: string; readonly point: number })[];
  readonly open: readonly ReportBracket[];
  readonly closed: readonly ReportClosedBracket[];
  readonly history: readonly BracketHistoryPoint[];
}

/** Who is who, for names. */
export interface ReportPeople {
  readonly parties: readonly Party[];
  readonly members: readonly Member[];
}

/** The counts of one state of a document (a named version or the working draft). */
export function historyPoint(name: string, createdAt: string, ydoc: Y.Doc): BracketHistoryPoint {
  const counts = bracketCounts(bracketViews(readSuggestedDoc(ydoc), readBracketRecords(ydoc), readAlternativeRecords(ydoc)));
  return { name, createdAt, brackets: counts.brackets, alternatives: counts.alternatives };
}

/** The report of a document's working draft (`ydoc`), with the history points already counted (oldest first). */
export function bracketReport(ydoc: Y.Doc, people: ReportPeople, history: readonly BracketHistoryPoint[]): BracketReport {
  const partyById = new Map(people.parties.map((p) => [p.id, p]));
  const memberName = (id: string) => people.members.find((m) => m.id === id)?.name ?? id;
  const party = (id: string | undefined): ReportParty | null => {
    const p = id === undefined ? undefined : partyById.get(id);
    return p ? { id: p.id, name: p.name, code: p.code, colour: p.colour } : null;
  };
  const records = readBracketRecords(ydoc);
  const alternatives = readAlternativeRecords(ydoc);
  const views = bracketViews(readSuggestedDoc(ydoc), records, alternatives).filter((v) => v.record?.status !== 'closed');
  const counts = bracketCounts(views);
  const altParty = new Map(alternatives.map((a) => [a.id, a.partyId]));
  return {
    brackets: counts.brackets,
    alternatives: counts.alternatives,
    byParty: counts.byParty.map((t) => ({ party: party(t.partyId), brackets: t.brackets, alternatives: t.alternatives })),
    byClause: counts.byClause.map((t) => ({ clauseId: t.clauseId, point: t.number, brackets: t.brackets, alternatives: t.alternatives })),
    open: views.map((v) => ({
      id: v.bracketId,
      clauseId: v.clauseId,
      point: v.clauseIndex + 1,
      openedBy: v.record ? memberName(v.record.openedBy) : '',
      party: party(v.record?.partyId),
      openedAt: v.record?.openedAt ?? '',
      alternatives: v.alternativeViews.map((a) => ({
        id: a.altId,
        number: a.number,
        party: party(a.record?.partyId),
        text: a.text,
        rationale: a.record?.rationale ?? '',
        proposedBy: a.record ? memberName(a.record.proposedBy) : '',
        existing: a.record?.existing ?? false,
      })),
    })),
    closed: records
      .filter((r) => r.status === 'closed' && r.closure)
      .map((r) => {
        const closure = r.closure!;
        const index = closure.alternatives.findIndex((a) => a.altId === closure.chosenAltId);
        return {
          id: r.id,
          clauseId: r.clauseId,
          closedBy: memberName(closure.by),
          closedAt: closure.at,
          chosen: index >= 0 ? index + 1 : null,
          text: closure.text,
          alternatives: closure.alternatives.map((a) => ({ party: party(altParty.get(a.altId)), text: a.text })),
        };
      }),
    history,
  };
}
