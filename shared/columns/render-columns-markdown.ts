import type { ColumnCell, ColumnsTable, DiffPiece } from './column-model';
import { COLUMNS_LEGEND } from './column-model';
import { columnDate, columnByline } from './column-header';

/**
 * The four-column text as Markdown: one table, a header row per column
 * (name, party and author, date), one row per point; inserted words
 * `<ins>`, deleted words `~~struck~~` (GitHub-flavoured Markdown), and a
 * legend above.
 */

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/([*_~`<>[\]])/g, '\\$1').replace(/\n/g, '<br>');
}

function piecesMarkdown(pieces: readonly DiffPiece[]): string {
  return pieces
    .map((p) => {
      const text = escapeCell(p.text);
      if (p.change === undefined || p.text.trim() === '') return text;
      const lead = text.match(/^\s*/)![0];
      const tail = text.match(/\s*$/)![0];
      const core = text.trim();
      return p.change === 'inserted' ? `${lead}<ins>${core}</ins>${tail}` : `${lead}~~${core}~~${tail}`;
    })
    .join('');
}

function cellMarkdown(cell: ColumnCell): string {
  if (cell.state === 'missing') return '— *no counterpart*';
  if (cell.state === 'empty' || !cell.clause) return '';
  const heading = cell.heading.length > 0 ? `**${cell.clause.number}. ${piecesMarkdown(cell.heading)}**` : `**${cell.clause.number}.**`;
  const added = cell.state === 'added' ? ' *(new)*' : '';
  return `${heading}${added}<br>${piecesMarkdown(cell.body)}`;
}

/** The table as a Markdown file. */
export function renderColumnsMarkdown(table: ColumnsTable): string {
  const lines = [`# ${table.title}`, '', `Made ${table.madeAt.slice(0, 10)}. ${table.rows.length} points, ${table.differingRows} differing from the first column.`, ''];
  lines.push(`Legend: <ins>inserted</ins> = ${COLUMNS_LEGEND.inserted}; ~~deleted~~ = ${COLUMNS_LEGEND.deleted}; ${COLUMNS_LEGEND.missing}; *(new)*: ${COLUMNS_LEGEND.added.replace(/^new: /, '')}.`, '');
  const header = table.columns.map((c) => escapeCell(c.title) + '<br>' + escapeCell([c.docTitle, columnByline(c), columnDate(c)].filter((s) => s !== '').join(' · ')));
  lines.push(`| Point | ${header.join(' | ')} |`);
  lines.push(`|---|${table.columns.map(() => '---').join('|')}|`);
  for (const row of table.rows) lines.push(`| ${escapeCell(row.label)} | ${row.cells.map(cellMarkdown).join(' | ')} |`);
  return lines.join('\n') + '\n';
}
