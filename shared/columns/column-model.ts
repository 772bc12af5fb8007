/**
 * The four-column text ("the EU's four-column document"): N sources side by
 * side, one row per point, each cell a clause of its column, each column's
 * differences from the first marked. Plain data, built by
 * `alignColumns` + `columnsTable` and rendered by every export (HTML and
 * Markdown here, DOCX and PDF in main/export) and by the app's Columns view.
 */

/** One clause of a column's source, read as plain text. */
export interface ColumnClause {
  /** Stable clause id (the `id` attribute). */
  readonly id: string;
  /** 1-based number in that source. */
  readonly number: number;
  /** Heading text ('' if none). */
  readonly heading: string;
  /** Body text (blocks joined by newlines, open brackets printed). */
  readonly text: string;
}

/** What a column shows at its head. */
export interface ColumnHeader {
  /** The version's name, or "Working draft". */
  readonly title: string;
  /** Id of the document the column reads. */
  readonly docId: string;
  /** Title of that document. */
  readonly docTitle: string;
  /** The version's id, or null for the working draft. */
  readonly versionId: string | null;
  /** Party that kept the version ('' if none: the working draft). */
  readonly party: string;
  /** Member who kept the version ('' if none). */
  readonly author: string;
  /** ISO time the version was kept (for the working draft: when the table was made). */
  readonly date: string;
}

/** One source of a column: where it comes from, and its clauses in order. */
export interface ColumnSource {
  readonly header: ColumnHeader;
  readonly clauses: readonly ColumnClause[];
}

/**
 * A manual re-alignment, saved in the workspace: clause `clauseId` of
 * document `docId` belongs to the row of clause `targetClauseId` of document
 * `targetDocId`, or (`targetClauseId` null) has no counterpart there and
 * stands in a row of its own.
 */
export interface ColumnPin {
  readonly docId: string;
  readonly clauseId: string;
  readonly targetDocId: string;
  readonly targetClauseId: string | null;
}

/** A saved pin with who set it and when. */
export interface SavedColumnPin extends ColumnPin {
  readonly setBy: string | null;
  readonly setAt: string;
}

/** How a cell came to stand in its row. */
export type CellMatch = 'first' | 'id' | 'title' | 'pinned' | 'unmatched';

/** A piece of a cell's text: kept, or inserted / deleted relative to the first column. */
export interface DiffPiece {
  readonly text: string;
  readonly change?: 'inserted' | 'deleted';
}

/**
 * What a cell says relative to the first column: `base` (the first column
 * itself), `same`, `changed` (word differences marked), `added` (the first
 * column has no counterpart), `missing` (this column has none while the
 * first has), `empty` (neither has).
 */
export type CellState = 'base' | 'same' | 'changed' | 'added' | 'missing' | 'empty';

/** One cell of the table. */
export interface ColumnCell {
  readonly state: CellState;
  /** The clause shown, absent for `missing` and `empty`. */
  readonly clause?: ColumnClause;
  /** How it was aligned (absent without a clause). */
  readonly match?: CellMatch;
  /** Heading pieces (differences from the first column marked). */
  readonly heading: readonly DiffPiece[];
  /** Body pieces (differences from the first column marked; "\n" inside a piece breaks the line). */
  readonly body: readonly DiffPiece[];
}

/** One row: the same point in every column. */
export interface ColumnRow {
  /** Stable key of the row: "<column index>:<clause id>" of the first clause placed in it. */
  readonly key: string;
  /** "Point 3 — Security guarantees" as the first column numbers it; a point it lacks: "Point 17 — … (<column>)" from the first column that has it. */
  readonly label: string;
  readonly cells: readonly ColumnCell[];
}

/** The whole table. */
export interface ColumnsTable {
  /** "Peace framework — four-column text" (or N-column). */
  readonly title: string;
  readonly columns: readonly ColumnHeader[];
  readonly rows: readonly ColumnRow[];
  /** ISO time the table was made. */
  readonly madeAt: string;
  /** Rows where at least one column differs from the first (changed, added or missing). */
  readonly differingRows: number;
}

/** Words of the legend every export prints. */
export const COLUMNS_LEGEND = {
  inserted: 'underlined: words this column has and the first column does not',
  deleted: 'struck through: words of the first column this column does not have',
  missing: '— no counterpart: the point is not in this column',
  added: 'new: the point is not in the first column',
} as const;
