import type { ChangeRecord } from '../domain/types';
import type { People } from '../domain/people';

/**
 * The words a redline uses: dates, clause number lines and the text of the
 * comments that carry each change's rationale and decision.
 */

const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** "29 Dec 2025" (local time zone); an unreadable time is returned as it is. */
export function redlineDate(time: string | Date): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  return Number.isNaN(date.getTime()) ? String(time) : dayMonthYear.format(date);
}

/** A clause's number as its number line shows it, in the number column: "9.". */
export function numberLabel(number: number): string {
  return `${number}.`;
}

/**
 * What follows the heading of a clause that moved: "(was 12)", its number
 * before (the move's comment says the same, "Moved from Point 12"). Only a
 * clause that moved itself says it; one renumbered because a clause before
 * it came or went does not (the concordance lists every number).
 */
export function movedNote(was: number): string {
  return `(was ${was})`;
}

/** "RU — amended — Rationale: …", or "… — Rationale missing" when none was given. */
export function rationaleLine(partyCode: string, record: Pick<ChangeRecord, 'kind' | 'rationale'>): string {
  const rationale = record.rationale.trim();
  return `${partyCode} — ${record.kind} — ${rationale === '' ? 'Rationale missing' : `Rationale: ${rationale}`}`;
}

/** "Accepted by Dana Whitfield (United States), 1 Dec 2025", "Proposed, not yet decided", … */
export function decisionLine(record: ChangeRecord, people: People): string {
  if (record.status === 'proposed') return 'Proposed, not yet decided';
  const verb = record.status === 'accepted' ? 'Accepted' : 'Rejected';
  const who = record.decidedBy !== undefined ? ` by ${people.memberWithParty(record.decidedBy)}` : '';
  const when = record.decidedAt !== undefined ? `, ${redlineDate(record.decidedAt)}` : '';
  return `${verb}${who}${when}`;
}

/** "Moved from Point 12". */
export function movedFromLine(movedFrom: number): string {
  return `Moved from Point ${movedFrom}`;
}
