import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from 'y-prosemirror';
import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeRecord, CommentRecord } from '../domain/types';
import { proposalSchema } from '../schema/schema';
import { readContent } from './content-reader';
import { cachedRecords } from './record-cache';

/**
 * How a Draftroom document is laid out in its Y.Doc. The Y.Doc is the source
 * of truth for content; change records and comments live beside the content
 * so that they sync with it.
 */
export const YDOC_LAYOUT = {
  /** Y.XmlFragment bound to ProseMirror by y-prosemirror. */
  content: 'prosemirror',
  /** Y.Map: change id → Y.Map of a ChangeRecord's fields. */
  changes: 'changes',
  /** Y.Map: comment id → Y.Map of a CommentRecord's fields. */
  comments: 'comments',
  /** Y.Map: bracket id → Y.Map of a BracketRecord's fields (`shared/negotiation/`). */
  brackets: 'brackets',
  /** Y.Map: alternative id → Y.Map of an AlternativeRecord's fields (its text is in the content, under `alternative` marks). */
  alternatives: 'alternatives',
  /** Y.Map: `<clause id>:<party id>` → Y.Map of a PositionRecord's fields (`shared/negotiation/positions.ts`). */
  positions: 'positions',
  /** Y.Map: package id → Y.Map of a PackageRecord's fields (`shared/negotiation/packages.ts`). */
  packages: 'packages',
} as const;

/** The content fragment of a document. */
export function contentFragment(ydoc: Y.Doc): Y.XmlFragment {
  return ydoc.getXmlFragment(YDOC_LAYOUT.content);
}

/** The map of change records of a document. */
export function changesMap(ydoc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return ydoc.getMap<Y.Map<unknown>>(YDOC_LAYOUT.changes);
}

/** The map of comments of a document. */
export function commentsMap(ydoc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return ydoc.getMap<Y.Map<unknown>>(YDOC_LAYOUT.comments);
}

/**
 * The document's content as a ProseMirror node (headless: no DOM needed).
 * A read never changes the Y.Doc: parts the schema refuses are left out of
 * the result, not deleted (see `content-reader.ts`).
 */
export function readProseMirrorDoc(ydoc: Y.Doc): PMNode {
  return readContent(contentFragment(ydoc), proposalSchema).doc;
}

/**
 * Fills an empty document's content from a ProseMirror node. Only for
 * seeding new documents (sample, new document); never from an editor.
 */
export function seedContent(ydoc: Y.Doc, doc: PMNode): void {
  const fragment = contentFragment(ydoc);
  if (fragment.length > 0) throw new Error('seedContent: the document already has content');
  prosemirrorJSONToYXmlFragment(proposalSchema, doc.toJSON(), fragment);
}

function recordFromMap<T>(map: Y.Map<unknown>): T {
  return map.toJSON() as T;
}

/** All change records, oldest first (cached per record: only records changed since the last read are read again). */
export function readChanges(ydoc: Y.Doc): ChangeRecord[] {
  return [...cachedRecords(changesMap(ydoc), (entry) => recordFromMap<ChangeRecord>(entry), byCreation)];
}

/** The order change records and comments are listed in: oldest first, then by id. */
export function byCreation(a: { readonly createdAt: string; readonly id: string }, b: { readonly createdAt: string; readonly id: string }): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** One change record, or undefined. */
export function readChange(ydoc: Y.Doc, id: string): ChangeRecord | undefined {
  const value = changesMap(ydoc).get(id);
  return value instanceof Y.Map ? recordFromMap<ChangeRecord>(value) : undefined;
}

/**
 * Creates or updates a change record field by field (so that concurrent edits
 * of different fields, say a rationale and a decision, both survive).
 */
export function writeChange(ydoc: Y.Doc, record: Partial<ChangeRecord> & { id: string }): void {
  ydoc.transact(() => {
    const map = changesMap(ydoc);
    let entry = map.get(record.id);
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>();
      map.set(record.id, entry);
    }
    for (const [key, value] of Object.entries(record)) {
      if (value === undefined) continue;
      const current = entry.get(key);
      if (JSON.stringify(current) !== JSON.stringify(value)) entry.set(key, value);
    }
  });
}

/** All comments, oldest first. */
export function readComments(ydoc: Y.Doc): CommentRecord[] {
  const out: CommentRecord[] = [];
  commentsMap(ydoc).forEach((value) => {
    if (value instanceof Y.Map) out.push(recordFromMap<CommentRecord>(value));
  });
  return out.sort(byCreation);
}

/** Creates or updates a comment field by field. */
export function writeComment(ydoc: Y.Doc, record: Partial<CommentRecord> & { id: string }): void {
  ydoc.transact(() => {
    const map = commentsMap(ydoc);
    let entry = map.get(record.id);
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>();
      map.set(record.id, entry);
    }
    for (const [key, value] of Object.entries(record)) {
      if (value !== undefined) entry.set(key, value);
    }
  });
}
