import type * as Y from 'yjs';
import { YDOC_LAYOUT, readProseMirrorDoc } from '../ydoc/layout';
import { CanonicalText, canonicalJson } from './canonical-json';

/**
 * What a named version's content hash is computed over, as one canonical
 * text (see `canonicalJson`): the version's facts (document, id, name, note,
 * author, party, time), the hash of the version before it in the document's
 * chain, and everything its Y.Doc state holds, read as data rather than as
 * Yjs bytes: the text (the ProseMirror document, with its clause ids and
 * suggestion and bracket marks), the change records, the party positions,
 * the brackets and alternatives, the packages and the comments. The same
 * content always gives the same text, however the state was encoded or
 * merged; main hashes it with SHA-256 (`main/store/version-hash.ts`).
 */

/** Names the preimage layout, so that a later change of what is hashed can never pass for this one. */
export const VERSION_HASH_FORMAT = 'draftroom-version-hash/1';

/** The facts of a version that its hash covers besides its content. */
export interface VersionHashFields {
  readonly docId: string;
  readonly versionId: string;
  readonly name: string;
  readonly note: string;
  readonly authorId: string | null;
  readonly partyId: string | null;
  /** ISO time the version was taken. */
  readonly createdAt: string;
  /** Hash of the document's previous version in the chain, or null for its first. */
  readonly previousHash: string | null;
}

/** The record maps of a document's Y.Doc that a version hash covers, by layout name. */
const RECORD_MAPS = [
  YDOC_LAYOUT.changes,
  YDOC_LAYOUT.positions,
  YDOC_LAYOUT.brackets,
  YDOC_LAYOUT.alternatives,
  YDOC_LAYOUT.packages,
  YDOC_LAYOUT.comments,
] as const;

/**
 * A version's content as plain data: `text` (the ProseMirror JSON of its
 * content) and one object per record map (record id → fields). Reads only.
 */
export function versionContent(ydoc: Y.Doc): Record<string, unknown> {
  const content: Record<string, unknown> = { text: readProseMirrorDoc(ydoc).toJSON() };
  for (const name of RECORD_MAPS) content[name] = ydoc.getMap(name).toJSON();
  return content;
}

/**
 * `versionContent` as canonical JSON: what a version's hash covers of its
 * Y.Doc, and what the version's stored redline projection holds
 * (`shared/redline/version-projection.ts`).
 */
export function versionContentText(ydoc: Y.Doc): string {
  return canonicalJson(versionContent(ydoc));
}

/** The canonical text a version's hash is the SHA-256 of (UTF-8). */
export function versionHashPreimage(fields: VersionHashFields, ydoc: Y.Doc): string {
  return versionHashPreimageOfContent(fields, versionContentText(ydoc));
}

/**
 * `versionHashPreimage` from the version's content already written as
 * canonical JSON (`versionContentText`): the same text, without the Y.Doc.
 */
export function versionHashPreimageOfContent(fields: VersionHashFields, contentText: string): string {
  return canonicalJson({
    format: VERSION_HASH_FORMAT,
    docId: fields.docId,
    versionId: fields.versionId,
    name: fields.name,
    note: fields.note,
    authorId: fields.authorId,
    partyId: fields.partyId,
    createdAt: fields.createdAt,
    previousHash: fields.previousHash,
    content: new CanonicalText(contentText),
  });
}
