import { Node as PMNode } from 'prosemirror-model';
import type { ChangeRecord, CommentRecord } from '../domain/types';
import { alternativeRecordsOf, bracketRecordsOf } from '../negotiation/bracket-records';
import { openBracketViews } from '../negotiation/bracket-text';
import { proposalSchema } from '../schema/schema';
import { suggestedDoc } from '../suggest/suggested-doc';
import { byCreation, YDOC_LAYOUT } from '../ydoc/layout';
import type { DocumentSnapshot } from './document-snapshot';

/**
 * A named version's redline projection: what a redline reads of the version
 * (`DocumentSnapshot`) made from the version's content as its hash covers it
 * (`versionContentText`: the ProseMirror JSON of its text and its record
 * maps as plain data, canonical JSON), not from its Yjs state. Main stores
 * that text beside each version when it is saved, so that comparing two
 * versions parses JSON instead of decoding two Yjs states (B4); before using
 * a stored projection it checks that the text gives the version's recorded
 * hash, and a version read from its state goes through the same text and
 * this same reader, so both ways give the same snapshot. Pure.
 */

/** The layout of the stored projection text; a stored projection of any other format is not read (the state is decoded). */
export const VERSION_PROJECTION_FORMAT = 1;

/** A record map of the content as plain data (record id → fields), or none. */
function recordMap(content: Readonly<Record<string, unknown>>, name: string): Readonly<Record<string, unknown>> {
  const map = content[name];
  return map !== null && typeof map === 'object' && !Array.isArray(map) ? (map as Record<string, unknown>) : {};
}

/** The entries of a record map that are objects, oldest first (as `readChanges` / `readComments` read the Y.Maps). */
function recordsOf<T extends { readonly createdAt: string; readonly id: string }>(map: Readonly<Record<string, unknown>>): T[] {
  const out: T[] = [];
  for (const value of Object.values(map)) if (value !== null && typeof value === 'object' && !Array.isArray(value)) out.push(value as T);
  return out.sort(byCreation);
}

/**
 * The snapshot a redline reads of a version, from the version's content
 * text (`versionContentText`): the same as `documentSnapshot` of the
 * version's Y.Doc. Throws for text that is not such content (a damaged
 * projection: the caller decodes the state instead).
 */
export function snapshotOfVersionContent(contentText: string): DocumentSnapshot {
  const content = JSON.parse(contentText) as unknown;
  if (content === null || typeof content !== 'object' || Array.isArray(content)) throw new TypeError('a version content is an object');
  const fields = content as Record<string, unknown>;
  const records = recordsOf<ChangeRecord>(recordMap(fields, YDOC_LAYOUT.changes));
  const doc = suggestedDoc(PMNode.fromJSON(proposalSchema, fields['text']), records);
  return {
    doc,
    records,
    comments: recordsOf<CommentRecord>(recordMap(fields, YDOC_LAYOUT.comments)),
    brackets: openBracketViews(doc, bracketRecordsOf(recordMap(fields, YDOC_LAYOUT.brackets)), alternativeRecordsOf(recordMap(fields, YDOC_LAYOUT.alternatives))),
  };
}
