import type { ChangeKind, ChangeRecord, ChangeStatus, Member, Party, WorkspaceInfo } from '../../../shared/domain/types';

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

/** `text` cut to at most `max` characters at a word boundary, with "…". */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The hover text of a change mark: "UA · Olena Kovalenko · amended ·
 * “rationale…”" (or "· no rationale yet"), with the status once decided.
 */
export function changeTooltip(record: ChangeRecord, people: People): string {
  const party = people.party(record.partyId);
  const author = people.member(record.authorId);
  const parts = [party?.code || party?.name || record.partyId, author?.name ?? record.authorId, KIND_LABEL[record.kind].toLowerCase()];
  if (record.status !== 'proposed') parts.push(STATUS_LABEL[record.status].toLowerCase());
  const rationale = record.rationale.trim();
  parts.push(rationale === '' ? 'no rationale yet' : `“${clip(rationale, 90)}”`);
  return parts.join(' · ');
}
