import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { columnByline, columnDate } from '../../shared/columns/column-header';
import { COLUMNS_LEGEND, type ColumnCell, type ColumnsTable, type DiffPiece } from '../../shared/columns/column-model';
import { xmlSafe } from './docx-writer';
import { ensureOnePassNumbering } from './docx-numbering';

/**
 * The four-column text as a Word file: one landscape A4 section, a title,
 * a legend, and one table whose header row (repeated on every page) names
 * each column (version, document, party and author, date); a narrow first
 * column labels each point. Words a column has and the first does not are
 * underlined in green, words of the first it lacks struck through in red
 * (plain formatting, not tracked changes: the columns are drafts of
 * different parties, not edits to one text).
 */

const FONT = 'Times New Roman';
const INSERTED = '1A7F37';
const DELETED = 'B42318';
const MUTED = '555555';
/** Landscape A4 is 16,838 twips wide; with half-inch margins 15,398 remain. */
const TEXT_WIDTH = 15398;
const LABEL_WIDTH = 1700;
const SIZE = 18;

function runsOf(pieces: readonly DiffPiece[], extra: { bold?: boolean } = {}): TextRun[] {
  const out: TextRun[] = [];
  for (const piece of pieces) {
    xmlSafe(piece.text)
      .split('\n')
      .forEach((part, i) => {
        const style = piece.change === 'inserted' ? { underline: {}, color: INSERTED } : piece.change === 'deleted' ? { strike: true, color: DELETED } : {};
        out.push(new TextRun({ text: part, size: SIZE, ...extra, ...style, ...(i > 0 ? { break: 1 } : {}) }));
      });
  }
  return out;
}

function cellParagraphs(cell: ColumnCell): Paragraph[] {
  if (cell.state === 'missing') return [new Paragraph({ children: [new TextRun({ text: '— no counterpart', italics: true, color: MUTED, size: SIZE })] })];
  if (cell.state === 'empty' || !cell.clause) return [new Paragraph({ children: [] })];
  const head = [new TextRun({ text: `${cell.clause.number}. `, bold: true, size: SIZE }), ...runsOf(cell.heading, { bold: true })];
  if (cell.state === 'added') head.push(new TextRun({ text: '  new', bold: true, color: INSERTED, size: 15 }));
  return [new Paragraph({ spacing: { after: 60 }, children: head }), new Paragraph({ children: runsOf(cell.body) })];
}

function headerCell(lines: readonly string[], width: number): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    shading: { type: ShadingType.CLEAR, fill: 'EEF0F3', color: 'auto' },
    children: lines.map((line, i) => new Paragraph({ children: [new TextRun({ text: xmlSafe(line), bold: i === 0, size: i === 0 ? 19 : 16, ...(i > 0 ? { color: MUTED } : {}) })] })),
  });
}

function legend(): Paragraph {
  const muted = (text: string): TextRun => new TextRun({ text, color: MUTED, size: 17 });
  return new Paragraph({
    spacing: { after: 160 },
    children: [
      new TextRun({ text: 'inserted', underline: {}, color: INSERTED, size: 17 }),
      muted(` ${COLUMNS_LEGEND.inserted};   `),
      new TextRun({ text: 'deleted', strike: true, color: DELETED, size: 17 }),
      muted(` ${COLUMNS_LEGEND.deleted};   ${COLUMNS_LEGEND.missing};   `),
      new TextRun({ text: 'new', bold: true, color: INSERTED, size: 17 }),
      muted(` ${COLUMNS_LEGEND.added.replace(/^new: /, '')}.`),
    ],
  });
}

/** The `docx` Document of the table. */
export function columnsDocx(table: ColumnsTable): Document {
  const columnWidth = Math.floor((TEXT_WIDTH - LABEL_WIDTH) / Math.max(1, table.columns.length));
  const widths = [LABEL_WIDTH, ...table.columns.map(() => columnWidth)];
  const header = new TableRow({
    tableHeader: true,
    children: [
      headerCell(['Point'], LABEL_WIDTH),
      ...table.columns.map((c) => headerCell([c.title, c.docTitle, columnByline(c), columnDate(c)].filter((s) => s !== ''), columnWidth)),
    ],
  });
  const rows = table.rows.map(
    (row) =>
      new TableRow({
        cantSplit: false,
        children: [
          new TableCell({
            width: { size: LABEL_WIDTH, type: WidthType.DXA },
            shading: { type: ShadingType.CLEAR, fill: 'F7F8FA', color: 'auto' },
            children: [new Paragraph({ children: [new TextRun({ text: xmlSafe(row.label), color: '444444', size: 16 })] })],
          }),
          ...row.cells.map(
            (cell) =>
              new TableCell({
                width: { size: columnWidth, type: WidthType.DXA },
                ...(cell.state === 'added' ? { shading: { type: ShadingType.CLEAR, fill: 'F0F8F2', color: 'auto' } } : {}),
                children: cellParagraphs(cell),
              }),
          ),
        ],
      }),
  );
  const note = `Made ${table.madeAt.slice(0, 10)}. ${table.rows.length} points, ${table.differingRows} differing from the first column (${table.columns[0]?.title ?? ''}).`;
  return new Document({
    title: xmlSafe(table.title),
    creator: 'Draftroom',
    lastModifiedBy: 'Draftroom',
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: 720, bottom: 720, left: 720, right: 720 } } },
        children: [
          new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text: xmlSafe(table.title), bold: true, size: 32 })] }),
          new Paragraph({ children: [new TextRun({ text: xmlSafe(note), color: MUTED, size: 18 })] }),
          legend(),
          new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, rows: [header, ...rows] }),
        ],
      },
    ],
  });
}

/** The .docx bytes of the table. */
export async function writeColumnsDocx(table: ColumnsTable): Promise<Uint8Array> {
  ensureOnePassNumbering();
  const buffer = await Packer.toBuffer(columnsDocx(table));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice();
}
