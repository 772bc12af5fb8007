import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { ChangeRecord } from '../../../shared/domain/types';
import { clauseMarksKey } from '../../../shared/suggest/clause-marks';
import { clauseIdOf, markChangeId } from '../../../shared/suggest/marks';
import { changeIdsAtSelection } from './changes-at-cursor';
import { effectiveChangeMarks } from '../../../shared/suggest/text-change';

/**
 * Party colours on the document: every insertion/deletion mark gets a
 * decoration carrying `data-party` (the party of its change record, keyed by
 * the mark's change id) and `data-change-id` (the change popover reads
 * them: `change-popover.ts`); clauses proposed for addition or removal
 * and moved clauses get node decorations (party, "was 12" label for the
 * gutter, `data-move-id`). Rebuilt per transaction in O(clauses + marked runs): the marked
 * runs of each clause are cached per (immutable) clause node, so only
 * clauses that changed are walked again.
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
  readonly decorations: DecorationSet;
  readonly records: readonly ChangeRecord[] | null;
  readonly byId: ReadonlyMap<string, ChangeRecord>;
  /** What the decorations show of the records (rebuild only when it changes). */
  readonly signature: string;
  /** The change ids at the cursor, joined. */
  readonly active: string;
}

/** Key of the change-decorations plugin; `tr.setMeta(changeDecorationsKey, 'refresh')` rebuilds (e.g. members changed). */
export const changeDecorationsKey = new PluginKey<DecorationState>('draftroom/change-decorations');

function signatureOf(records: readonly ChangeRecord[]): string {
  return records.map((r) => `${r.id}|${r.partyId}|${r.authorId}|${r.kind}|${r.status}|${r.movedFrom ?? ''}|${r.clauseIds.join(',')}|${r.rationale}`).join('\n');
}

function classes(...names: (string | false)[]): string {
  return names.filter((n): n is string => n !== false).join(' ');
}

function build(doc: PMNode, byId: ReadonlyMap<string, ChangeRecord>, records: readonly ChangeRecord[], active: ReadonlySet<string>): DecorationSet {
  const decorations: Decoration[] = [];
  const firstMove = new Map<string, ChangeRecord>();
  for (const record of records) {
    if (record.kind !== 'moved' || record.status !== 'proposed' || record.movedFrom === undefined) continue;
    const clauseId = record.clauseIds[0];
    if (clauseId === undefined) continue;
    const seen = firstMove.get(clauseId);
    if (!seen || record.createdAt < seen.createdAt) firstMove.set(clauseId, record);
  }

  doc.forEach((clause, pos, index) => {
    const blockMark = clause.marks.find((m) => m.type.name === 'insertion' || m.type.name === 'deletion');
    const clauseChange = blockMark ? markChangeId(blockMark) : null;
    for (const run of markedRuns(clause)) {
      const record = byId.get(run.changeId);
      const attrs: Record<string, string> = {
        class: classes(
          'change-mark',
          run.kind === 'insertion' ? 'change-ins' : 'change-del',
          // Text of a clause added or removed as a whole: the clause shows the change, the text stays calm.
          run.changeId === clauseChange && 'change-whole',
          active.has(run.changeId) && 'is-active-change',
        ),
        'data-change-id': run.changeId,
      };
      if (record) attrs['data-party'] = record.partyId;
      decorations.push(Decoration.inline(pos + run.from, pos + run.to, attrs));
    }

    const attrs: Record<string, string> = {};
    const names: (string | false)[] = [];
    if (blockMark) {
      const changeId = markChangeId(blockMark);
      const record = byId.get(changeId);
      names.push(blockMark.type.name === 'insertion' ? 'clause-proposed-addition' : 'clause-proposed-removal', active.has(changeId) && 'is-active-change');
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
      decorations.push(Decoration.node(pos, pos + clause.nodeSize, attrs));
    }
  });
  return DecorationSet.create(doc, decorations);
}

function recordsOf(state: EditorState): readonly ChangeRecord[] {
  return clauseMarksKey.getState(state)?.records ?? [];
}

/**
 * The plugin; place it
 * after the suggestion engine's plugins (it reads the records the
 * clause-marks plugin holds).
 */
export function changeDecorationsPlugin(): Plugin<DecorationState> {
  const compute = (state: EditorState, records: readonly ChangeRecord[], byId: ReadonlyMap<string, ChangeRecord>, signature: string, active: string[]): DecorationState => ({
    decorations: build(state.doc, byId, records, new Set(active)),
    records,
    byId,
    signature,
    active: active.join(' '),
  });
  return new Plugin<DecorationState>({
    key: changeDecorationsKey,
    state: {
      init(_config, state) {
        const records = recordsOf(state);
        return compute(state, records, new Map(records.map((r) => [r.id, r])), signatureOf(records), changeIdsAtSelection(state, records));
      },
      apply(tr: Transaction, previous, _oldState, newState) {
        const records = recordsOf(newState);
        let { byId, signature } = previous;
        if (records !== previous.records) {
          signature = signatureOf(records);
          if (signature !== previous.signature) byId = new Map(records.map((r) => [r.id, r]));
        }
        const activeIds = tr.docChanged || tr.selectionSet || signature !== previous.signature ? changeIdsAtSelection(newState, records) : null;
        const active = activeIds ? activeIds.join(' ') : previous.active;
        const refresh = tr.getMeta(changeDecorationsKey) !== undefined;
        if (!tr.docChanged && !refresh && signature === previous.signature && active === previous.active) {
          return records === previous.records ? previous : { ...previous, records };
        }
        return compute(newState, records, byId, signature, activeIds ?? changeIdsAtSelection(newState, records));
      },
    },
    props: {
      decorations: (state) => changeDecorationsKey.getState(state)?.decorations,
    },
  });
}
