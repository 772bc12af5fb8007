import type { ChangeKind, ChangeStatus, Member, Party, WorkspaceInfo } from '../../../shared/domain/types';

/** Parties and members of the open workspace, looked up by id. */
export interface People {
  party(partyId: string): Party | undefined;
  member(memberId: string): Member | undefined;
}

const EMPTY_PEOPLE: People = { party: () => undefined, member: () => undefined };
const cache = new WeakMap<WorkspaceInfo, People>();

/** Lookups over a workspace's parties and members (cached per workspace object). */
export function peopleOf(workspace: WorkspaceInfo | null): People {
  if (!workspace) return EMPTY_PEOPLE;
  const cached = cache.get(workspace);
  if (cached) return cached;
  const parties = new Map(workspace.parties.map((p) => [p.id, p]));
  const members = new Map(workspace.members.map((m) => [m.id, m]));
  const people: People = { party: (id) => parties.get(id), member: (id) => members.get(id) };
  cache.set(workspace, people);
  return people;
}

const KIND_LABEL: Record<ChangeKind, string> = { added: 'Added', amended: 'Amended', removed: 'Removed', moved: 'Moved' };
const STATUS_LABEL: Record<ChangeStatus, string> = { proposed: 'Proposed', accepted: 'Accepted', rejected: 'Rejected' };

/** "Added", "Amended", "Removed", "Moved". */
export function kindLabel(kind: ChangeKind): string {
  return KIND_LABEL[kind];
}

/** "Proposed", "Accepted", "Rejected". */
export function statusLabel(status: ChangeStatus): string {
  return STATUS_LABEL[status];
}
