import type { Party } from '../domain/types';
import type { PositionRow } from './position-matrix';
import { STANCE_LABELS } from './position-schema';

/**
 * The positions matrix as a table for scripts and reports: Markdown (one
 * column per party, "Rejects (stale)") or CSV (RFC 4180, one row per clause
 * and party, with the note, who and when; fields a spreadsheet would run as
 * a formula are prefixed with an apostrophe). Pure.
 */

function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The label of a cell: "Agreed", "Rejects (stale)", or "—" for no position. */
export function cellLabel(cell: PositionRow['cells'][number]): string {
  if (cell.stance === null) return '—';
  return `${STANCE_LABELS[cell.stance]}${cell.stale ? ' (stale)' : ''}`;
}

/** The matrix as a Markdown table: Point, clause, one column per party. */
export function positionsMarkdown(rows: readonly PositionRow[], parties: readonly Party[]): string {
  const head = ['Point', 'Clause', ...parties.map((p) => p.name)];
  const lines = [
    `| ${head.map(mdCell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${[String(row.point), row.heading, ...row.cells.map(cellLabel)].map(mdCell).join(' | ')} |`),
  ];
  return lines.join('\n') + '\n';
}

/** The matrix as CSV: one row per clause and party. */
export function positionsCsv(rows: readonly PositionRow[], parties: readonly Party[]): string {
  const name = new Map(parties.map((p) => [p.id, p.name]));
  const lines = [['point', 'clause_id', 'clause', 'party', 'position', 'stale', 'note', 'recorded_by', 'recorded_at']];
  for (const row of rows) {
    for (const cell of row.cells) {
      lines.push([
        String(row.point),
        row.clauseId,
        row.heading,
        name.get(cell.partyId) ?? cell.partyId,
        cell.stance ?? '',
        cell.stance === null ? '' : String(cell.stale),
        cell.note,
        cell.recordedBy ?? '',
        cell.recordedAt ?? '',
      ]);
    }
  }
  return lines.map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}
