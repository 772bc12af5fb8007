import type { Node as PMNode } from 'prosemirror-model';
import type { ChangeKind, ChangeRecord, ChangeStatus, Member, Party } from '../domain/types';
import { People } from '../domain/people';
import { changeTextFromMarks, changeTextFromSnippets, clauseChangeText, clauseChangeTextFromSnippet, type ChangeText } from './change-text';
import { clauseIdOf, clauseIndexById, forEachClauseChangeMark } from './marks';

/**
 * The changes panel's rows (one summary per change record), computed in
 * full by `changeSummaries` or kept between documents by a
 * `ChangeSummaryMemo`, which recomputes only what a keystroke touched.
 */

/** One row of the changes panel. */
export interface ChangeSummary {
  readonly id: string;
  readonly kind: ChangeKind;
  readonly status: ChangeStatus;
  readonly partyId: string;
  /** Party name, or the id when the party is unknown. */
  readonly partyName: string;
  readonly partyCode: string;
  /** The party's colour ('' when unknown). */
  readonly colour: string;
  readonly authorId: string;
  /** Author's name, or the id when unknown. */
  readonly authorName: string;
  readonly clauseIds: readonly string[];
  /** Current 1-based numbers of the clauses it touches (those still in the document). */
  readonly clauseNumbers: readonly number[];
  /** "Point 9", "Points 3, 4", or '' when none of its clauses is left. */
  readonly clauseLabel: string;
  readonly before: string;
  readonly after: string;
  /**
   * What it changes: its own deleted/inserted text with context (read off its
   * marks while they exist, else from `before`/`after`), or the clause it
   * adds, removes or moves (live while proposed, else the record's snippet).
   */
  readonly text: ChangeText;
  readonly rationale: string;
  /** A proposed change without a rationale (the UI flags it). */
  readonly missingRationale: boolean;
  readonly createdAt: string;
  readonly decidedBy?: string;
  readonly decidedByName?: string;
  readonly decidedAt?: string;
  readonly movedFrom?: number;
  /** A proposed change still visible in the document (false once withdrawn or decided). */
  readonly live: boolean;
  /** Where it is in the document (marks, or the moved clause), for "click to jump". */
  readonly position: { readonly from: number; readonly to: number } | null;
}

/**
 * The changes panel's rows: every record with its party, author, clause
 * numbers, snippets and rationale. Live proposed changes come first in
 * document order, then the rest, newest first.
 */
export function changeSummaries(
  doc: PMNode,
  records: readonly ChangeRecord[],
  parties: readonly Party[],
  members: readonly Member[],
): ChangeSummary[] {
  return new ChangeSummaryMemo().summaries(doc, records, parties, members);
}

/** What one change says in `doc` (see `ChangeSummary.text`). */
export function changeTextOf(doc: PMNode, record: ChangeRecord): ChangeText {
  const index = record.clauseIds.map((id) => clauseIndexById(doc, id)).find((i) => i >= 0);
  return changeText(doc, record, record.kind === 'amended', index);
}

function changeText(doc: PMNode, record: ChangeRecord, marked: boolean, clauseIndex: number | undefined): ChangeText {
  if (record.kind === 'amended') {
    return (marked ? changeTextFromMarks(doc, record.id, record.clauseIds) : null) ?? changeTextFromSnippets(record.before ?? '', record.after ?? '');
  }
  if (record.status === 'proposed' && clauseIndex !== undefined) {
    return clauseChangeText(doc.child(clauseIndex), record.kind === 'removed' ? 'original' : 'current');
  }
  return clauseChangeTextFromSnippet(record.kind === 'removed' ? record.before || record.after || '' : record.after || record.before || '');
}

/** A change's extent inside one clause, relative to the clause's start. */
interface Span {
  from: number;
  to: number;
}

/** Every change id's extent inside a clause node (nodes are immutable: kept by identity). */
const spansByClause = new WeakMap<PMNode, ReadonlyMap<string, Span>>();

function clauseSpans(clause: PMNode): ReadonlyMap<string, Span> {
  let spans = spansByClause.get(clause);
  if (spans) return spans;
  const made = new Map<string, Span>();
  forEachClauseChangeMark(clause, 0, (id, from, to) => {
    const span = made.get(id);
    if (!span) made.set(id, { from, to });
    else {
      span.from = Math.min(span.from, from);
      span.to = Math.max(span.to, to);
    }
  });
  spans = made;
  spansByClause.set(clause, spans);
  return spans;
}

/** What a row was computed from, to know when it can be kept. */
interface Row {
  readonly record: ChangeRecord;
  /** The clause node each of the record's clause ids found (undefined: not in the document). */
  readonly clauses: readonly (PMNode | undefined)[];
  readonly marked: boolean;
  readonly text: ChangeText;
  readonly summary: ChangeSummary;
}

/**
 * `changeSummaries` kept between calls: a row's text (the costly part: a
 * walk of its clauses' marks) is computed again only when its record or one
 * of its clauses (by node identity) changed, the marks of a clause are read
 * once per clause node, and a row equal to the previous one is the same
 * object, so a caller can compare rows by identity. Typing rewrites one
 * record and one clause: the other rows are kept. The result always equals
 * `changeSummaries` of the same arguments.
 */
export class ChangeSummaryMemo {
  private people: People | null = null;
  private rows = new Map<string, Row>();

  /** The rows for `doc` and `records` (see `changeSummaries`). */
  summaries(doc: PMNode, records: readonly ChangeRecord[], parties: readonly Party[], members: readonly Member[]): ChangeSummary[] {
    let people = this.people;
    if (people === null || people.parties !== parties || people.members !== members) {
      people = new People({ parties, members });
      this.people = people;
      this.rows = new Map();
    }
    const indexOfClause = new Map<string, number>();
    const offsets: number[] = [];
    const marks = new Map<string, Span>();
    doc.forEach((clause, offset, index) => {
      offsets.push(offset);
      const id = clauseIdOf(clause);
      if (!indexOfClause.has(id)) indexOfClause.set(id, index);
      for (const [changeId, span] of clauseSpans(clause)) {
        const from = offset + span.from;
        const to = offset + span.to;
        const known = marks.get(changeId);
        if (!known) marks.set(changeId, { from, to });
        else {
          known.from = Math.min(known.from, from);
          known.to = Math.max(known.to, to);
        }
      }
    });
    const rows = new Map<string, Row>();
    const out = records.map((record): ChangeSummary => {
      const indices = record.clauseIds.map((c) => indexOfClause.get(c));
      const clauses = indices.map((i) => (i === undefined ? undefined : doc.child(i)));
      const numbers = indices.filter((i): i is number => i !== undefined).map((i) => i + 1);
      const marked = marks.get(record.id);
      let position: { from: number; to: number } | null = marked ? { from: marked.from, to: marked.to } : null;
      const firstIndex = indices.find((i) => i !== undefined);
      if (!position && record.kind !== 'amended' && firstIndex !== undefined) {
        position = { from: offsets[firstIndex]!, to: offsets[firstIndex]! + doc.child(firstIndex).nodeSize };
      }
      const previous = this.rows.get(record.id);
      const keep = previous !== undefined && previous.record === record && previous.marked === (marked !== undefined) && sameItems(previous.clauses, clauses);
      const text = keep ? previous.text : changeText(doc, record, marked !== undefined, firstIndex);
      let live = false;
      if (record.status === 'proposed') {
        if (record.kind === 'amended') live = marked !== undefined;
        else if (record.kind === 'moved') live = numbers.length > 0 && numbers[0] !== record.movedFrom;
        else live = numbers.length > 0;
      }
      const made: ChangeSummary = {
        id: record.id,
        kind: record.kind,
        status: record.status,
        partyId: record.partyId,
        partyName: people.partyName(record.partyId),
        partyCode: people.partyCode(record.partyId),
        colour: people.party(record.partyId)?.colour ?? '',
        authorId: record.authorId,
        authorName: people.memberName(record.authorId),
        clauseIds: record.clauseIds,
        clauseNumbers: numbers,
        clauseLabel: numbers.length === 0 ? '' : numbers.length === 1 ? `Point ${numbers[0]}` : `Points ${numbers.join(', ')}`,
        before: record.before ?? '',
        after: record.after ?? '',
        text,
        rationale: record.rationale,
        missingRationale: record.status === 'proposed' && record.rationale.trim() === '',
        createdAt: record.createdAt,
        ...(record.decidedBy !== undefined ? { decidedBy: record.decidedBy, decidedByName: people.memberName(record.decidedBy) } : {}),
        ...(record.decidedAt !== undefined ? { decidedAt: record.decidedAt } : {}),
        ...(record.movedFrom !== undefined ? { movedFrom: record.movedFrom } : {}),
        live,
        position: record.status === 'proposed' ? position : null,
      };
      const summary = previous !== undefined && sameSummary(previous.summary, made) ? previous.summary : made;
      rows.set(record.id, { record, clauses, marked: marked !== undefined, text, summary });
      return summary;
    });
    this.rows = rows;
    return out.sort(bySummaryOrder);
  }
}

/** Live proposed changes first in document order, then the rest, newest first. */
function bySummaryOrder(a: ChangeSummary, b: ChangeSummary): number {
  const la = a.live && a.position ? 0 : 1;
  const lb = b.live && b.position ? 0 : 1;
  if (la !== lb) return la - lb;
  if (la === 0) return a.position!.from - b.position!.from || a.createdAt.localeCompare(b.createdAt);
  return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * True when two rows hold the same values, field by field (lists item by
 * item, the position by its ends, the text by identity: a memo keeps it),
 * leaving out the field `except` (a view that does not show it).
 */
export function sameSummary(a: ChangeSummary, b: ChangeSummary, except?: keyof ChangeSummary): boolean {
  const keysA = Object.keys(a) as (keyof ChangeSummary)[];
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => {
    if (key === except) return true;
    const x = a[key];
    const y = b[key];
    if (x === y) return true;
    if (Array.isArray(x) && Array.isArray(y)) return sameItems<unknown>(x, y);
    if (key === 'position' && a.position !== null && b.position !== null) return a.position.from === b.position.from && a.position.to === b.position.to;
    return false;
  });
}
