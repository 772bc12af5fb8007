import type { ChangeStatus } from '../domain/types';

/**
 * Which status changes a change record may go through, and who may make
 * them. Pure; main's update policy applies it to every status an update
 * writes.
 *
 * A change is created `proposed`; a lead decides it (`accepted` or
 * `rejected`), or it is swept away as `rejected` by its author's withdrawal
 * of the change around it (a withdrawal deletes the author's own record
 * instead). A decision is final: nobody reopens it (back to `proposed`) or
 * flips it (accepted ↔ rejected). The one exception is not a flip but a
 * race: two leads who decide the same change without having seen each
 * other's decision. What counts is the status the writer saw when writing
 * (see `shared/ydoc/map-writes.ts`), not the one main held when the update
 * arrived.
 */

/** What a status write needs to be judged. */
export interface StatusWrite {
  /** The status the writer saw (and wrote over); undefined for a record the write creates. */
  readonly seen: ChangeStatus | undefined;
  /** The status written. */
  readonly written: unknown;
  /** The writer may decide changes (a lead). */
  readonly byLead: boolean;
  /** The write is part of the writer's withdrawal of their own change, which sweeps the changes inside it. */
  readonly sweptByWithdrawal: boolean;
}

/** True if `value` is one of the statuses of a change record. */
export function isChangeStatus(value: unknown): value is ChangeStatus {
  return value === 'proposed' || value === 'accepted' || value === 'rejected';
}

/** Why this status write is not allowed, or null if it is. */
export function statusTransitionRefusal(write: StatusWrite): string | null {
  const { seen, written } = write;
  if (!isChangeStatus(written)) return `${JSON.stringify(written)} is not a status of a change`;
  if (seen === undefined) return written === 'proposed' ? null : 'a new change record is proposed, not decided';
  if (seen === written) return null;
  if (seen !== 'proposed') {
    return written === 'proposed' ? `a decided change cannot be reopened (it was ${seen})` : `a decided change cannot be overturned (it was ${seen})`;
  }
  if (written === 'accepted' && !write.byLead) return 'only a lead may accept a change';
  if (written === 'rejected' && !write.byLead && !write.sweptByWithdrawal) return 'only a lead may reject a change';
  return null;
}
