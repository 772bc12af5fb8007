import { z } from 'zod';
import { CHANGE_KINDS, CHANGE_STATUSES, type ChangeRecord } from '../domain/types';
import { MAX_RATIONALE_LENGTH } from './ydoc-binding';

/**
 * The shape of a change record as the app writes it, checked on records that
 * arrive from other replicas (main's update policy checks every record an
 * update creates or changes). Pure: no Yjs, the record is plain data
 * (`Y.Map.toJSON()` of the entry).
 */

/** Longest id (change, member, party, clause) accepted in a record. */
export const MAX_RECORD_ID_LENGTH = 200;
/** Longest before/after snippet kept in a record (amendment snippets grow with the change; this only stops garbage). */
export const MAX_SNIPPET_LENGTH = 1_000_000;
/** Most clauses one change may touch. */
export const MAX_CHANGE_CLAUSES = 100_000;

const recordId = z.string().min(1).max(MAX_RECORD_ID_LENGTH);
/** ISO 8601 UTC time, as `Date.prototype.toISOString` writes it. */
const isoTime = z.iso.datetime();
const snippet = z.string().max(MAX_SNIPPET_LENGTH);

/**
 * A change record: every field of `ChangeRecord` with its type, and no other
 * field. Cross-field rules: a proposed change carries no decision; a decided
 * one names who decided and when; only a move has (and must have)
 * `movedFrom`, a 1-based clause number.
 */
export const changeRecordSchema = z
  .strictObject({
    id: recordId,
    kind: z.enum(CHANGE_KINDS as [ChangeRecord['kind'], ...ChangeRecord['kind'][]]),
    partyId: recordId,
    authorId: recordId,
    createdAt: isoTime,
    rationale: z.string().max(MAX_RATIONALE_LENGTH),
    status: z.enum(CHANGE_STATUSES as [ChangeRecord['status'], ...ChangeRecord['status'][]]),
    clauseIds: z.array(recordId).max(MAX_CHANGE_CLAUSES),
    decidedBy: recordId.optional(),
    decidedAt: isoTime.optional(),
    before: snippet.optional(),
    after: snippet.optional(),
    movedFrom: z.number().int().min(1).optional(),
  })
  .superRefine((record, context) => {
    const decided = record.status !== 'proposed';
    if (decided && (record.decidedBy === undefined || record.decidedAt === undefined)) {
      context.addIssue({ code: 'custom', path: ['decidedBy'], message: `a ${record.status} change names who decided it and when` });
    }
    if (!decided && (record.decidedBy !== undefined || record.decidedAt !== undefined)) {
      context.addIssue({ code: 'custom', path: ['decidedBy'], message: 'a proposed change carries no decision' });
    }
    if ((record.kind === 'moved') !== (record.movedFrom !== undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['movedFrom'],
        message: record.kind === 'moved' ? 'a move records the number the clause had' : `only a move has movedFrom, not a change ${record.kind}`,
      });
    }
  });

/** One line for the first problem zod found: `field: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'malformed';
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/**
 * Why `value`, stored under `key` in the document's `changes` map, is not a
 * well-formed change record, or null if it is. The record's own `id` must be
 * its key: a second record carrying another change's id would otherwise
 * make readers show one change with another's author and rationale.
 */
export function changeRecordProblem(key: string, value: unknown): string | null {
  const parsed = changeRecordSchema.safeParse(value);
  if (!parsed.success) return `malformed change record (${firstIssue(parsed.error)})`;
  if (parsed.data.id !== key) return `a change record stored under ${JSON.stringify(key)} carries the id ${JSON.stringify(parsed.data.id)}`;
  return null;
}
