import type { Identity, MemberRole } from '../../shared/domain/types';
import type { WorkspaceStoreApi } from '../store/store-types';

/**
 * Workspace preference in which Draftroom before schema 5 remembered who the
 * user acted as, for every later session on the file. It is no longer
 * written, and main never starts a session from it: the member a window acts
 * as is remembered by the browser or app profile and sent with `setIdentity`.
 */
export const IDENTITY_PREFERENCE = 'identity.memberId';

/**
 * Workspace preference that binds the file to a team server: JSON
 * `{ "serverUrl": string, "workspaceId": string, "memberId": string }`,
 * where `memberId` is the member the server's token acts as.
 */
export const TEAM_BINDING_PREFERENCE = 'team.binding';

/** The identity a team binding fixes: every session on the file acts as this member, and only as them. */
export interface FixedIdentity {
  /** The team server the workspace is bound to. */
  readonly serverUrl: string;
  /** The token's member; null if the binding cannot be read (then nobody may be chosen). */
  readonly memberId: string | null;
}

/**
 * The identity fixed by the workspace's team binding, or null if it is not
 * bound. A binding that is present but unreadable fixes the identity to
 * nobody (fails closed) rather than letting a session choose.
 */
export function fixedIdentityOf(store: WorkspaceStoreApi): FixedIdentity | null {
  const raw = store.getPreference(TEAM_BINDING_PREFERENCE);
  if (raw === undefined) return null;
  try {
    const value = JSON.parse(raw) as { serverUrl?: unknown; memberId?: unknown } | null;
    const serverUrl = typeof value?.serverUrl === 'string' ? value.serverUrl : 'an unreadable team server';
    return { serverUrl, memberId: typeof value?.memberId === 'string' ? value.memberId : null };
  } catch {
    return { serverUrl: 'an unreadable team server', memberId: null };
  }
}

/** Roles whose document updates main accepts (an observer only reads). */
const EDITING_ROLES: ReadonlySet<MemberRole> = new Set<MemberRole>(['lead', 'drafter', 'suggester']);

/** The member with this id and their party, or undefined if either is unknown. */
export function identityOf(store: WorkspaceStoreApi, memberId: string): Identity | undefined {
  const member = store.getMember(memberId);
  if (member === undefined) return undefined;
  const party = store.listParties().find((p) => p.id === member.partyId);
  return party === undefined ? undefined : { member, party };
}

/**
 * Whether main accepts document updates from someone acting as `identity`:
 * a lead, drafter or suggester may edit (suggesters' edits are tracked by
 * their editor); an observer, or a session that has not said who it is,
 * may only read.
 */
export function mayEditDocuments(identity: Identity | null | undefined): boolean {
  return identity != null && EDITING_ROLES.has(identity.member.role);
}

/** Why `mayEditDocuments` refused, as one sentence for a `forbidden` error. */
export function editRefusal(identity: Identity | null | undefined): string {
  if (identity == null) return 'choose who you are (a member of the workspace) before editing; this session may only read';
  return `${identity.member.name} (${identity.party.name}) is an observer and may read but not edit documents`;
}
