import { crc32 } from 'node:zlib';
import type Database from 'better-sqlite3';
import { DraftroomError } from '../../shared/api/errors';

/**
 * Checksums of the rows that hold document content: each `update_log` row,
 * each snapshot and each named version carries a CRC-32 (zlib's, in Node)
 * of its bytes and of the keys that place it (document, covered sequence
 * number), computed when the row is written and checked whenever it is read.
 *
 * They catch damage SQLite's own checks cannot see (a flipped byte inside a
 * stored update passes `quick_check` and would otherwise be decoded by Yjs
 * into altered text or an obscure decoder error). CRC-32 is the right tool
 * for accidental damage and costs ~0.2 µs per log row; it is not meant to
 * stop deliberate tampering (anyone who can edit the file can recompute any
 * unkeyed hash).
 */

/** Row kinds, so that one row's bytes never pass for another kind's. */
const UPDATE_ROW = 1;
const SNAPSHOT_ROW = 2;
const VERSION_ROW = 3;

const prefix = Buffer.alloc(17);

function keyed(kind: number, a: number, b: number): number {
  prefix[0] = kind;
  prefix.writeDoubleBE(a, 1);
  prefix.writeDoubleBE(b, 9);
  return crc32(prefix);
}

/** What `updateChecksum` starts from for a document: compute once, then `updateChecksumFrom` per row. */
export function updateChecksumSeed(docKey: number): number {
  return keyed(UPDATE_ROW, docKey, 0);
}

/** `updateChecksum(docKey, data)` given `updateChecksumSeed(docKey)` (the per-row cost: one CRC-32 of the update). */
export function updateChecksumFrom(seed: number, data: Uint8Array): number {
  return crc32(data, seed);
}

/** The checksum of an `update_log` row: its document key and its Yjs update. */
export function updateChecksum(docKey: number, data: Uint8Array): number {
  return crc32(data, updateChecksumSeed(docKey));
}

/** The checksum of a snapshot row: document key, last merged sequence number, merged state. */
export function snapshotChecksum(docKey: number, coversSeq: number, state: Uint8Array): number {
  return crc32(state, keyed(SNAPSHOT_ROW, docKey, coversSeq));
}

/** The checksum of a version row: its document's id and its state. */
export function versionChecksum(docId: string, state: Uint8Array): number {
  return crc32(state, crc32(docId, keyed(VERSION_ROW, 0, 0)));
}

/**
 * Registers the checksums as SQL functions on `db` (for the migration that
 * fills them in): `draftroom_update_checksum(doc_key, data)`,
 * `draftroom_snapshot_checksum(doc_key, covers_seq, state)`,
 * `draftroom_version_checksum(doc_id, state)`. Direct-only: a schema can
 * never call them.
 */
export function registerChecksumFunctions(db: Database.Database): void {
  const options = { deterministic: true, directOnly: true } as const;
  db.function('draftroom_update_checksum', options, (docKey: unknown, data: unknown) =>
    updateChecksum(Number(docKey), data as Buffer),
  );
  db.function('draftroom_snapshot_checksum', options, (docKey: unknown, coversSeq: unknown, state: unknown) =>
    snapshotChecksum(Number(docKey), Number(coversSeq), state as Buffer),
  );
  db.function('draftroom_version_checksum', options, (docId: unknown, state: unknown) =>
    versionChecksum(String(docId), state as Buffer),
  );
}

/** What `damagedRowError` says about the row. */
export interface DamagedRow {
  /** The document, as the user knows it (`"Peace framework" (id …)`). */
  readonly document: string;
  /** The row, e.g. `stored edit 1234`, `the compacted snapshot`, `version "Draft 2"`. */
  readonly row: string;
  /** What the user can still do, appended to the message (may be empty). */
  readonly remedy?: string;
}

/** Whether a stored checksum (possibly damaged to another type) matches the computed one. */
export function checksumMatches(stored: unknown, computed: number): boolean {
  return typeof stored === 'number' ? stored === computed : typeof stored === 'bigint' && stored === BigInt(computed);
}

/** The `corrupt` error for a row whose content does not match its checksum. */
export function damagedRowError(damage: DamagedRow): DraftroomError {
  const remedy = damage.remedy ? ` ${damage.remedy}` : '';
  return new DraftroomError(
    'corrupt',
    `The document ${damage.document} is damaged: ${damage.row} does not match its checksum (the file was changed outside Draftroom or the disk damaged it).${remedy}`,
  );
}
