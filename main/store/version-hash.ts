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
