import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { versionHashPreimage, type VersionHashFields } from '../../shared/initials/version-content';

/**
 * The content hash of a named version: SHA-256 (hex) of the canonical text
 * `versionHashPreimage` makes of its facts, its previous version's hash and
 * its decoded Y.Doc state. Throws whatever Yjs throws for a state it cannot
 * decode (callers that read stored rows report that as damage).
 */
export function versionHash(fields: VersionHashFields, state: Uint8Array): string {
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, state);
    return createHash('sha256').update(versionHashPreimage(fields, ydoc), 'utf8').digest('hex');
  } finally {
    ydoc.destroy();
  }
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
