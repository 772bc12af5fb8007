import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Transform } from 'prosemirror-transform';
import type { ChangeRecord } from '../domain/types';
import { changedClauses } from '../editing/clause-position';
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
 * clauses (see `ProjectionOptions` for what it may skip). Returns true if
 * it added steps.
 */
export function projectClauseMarks(tr: Transform, records: readonly ChangeRecord[], decidedIds: ReadonlySet<string> = new Set(), options: ProjectionOptions = {}): boolean {
  const schema = tr.doc.type.schema;
  const before = tr.steps.length;
  const doc = tr.doc;
  const changed = options.agreed === undefined ? undefined : changedClauses(options.agreed, doc);
  const [from, to] = changed === undefined ? [0, doc.childCount] : changed === null ? [0, 0] : [changed.start, changed.endAfter];
  const memo = options.memo ?? {};
  let pos = 0;
  for (let i = 0; i < from; i++) pos += doc.child(i).nodeSize;
  for (let i = from; i < to; pos += doc.child(i).nodeSize, i++) {
    const clause = doc.child(i);
    if (clause.type.name !== 'clause') continue;
    memo.byId ??= new Map(records.map((r) => [r.id, r]));
    memo.expected ??= expectedClauseMarks(records.filter((r) => !decidedIds.has(r.id)));
    const { byId, expected } = memo as Required<ProjectionMemo>;
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
  }
  return tr.steps.length > before;
}

/** The lookups a projection builds from the records (kept between projections of records that project the same). */
export interface ProjectionMemo {
  byId?: Map<string, ChangeRecord>;
  expected?: Map<string, { name: SuggestionMarkName; changeId: string }>;
}

/** What `projectClauseMarks` may take over from an earlier projection of the same records (see `sameProjection`). */
export interface ProjectionOptions {
  /**
   * A document every clause of which agrees with these records: the clauses that are its very nodes, as many from
   * the start and from the end, are skipped by node identity (a keystroke changes one clause of 300).
   */
  readonly agreed?: PMNode;
  /** The records' lookups, built on first need and kept here. */
  readonly memo?: ProjectionMemo;
}

/**
 * True when two record lists project the same clause marks: the same
 * records in the same order with the same id, status, kind and (for a
 * clause addition or removal) clauses. A keystroke rewrites only its
 * record's text, snippet and time, and the record cache keeps every other
 * record's object, so this is mostly a comparison by identity.
 */
export function sameProjection(a: readonly ChangeRecord[], b: readonly ChangeRecord[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.id !== y.id || x.status !== y.status || x.kind !== y.kind) return false;
    if ((x.kind === 'added' || x.kind === 'removed') && (x.clauseIds.length !== y.clauseIds.length || x.clauseIds.some((id, k) => id !== y.clauseIds[k]))) return false;
  }
  return true;
}

function sameIds(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const id of a) if (!b.has(id)) return false;
  return true;
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
  // A document found to agree with `basis` in every clause (a keystroke changes one clause: the other 299 are skipped by identity).
  let basis: ClauseMarksState | null = null;
  let agreed: PMNode | undefined;
  let memo: ProjectionMemo = {};
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
      if (basis === null || !sameIds(basis.decided, state.decided) || !sameProjection(basis.records, state.records)) {
        agreed = undefined;
        memo = {};
      }
      basis = state;
      const tr = newState.tr;
      if (!projectClauseMarks(tr, state.records, state.decided, { ...(agreed ? { agreed } : {}), memo })) {
        agreed = newState.doc;
        return null;
      }
      // The marks just put on or taken off are checked again when the appended transaction comes back here.
      agreed = undefined;
      // y-prosemirror reads 'addToHistory' off the last transaction applied: keep what the edit before said, so
      // a keystroke stays in the undo history (and a decision out of it).
      const last = transactions[transactions.length - 1];
      if (last?.getMeta('addToHistory') === false) tr.setMeta('addToHistory', false);
      return tr.setMeta(clauseMarksKey, { projected: true });
    },
  });
}
