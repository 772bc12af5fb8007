import type { Member, Party, WorkspaceInfo } from '../../../shared/domain/types';

/** Names and parties of a workspace's people, for comment and history lists. */
export interface People {
  /** A member's name, or their id when unknown here. */
  memberName(memberId: string): string;
  /** A party, or undefined when unknown here. */
  party(partyId: string): Party | undefined;
  /** A party's name, or its id when unknown. */
  partyName(partyId: string): string;
  readonly parties: readonly Party[];
  readonly members: readonly Member[];
}

/** The people of a workspace (empty lists when none is open). */
export function peopleOf(workspace: WorkspaceInfo | null): People {
  const members = workspace?.members ?? [];
  const parties = workspace?.parties ?? [];
  const memberById = new Map(members.map((m) => [m.id, m]));
  const partyById = new Map(parties.map((p) => [p.id, p]));
  return {
    memberName: (id) => memberById.get(id)?.name ?? id,
    party: (id) => partyById.get(id),
    partyName: (id) => partyById.get(id)?.name ?? id,
    parties,
    members,
  };
}
