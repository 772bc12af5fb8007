import { EditorState } from 'prosemirror-state';
import { updateYFragment } from 'y-prosemirror';
import type * as Y from 'yjs';
import type { Identity } from '../domain/types';
import { DraftroomError } from '../api/errors';
import { proposalSchema } from '../schema/schema';
import { contentFragment, readChanges, writeChange } from '../ydoc/layout';
import { readContent } from '../ydoc/content-reader';
import { Transform } from 'prosemirror-transform';
import { projectClauseMarks } from './clause-marks';
import { suggestionBindingMeta } from './y-encoding';
import { decisionPatches, mayDecide, planDecision, type DecisionTarget } from './decide';
import type { Decision } from './meta';

/** What `decideInYDoc` did. */
export interface YDocDecisionResult {
  /** Changes decided. */
  readonly decided: string[];
  /** Other proposed changes the decision swept away (recorded as rejected). */
  readonly swept: string[];
}

/** Options of `decideInYDoc`. */
export interface DecideInYDocOptions {
  /** Yjs transaction origin (the store may use it for attribution). */
  readonly origin?: unknown;
  /** ISO time of the decision (default: now). */
  readonly now?: string;
}

/**
 * Headless accept/reject (CLI `draftroom accept|reject`, main's services):
 * reads the document from the Y.Doc (with clause-level marks projected from
 * the records), applies the decision, writes the new content back with
 * y-prosemirror's `updateYFragment` (only what changed is rewritten, so
 * concurrent edits elsewhere survive) and updates the records, all in one
 * Yjs transaction. Throws DraftroomError `forbidden` unless the identity may
 * decide (a lead), `unknown-change` / `conflict` for a single change that is
 * unknown / already decided, `conflict` too for a document holding parts
 * outside the schema (writing back would delete them). Deciding a party or all with nothing proposed
 * returns empty lists and writes nothing.
 */
export function decideInYDoc(
  ydoc: Y.Doc,
  target: DecisionTarget,
  decision: Decision,
  identity: Identity,
  options: DecideInYDocOptions = {},
): YDocDecisionResult {
  if (decision !== 'accepted' && decision !== 'rejected') throw new DraftroomError('invalid-argument', `Unknown decision ${String(decision)}`);
  if (!mayDecide(identity)) throw new DraftroomError('forbidden', `${identity.member.name} is not a lead and may not accept or reject changes`);
  const records = readChanges(ydoc);
  const content = readContent(contentFragment(ydoc), proposalSchema);
  // Writing the decided document back would delete what the read had to leave out: refuse instead.
  if (content.dropped > 0) {
    throw new DraftroomError(
      'conflict',
      `The document holds ${content.dropped} part(s) its schema does not allow; a decision would delete them, so nothing was decided.`,
    );
  }
  // Clause marks projected, overlapping text marks kept as they are: the write-back then changes only what the decision does.
  const projection = new Transform(content.doc);
  projectClauseMarks(projection, records);
  const doc = projection.doc;
  const state = EditorState.create({ schema: proposalSchema, doc });
  const plan = planDecision(state, records, target, decision);
  if (plan.decided.length === 0) return { decided: [], swept: [] };
  const patches = decisionPatches({ decision, changeIds: plan.decided, swept: plan.swept }, identity, options.now);
  ydoc.transact(() => {
    // Block marks do not reach the Y.Doc (see clause-marks.ts); the records carry the clause-level outcome.
    if (plan.tr.docChanged) updateYFragment(ydoc, contentFragment(ydoc), plan.tr.doc, suggestionBindingMeta(proposalSchema));
    for (const patch of patches) writeChange(ydoc, patch);
  }, options.origin ?? null);
  return { decided: plan.decided, swept: plan.swept };
}
