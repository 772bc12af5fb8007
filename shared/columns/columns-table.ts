import { diffWordSpans } from '../diff/word-diff';
import { alignColumns, type AlignedRow } from './align-columns';
import type { ColumnCell, ColumnClause, ColumnPin, ColumnRow, ColumnsTable, ColumnSource, DiffPiece } from './column-model';

/**
 * The table the exports and the Columns view render: the aligned rows
 * (`alignColumns`), each cell's words compared with the first column's
 * cell in its row (Draftroom's one word diff, `shared/diff/word-diff.ts`).
 */

/** The pieces of `after` compared with `before`: kept, deleted (from `before`) and inserted. */
export function diffPieces(before: string, after: string): DiffPiece[] {
  const pieces: DiffPiece[] = [];
  const push = (text: string, change?: DiffPiece['change']): void => {
    if (text === '') return;
    const last = pieces[pieces.length - 1];
    if (last && last.change === change) pieces[pieces.length - 1] = { text: last.text + text, ...(change ? { change } : {}) };
    else pieces.push({ text, ...(change ? { change } : {}) });
  };
  for (const span of diffWordSpans(before, after)) {
    if (span.kind === 'equal') push(after.slice(span.newFrom, span.newTo));
    else {
      push(before.slice(span.oldFrom, span.oldTo), 'deleted');
      push(after.slice(span.newFrom, span.newTo), 'inserted');
    }
  }
  return pieces;
}

function plainPieces(text: string): DiffPiece[] {
  return text === '' ? [] : [{ text }];
}

function cellOf(row: AlignedRow, k: number): ColumnCell {
  const placed = row.cells[k] ?? null;
  const base = row.cells[0]?.clause;
  if (!placed) return { state: base ? 'missing' : 'empty', heading: [], body: [] };
  const clause = placed.clause;
  const kept = { clause, match: placed.match };
  if (k === 0) return { state: 'base', ...kept, heading: plainPieces(clause.heading), body: plainPieces(clause.text) };
  if (!base) return { state: 'added', ...kept, heading: plainPieces(clause.heading), body: plainPieces(clause.text) };
  const same = base.heading === clause.heading && base.text === clause.text;
  if (same) return { state: 'same', ...kept, heading: plainPieces(clause.heading), body: plainPieces(clause.text) };
  return { state: 'changed', ...kept, heading: diffPieces(base.heading, clause.heading), body: diffPieces(base.text, clause.text) };
}

/** "Point 3 — Security guarantees" for a clause. */
export function clauseLabel(clause: ColumnClause): string {
  return clause.heading.trim() === '' ? `Point ${clause.number}` : `Point ${clause.number} — ${clause.heading.trim()}`;
}

/** The first column's label of the point, or, for a point the first column lacks, the first column that has it ("… (Russian counter-draft)"). */
function rowLabel(row: AlignedRow, sources: readonly ColumnSource[]): string {
  const k = row.cells.findIndex((c) => c !== null);
  const clause = row.cells[k]?.clause;
  if (!clause) return '';
  return k === 0 ? clauseLabel(clause) : `${clauseLabel(clause)} (${sources[k]!.header.title})`;
}

/** "Peace framework — four-column text" (two to ten columns are named, more are counted). */
export function columnsTitle(sources: readonly ColumnSource[]): string {
  const names = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  const count = names[sources.length] ?? String(sources.length);
  const titles = [...new Set(sources.map((s) => s.header.docTitle))];
  return `${titles.join(' / ')} — ${count}-column text`;
}

/**
 * The table of `sources` side by side, rows aligned (pins applied on top),
 * each later column's differences from the first marked per cell. `madeAt`
 * is an ISO time (the working draft's columns carry it as their date).
 */
export function columnsTable(sources: readonly ColumnSource[], pins: readonly ColumnPin[], madeAt: string): ColumnsTable {
  const aligned = alignColumns(sources, pins);
  const rows: ColumnRow[] = aligned.map((row) => ({ key: row.key, label: rowLabel(row, sources), cells: sources.map((_s, k) => cellOf(row, k)) }));
  const differingRows = rows.filter((r) => r.cells.some((c) => c.state === 'changed' || c.state === 'added' || c.state === 'missing')).length;
  return { title: columnsTitle(sources), columns: sources.map((s) => s.header), rows, madeAt, differingRows };
}
