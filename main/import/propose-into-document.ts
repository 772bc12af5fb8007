import { updateYFragment } from 'y-prosemirror';
import * as Y from 'yjs';
import type { ChangeRecord, Identity } from '../../shared/domain/types';
import { newId } from '../../shared/domain/ids';
import { proposeTarget, type ProposedChange, type SkippedClause, type TargetClause } from '../../shared/suggest/propose-target';
import { contentFragment, readChanges, readProseMirrorDoc, writeChange } from '../../shared/ydoc/layout';
import { loadYDoc } from '../store/document-state';
import type { WorkspaceStoreApi } from '../store/store-types';

/**
 * Writes a target text into a stored document as suggestions (see
 * `shared/suggest/propose-target.ts`): one Yjs update, attributed to the
 * member who proposes, holding the new content with its tracked changes and
 * one proposed change record per clause. Used by `draftroom restore` (the
 * target is a named version) and `draftroom import --into` (the target is
 * the counterpart's text).
 */

/** Who proposes, why, and how clauses are matched. */
export interface ProposeIntoOptions {
  readonly align: 'id' | 'text';
  readonly identity: Identity;
  /** The rationale every change carries ("Restored from …", "Counter-draft imported from …"). */
  readonly rationale: string;
  /** Time of the changes (default now). */
  readonly now?: Date;
  /**
   * Per-change overrides (an imported Word revision keeps its author's
   * party and member): by clause id. Absent: the proposing identity.
   */
  readonly attribution?: (change: ProposedChange, targetIndex: number | undefined) => { partyId: string; authorId: string } | undefined;
  /** Writes more into the same update (an import's comments), knowing which draft clause each target clause became. */
  readonly alsoWrite?: (ydoc: Y.Doc, targetIds: readonly (string | undefined)[]) => void;
}

/** What was proposed. */
export interface ProposeIntoResult {
  readonly changes: readonly ChangeRecord[];
  readonly skipped: readonly SkippedClause[];
}

/** The change record a proposed change starts as. */
function recordOf(change: ProposedChange, options: ProposeIntoOptions, at: string, targetIndex: number | undefined): ChangeRecord {
  const who = options.attribution?.(change, targetIndex);
  return {
    id: change.id,
    kind: change.kind,
    partyId: who?.partyId ?? options.identity.party.id,
    authorId: who?.authorId ?? options.identity.member.id,
    createdAt: at,
    rationale: options.rationale,
    status: 'proposed',
    clauseIds: [change.clauseId],
    ...(change.before !== undefined ? { before: change.before } : {}),
    ...(change.after !== undefined ? { after: change.after } : {}),
  };
}

/** What `proposeIntoYDoc` wrote: the records, the clauses left alone, and the update (null when nothing changed). */
export interface ProposedUpdate extends ProposeIntoResult {
  readonly update: Uint8Array | null;
}

/** Proposes `target` in a Y.Doc (one transaction) and returns the update it made; writes nothing when nothing differs. */
export function proposeIntoYDoc(ydoc: Y.Doc, target: readonly TargetClause[], options: ProposeIntoOptions): ProposedUpdate {
  const result = proposeTarget(readProseMirrorDoc(ydoc), readChanges(ydoc), target, {
    align: options.align,
    newChangeId: () => `ch-${newId()}`,
    newClauseId: () => `cl-${newId()}`,
  });
  if (result.changes.length === 0 && !options.alsoWrite) return { changes: [], skipped: result.skipped, update: null };
  const at = (options.now ?? new Date()).toISOString();
  const indexOf = new Map<string, number>();
  result.targetIds.forEach((id, i) => {
    if (id !== undefined) indexOf.set(id, i);
  });
  const records = result.changes.map((change) => recordOf(change, options, at, indexOf.get(change.clauseId)));
  const stateBefore = Y.encodeStateVector(ydoc);
  ydoc.transact(() => {
    if (records.length > 0) updateYFragment(ydoc, contentFragment(ydoc), result.doc, { mapping: new Map(), isOMark: new Map() });
    for (const record of records) writeChange(ydoc, record);
    options.alsoWrite?.(ydoc, result.targetIds);
  }, 'draftroom-propose');
  const update = Y.encodeStateAsUpdate(ydoc, stateBefore);
  return { changes: records, skipped: result.skipped, update: records.length === 0 && update.length <= 2 ? null : update };
}

/**
 * Proposes `target` in document `docId` and appends the one update that
 * does it, attributed in the log to the proposing member (and their own
 * party); writes nothing when the draft already reads like the target.
 */
export function proposeIntoDocument(store: WorkspaceStoreApi, docId: string, target: readonly TargetClause[], options: ProposeIntoOptions): ProposeIntoResult {
  const ydoc = loadYDoc(store, docId);
  try {
    const { update, ...result } = proposeIntoYDoc(ydoc, target, options);
    if (update) {
      store.appendUpdate(docId, update, {
        memberId: options.identity.member.id,
        partyId: options.identity.member.partyId,
        at: (options.now ?? new Date()).toISOString(),
      });
    }
    return result;
  } finally {
    ydoc.destroy();
  }
}
