import * as Y from 'yjs';
import type { Node as PMNode } from 'prosemirror-model';
import { DraftroomError } from '../api/errors';
import type { Identity } from '../domain/types';
import { clauseIdOf, ZERO_WIDTH_SPACE } from '../suggest/marks';
import { YDOC_LAYOUT } from '../ydoc/layout';
import { writeEntryFields } from './bracket-records';
import { positionKey, positionRecordProblem, type PositionRecord, type Stance, MAX_POSITION_NOTE, STANCES } from './position-schema';

/**
 * Party positions in a document's Y.Doc (Y.Map `positions`): reading,
 * recording, and whether a position is stale (the clause's text changed
 * since it was recorded). Pure.
 */

/** The map of position records of a document. */
export function positionsMap(ydoc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return ydoc.getMap<Y.Map<unknown>>(YDOC_LAYOUT.positions);
}

/** Every well-formed position record. */
export function readPositions(ydoc: Y.Doc): PositionRecord[] {
  const out: PositionRecord[] = [];
  positionsMap(ydoc).forEach((value, key) => {
    if (!(value instanceof Y.Map)) return;
    const json = value.toJSON() as unknown;
    if (positionRecordProblem(key, json) === null) out.push(json as PositionRecord);
  });
  return out;
}

/**
 * A fingerprint of a clause's text as it reads now (heading and body, pending
 * insertions in, pending deletions out, bracket alternatives in): FNV-1a,
 * 32 bits, hex. A position recorded on one text is stale on another.
 */
export function clauseFingerprint(clause: PMNode): string {
  let hash = fingerprints.get(clause);
  if (hash === undefined) fingerprints.set(clause, (hash = fingerprintOf(clause)));
  return hash;
}

/** Fingerprints by clause node: ProseMirror keeps an unchanged clause's node across edits, so a keystroke re-hashes one clause. */
const fingerprints = new WeakMap<PMNode, string>();

function fingerprintOf(clause: PMNode): string {
  let text = '';
  clause.descendants((node) => {
    if (node.isText && !node.marks.some((m) => m.type.name === 'deletion')) text += (node.text ?? '').split(ZERO_WIDTH_SPACE).join('');
    else if (node.isBlock && text !== '') text += '\n';
    return true;
  });
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The clause node with this id, or undefined. */
export function clauseById(doc: PMNode, clauseId: string): PMNode | undefined {
  let found: PMNode | undefined;
  doc.forEach((clause) => {
    if (!found && clauseIdOf(clause) === clauseId) found = clause;
  });
  return found;
}

/** Records `identity`'s party's position on a clause (replacing the party's earlier one); `doc` is the document as it reads now. */
export function recordPosition(
  ydoc: Y.Doc,
  doc: PMNode,
  identity: Identity,
  request: { readonly clauseId: string; readonly stance: Stance; readonly note?: string },
  options: { readonly origin?: unknown; readonly now?: string } = {},
): PositionRecord {
  if (identity.member.role === 'observer') throw new DraftroomError('forbidden', `${identity.member.name} is an observer and may not record positions`);
  if (!STANCES.includes(request.stance)) throw new DraftroomError('invalid-argument', `unknown position ${String(request.stance)} (one of ${STANCES.join(', ')})`);
  const clause = clauseById(doc, request.clauseId);
  if (!clause) throw new DraftroomError('invalid-argument', `no clause ${request.clauseId} in this document`);
  const note = (request.note ?? '').trim();
  if (note.length > MAX_POSITION_NOTE) throw new DraftroomError('invalid-argument', `a note holds at most ${MAX_POSITION_NOTE} characters`);
  const record: PositionRecord = {
    clauseId: request.clauseId,
    partyId: identity.party.id,
    stance: request.stance,
    note,
    recordedBy: identity.member.id,
    recordedAt: options.now ?? new Date().toISOString(),
    textHash: clauseFingerprint(clause),
  };
  ydoc.transact(() => writeEntryFields(positionsMap(ydoc), positionKey(record.clauseId, record.partyId), record), options.origin ?? null);
  return record;
}
