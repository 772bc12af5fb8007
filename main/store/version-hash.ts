import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { versionContentText, versionHashPreimageOfContent, type VersionHashFields } from '../../shared/initials/version-content';

/**
 * The content hash of a named version: SHA-256 (hex) of the canonical text
 * `versionHashPreimage` makes of its facts, its previous version's hash and
 * its decoded Y.Doc state. Throws whatever Yjs throws for a state it cannot
 * decode (callers that read stored rows report that as damage).
 */
export function versionHash(fields: VersionHashFields, state: Uint8Array): string {
  return versionHashOfContent(fields, versionContentOfState(state));
}

/**
 * A version's content (`versionContentText`) read from its Yjs state: what
 * its hash covers, and what its redline projection stores. Throws whatever
 * Yjs throws for a state it cannot decode.
 */
export function versionContentOfState(state: Uint8Array): string {
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, state);
    return versionContentText(ydoc);
  } finally {
    ydoc.destroy();
  }
}

/** `versionHash` of a content already read (`versionContentOfState`): no decoding, one SHA-256. */
export function versionHashOfContent(fields: VersionHashFields, contentText: string): string {
  return createHash('sha256').update(versionHashPreimageOfContent(fields, contentText), 'utf8').digest('hex');
}

/** A `versions` row's columns that its hash covers (as stored: snake_case). */
export interface HashedVersionColumns {
  readonly id: string;
  readonly doc_id: string;
  readonly name: string;
  readonly note: string;
  readonly author_id: string | null;
  readonly party_id: string | null;
  readonly created_at: string;
}

/** The hash fields of a stored version row, chained to `previousHash`. */
export function hashFieldsOfRow(row: HashedVersionColumns, previousHash: string | null): VersionHashFields {
  return {
    docId: row.doc_id,
    versionId: row.id,
    name: row.name,
    note: row.note,
    authorId: row.author_id,
    partyId: row.party_id,
    createdAt: row.created_at,
    previousHash,
  };
}
