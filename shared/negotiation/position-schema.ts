import { z } from 'zod';
import { firstIssue, MAX_RECORD_ID_LENGTH } from '../suggest/record-schema';

/**
 * Where each party stands on each clause: one record per clause and party in
 * the document's Y.Map `positions`, under the key `<clause id>:<party id>`
 * (a party has one position per clause; recording again replaces it). The
 * record carries the stance, a note, who recorded it and when, and a
 * fingerprint of the clause's text at that moment, so that a position is
 * shown as stale once the text changes. Pure; checked by main's policy.
 */

/** A party's stance on a clause, from closest to furthest. */
export const STANCES = ['agreed', 'can-accept', 'reserves', 'rejects'] as const;

/** A stance. */
export type Stance = (typeof STANCES)[number];

/** How each stance reads. */
export const STANCE_LABELS: Readonly<Record<Stance, string>> = {
  agreed: 'Agreed',
  'can-accept': 'Can accept',
  reserves: 'Reserves',
  rejects: 'Rejects',
};

/** Longest note kept with a position. */
export const MAX_POSITION_NOTE = 4000;

const recordId = z.string().min(1).max(MAX_RECORD_ID_LENGTH);

/** A position record. */
export const positionRecordSchema = z.strictObject({
  clauseId: recordId,
  partyId: recordId,
  stance: z.enum(STANCES),
  note: z.string().max(MAX_POSITION_NOTE),
  recordedBy: recordId,
  recordedAt: z.iso.datetime(),
  /** Fingerprint of the clause's text when the position was recorded (`clauseFingerprint`). */
  textHash: z.string().min(1).max(64),
});

/** A position record. */
export type PositionRecord = z.infer<typeof positionRecordSchema>;

/** The key of a clause's position for a party. */
export function positionKey(clauseId: string, partyId: string): string {
  return `${clauseId}:${partyId}`;
}

/** Why `value`, stored under `key` in `positions`, is not a well-formed position record, or null. */
export function positionRecordProblem(key: string, value: unknown): string | null {
  const parsed = positionRecordSchema.safeParse(value);
  if (!parsed.success) return `malformed position (${firstIssue(parsed.error)})`;
  if (positionKey(parsed.data.clauseId, parsed.data.partyId) !== key) return `a position stored under ${JSON.stringify(key)} is for another clause or party`;
  return null;
}
