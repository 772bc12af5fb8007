import type { MemberRole } from '../domain/types';
import { readPresenceState } from './presence-state';

/** One person in the presence list of a document. */
export interface PresenceRow {
  readonly memberId: string;
  readonly name: string;
  readonly partyId: string;
  readonly partyCode: string;
  /** The party's colour (#rrggbb). */
  readonly colour: string;
  readonly role: MemberRole;
  /** The clause they are in, when it is in the document. */
  readonly clauseId: string | null;
  /** 1-based number of that clause ("Point N"), or null when unknown or gone. */
  readonly clauseNumber: number | null;
  /** Another window of the member at this keyboard. */
  readonly self: boolean;
}

/** What `presenceRows` needs to know about the window that shows them. */
export interface PresenceRowsContext {
  /** This window's own awareness client (left out). */
  readonly ownClientId: number;
  /** The member this window acts as (their other windows are marked `self`), or null. */
  readonly ownMemberId: string | null;
  /** The current 1-based number of a clause, or null if it is not in the document. */
  clauseNumber(clauseId: string): number | null;
}

/**
 * The presence list: one row per member present in the document (however
 * many windows they have open there), sorted by name; this window and states
 * without a well-formed user are left out. A member's row shows the clause of
 * the first of their windows that is in one.
 */
export function presenceRows(states: ReadonlyMap<number, unknown>, context: PresenceRowsContext): PresenceRow[] {
  const rows = new Map<string, PresenceRow>();
  for (const [clientId, raw] of states) {
    if (clientId === context.ownClientId) continue;
    const state = readPresenceState(raw);
    const user = state?.user;
    if (!state || !user) continue;
    const clauseNumber = state.clauseId === null ? null : context.clauseNumber(state.clauseId);
    const existing = rows.get(user.memberId);
    if (existing !== undefined && (existing.clauseNumber !== null || clauseNumber === null)) continue;
    rows.set(user.memberId, {
      memberId: user.memberId,
      name: user.name,
      partyId: user.partyId,
      partyCode: user.partyCode,
      colour: user.colour,
      role: user.role,
      clauseId: clauseNumber === null ? null : state.clauseId,
      clauseNumber,
      self: user.memberId === context.ownMemberId,
    });
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name) || a.memberId.localeCompare(b.memberId));
}
