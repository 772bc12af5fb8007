import { z } from 'zod';
import { firstIssue, MAX_RECORD_ID_LENGTH } from '../suggest/record-schema';

/**
 * Packages: clauses that stand or fall together ("nothing is agreed until
 * everything is agreed"). One record per package in the document's Y.Map
 * `packages`: its name, its clauses (stable ids) and who created it. Pure;
 * checked by main's policy.
 */

/** Longest package name. */
export const MAX_PACKAGE_NAME = 200;
/** Most clauses in one package. */
export const MAX_PACKAGE_CLAUSES = 10_000;

const recordId = z.string().min(1).max(MAX_RECORD_ID_LENGTH);

/** A package record. */
export const packageRecordSchema = z.strictObject({
  id: recordId,
  name: z.string().min(1).max(MAX_PACKAGE_NAME),
  clauseIds: z.array(recordId).max(MAX_PACKAGE_CLAUSES),
  createdBy: recordId,
  partyId: recordId,
  createdAt: z.iso.datetime(),
});

/** A package record. */
export type PackageRecord = z.infer<typeof packageRecordSchema>;

/** Why `value`, stored under `key` in `packages`, is not a well-formed package record, or null. */
export function packageRecordProblem(key: string, value: unknown): string | null {
  const parsed = packageRecordSchema.safeParse(value);
  if (!parsed.success) return `malformed package (${firstIssue(parsed.error)})`;
  if (parsed.data.id !== key) return `a package stored under ${JSON.stringify(key)} carries the id ${JSON.stringify(parsed.data.id)}`;
  return null;
}
