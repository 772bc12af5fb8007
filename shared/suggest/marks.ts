import type { Mark, MarkType, Node as PMNode, Schema } from 'prosemirror-model';

/**
 * Reading the suggestion marks of a proposal: `insertion`, `deletion` and
 * `modification` (from @handlewithcare/prosemirror-suggest-changes), each
 * carrying the id of a change record in its `id` attribute.
 */

/** The two mark kinds that carry text changes. */
export type SuggestionMarkName = 'insertion' | 'deletion';

/** The zero-width space the suggestion library uses to anchor changes at block boundaries. */
export const ZERO_WIDTH_SPACE = '\u200B';

/** The suggestion mark types of a schema. */
export interface SuggestionMarkTypes {
  readonly insertion: MarkType;
  readonly deletion: MarkType;
  readonly modification: MarkType;
}

/** The suggestion mark types of a schema (throws if the schema lacks them). */
export function suggestionMarkTypes(schema: Schema): SuggestionMarkTypes {
  const { insertion, deletion, modification } = schema.marks;
  if (!insertion || !deletion || !modification) throw new Error('schema lacks the suggestion marks');
  return { insertion, deletion, modification };
}

/** True for an insertion, deletion or modification mark. */
export function isSuggestionMark(mark: Mark): boolean {
  const name = mark.type.name;
  return name === 'insertion' || name === 'deletion' || name === 'modification';
}

/** The change id a suggestion mark carries, as a string. */
export function markChangeId(mark: Mark): string {
  return String(mark.attrs['id'] as string | number);
}

/** The insertion or deletion mark in a set, if any. */
export function textChangeMark(marks: readonly Mark[]): Mark | undefined {
  return marks.find((m) => m.type.name === 'insertion' || m.type.name === 'deletion');
}

/** The change id of a node's own suggestion mark of the given kind, if any. */
export function nodeChangeId(node: PMNode, name: SuggestionMarkName): string | undefined {
  const mark = node.marks.find((m) => m.type.name === name);
  return mark ? markChangeId(mark) : undefined;
}

/** The stable id of a clause node ('' when it has none). */
export function clauseIdOf(node: PMNode): string {
  const id = node.attrs['id'] as unknown;
  return typeof id === 'string' ? id : id == null ? '' : String(id);
}

/** What the marks of one change id look like inside the clauses scanned. */
export interface ChangeMarkInfo {
  readonly id: string;
  /** Ids of the clauses it touches, in document order. */
  readonly clauseIds: string[];
  /** 0-based indices of those clauses. */
  readonly clauseIndices: number[];
  /** Set when a clause node itself carries the mark (a whole clause added or removed). */
  clauseMark?: SuggestionMarkName;
  /** True when text or non-clause nodes carry it (an amendment inside a clause). */
  inline: boolean;
  /** Position of its first occurrence in the document. */
  from: number;
  /** End of its last occurrence. */
  to: number;
}

/**
 * Every change id carried by suggestion marks inside the given clauses (all
 * clauses when `clauseIndices` is omitted), with where it occurs. Cost: a walk
 * of the scanned clauses only.
 */
export function indexChangeMarks(doc: PMNode, clauseIndices?: Iterable<number>): Map<string, ChangeMarkInfo> {
  const out = new Map<string, ChangeMarkInfo>();
  const indices = clauseIndices ? [...new Set(clauseIndices)].sort((a, b) => a - b) : [...Array(doc.childCount).keys()];
  const offsets = clauseOffsets(doc);
  const note = (id: string, index: number, clauseId: string, from: number, to: number): ChangeMarkInfo => {
    let info = out.get(id);
    if (!info) {
      info = { id, clauseIds: [], clauseIndices: [], inline: false, from, to };
      out.set(id, info);
    }
    if (!info.clauseIndices.includes(index)) {
      info.clauseIndices.push(index);
      info.clauseIds.push(clauseId);
    }
    info.from = Math.min(info.from, from);
    info.to = Math.max(info.to, to);
    return info;
  };
  for (const index of indices) {
    if (index < 0 || index >= doc.childCount) continue;
    const clause = doc.child(index);
    const clauseId = clauseIdOf(clause);
    forEachClauseChangeMark(clause, offsets[index]!, (id, from, to, clauseMark) => {
      const info = note(id, index, clauseId, from, to);
      if (clauseMark !== null) info.clauseMark = clauseMark;
      else info.inline = true;
    });
  }
  return out;
}

/**
 * Calls `visit` for every suggestion mark of one clause (`pos`: where the
 * clause starts): first the clause's own insertion or deletion marks
 * (`clauseMark` set, the whole clause's range), then every mark inside it
 * (`clauseMark` null, the marked node's range), in document order.
 */
export function forEachClauseChangeMark(
  clause: PMNode,
  pos: number,
  visit: (id: string, from: number, to: number, clauseMark: SuggestionMarkName | null) => void,
): void {
  for (const mark of clause.marks) {
    if (mark.type.name !== 'insertion' && mark.type.name !== 'deletion') continue;
    visit(markChangeId(mark), pos, pos + clause.nodeSize, mark.type.name as SuggestionMarkName);
  }
  clause.descendants((node, offset) => {
    for (const mark of node.marks) {
      if (!isSuggestionMark(mark)) continue;
      const from = pos + 1 + offset;
      visit(markChangeId(mark), from, from + node.nodeSize, null);
    }
    return true;
  });
}

/** Start positions of every top-level clause. */
export function clauseOffsets(doc: PMNode): number[] {
  const out: number[] = [];
  doc.forEach((_node, offset) => out.push(offset));
  return out;
}

/** 0-based index of the clause with this id, or -1. */
export function clauseIndexById(doc: PMNode, clauseId: string): number {
  for (let i = 0; i < doc.childCount; i++) if (clauseIdOf(doc.child(i)) === clauseId) return i;
  return -1;
}

/** True if any node in the document carries a suggestion mark with this change id. */
export function docHasChange(doc: PMNode, changeId: string): boolean {
  let found = false;
  doc.descendants((node) => {
    if (found) return false;
    if (node.marks.some((m) => isSuggestionMark(m) && markChangeId(m) === changeId)) found = true;
    return !found;
  });
  return found;
}
