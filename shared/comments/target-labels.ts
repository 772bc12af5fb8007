import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeKind, ChangeRecord, ChangeStatus, CommentTarget, Party } from '../domain/types';
import { People } from '../domain/people';
import { summarizeClause } from '../editing/clause-summary';
import { clauseLabels } from '../suggest/views';
import { targetKey } from './targets';

/**
 * How a comment list names what a thread is about: "Point 7 · Armed forces"
 * for a clause, or the change's party, kind and clause for a change; and in
 * which order the groups come (document order).
 */

/** What a change target shows. */
export interface ChangeTargetInfo {
  readonly changeId: string;
  readonly kind: ChangeKind;
  readonly status: ChangeStatus;
  readonly partyId: string;
  /** Party code ("UA"), or '' when the party is unknown. */
  readonly partyCode: string;
  /** Party name, or the id when unknown. */
  readonly partyName: string;
}

/** The label of one comment target. */
export interface TargetLabel {
  /** `targetKey` of the target. */
  readonly key: string;
  readonly target: CommentTarget;
  /** "Point 7", "Point 9 (was 12)", or for a clause no longer in the draft "Removed clause". */
  readonly point: string;
  /** The clause's heading, else its first words ('' if the clause is gone). */
  readonly summary: string;
  /** For a change target: the change (undefined if the record is unknown here). */
  readonly change?: ChangeTargetInfo;
  /** 0-based index of the (first) clause in the draft; `Infinity` when none is left. */
  readonly order: number;
}

/** "amendment", "addition", "removal", "move". */
export const CHANGE_KIND_NOUNS: Readonly<Record<ChangeKind, string>> = {
  added: 'addition',
  amended: 'amendment',
  removed: 'removal',
  moved: 'move',
};

/**
 * A labeller for the targets of one document state: `doc` is the draft as
 * the editor shows it, `records` its change records. Build one per render;
 * each call is O(1) after an O(clauses) set-up.
 */
export function targetLabeller(
  doc: PMNode,
  records: readonly ChangeRecord[],
  parties: readonly Party[],
): (target: CommentTarget) => TargetLabel {
  const clauses = new Map<string, { index: number; label: string; node: PMNode }>();
  const labels = clauseLabels(doc, records);
  labels.forEach((label, index) => {
    if (!clauses.has(label.clauseId)) clauses.set(label.clauseId, { index, label: label.label, node: doc.child(index) });
  });
  const recordById = new Map(records.map((r) => [r.id, r]));
  const people = new People({ parties, members: [] });
  const clausePart = (clauseIds: readonly string[]): { point: string; summary: string; order: number } => {
    const found = clauseIds.map((id) => clauses.get(id)).filter((c) => c !== undefined);
    const first = found[0];
    if (!first) return { point: clauseIds.length > 0 ? 'Removed clause' : '', summary: '', order: Infinity };
    const point = found.length === 1 ? first.label : `Points ${found.map((c) => c.index + 1).join(', ')}`;
    return { point, summary: summarizeClause(first.node).firstWords, order: first.index };
  };
  return (target) => {
    const key = targetKey(target);
    if (target.type === 'clause') return { key, target, ...clausePart([target.clauseId]) };
    const record = recordById.get(target.changeId);
    if (!record) return { key, target, point: '', summary: '', order: Infinity };
    return {
      key,
      target,
      ...clausePart(record.clauseIds),
      change: {
        changeId: record.id,
        kind: record.kind,
        status: record.status,
        partyId: record.partyId,
        partyCode: people.partyCode(record.partyId),
        partyName: people.partyName(record.partyId),
      },
    };
  };
}

/** Orders labels as the list shows them: document order, clause threads before change threads on the same clause. */
export function compareTargetLabels(a: TargetLabel, b: TargetLabel): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  const kind = (l: TargetLabel): number => (l.target.type === 'clause' ? 0 : 1);
  return kind(a) - kind(b) || a.key.localeCompare(b.key);
}
