import PDFDocument from 'pdfkit';
import { columnByline, columnDate } from '../../shared/columns/column-header';
import { COLUMNS_LEGEND, type ColumnCell, type ColumnsTable, type DiffPiece } from '../../shared/columns/column-model';
import { collectPdf, fontPath } from './pdf-writer';

/**
 * The four-column text as a landscape PDF (pdfkit, DejaVu Serif embedded
 * like the redline PDF): a title, a legend, and a table drawn cell by cell
 * (pdfkit's own table cannot mix struck and underlined words in a cell),
 * whose header row is repeated on every page. Inserted words are
 * underlined in green, deleted words struck in red.
 */

const TEXT = '#1d1f23';
const MUTED = '#555555';
const INSERTED = '#1a7f37';
const DELETED = '#b42318';
const GRID = '#c9ccd1';
const MARGIN = 36;
const PAD = 4;
const LABEL_WIDTH = 80;
const SIZE = 8;

type Font = 'regular' | 'bold' | 'italic';

interface Run {
  readonly text: string;
  readonly font: Font;
  readonly colour: string;
  readonly strike?: boolean;
  readonly underline?: boolean;
}

function pieceRuns(pieces: readonly DiffPiece[], font: Font): Run[] {
  return pieces.map((p) => ({
    text: p.text,
    font,
    colour: p.change === 'inserted' ? INSERTED : p.change === 'deleted' ? DELETED : TEXT,
    ...(p.change === 'inserted' ? { underline: true } : {}),
    ...(p.change === 'deleted' ? { strike: true } : {}),
  }));
}

/** A cell's content as two paragraphs of runs (head, body). */
function cellRuns(cell: ColumnCell): Run[][] {
  if (cell.state === 'missing') return [[{ text: '— no counterpart', font: 'italic', colour: MUTED }]];
  if (cell.state === 'empty' || !cell.clause) return [];
  const head: Run[] = [{ text: `${cell.clause.number}. `, font: 'bold', colour: TEXT }, ...pieceRuns(cell.heading, 'bold')];
  if (cell.state === 'added') head.push({ text: '  new', font: 'bold', colour: INSERTED });
  return [head, pieceRuns(cell.body, 'regular')];
}

/** Height of paragraphs of runs at `width` (measured as plain text in each paragraph's first font). */
function measure(doc: PDFKit.PDFDocument, paragraphs: readonly Run[][], width: number): number {
  let height = 0;
  for (const runs of paragraphs) {
    const text = runs.map((r) => r.text).join('') || ' ';
    doc.font(runs[0]?.font ?? 'regular').fontSize(SIZE);
    height += doc.heightOfString(text, { width, lineGap: 1 }) + 3;
  }
  return height;
}

function write(doc: PDFKit.PDFDocument, paragraphs: readonly Run[][], x: number, y: number, width: number): void {
  doc.y = y;
  for (const runs of paragraphs) {
    const pieces = runs.filter((r) => r.text !== '');
    if (pieces.length === 0) continue;
    pieces.forEach((run, i) => {
      doc.font(run.font).fontSize(SIZE).fillColor(run.colour);
      const options: PDFKit.Mixins.TextOptions = { continued: i < pieces.length - 1, strike: run.strike === true, underline: run.underline === true, lineGap: 1 };
      if (i === 0) doc.text(run.text, x, doc.y, { ...options, width });
      else doc.text(run.text, options);
    });
    doc.y += 3;
  }
  doc.fillColor(TEXT);
}

/** The PDF bytes of the table (A4 landscape). */
export async function writeColumnsPdf(table: ColumnsTable): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    font: fontPath('regular'),
    lang: 'en',
    info: { Title: table.title, Creator: 'Draftroom', Producer: 'Draftroom', Author: 'Draftroom' },
  });
  const output = collectPdf(doc);

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN;
  doc.font('bold').fontSize(15).fillColor(TEXT).text(table.title, left, MARGIN, { width });
  doc
    .font('regular')
    .fontSize(8.5)
    .fillColor(MUTED)
    .text(`Made ${table.madeAt.slice(0, 10)}. ${table.rows.length} points, ${table.differingRows} differing from the first column (${table.columns[0]?.title ?? ''}).`, { width });
  doc.moveDown(0.3);
  doc.fontSize(8).fillColor(INSERTED).text('inserted', left, doc.y, { continued: true, underline: true });
  doc.fillColor(MUTED).text(` ${COLUMNS_LEGEND.inserted};  `, { continued: true, underline: false });
  doc.fillColor(DELETED).text('deleted', { continued: true, strike: true });
  doc.fillColor(MUTED).text(` ${COLUMNS_LEGEND.deleted};  ${COLUMNS_LEGEND.missing};  `, { continued: true, strike: false });
  doc.font('bold').fillColor(INSERTED).text('new', { continued: true });
  doc.font('regular').fillColor(MUTED).text(` ${COLUMNS_LEGEND.added.replace(/^new: /, '')}.`);
  doc.moveDown(0.5);

  const columnWidth = (width - LABEL_WIDTH) / Math.max(1, table.columns.length);
  const xs = [left, ...table.columns.map((_c, i) => left + LABEL_WIDTH + i * columnWidth)];
  const widths = [LABEL_WIDTH, ...table.columns.map(() => columnWidth)];
  const headerParagraphs: Run[][][] = [
    [[{ text: 'Point', font: 'bold', colour: TEXT }]],
    ...table.columns.map((c) => [
      [{ text: c.title, font: 'bold' as Font, colour: TEXT }],
      ...[c.docTitle, columnByline(c), columnDate(c)].filter((s) => s !== '').map((s) => [{ text: s, font: 'regular' as Font, colour: MUTED }]),
    ]),
  ];

  const drawRow = (cells: readonly Run[][][], fills: readonly (string | null)[], y: number): number => {
    const height = Math.max(...cells.map((paragraphs, i) => measure(doc, paragraphs, widths[i]! - 2 * PAD))) + 2 * PAD;
    cells.forEach((paragraphs, i) => {
      const fill = fills[i];
      if (fill) doc.rect(xs[i]!, y, widths[i]!, height).fill(fill);
      doc.rect(xs[i]!, y, widths[i]!, height).lineWidth(0.5).strokeColor(GRID).stroke();
      write(doc, paragraphs, xs[i]! + PAD, y + PAD, widths[i]! - 2 * PAD);
    });
    return y + height;
  };
  const headerFills = widths.map(() => '#eef0f3');
  let y = drawRow(headerParagraphs, headerFills, doc.y);
  for (const row of table.rows) {
    const cells: Run[][][] = [[[{ text: row.label, font: 'regular', colour: MUTED }]], ...row.cells.map(cellRuns)];
    const height = Math.max(...cells.map((paragraphs, i) => measure(doc, paragraphs, widths[i]! - 2 * PAD))) + 2 * PAD;
    if (y + height > bottom) {
      doc.addPage();
      y = drawRow(headerParagraphs, headerFills, MARGIN);
    }
    y = drawRow(cells, ['#f7f8fa', ...row.cells.map((c) => (c.state === 'added' ? '#f0f8f2' : null))], y);
  }
  return output.finish();
}
