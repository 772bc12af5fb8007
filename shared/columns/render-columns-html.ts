import { escapeHtml } from '../redline/render-html';
import type { ColumnCell, ColumnsTable, DiffPiece } from './column-model';
import { COLUMNS_LEGEND } from './column-model';
import { columnByline, columnDate } from './column-header';

/**
 * The four-column text as one self-contained HTML file (inline styles, no
 * script), printed landscape: a header cell per column (name, document,
 * party and author, date), one row per point, inserted words underlined in
 * green and deleted words struck in red against the first column, a
 * legend. `columnsTableHtml` is the table alone, for the app's view.
 */

/** Pieces as HTML: `<ins>` and `<del>` for differences. */
export function piecesHtml(pieces: readonly DiffPiece[]): string {
  return pieces
    .map((p) => {
      const text = escapeHtml(p.text).replace(/\n/g, '<br>');
      return p.change === 'inserted' ? `<ins>${text}</ins>` : p.change === 'deleted' ? `<del>${text}</del>` : text;
    })
    .join('');
}

function cellHtml(cell: ColumnCell, column: number): string {
  if (cell.state === 'missing') return `<td class="cell missing" data-column="${column}"><span class="none">— no counterpart</span></td>`;
  if (cell.state === 'empty' || !cell.clause) return `<td class="cell empty" data-column="${column}"></td>`;
  const heading = piecesHtml(cell.heading);
  const badge = cell.state === 'added' ? ' <span class="badge">new</span>' : '';
  const head = `<div class="clause-head"><span class="number">${cell.clause.number}.</span> ${heading}${badge}</div>`;
  return `<td class="cell ${cell.state}" data-column="${column}" data-clause="${escapeHtml(cell.clause.id)}" data-match="${cell.match ?? ''}">${head}<div class="clause-body">${piecesHtml(cell.body)}</div></td>`;
}

/** The `<table>` of the columns (header and rows). */
export function columnsTableHtml(table: ColumnsTable): string {
  const heads = table.columns
    .map((c, i) => {
      const lines = [c.docTitle, columnByline(c), columnDate(c)].filter((s) => s !== '').map((s) => `<div class="meta">${escapeHtml(s)}</div>`);
      return `<th scope="col" data-column="${i}"><div class="column-title">${escapeHtml(c.title)}</div>${lines.join('')}</th>`;
    })
    .join('');
  const rows = table.rows.map((r) => `<tr data-row="${escapeHtml(r.key)}"><th scope="row" class="row-label">${escapeHtml(r.label)}</th>${r.cells.map((c, k) => cellHtml(c, k)).join('')}</tr>`).join('\n');
  return `<table class="columns-table"><thead><tr><th class="row-label">Point</th>${heads}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** The legend as HTML list items. */
export function columnsLegendHtml(): string {
  return [
    `<li><ins>inserted</ins> ${escapeHtml(COLUMNS_LEGEND.inserted)}</li>`,
    `<li><del>deleted</del> ${escapeHtml(COLUMNS_LEGEND.deleted)}</li>`,
    `<li>${escapeHtml(COLUMNS_LEGEND.missing)}</li>`,
    `<li><span class="badge">new</span> ${escapeHtml(COLUMNS_LEGEND.added.replace(/^new: /, ''))}</li>`,
  ].join('');
}

const STYLE = `
@page { size: A4 landscape; margin: 12mm; }
body { font-family: Georgia, 'Times New Roman', serif; margin: 1.5em; color: #1d1f23; }
h1 { font-size: 1.4em; margin: 0 0 .3em; }
.note { color: #555; margin: 0 0 .6em; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4em 1.5em; font-size: .85em; }
table.columns-table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: .85em; }
.columns-table th, .columns-table td { border: 1px solid #c9ccd1; padding: .4em .5em; vertical-align: top; text-align: left; }
.columns-table thead th { background: #eef0f3; }
.columns-table .row-label { width: 9em; background: #f7f8fa; font-weight: normal; color: #444; }
.column-title { font-weight: bold; }
.meta { font-weight: normal; color: #555; font-size: .9em; }
.clause-head { font-weight: bold; margin-bottom: .2em; }
ins { color: #1a7f37; text-decoration: underline; }
del { color: #b42318; text-decoration: line-through; }
.missing .none { color: #888; font-style: italic; }
.added { background: #f0f8f2; }
.badge { font-size: .75em; font-weight: bold; color: #1a7f37; border: 1px solid #1a7f37; border-radius: 3px; padding: 0 .25em; }
`;

/** The whole HTML file. */
export function renderColumnsHtml(table: ColumnsTable): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(table.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(table.title)}</h1>
<p class="note">Made ${escapeHtml(table.madeAt.slice(0, 10))}. ${table.rows.length} points, ${table.differingRows} differing from the first column (${escapeHtml(table.columns[0]?.title ?? '')}).</p>
<ul class="legend">${columnsLegendHtml()}</ul>
${columnsTableHtml(table)}
</body></html>
`;
}
