import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeRecord, Member, Party } from '../domain/types';
import { changeSummaries, type ChangeSummary } from '../suggest/change-summaries';
import { clauseHistory } from '../suggest/views';

/**
 * The change rows of a clause's history ("who wanted this and why"): every
 * change that touched the clause, in any status, newest first, with party,
 * author, decider, snippets and rationale.
 */

/**
 * The records of the working draft together with those only older versions
 * still hold (a proposal withdrawn since, say): one per id, the working
 * draft's copy winning.
 */
export function mergeRecords(current: readonly ChangeRecord[], ...older: readonly (readonly ChangeRecord[])[]): ChangeRecord[] {
  const byId = new Map<string, ChangeRecord>();
  for (const list of older) for (const record of list) if (!byId.has(record.id)) byId.set(record.id, record);
  for (const record of current) byId.set(record.id, record);
  return [...byId.values()];
}

/**
 * Every change that touched `clauseId`, newest first, as changes-panel rows
 * (names resolved against `parties` and `members`; numbers from `doc`, the
 * current draft).
 */
export function clauseHistoryRows(
  doc: PMNode,
  records: readonly ChangeRecord[],
  clauseId: string,
  parties: readonly Party[],
  members: readonly Member[],
): ChangeSummary[] {
  const history = clauseHistory(records, clauseId);
  const rows = new Map(changeSummaries(doc, history, parties, members).map((row) => [row.id, row]));
  return history.map((record) => rows.get(record.id)).filter((row): row is ChangeSummary => row !== undefined);
}
