import type { Node as PMNode } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';
import * as Y from 'yjs';
import type { ChangeRecord, Identity } from '../domain/types';
import { DraftroomError } from '../api/errors';
import { changesMap, readChange, readChanges, writeChange } from '../ydoc/layout';
import { decisionPatches } from './decide';
import { DECISION_META, SUGGEST_META, type DecisionMeta, type SuggestMeta } from './meta';
import { collectChangeUpdates, type ChangeRecordPatch, type ChangeUpdates } from './records';
import { isUndoRedoTransaction } from './track';

/**
 * Writing change records to a document's Y.Doc (the map 'changes', beside
 * the content, so that records sync with it).
 */

/** Longest rationale accepted, in characters. */
export const MAX_RATIONALE_LENGTH = 4000;

/** Options of the writers: `origin` is the Yjs transaction origin (say, for the store's attribution). */
export interface WriteOptions {
  readonly origin?: unknown;
  /** ISO time to stamp (default: now). */
  readonly now?: string;
}

/** Options of `recordTransaction`. */
export interface RecordOptions extends WriteOptions {
  /**
   * The document once the editor has applied the transaction and what
   * plugins appended to it (say, a pasted clause's duplicate id repaired);
   * default: the transaction's own document.
   */
  readonly after?: PMNode;
}

/** Writes record patches and removals in one Yjs transaction. */
export function applyChangeUpdates(ydoc: Y.Doc, updates: ChangeUpdates, options: WriteOptions = {}): void {
  if (updates.write.length === 0 && updates.remove.length === 0) return;
  ydoc.transact(() => {
    for (const patch of updates.write) writeChange(ydoc, patch);
    const map = changesMap(ydoc);
    for (const id of updates.remove) map.delete(id);
  }, options.origin ?? null);
}

/**
 * Brings the records in line with a dispatched transaction made by
 * `identity`: a tracked edit (it carries `SUGGEST_META`) or a local
 * undo/redo → `collectChangeUpdates`; a decision (`DECISION_META`) → status,
 * `decidedBy`, `decidedAt` (a withdrawal deletes the records instead). Anything else (remote edits above all) writes
 * nothing. Returns what it wrote.
 */
export function recordTransaction(ydoc: Y.Doc, tr: Transaction, identity: Identity, options: RecordOptions = {}): ChangeUpdates {
  const decision = tr.getMeta(DECISION_META) as DecisionMeta | undefined;
  if (decision) {
    const updates: ChangeUpdates = { write: decisionPatches(decision, identity, options.now), remove: decision.withdrawn ? [...decision.changeIds] : [] };
    applyChangeUpdates(ydoc, updates, options);
    return updates;
  }
  const meta = tr.getMeta(SUGGEST_META) as SuggestMeta | undefined;
  if (!tr.docChanged || (!meta && !isUndoRedoTransaction(tr))) return { write: [], remove: [] };
  const collectOptions = { ...(meta?.clauseOp ? { clauseOp: meta.clauseOp } : {}), ...(options.now ? { now: options.now } : {}) };
  const updates = collectChangeUpdates(tr.before, options.after ?? tr.doc, identity, readChanges(ydoc), collectOptions);
  applyChangeUpdates(ydoc, updates, options);
  return updates;
}

/**
 * Sets the rationale of a change. Only a member of the change's party may:
 * DraftroomError `forbidden` otherwise, `unknown-change` for an unknown id,
 * `invalid-argument` for a rationale longer than MAX_RATIONALE_LENGTH.
 */
export function setRationale(ydoc: Y.Doc, changeId: string, text: string, identity: Identity, options: WriteOptions = {}): ChangeRecord {
  const record = readChange(ydoc, changeId);
  if (!record) throw new DraftroomError('unknown-change', `No change ${changeId}`);
  if (record.partyId !== identity.party.id) {
    throw new DraftroomError('forbidden', `Only ${record.partyId}'s members may edit this change's rationale`);
  }
  if (typeof text !== 'string' || text.length > MAX_RATIONALE_LENGTH) {
    throw new DraftroomError('invalid-argument', `A rationale is text of at most ${MAX_RATIONALE_LENGTH} characters`);
  }
  const patch: ChangeRecordPatch = { id: changeId, rationale: text };
  ydoc.transact(() => writeChange(ydoc, patch), options.origin ?? null);
  return { ...record, rationale: text };
}

/**
 * A predicate for tracking: is this id a still-proposed change made by the
 * member `memberId()` returns? Reads single fields of the Y.Doc's record
 * (no full read per keystroke).
 */
export function ownProposedChangeLookup(ydoc: Y.Doc, memberId: () => string | null): (changeId: string) => boolean {
  return (changeId) => {
    const entry = changesMap(ydoc).get(changeId);
    if (!(entry instanceof Y.Map)) return false;
    const me = memberId();
    return me !== null && entry.get('authorId') === me && entry.get('status') === 'proposed';
  };
}

/**
 * Whether a change id belongs to another member: its record names another author (pending or not). A mark
 * without a record is nobody's (main lets a lead clear such leftovers).
 */
export function othersChangeLookup(ydoc: Y.Doc, memberId: () => string | null): (changeId: string) => boolean {
  return (changeId) => {
    const entry = changesMap(ydoc).get(changeId);
    return entry instanceof Y.Map && entry.get('authorId') !== memberId();
  };
}

/**
 * Calls `listener` with all records (oldest first) now and whenever any
 * record changes, locally or from another replica. Returns an unsubscribe.
 */
export function observeChangeRecords(ydoc: Y.Doc, listener: (records: ChangeRecord[]) => void): () => void {
  const map = changesMap(ydoc);
  const handler = (): void => listener(readChanges(ydoc));
  map.observeDeep(handler);
  handler();
  return () => map.unobserveDeep(handler);
}
