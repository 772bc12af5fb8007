import { describe, expect, it } from 'vitest';
import { alignColumns } from '../../../shared/columns/align-columns';
import type { ColumnClause, ColumnPin, ColumnSource } from '../../../shared/columns/column-model';
import { columnsTable, diffPieces } from '../../../shared/columns/columns-table';
import { parseColumnRef, parseColumnRefs } from '../../../shared/columns/column-ref';
import { textSimilarity } from '../../../shared/columns/similarity';

/** A column of document `docId` from [id, heading, text] triples. */
function column(title: string, docId: string, clauses: readonly (readonly [string, string, string])[]): ColumnSource {
  return {
    header: { title, docId, docTitle: docId, versionId: title, party: '', author: '', date: '2025-12-01T00:00:00.000Z' },
    clauses: clauses.map(([id, heading, text], i): ColumnClause => ({ id, number: i + 1, heading, text })),
  };
}

/** Each row as the clause ids of its cells ('-' for none). */
function idRows(sources: readonly ColumnSource[], pins: readonly ColumnPin[] = []): string[][] {
  return alignColumns(sources, pins).map((row) => row.cells.map((c) => c?.clause.id ?? '-'));
}

const A = column('A', 'doc-a', [
  ['a1', 'Sovereignty', 'Sovereignty is reaffirmed.'],
  ['a2', 'Armed forces', 'The army will not exceed 600,000.'],
  ['a3', 'Territory', 'The line of contact is the starting point.'],
  ['a4', 'Elections', 'Elections within 100 days.'],
]);

describe('alignColumns', () => {
  it('aligns versions of one document by clause id, whatever their numbers, and keeps the first column’s order', () => {
    const later = column('B', 'doc-a', [
      ['a3', 'Territory', 'The whole region.'],
      ['a1', 'Sovereignty', 'Sovereignty is reaffirmed.'],
      ['a4', 'Elections', 'Elections soon.'],
    ]);
    expect(idRows([A, later])).toEqual([
      ['a1', 'a1'],
      ['a2', '-'],
      ['a3', 'a3'],
      ['a4', 'a4'],
    ]);
    expect(alignColumns([A, later]).map((r) => r.cells[1]?.match ?? null)).toEqual(['id', null, 'id', 'id']);
  });

  it('aligns another document’s clauses by heading similarity, and puts a point nobody else has after its predecessor', () => {
    const other = column('Other', 'doc-b', [
      ['b1', 'Territory and borders', 'Borders as they stand.'],
      ['b2', 'Language', 'Russian language protected.'],
      ['b3', 'Sovereignty of Ukraine', 'Ukraine is sovereign.'],
      ['b4', 'The armed forces', 'No cap.'],
    ]);
    expect(idRows([A, other])).toEqual([
      ['a1', 'b3'],
      ['a2', 'b4'],
      ['a3', 'b1'],
      ['-', 'b2'],
      ['a4', '-'],
    ]);
    const rows = alignColumns([A, other]);
    expect(rows.map((r) => r.cells[1]?.match ?? null)).toEqual(['title', 'title', 'title', 'unmatched', null]);
  });

  it('breaks a tie between equally similar headings by the text', () => {
    const first = column('A', 'doc-a', [
      ['x1', 'Guarantees', 'The United States gives a guarantee backed by Congress.'],
      ['x2', 'Guarantees', 'European states give guarantees with air cover from Poland.'],
    ]);
    const other = column('B', 'doc-b', [['y1', 'Guarantees', 'European air cover from Poland and guarantees by European states.']]);
    expect(idRows([first, other])).toEqual([
      ['x1', '-'],
      ['x2', 'y1'],
    ]);
    expect(textSimilarity('European air cover', 'air cover, European')).toBe(1);
  });

  it('applies a saved pin on top: to another row, or to no counterpart at all', () => {
    const other = column('Other', 'doc-b', [
      ['b1', 'Territory', 'Borders.'],
      ['b2', 'Elections', 'Soon.'],
    ]);
    expect(idRows([A, other])).toEqual([
      ['a1', '-'],
      ['a2', '-'],
      ['a3', 'b1'],
      ['a4', 'b2'],
    ]);
    const pins: ColumnPin[] = [
      { docId: 'doc-b', clauseId: 'b1', targetDocId: 'doc-a', targetClauseId: 'a2' },
      { docId: 'doc-b', clauseId: 'b2', targetDocId: 'doc-a', targetClauseId: null },
    ];
    expect(idRows([A, other], pins)).toEqual([
      ['a1', '-'],
      ['a2', 'b1'],
      ['-', 'b2'],
      ['a3', '-'],
      ['a4', '-'],
    ]);
    expect(alignColumns([A, other], pins).map((r) => r.cells[1]?.match ?? null)).toEqual([null, 'pinned', 'pinned', null, null]);
    // A pin towards a document no earlier column shows is ignored.
    expect(idRows([A, other], [{ docId: 'doc-b', clauseId: 'b1', targetDocId: 'doc-z', targetClauseId: 'a2' }])).toEqual(idRows([A, other]));
  });

  it('lets each column join the rows of every earlier column, not only the first', () => {
    const second = column('B', 'doc-b', [['b9', 'Amnesty', 'Full amnesty.']]);
    const third = column('C', 'doc-b', [
      ['a1', 'Sovereignty', 'Sovereignty is reaffirmed.'],
      ['b9', 'Amnesty', 'A full amnesty for all.'],
    ]);
    expect(idRows([A, second, third])).toEqual([
      ['-', 'b9', 'b9'],
      ['a1', '-', 'a1'],
      ['a2', '-', '-'],
      ['a3', '-', '-'],
      ['a4', '-', '-'],
    ]);
  });
});

describe('columnsTable', () => {
  it('marks each cell against the first column: same, changed word by word, missing, added', () => {
    const later = column('B', 'doc-a', [
      ['a1', 'Sovereignty', 'Sovereignty is reaffirmed.'],
      ['a2', 'Armed forces', 'The army will not exceed 800,000.'],
      ['a9', 'Amnesty', 'Full amnesty.'],
    ]);
    const table = columnsTable([A, later], [], '2025-12-30T12:00:00.000Z');
    expect(table.rows.map((r) => [r.label, r.cells[1]!.state])).toEqual([
      ['Point 1 — Sovereignty', 'same'],
      ['Point 2 — Armed forces', 'changed'],
      ['Point 3 — Amnesty (B)', 'added'],
      ['Point 3 — Territory', 'missing'],
      ['Point 4 — Elections', 'missing'],
    ]);
    // Whole words, as every redline of Draftroom marks them ("600,000." is one word).
    expect(table.rows[1]!.cells[1]!.body).toEqual([{ text: 'The army will not exceed ' }, { text: '600,000.', change: 'deleted' }, { text: '800,000.', change: 'inserted' }]);
    expect(table.rows[2]!.cells[0]!.state).toBe('empty');
    expect(table.differingRows).toBe(4);
    expect(table.title).toBe('doc-a — two-column text');
  });

  it('diffs whole words (jsdiff through the shared word diff)', () => {
    expect(diffPieces('will not join NATO', 'will join NATO')).toEqual([{ text: 'will ' }, { text: 'not ', change: 'deleted' }, { text: 'join NATO' }]);
  });
});

describe('column references', () => {
  it('reads versions, the working draft and another document’s columns, and refuses empty ones', () => {
    expect(parseColumnRefs('U.S. 28-point draft, working,@draft, European 6-point framework::European 6-point framework, Annex::working')).toEqual([
      { doc: null, version: 'U.S. 28-point draft' },
      { doc: null, version: null },
      { doc: null, version: null },
      { doc: 'European 6-point framework', version: 'European 6-point framework' },
      { doc: 'Annex', version: null },
    ]);
    expect(() => parseColumnRefs('a,,b')).toThrow(/empty column/);
    expect(() => parseColumnRef('::v1')).toThrow(/names no column/);
  });
});
