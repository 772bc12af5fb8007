import type { ChangeKind, ChangeRecord } from '../domain/types';

/**
 * Who made a difference between two versions: the change records that touch
 * the clause and were accepted between the two versions' times, or created
 * in that interval (rejected ones made no difference and never count). When
 * several fit one difference, the one whose snippets hold its text wins.
 */

/** The interval between two versions: (from, to], ISO 8601 times. */
export interface AttributionWindow {
  readonly from: string;
  readonly to: string;
}

function within(time: string | undefined, window: AttributionWindow): boolean {
  return time !== undefined && time > window.from && time <= window.to;
}

/** The records that may explain a difference in `clauseId` between the two versions. */
export function candidateRecords(records: readonly ChangeRecord[], clauseId: string, window: AttributionWindow): ChangeRecord[] {
  return records.filter(
    (r) =>
      r.status !== 'rejected' &&
      r.clauseIds.includes(clauseId) &&
      ((r.status === 'accepted' && within(r.decidedAt, window)) || within(r.createdAt, window)),
  );
}

/**
 * `candidateRecords` for every clause at once: one pass over the records
 * instead of one per clause. `of(clauseId)` returns the same records, in the
 * same order, as `candidateRecords(records, clauseId, window)`.
 */
export class CandidateIndex {
  private readonly byClause = new Map<string, ChangeRecord[]>();

  constructor(records: readonly ChangeRecord[], window: AttributionWindow) {
    for (const r of records) {
      if (r.status === 'rejected' || !((r.status === 'accepted' && within(r.decidedAt, window)) || within(r.createdAt, window))) continue;
      for (const clauseId of new Set(r.clauseIds)) {
        const list = this.byClause.get(clauseId);
        if (list) list.push(r);
        else this.byClause.set(clauseId, [r]);
      }
    }
  }

  /** The records that may explain a difference in `clauseId` (a fresh array). */
  of(clauseId: string): ChangeRecord[] {
    return [...(this.byClause.get(clauseId) ?? [])];
  }
}

/** A difference to attribute: the text it deletes and inserts. */
export interface Difference {
  readonly deleted: string;
  readonly inserted: string;
  /** The kind of change that fits best (a removed clause: `removed`). */
  readonly kind: ChangeKind;
}

function normal(text: string): string {
  return text.replace(/…/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

function holds(snippet: string | undefined, text: string): boolean {
  const t = normal(text);
  return t !== '' && snippet !== undefined && normal(snippet).includes(t);
}

function lastTouched(record: ChangeRecord): string {
  return record.decidedAt ?? record.createdAt;
}

/**
 * The record a difference is attributed to, among the candidates: the kind
 * that fits (`removed` for a removed clause, `added` for a new one), then the
 * one whose `after` snippet holds the inserted text and whose `before`
 * snippet holds the deleted text, then the latest. Moves never explain a
 * text difference. Undefined when there is no candidate.
 */
export function attributeDifference(candidates: readonly ChangeRecord[], difference: Difference): ChangeRecord | undefined {
  let best: ChangeRecord | undefined;
  let bestScore = -1;
  for (const record of candidates) {
    if (record.kind === 'moved') continue;
    const score =
      (record.kind === difference.kind ? 4 : 0) + (holds(record.after, difference.inserted) ? 2 : 0) + (holds(record.before, difference.deleted) ? 2 : 0);
    const later = best !== undefined && score === bestScore && lastTouched(record) > lastTouched(best);
    if (score > bestScore || later) {
      best = record;
      bestScore = score;
    }
  }
  return best;
}
