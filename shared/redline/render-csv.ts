import type { RedlineDocument } from './model';
import { changeCells, changeColumns } from './render-parts';

/**
 * The change summary as CSV (RFC 4180: comma-separated, fields quoted when
 * they hold a comma, quote or line break, CRLF line ends), one row per
 * difference, grouped by party as in the redline. A field that a
 * spreadsheet would run as a formula (starting with =, +, -, @) is prefixed
 * with an apostrophe.
 */

function field(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The summary's rows as a CSV file (header row first). */
export function summaryCsv(model: RedlineDocument): string {
  const lines = [changeColumns(model), ...model.summary.rows.map((row) => changeCells(row, model.audience))];
  return lines.map((cells) => cells.map(field).join(',')).join('\r\n') + '\r\n';
}
