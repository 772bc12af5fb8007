import type { CellMatch, ColumnClause, ColumnPin, ColumnSource } from './column-model';
import { contentWords, diceSimilarity } from './similarity';

/**
 * Aligning N columns into rows: the first column gives the rows in its
 * order; each later column's clauses join a row by, in this order, a saved
 * manual pin, the same clause id, or (for clauses that found none) the most
 * similar heading, with text similarity as the tie-break. A clause that
 * joins no row gets a row of its own, placed after the row of the clause
 * before it in its column. Pure; cost about (clauses per column)² per column
 * for the similarity pass.
 */

/** Heading similarity at or above which two clauses are the same point. */
export const HEADING_MATCH = 0.5;
/** Text similarity at or above which two clauses without similar headings are the same point. */
export const TEXT_MATCH = 0.6;

/** A placed clause: which column, which clause, how it got there. */
export interface PlacedClause {
  readonly clause: ColumnClause;
  readonly match: CellMatch;
}

/** One aligned row: per column, the clause placed there or null. */
export interface AlignedRow {
  readonly key: string;
  readonly cells: (PlacedClause | null)[];
}

interface Candidate {
  readonly clause: ColumnClause;
  readonly row: AlignedRow;
  readonly heading: number;
  readonly text: number;
}

/** Key of a pin's source clause. */
function pinKey(docId: string, clauseId: string): string {
  return `${docId}\u0000${clauseId}`;
}

/**
 * The rows of `sources` aligned (see the module comment). `pins` are
 * applied on top of the automatic alignment: a pin whose target clause is
 * in no earlier column, or whose row is already taken in this column, is
 * ignored (the clause aligns as if there were none).
 */
export function alignColumns(sources: readonly ColumnSource[], pins: readonly ColumnPin[] = []): AlignedRow[] {
  const count = sources.length;
  const rows: AlignedRow[] = [];
  const emptyCells = (): (PlacedClause | null)[] => Array.from({ length: count }, () => null);
  const first = sources[0];
  if (!first) return rows;
  for (const clause of first.clauses) {
    const cells = emptyCells();
    cells[0] = { clause, match: 'first' };
    rows.push({ key: `0:${clause.id}`, cells });
  }
  const pinsBySource = new Map<string, ColumnPin[]>();
  for (const pin of pins) {
    const key = pinKey(pin.docId, pin.clauseId);
    pinsBySource.set(key, [...(pinsBySource.get(key) ?? []), pin]);
  }

  for (let k = 1; k < count; k++) {
    const source = sources[k]!;
    const docId = source.header.docId;
    const placed = new Map<ColumnClause, AlignedRow | null>();
    const taken = new Set<AlignedRow>();
    const place = (clause: ColumnClause, row: AlignedRow | null, match: CellMatch): void => {
      placed.set(clause, row);
      if (row) {
        row.cells[k] = { clause, match };
        taken.add(row);
      }
    };
    // 1. Pins: the row holding the target clause in an earlier column of the target document.
    for (const clause of source.clauses) {
      for (const pin of pinsBySource.get(pinKey(docId, clause.id)) ?? []) {
        if (placed.has(clause)) break;
        const targetColumns = sources.map((s, j) => (j < k && s.header.docId === pin.targetDocId ? j : -1)).filter((j) => j >= 0);
        if (targetColumns.length === 0) continue;
        if (pin.targetClauseId === null) {
          place(clause, null, 'pinned');
          continue;
        }
        const row = rows.find((r) => !taken.has(r) && targetColumns.some((j) => r.cells[j]?.clause.id === pin.targetClauseId));
        if (row) place(clause, row, 'pinned');
      }
    }
    // 2. The same clause id in an earlier column.
    const rowById = new Map<string, AlignedRow>();
    for (const row of rows) {
      for (let j = 0; j < k; j++) {
        const id = row.cells[j]?.clause.id;
        if (id !== undefined && !rowById.has(id)) rowById.set(id, row);
      }
    }
    for (const clause of source.clauses) {
      if (placed.has(clause)) continue;
      const row = rowById.get(clause.id);
      if (row && !taken.has(row)) place(clause, row, 'id');
    }
    // 3. Similar headings (text similarity breaks ties), greedily from the most similar pair.
    const free = rows.filter((r) => !taken.has(r));
    const wordsOf = (row: AlignedRow, part: 'heading' | 'text'): Set<string> => {
      const words = new Set<string>();
      for (let j = 0; j < k; j++) {
        const clause = row.cells[j]?.clause;
        if (clause) for (const word of contentWords(clause[part])) words.add(word);
      }
      return words;
    };
    const rowWords = new Map(free.map((r) => [r, { heading: wordsOf(r, 'heading'), text: wordsOf(r, 'text') }]));
    const candidates: Candidate[] = [];
    for (const clause of source.clauses) {
      if (placed.has(clause)) continue;
      const heading = contentWords(clause.heading);
      const text = contentWords(clause.text);
      for (const row of free) {
        const words = rowWords.get(row)!;
        const candidate = { clause, row, heading: diceSimilarity(heading, words.heading), text: diceSimilarity(text, words.text) };
        if (candidate.heading >= HEADING_MATCH || candidate.text >= TEXT_MATCH) candidates.push(candidate);
      }
    }
    candidates.sort((a, b) => b.heading - a.heading || b.text - a.text);
    for (const candidate of candidates) {
      if (placed.has(candidate.clause) || taken.has(candidate.row)) continue;
      place(candidate.clause, candidate.row, 'title');
    }
    // 4. Rows of their own, after the row of the clause before them in this column.
    let after: AlignedRow | null = null;
    for (const clause of source.clauses) {
      const row = placed.get(clause);
      if (row) {
        after = row;
        continue;
      }
      const cells = emptyCells();
      cells[k] = { clause, match: placed.has(clause) ? 'pinned' : 'unmatched' };
      const own: AlignedRow = { key: `${k}:${clause.id}`, cells };
      rows.splice(after ? rows.indexOf(after) + 1 : 0, 0, own);
      after = own;
    }
  }
  return rows;
}
