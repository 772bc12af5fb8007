import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { ChangeRecord } from '../../../shared/domain/types';
import { clauseMarksKey } from '../../../shared/suggest/clause-marks';
import { clauseIdOf, markChangeId } from '../../../shared/suggest/marks';
import { clauseStart } from '../../../shared/editing/clause-position';
import { redecorateChangedClauses } from '../editor/clause-decorations';
import { changeIdsAtSelection } from './changes-at-cursor';
import { effectiveChangeMarks } from '../../../shared/suggest/text-change';

/**
 * Party colours on the document: every insertion/deletion mark gets a
 * decoration carrying `data-party` (the party of its change record, keyed by
 * the mark's change id) and `data-change-id` (the change popover reads
 * them: `change-popover.ts`); clauses proposed for addition or removal
 * and moved clauses get node decorations (party, "was 12" label for the
 * gutter, `data-move-id`). A keystroke maps the decorations through the
 * edit and decorates again only the clauses it touched (found by node
 * identity, `changedClauses`); the marked runs of each clause are cached
 * per (immutable) clause node. New or changed change records, or a refresh,
 * rebuild the whole set.
 */

/** A run of text carrying one suggestion mark, relative to its clause's position. */
interface MarkedRun {
  readonly from: number;
  readonly to: number;
  readonly changeId: string;
  readonly kind: 'insertion' | 'deletion';
}

const runCache = new WeakMap<PMNode, readonly MarkedRun[]>();

/** The suggestion-marked runs of a clause (adjacent runs of one change merged; text several changes strike has a run of each), cached per node. */
function markedRuns(clause: PMNode): readonly MarkedRun[] {
  const cached = runCache.get(clause);
  if (cached) return cached;
  const runs: MarkedRun[] = [];
  /** `kind:changeId` → index in `runs` of that change's latest run. */
  const latest = new Map<string, number>();
  clause.descendants((node, offset) => {
    if (!node.isInline) return true;
    const from = offset + 1;
    const to = from + node.nodeSize;
    // Overlapping marks read one way (text-change.ts): the insertion the text is, or every change that strikes it.
    for (const mark of effectiveChangeMarks(node.marks)) {
      const changeId = markChangeId(mark);
      const kind = mark.type.name as MarkedRun['kind'];
      const key = `${kind}:${changeId}`;
      const at = latest.get(key);
      const last = at === undefined ? undefined : runs[at];
      if (last && last.to === from) runs[at!] = { ...last, to };
      else {
        latest.set(key, runs.length);
        runs.push({ from, to, changeId, kind });
      }
    }
    return false;
  });
  runCache.set(clause, runs);
  return runs;
}

interface DecorationState {
  /** Party colours, whole-clause changes and moves (independent of the cursor). */
  readonly decorations: DecorationSet;
  /** `is-active-change` on the change(s) at the cursor: a small set of its own, so a caret move rebuilds only it. */
  readonly activeDecorations: DecorationSet;
  readonly records: readonly ChangeRecord[] | null;
  readonly byId: ReadonlyMap<string, ChangeRecord>;
  /** The records the decorations were built from (rebuild only when what they show of them changes). */
  readonly shown: readonly ChangeRecord[];
  /** The change ids at the cursor, joined. */
  readonly active: string;
}

/** Key of the change-decorations plugin; `tr.setMeta(changeDecorationsKey, 'refresh')` rebuilds (e.g. members changed). */
export const changeDecorationsKey = new PluginKey<DecorationState>('draftroom/change-decorations');

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** True if the decorations show the same of both lists of records (party, author, kind, status, move, clauses, rationale). */
function showSame(a: readonly ChangeRecord[], b: readonly ChangeRecord[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.id !== y.id || x.partyId !== y.partyId || x.authorId !== y.authorId || x.kind !== y.kind || x.status !== y.status ||
      x.movedFrom !== y.movedFrom || x.rationale !== y.rationale || !sameList(x.clauseIds, y.clauseIds)
    ) {
      return false;
    }
  }
  return true;
}

function classes(...names: (string | false)[]): string {
  return names.filter((n): n is string => n !== false).join(' ');
}

/** The earliest proposed move of each clause (by clause id). */
function firstMoves(records: readonly ChangeRecord[]): Map<string, ChangeRecord> {
  const firstMove = new Map<string, ChangeRecord>();
  for (const record of records) {
    if (record.kind !== 'moved' || record.status !== 'proposed' || record.movedFrom === undefined) continue;
    const clauseId = record.clauseIds[0];
    if (clauseId === undefined) continue;
    const seen = firstMove.get(clauseId);
    if (!seen || record.createdAt < seen.createdAt) firstMove.set(clauseId, record);
  }
  return firstMove;
}

function blockMarkOf(clause: PMNode) {
  return clause.marks.find((m) => m.type.name === 'insertion' || m.type.name === 'deletion');
}

/** The decorations of the clauses [from, to) of `doc`, appended to `out`. */
function clauseDecorations(doc: PMNode, from: number, to: number, byId: ReadonlyMap<string, ChangeRecord>, firstMove: ReadonlyMap<string, ChangeRecord>, out: Decoration[]): void {
  let pos = clauseStart(doc, from);
  for (let index = from; index < to; index++) {
    const clause = doc.child(index);
    const blockMark = blockMarkOf(clause);
    const clauseChange = blockMark ? markChangeId(blockMark) : null;
    for (const run of markedRuns(clause)) {
      const record = byId.get(run.changeId);
      const attrs: Record<string, string> = {
        class: classes(
          'change-mark',
          run.kind === 'insertion' ? 'change-ins' : 'change-del',
          // Text of a clause added or removed as a whole: the clause shows the change, the text stays calm.
          run.changeId === clauseChange && 'change-whole',
        ),
        'data-change-id': run.changeId,
      };
      if (record) attrs['data-party'] = record.partyId;
      out.push(Decoration.inline(pos + run.from, pos + run.to, attrs));
    }

    const attrs: Record<string, string> = {};
    const names: (string | false)[] = [];
    if (blockMark) {
      const changeId = markChangeId(blockMark);
      const record = byId.get(changeId);
      names.push(blockMark.type.name === 'insertion' ? 'clause-proposed-addition' : 'clause-proposed-removal');
      attrs['data-change-id'] = changeId;
      if (record) attrs['data-party'] = record.partyId;
    }
    const move = firstMove.get(clauseIdOf(clause));
    if (move && move.movedFrom !== index + 1) {
      names.push('clause-moved');
      attrs['data-was'] = String(move.movedFrom);
      attrs['data-label'] = `Point ${index + 1} (was ${move.movedFrom})`;
      attrs['data-move-id'] = move.id;
      if (!attrs['data-party']) attrs['data-party'] = move.partyId;
    }
    if (names.length > 0) {
      attrs['class'] = classes(...names);
      out.push(Decoration.node(pos, pos + clause.nodeSize, attrs));
    }
    pos += clause.nodeSize;
  }
}

function build(doc: PMNode, byId: ReadonlyMap<string, ChangeRecord>, records: readonly ChangeRecord[]): DecorationSet {
  const decorations: Decoration[] = [];
  clauseDecorations(doc, 0, doc.childCount, byId, firstMoves(records), decorations);
  return DecorationSet.create(doc, decorations);
}

/**
 * The previous decorations after an edit: only the clauses it touched are
 * decorated again (their runs re-read); every other clause keeps its
 * decorations. Clause numbers ("Point 12 (was 9)") follow the index, so an
 * edit that adds or removes clauses rebuilds everything.
 */
function update(previous: DecorationSet, tr: Transaction, byId: ReadonlyMap<string, ChangeRecord>, records: readonly ChangeRecord[]): DecorationSet {
  if (tr.before.childCount !== tr.doc.childCount) return build(tr.doc, byId, records);
  const firstMove = firstMoves(records);
  return redecorateChangedClauses(previous, tr.before, tr.doc, (from, to) => {
    const fresh: Decoration[] = [];
    clauseDecorations(tr.doc, from, to, byId, firstMove, fresh);
    return fresh;
  });
}

/** `is-active-change` on the runs and whole clauses [from, to) of `doc` that belong to the changes `ids`, appended to `out`. */
function activeDecorations(doc: PMNode, from: number, to: number, ids: ReadonlySet<string>, out: Decoration[]): void {
  let pos = clauseStart(doc, from);
  for (let index = from; index < to; index++) {
    const clause = doc.child(index);
    const blockMark = blockMarkOf(clause);
    if (blockMark && ids.has(markChangeId(blockMark))) out.push(Decoration.node(pos, pos + clause.nodeSize, { class: 'is-active-change' }));
    for (const run of markedRuns(clause)) {
      if (ids.has(run.changeId)) out.push(Decoration.inline(pos + run.from, pos + run.to, { class: 'is-active-change' }));
    }
    pos += clause.nodeSize;
  }
}

/** `is-active-change` on the runs and whole clauses of the changes at the cursor. */
function buildActive(doc: PMNode, active: readonly string[]): DecorationSet {
  if (active.length === 0) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  activeDecorations(doc, 0, doc.childCount, new Set(active), decorations);
  return DecorationSet.create(doc, decorations);
}

/**
 * The active-change layer after an edit that kept the changes at the cursor
 * (typing into one's own change): only the clauses the edit touched are
 * looked at again, as for the party colours, instead of every clause's runs.
 */
function updateActive(previous: DecorationSet, tr: Transaction, active: readonly string[]): DecorationSet {
  if (active.length === 0) return DecorationSet.empty;
  const ids = new Set(active);
  return redecorateChangedClauses(previous, tr.before, tr.doc, (from, to) => {
    const fresh: Decoration[] = [];
    activeDecorations(tr.doc, from, to, ids, fresh);
    return fresh;
  });
}

function recordsOf(state: EditorState): readonly ChangeRecord[] {
  return clauseMarksKey.getState(state)?.records ?? [];
}

/**
 * The plugins (the decorations, and the cursor's active change as a layer
 * of its own: ProseMirror combines the two); place them after the
 * suggestion engine's plugins (they read the records the clause-marks
 * plugin holds).
 */
export function changeDecorationsPlugins(): Plugin[] {
  return [changeDecorationsPlugin(), new Plugin({ props: { decorations: (state) => changeDecorationsKey.getState(state)?.activeDecorations } })];
}

function changeDecorationsPlugin(): Plugin<DecorationState> {
  return new Plugin<DecorationState>({
    key: changeDecorationsKey,
    state: {
      init(_config, state) {
        const records = recordsOf(state);
        const byId = new Map(records.map((r) => [r.id, r]));
        const active = changeIdsAtSelection(state, records);
        return {
          decorations: build(state.doc, byId, records),
          activeDecorations: buildActive(state.doc, active),
          records,
          byId,
          shown: records,
          active: active.join(' '),
        };
      },
      apply(tr: Transaction, previous, _oldState, newState) {
        const records = recordsOf(newState);
        const recordsChanged = records !== previous.records && !showSame(records, previous.shown);
        const shown = recordsChanged ? records : previous.shown;
        const byId = recordsChanged ? new Map(records.map((r) => [r.id, r])) : previous.byId;
        const refresh = tr.getMeta(changeDecorationsKey) !== undefined;
        const activeIds = tr.docChanged || tr.selectionSet || recordsChanged || refresh ? changeIdsAtSelection(newState, records) : null;
        const active = activeIds ? activeIds.join(' ') : previous.active;
        if (!tr.docChanged && !refresh && !recordsChanged && active === previous.active) {
          return records === previous.records ? previous : { ...previous, records };
        }
        const decorations =
          refresh || recordsChanged ? build(newState.doc, byId, records) : tr.docChanged ? update(previous.decorations, tr, byId, records) : previous.decorations;
        const activeLayer =
          refresh || active !== previous.active
            ? buildActive(newState.doc, activeIds ?? [])
            : tr.docChanged
              ? updateActive(previous.activeDecorations, tr, activeIds ?? [])
              : previous.activeDecorations;
        return { decorations, activeDecorations: activeLayer, records, byId, shown, active };
      },
    },
    props: {
      decorations: (state) => changeDecorationsKey.getState(state)?.decorations,
    },
  });
}
