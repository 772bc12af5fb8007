import { MEMBER_ROLES, type Identity, type MemberRole } from '../domain/types';

/**
 * Presence: what one window (or one replica's editor) tells the others about
 * itself in a document, as the local state of a y-protocols `Awareness`.
 * It is never stored. `cursor` is y-prosemirror's (`yCursorPlugin` writes
 * relative positions there); `clauseId` is the clause holding the selection.
 */
export interface PresenceState {
  /** Who this is; null for a window that has not chosen who it is yet. */
  readonly user: PresenceUser | null;
  /** Stable id of the clause the selection is in, or null. */
  readonly clauseId: string | null;
  /** y-prosemirror's cursor (`{ anchor, head }` as Yjs relative positions, JSON), or null when not focused. */
  readonly cursor: PresenceCursor | null;
}

/** The member behind a presence state, with what others need to show them. */
export interface PresenceUser {
  readonly memberId: string;
  readonly name: string;
  readonly partyId: string;
  readonly partyCode: string;
  /** The party's colour (#rrggbb). */
  readonly colour: string;
  /** The same colour under the name y-prosemirror and stock Yjs editors read. */
  readonly color: string;
  readonly role: MemberRole;
}

/** y-prosemirror's cursor field: Yjs relative positions as JSON. */
export interface PresenceCursor {
  readonly anchor: Record<string, unknown>;
  readonly head: Record<string, unknown>;
}

/** Largest presence state, as JSON, that is accepted (a cursor and a user need a few hundred bytes). */
export const MAX_PRESENCE_STATE_CHARS = 4096;

/** The presence user of a member acting in a window. */
export function presenceUserOf(identity: Identity): PresenceUser {
  return {
    memberId: identity.member.id,
    name: identity.member.name,
    partyId: identity.party.id,
    partyCode: identity.party.code,
    colour: identity.party.colour,
    color: identity.party.colour,
    role: identity.member.role,
  };
}

const COLOUR = /^#[0-9a-fA-F]{3,8}$/;
const ROLES: ReadonlySet<string> = new Set(MEMBER_ROLES);

function shortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reads a presence state someone else sent (another window, a replica, a
 * stock y-websocket client), keeping only well-formed fields: a malformed
 * `user` becomes null, a malformed `clauseId` or `cursor` null. Returns null
 * for anything that is not an object or is too large.
 */
export function readPresenceState(raw: unknown): PresenceState | null {
  if (!isRecord(raw)) return null;
  if (JSON.stringify(raw).length > MAX_PRESENCE_STATE_CHARS) return null;
  return { user: readPresenceUser(raw['user']), clauseId: shortString(raw['clauseId'], 200) ? raw['clauseId'] : null, cursor: readCursor(raw['cursor']) };
}

/** A well-formed presence user, or null. */
export function readPresenceUser(raw: unknown): PresenceUser | null {
  if (!isRecord(raw)) return null;
  const { memberId, name, partyId, partyCode, colour, role } = raw;
  if (!shortString(memberId, 200) || !shortString(name, 500) || !shortString(partyId, 200)) return null;
  if (typeof partyCode !== 'string' || partyCode.length > 20) return null;
  if (typeof colour !== 'string' || !COLOUR.test(colour)) return null;
  if (typeof role !== 'string' || !ROLES.has(role)) return null;
  return { memberId, name, partyId, partyCode, colour, color: colour, role: role as MemberRole };
}

function readCursor(raw: unknown): PresenceCursor | null {
  if (!isRecord(raw) || !isRecord(raw['anchor']) || !isRecord(raw['head'])) return null;
  return { anchor: raw['anchor'], head: raw['head'] };
}

/**
 * The state a relay keeps for a state a client sent (main for a window, the
 * team server for a connection): its clause and cursor if well-formed, and
 * as `user` the member the sender is known to act as (null if none). Null
 * (drop the entry) for a state that is not an object or is too large.
 */
export function vouchedPresenceState(raw: unknown, identity: Identity | null): PresenceState | null {
  const state = readPresenceState(raw);
  if (state === null) return null;
  return { user: identity === null ? null : presenceUserOf(identity), clauseId: state.clauseId, cursor: state.cursor };
}
