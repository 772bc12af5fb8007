import type { ChangeKind, ChangeStatus } from '../../../shared/domain/types';

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
