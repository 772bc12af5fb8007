import type { Mark, Node as PMNode } from 'prosemirror-model';
import { clauseIdOf, ZERO_WIDTH_SPACE } from '../suggest/marks';
import type { AlternativeRecord, BracketRecord } from './bracket-schema';

/**
 * Where the brackets of a document are: the runs of text under
 * `alternative` marks, grouped by bracket and alternative, with the
 * records that say whose each alternative is. Pure (ProseMirror nodes and
 * plain records); used by the editor's decorations, the Brackets panel,
 * the counts, the CLI and the exports.
 */

/** The name of the mark that holds an alternative's words. */
export const ALTERNATIVE_MARK = 'alternative';

/** One alternative's words in the document. */
export interface AlternativeSpan {
  readonly altId: string;
  /** First and last position of its words in the document (one range: the words of an alternative are contiguous). */
  readonly from: number;
  readonly to: number;
  /** Its words as they read with the suggestions inside accepted (pending deletions left out). */
  readonly text: string;
  /** Every word of it is a pending insertion (it goes if that suggestion is rejected). */
  readonly pending: boolean;
}

/** One bracket's place in the document. */
export interface BracketSpan {
  readonly bracketId: string;
  readonly clauseId: string;
  /** 0-based index of its clause ("Point" = index + 1). */
  readonly clauseIndex: number;
  readonly from: number;
  readonly to: number;
  /** In document order. */
  readonly alternatives: readonly AlternativeSpan[];
}

/** A bracket as the app shows it: its place, its record and its alternatives' records, numbered "Alt 1", "Alt 2", … in document order. */
export interface BracketView extends BracketSpan {
  /** Undefined for marks whose record this replica does not have (yet). */
  readonly record: BracketRecord | undefined;
  readonly alternativeViews: readonly AlternativeView[];
}

/** An alternative as the app shows it. */
export interface AlternativeView extends AlternativeSpan {
  /** 1-based. */
  readonly number: number;
  readonly record: AlternativeRecord | undefined;
}

/** The `alternative` marks of a node. */
export function alternativeMarks(marks: readonly Mark[]): Mark[] {
  return marks.filter((m) => m.type.name === ALTERNATIVE_MARK);
}

interface MutableSpan {
  from: number;
  to: number;
  text: string;
  pending: boolean;
}

/**
 * Every bracket whose words are in `doc`, in document order (by where they
 * start). `proposed` tells the alternatives proposed as new words from the
 * bracketed words themselves: when two members bracket the same words at
 * once, Yjs can spread one bracket's mark over the words the other inserted
 * right after them (neither replica could end a mark it did not know); text
 * that carries a proposed alternative's mark is that alternative's alone.
 */
export function findBrackets(doc: PMNode, proposed: (altId: string) => boolean = () => false): BracketSpan[] {
  const found = new Map<string, { clauseId: string; clauseIndex: number; alts: Map<string, MutableSpan> }>();
  doc.forEach((clause, offset, index) => {
    const clauseId = clauseIdOf(clause);
    clause.descendants((node, pos) => {
      if (!node.isText) return true;
      if (node.marks.length === 0) return false;
      let marks = alternativeMarks(node.marks);
      if (marks.length === 0) return false;
      const own = marks.filter((m) => proposed(String(m.attrs['alt'])));
      if (own.length > 0) marks = own;
      const from = offset + 1 + pos;
      const to = from + node.nodeSize;
      const deleted = node.marks.some((m) => m.type.name === 'deletion');
      const inserted = node.marks.some((m) => m.type.name === 'insertion');
      const text = deleted ? '' : (node.text ?? '').split(ZERO_WIDTH_SPACE).join('');
      for (const mark of marks) {
        const bracketId = String(mark.attrs['bracket']);
        const altId = String(mark.attrs['alt']);
        let bracket = found.get(bracketId);
        if (!bracket) found.set(bracketId, (bracket = { clauseId, clauseIndex: index, alts: new Map() }));
        const alt = bracket.alts.get(altId);
        if (!alt) bracket.alts.set(altId, { from, to, text, pending: inserted });
        else {
          alt.from = Math.min(alt.from, from);
          alt.to = Math.max(alt.to, to);
          alt.text += text;
          alt.pending &&= inserted;
        }
      }
      return false;
    });
  });
  const out: BracketSpan[] = [];
  for (const [bracketId, { clauseId, clauseIndex, alts }] of found) {
    const alternatives = [...alts].map(([altId, s]) => ({ altId, from: s.from, to: s.to, text: s.text, pending: s.pending })).sort((a, b) => a.from - b.from || a.altId.localeCompare(b.altId));
    out.push({
      bracketId,
      clauseId,
      clauseIndex,
      from: Math.min(...alternatives.map((a) => a.from)),
      to: Math.max(...alternatives.map((a) => a.to)),
      alternatives,
    });
  }
  return out.sort((a, b) => a.from - b.from || a.bracketId.localeCompare(b.bracketId));
}

/** The text runs of one bracket, each with the ids of its alternatives it carries (resolved as `findBrackets` does), in document order. */
export function bracketRuns(doc: PMNode, bracketId: string, proposed: (altId: string) => boolean = () => false): { from: number; to: number; altIds: string[] }[] {
  const out: { from: number; to: number; altIds: string[] }[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    let marks = alternativeMarks(node.marks);
    const own = marks.filter((m) => proposed(String(m.attrs['alt'])));
    if (own.length > 0) marks = own;
    const altIds = marks.filter((m) => String(m.attrs['bracket']) === bracketId).map((m) => String(m.attrs['alt']));
    if (altIds.length > 0) out.push({ from: pos, to: pos + node.nodeSize, altIds });
    return false;
  });
  return out;
}

/** The brackets of `doc` with their records (see `BracketView`). */
export function bracketViews(doc: PMNode, brackets: readonly BracketRecord[], alternatives: readonly AlternativeRecord[]): BracketView[] {
  const bracketById = new Map(brackets.map((b) => [b.id, b]));
  const altById = new Map(alternatives.map((a) => [a.id, a]));
  return findBrackets(doc, (altId) => altById.get(altId)?.existing === false).map((span) => ({
    ...span,
    record: bracketById.get(span.bracketId),
    alternativeViews: span.alternatives.map((alt, index) => ({ ...alt, number: index + 1, record: altById.get(alt.altId) })),
  }));
}

/** Open brackets and their alternatives, in one clause or one party. */
export interface BracketTally {
  readonly brackets: number;
  readonly alternatives: number;
}

/** The counts negotiators report: open brackets and alternatives per document, clause and party. */
export interface BracketCounts extends BracketTally {
  /** Clauses with open brackets, in document order. */
  readonly byClause: readonly (BracketTally & { readonly clauseId: string; readonly number: number })[];
  /**
   * Per party: its alternatives, and the open brackets it has an alternative in.
   * Parties without any are left out; alternatives whose record is missing count under ''.
   */
  readonly byParty: readonly (BracketTally & { readonly partyId: string })[];
}

/** Counts the open brackets of `views` (a closed bracket has no marks left; one whose record says closed is left out too). */
export function bracketCounts(views: readonly BracketView[]): BracketCounts {
  const open = views.filter((v) => v.record?.status !== 'closed');
  const byClause = new Map<string, { clauseId: string; number: number; brackets: number; alternatives: number }>();
  const byParty = new Map<string, { partyId: string; brackets: number; alternatives: number }>();
  for (const view of open) {
    const clause = byClause.get(view.clauseId) ?? { clauseId: view.clauseId, number: view.clauseIndex + 1, brackets: 0, alternatives: 0 };
    clause.brackets += 1;
    clause.alternatives += view.alternatives.length;
    byClause.set(view.clauseId, clause);
    const parties = new Set<string>();
    for (const alt of view.alternativeViews) {
      const partyId = alt.record?.partyId ?? '';
      const party = byParty.get(partyId) ?? { partyId, brackets: 0, alternatives: 0 };
      party.alternatives += 1;
      if (!parties.has(partyId)) party.brackets += 1;
      parties.add(partyId);
      byParty.set(partyId, party);
    }
  }
  return {
    brackets: open.length,
    alternatives: open.reduce((sum, v) => sum + v.alternatives.length, 0),
    byClause: [...byClause.values()].sort((a, b) => a.number - b.number),
    byParty: [...byParty.values()],
  };
}
