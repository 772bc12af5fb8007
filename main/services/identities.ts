import type { Identity, MemberRole } from '../../shared/domain/types';
import type { WorkspaceStoreApi } from '../store/store-types';

/** Workspace preference that remembers who the user acts as (a member id). */
export const IDENTITY_PREFERENCE = 'identity.memberId';

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
