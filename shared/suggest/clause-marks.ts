import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Transform } from 'prosemirror-transform';
import type { ChangeRecord } from '../domain/types';
import { clauseIdOf, markChangeId, type SuggestionMarkName } from './marks';

/**
 * Clause-level suggestions (a whole clause proposed for addition or removal)
 * are block marks on the clause node. y-prosemirror 1.3.7 does not store
 * marks of non-text nodes in the Y.Doc (yjs/y-prosemirror#47), so those marks
 * would vanish on every replica but the one that made them, and on reload.
 * The change records (which do sync) are therefore the truth: a proposed
 * record of kind `added` / `removed` puts an insertion / deletion mark on its
 * clauses. This module projects records onto a document, headless or in the
 * editor (a plugin that re-applies the projection after every change).
 */

/** What a clause should carry according to the records: mark kind and change id, by clause id. */
export function expectedClauseMarks(records: Iterable<ChangeRecord>): Map<string, { name: SuggestionMarkName; changeId: string }> {
  const out = new Map<string, { name: SuggestionMarkName; changeId: string }>();
  for (const record of records) {
    if (record.status !== 'proposed') continue;
    if (record.kind !== 'added' && record.kind !== 'removed') continue;
    const name: SuggestionMarkName = record.kind === 'added' ? 'insertion' : 'deletion';
    for (const clauseId of record.clauseIds) {
      // An addition wins over a removal of the same clause (a removal of a proposed clause is refused anyway).
      if (!out.has(clauseId) || name === 'insertion') out.set(clauseId, { name, changeId: record.id });
    }
  }
  return out;
}

/**
 * Adds to `tr` the steps that make every clause's block marks agree with the
 * records: marks of proposed `added`/`removed` records are put on, marks of
 * decided records taken off. A clause mark whose change id has no record is
 * left alone (its record may not have arrived yet). Ids in `decidedIds` count
 * as decided whatever the records say. Cost: one pass over the top-level
 * clauses. Returns true if it added steps.
 */
export function projectClauseMarks(tr: Transform, records: readonly ChangeRecord[], decidedIds: ReadonlySet<string> = new Set()): boolean {
  const schema = tr.doc.type.schema;
  const byId = new Map(records.map((r) => [r.id, r]));
  const expected = expectedClauseMarks(records.filter((r) => !decidedIds.has(r.id)));
  const before = tr.steps.length;
  const doc = tr.doc;
  doc.forEach((clause, pos) => {
    if (clause.type.name !== 'clause') return;
    const want = expected.get(clauseIdOf(clause));
    let hasWanted = false;
    for (const mark of clause.marks) {
      const name = mark.type.name;
      if (name !== 'insertion' && name !== 'deletion') continue;
      const id = markChangeId(mark);
      if (want && want.name === name && want.changeId === id) {
        hasWanted = true;
        continue;
      }
      const record = byId.get(id);
      const decided = decidedIds.has(id) || (record !== undefined && record.status !== 'proposed');
      const superseded = want !== undefined && record !== undefined;
      if (decided || superseded) tr.removeNodeMark(tr.mapping.map(pos), mark);
    }
    if (want && !hasWanted) {
      const markType = schema.marks[want.name]!;
      tr.addNodeMark(tr.mapping.map(pos), markType.create({ id: want.changeId }));
    }
  });
  return tr.steps.length > before;
}

/** A copy of `doc` whose clause block marks agree with the records (see `projectClauseMarks`). */
export function withClauseMarks(doc: PMNode, records: readonly ChangeRecord[]): PMNode {
  const tr = new Transform(doc);
  projectClauseMarks(tr, records);
  return tr.doc;
}

/** State of the clause-marks plugin: the records it projects. */
export interface ClauseMarksState {
  readonly records: readonly ChangeRecord[];
  /** Ids decided by local transactions whose records may not be written yet. */
  readonly decided: ReadonlySet<string>;
}

/** Key of the clause-marks plugin; dispatch `tr.setMeta(clauseMarksKey, { records })` when records change. */
export const clauseMarksKey = new PluginKey<ClauseMarksState>('draftroom/clause-marks');

/** Meta a decision transaction carries so the projection does not put back what it just took off. */
export const DECIDED_IDS_META = 'draftroom/decided-ids';

/**
 * Editor plugin that keeps clause block marks in line with the change
 * records: after every transaction that changed the document (including
 * remote ones rendered by y-prosemirror, which arrive without clause marks)
 * or brought new records (`tr.setMeta(clauseMarksKey, { records })`), it
 * appends a transaction that re-projects the marks. The appended transaction
 * only touches node marks, which y-prosemirror does not write to the Y.Doc,
 * so it never echoes to other replicas.
 */
export function clauseMarksPlugin(initialRecords: readonly ChangeRecord[] = []): Plugin<ClauseMarksState> {
  return new Plugin<ClauseMarksState>({
    key: clauseMarksKey,
    state: {
      init: () => ({ records: initialRecords, decided: new Set() }),
      apply(tr, value) {
        const meta = tr.getMeta(clauseMarksKey) as { records?: readonly ChangeRecord[] } | undefined;
        const decided = tr.getMeta(DECIDED_IDS_META) as readonly string[] | undefined;
        let next = value;
        if (meta?.records) {
          // Fresh records: locally decided ids are now reflected in them (or will be with the next update).
          const stillPending = new Set([...value.decided].filter((id) => meta.records!.some((r) => r.id === id && r.status === 'proposed')));
          next = { records: meta.records, decided: stillPending };
        }
        if (decided && decided.length > 0) next = { records: next.records, decided: new Set([...next.decided, ...decided]) };
        return next;
      },
    },
    appendTransaction(transactions, _oldState, newState: EditorState): Transaction | null {
      const relevant = transactions.some((tr) => tr.docChanged || tr.getMeta(clauseMarksKey) !== undefined);
      if (!relevant) return null;
      const state = clauseMarksKey.getState(newState);
      if (!state) return null;
      const tr = newState.tr;
      if (!projectClauseMarks(tr, state.records, state.decided)) return null;
      // y-prosemirror reads 'addToHistory' off the last transaction applied: keep what the edit before said, so
      // a keystroke stays in the undo history (and a decision out of it).
      const last = transactions[transactions.length - 1];
      if (last?.getMeta('addToHistory') === false) tr.setMeta('addToHistory', false);
      return tr.setMeta(clauseMarksKey, { projected: true });
    },
  });
}
