import { z } from 'zod';
import { firstIssue, MAX_RECORD_ID_LENGTH } from '../suggest/record-schema';
import { MAX_RATIONALE_LENGTH } from '../suggest/ydoc-binding';

/**
 * Brackets and their alternatives, as records beside the text (Y.Maps
 * `brackets` and `alternatives` of the document's Y.Doc). The words of each
 * alternative are in the document itself, under an `alternative` mark that
 * names the bracket and the alternative, so they are edited (and tracked)
 * like any other text; the records say who proposed each alternative and
 * why, and how the bracket was closed. Pure: the records are plain data
 * (`Y.Map.toJSON()`), checked by main's update policy on every write.
 */

const recordId = z.string().min(1).max(MAX_RECORD_ID_LENGTH);
const isoTime = z.iso.datetime();
/** Longest alternative or agreed wording kept in a closure (the words themselves). */
export const MAX_WORDING_LENGTH = 100_000;
/** Most alternatives a closure keeps. */
export const MAX_CLOSED_ALTERNATIVES = 100;

/** An alternative's words as they stood when its bracket was closed. */
export const closedAlternativeSchema = z.strictObject({
  altId: recordId,
  text: z.string().max(MAX_WORDING_LENGTH),
});

/**
 * How a bracket was closed, written at once as one value (two leads closing
 * at the same moment: one closure wins whole, never a mix of both): by whom
 * and when, the alternative chosen (or null for agreed new wording), the
 * wording that stays, and every alternative's words at that moment (they
 * stay in the clause's history).
 */
export const bracketClosureSchema = z.strictObject({
  by: recordId,
  at: isoTime,
  chosenAltId: recordId.nullable(),
  text: z.string().max(MAX_WORDING_LENGTH),
  alternatives: z.array(closedAlternativeSchema).max(MAX_CLOSED_ALTERNATIVES),
});

/** A bracket: words of a clause still in square brackets, with two or more alternatives. */
export const bracketRecordSchema = z
  .strictObject({
    id: recordId,
    /** The clause the bracket is in (stable id). */
    clauseId: recordId,
    /** Member who put the words in brackets, and their party. */
    openedBy: recordId,
    partyId: recordId,
    openedAt: isoTime,
    status: z.enum(['open', 'closed']),
    closure: bracketClosureSchema.optional(),
  })
  .superRefine((record, context) => {
    if ((record.status === 'closed') !== (record.closure !== undefined)) {
      context.addIssue({ code: 'custom', path: ['closure'], message: record.status === 'closed' ? 'a closed bracket says how it was closed' : 'an open bracket has no closure' });
    }
  });

/** One alternative of a bracket ("Alt 2 — Russia: …"): who proposed it and why. */
export const alternativeRecordSchema = z.strictObject({
  id: recordId,
  bracketId: recordId,
  /** The party whose alternative it is. */
  partyId: recordId,
  /** Member who recorded it (a member of `partyId`, except for the bracketed words themselves: see `existing`). */
  proposedBy: recordId,
  createdAt: isoTime,
  rationale: z.string().max(MAX_RATIONALE_LENGTH),
  /** The words that were in the text when they were bracketed (their party is named by whoever bracketed them). */
  existing: z.boolean(),
});

/** A bracket record. */
export type BracketRecord = z.infer<typeof bracketRecordSchema>;
/** How a bracket was closed. */
export type BracketClosure = z.infer<typeof bracketClosureSchema>;
/** An alternative record. */
export type AlternativeRecord = z.infer<typeof alternativeRecordSchema>;

function problemOf(schema: z.ZodType<{ id: string }>, what: string, key: string, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return `malformed ${what} (${firstIssue(parsed.error)})`;
  if (parsed.data.id !== key) return `a ${what} stored under ${JSON.stringify(key)} carries the id ${JSON.stringify(parsed.data.id)}`;
  return null;
}

/** Why `value`, stored under `key` in `brackets`, is not a well-formed bracket record, or null. */
export function bracketRecordProblem(key: string, value: unknown): string | null {
  return problemOf(bracketRecordSchema, 'bracket record', key, value);
}

/** Why `value`, stored under `key` in `alternatives`, is not a well-formed alternative record, or null. */
export function alternativeRecordProblem(key: string, value: unknown): string | null {
  return problemOf(alternativeRecordSchema, 'alternative record', key, value);
}
