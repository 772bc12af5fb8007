import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { PaperSize } from '../../shared/redline/file-name';
import type { RedlineDocument, RedlineParagraph, RedlineText } from '../../shared/redline/model';
import {
  changeTables,
  commentLine,
  commentsAfterParagraphs,
  CONCORDANCE_TITLE,
  concordanceTable,
  countsTable,
  headerLine,
  legendOf,
  revisionColours,
  splitHead,
  SUMMARY_TITLE,
  summaryNote,
  textRuns,
  type PlainTable,
} from '../../shared/redline/render-parts';

/**
 * Writes a redline model as a print-ready PDF blackline with pdfkit (no
 * browser needed): A4 or Letter, the DejaVu Serif font embedded (shipped by
 * the `dejavu-fonts-ttf` package, so Latin, Cyrillic and Ukrainian letters
 * render on any machine), deletions struck and insertions underlined in
 * their party's colour with a legend, clause number lines ("Point 9 (was
 * 12)"), comments after their paragraph (internal only), a header on every
 * page (document, versions compared, export date) and "Page n of m", then
 * the change summary and concordance as tables.
 */

const FONT_FILES = {
  regular: 'DejaVuSerif.ttf',
  bold: 'DejaVuSerif-Bold.ttf',
  italic: 'DejaVuSerif-Italic.ttf',
  boldItalic: 'DejaVuSerif-BoldItalic.ttf',
} as const;

type FontName = keyof typeof FONT_FILES;

/** The path of one of the embedded font files (from the `dejavu-fonts-ttf` package). */
export function fontPath(name: FontName): string {
  return createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${FONT_FILES[name]}`);
}

const TEXT = '#1d1f23';
const MUTED = '#4a4f57';
const FAINT = '#6a707a';
const RULE = '#cfcac0';
const MARGIN = 56;
const BODY_INDENT = 22;

function fontOf(run: Pick<RedlineText, 'bold' | 'italic'>): FontName {
  if (run.bold && run.italic) return 'boldItalic';
  if (run.bold) return 'bold';
  return run.italic ? 'italic' : 'regular';
}

function safeColour(colour: string | undefined): string {
  return colour !== undefined && /^#[0-9a-f]{6}$/i.test(colour) ? colour : FAINT;
}

/** Writes runs as one flowing paragraph (pdfkit's `continued` text), each run in its font and colour. */
function writeRuns(doc: PDFKit.PDFDocument, runs: readonly RedlineText[], colours: ReadonlyMap<string, string>, x: number, width: number, size: number): void {
  const pieces = runs.filter((r) => r.text !== '').map((r) => ({ ...r, text: r.text === '\n' ? '\n' : r.text.replace(/\t/g, '   ') }));
  if (pieces.length === 0) pieces.push({ kind: 'text', text: ' ' });
  doc.x = x;
  pieces.forEach((run, i) => {
    const last = i === pieces.length - 1;
    const colour = run.revision ? safeColour(colours.get(run.revision.id)) : TEXT;
    doc.font(fontOf(run)).fontSize(size).fillColor(colour);
    const options: PDFKit.Mixins.TextOptions = {
      continued: !last,
      strike: run.revision?.type === 'deletion',
      underline: run.revision?.type === 'insertion',
      lineGap: 2,
    };
    if (i === 0) doc.text(run.text, x, undefined, { ...options, width });
    else doc.text(run.text, options);
  });
  doc.fillColor(TEXT);
}

function paragraphOut(
  doc: PDFKit.PDFDocument,
  paragraph: RedlineParagraph,
  colours: ReadonlyMap<string, string>,
  counters: Map<string, number>,
  left: number,
  width: number,
): void {
  if (paragraph.role === 'clause-head') {
    doc.moveDown(0.6);
    const head = splitHead(paragraph);
    const runs = head.heading.length > 0 ? [...head.number, { kind: 'text' as const, text: '  ' }, ...head.heading] : head.number;
    writeRuns(
      doc,
      runs.map((r) => ({ ...r, bold: true })),
      colours,
      left,
      width,
      11.5,
    );
    doc.moveDown(0.15);
    return;
  }
  const list = paragraph.list;
  let indent = BODY_INDENT;
  let marker: string | null = null;
  if (list) {
    indent += 16 * (list.level + 1);
    if (!list.continued && list.kind === 'bullet') marker = '•';
    if (!list.continued && list.kind === 'ordered') {
      const n = counters.get(list.listKey) ?? list.start;
      counters.set(list.listKey, n + 1);
      marker = `${n}.`;
    }
  }
  if (marker !== null) {
    const y = doc.y;
    doc.font('regular').fontSize(10.5).fillColor(TEXT).text(marker, left + indent - 16, y, { width: 16, lineBreak: false });
    doc.y = y;
  }
  writeRuns(doc, textRuns(paragraph), colours, left + indent, width - indent, 10.5);
  doc.moveDown(0.35);
}

function tableOut(doc: PDFKit.PDFDocument, table: PlainTable, left: number, width: number): void {
  const weights = table.weights ?? table.header.map(() => 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const columns = weights.map((w) => ({ width: (width * w) / sum }));
  doc.x = left;
  doc.font('regular').fontSize(8.5).fillColor(TEXT);
  doc.table({
    position: { x: left, y: doc.y },
    maxWidth: width,
    columnStyles: columns,
    defaultStyle: { padding: 3, border: 0.5, borderColor: '#bdb7ab' },
    rowStyles: (row) => (row === 0 ? { backgroundColor: '#efece6', font: { src: fontPath('bold') } } : undefined),
    data: [[...table.header], ...table.rows.map((r) => [...r])],
  });
  doc.x = left;
  doc.moveDown(0.6);
}

function sectionTitle(doc: PDFKit.PDFDocument, text: string, left: number, width: number, size: number): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
  doc.moveDown(0.6);
  doc.font('bold').fontSize(size).fillColor(TEXT).text(text, left, undefined, { width });
  doc.moveDown(0.3);
}

function legendOut(doc: PDFKit.PDFDocument, model: RedlineDocument, left: number, width: number): void {
  doc.font('regular').fontSize(9).fillColor(MUTED);
  doc.text('Deleted text is ', left, undefined, { continued: true, width });
  doc.text('struck through', { continued: true, strike: true });
  doc.text(', inserted text ', { continued: true, strike: false });
  doc.text('underlined', { continued: true, underline: true });
  doc.text(', in the colour of the party that made the change. A moved clause reads “9. Heading (was 12)”; the concordance gives every clause’s numbers.', { underline: false });
  doc.moveDown(0.2);
  let x = left;
  let y = doc.y;
  for (const entry of legendOf(model)) {
    const label = entry.party;
    const w = doc.widthOfString(label) + 24;
    if (x + w > left + width) {
      x = left;
      y += 14;
    }
    doc.rect(x, y + 1.5, 8, 8).fill(safeColour(entry.colour));
    doc.fillColor(MUTED).text(label, x + 12, y, { lineBreak: false });
    x += w;
  }
  doc.x = left;
  doc.y = y + 16;
}

/** The running header and "Page n of m" on every page. */
function pageFurniture(doc: PDFKit.PDFDocument, model: RedlineDocument): void {
  const range = doc.bufferedPageRange();
  const line = headerLine(model);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    const bottom = doc.page.margins.bottom;
    // Writing in the margins would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor(FAINT);
    doc.text(line, MARGIN, 26, { width: width - 2 * MARGIN, lineBreak: false, ellipsis: true });
    doc
      .moveTo(MARGIN, 40)
      .lineTo(width - MARGIN, 40)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN, height - 34, { width: width - 2 * MARGIN, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * Registers the embedded fonts on a new pdfkit document (as `regular`,
 * `bold`, `italic`, `boldItalic`) and collects what it writes; `finish` ends
 * the document and resolves its bytes (a plain Uint8Array, ready for the
 * API's wire).
 */
export function collectPdf(doc: PDFKit.PDFDocument): { finish(): Promise<Uint8Array> } {
  for (const name of Object.keys(FONT_FILES) as FontName[]) doc.registerFont(name, fontPath(name));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  return {
    async finish() {
      doc.end();
      await done;
      const buffer = Buffer.concat(chunks);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice();
    },
  };
}

/** Options of the PDF. */
export interface PdfOptions {
  /** A4 (default) or Letter. */
  readonly paper?: PaperSize;
}

/** The PDF bytes of a redline model. */
export async function writeRedlinePdf(model: RedlineDocument, options: PdfOptions = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: options.paper === 'letter' ? 'LETTER' : 'A4',
    margins: { top: 56, bottom: 56, left: MARGIN, right: MARGIN },
    bufferPages: true,
    font: fontPath('regular'),
    lang: 'en',
    info: { Title: model.title, Subject: model.description, Creator: 'Draftroom', Producer: 'Draftroom', Author: 'Draftroom' },
  });
  const output = collectPdf(doc);

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const colours = revisionColours(model);
  doc.font('bold').fontSize(18).fillColor(TEXT).text(model.title, left, undefined, { width });
  doc.font('regular').fontSize(9.5).fillColor(MUTED).text(model.byline, { width });
  doc.font('italic').fontSize(9).fillColor(FAINT).text(model.description, { width });
  for (const line of model.versionStamps ?? []) doc.font('regular').fontSize(8.5).fillColor(MUTED).text(line, { width });
  doc.moveDown(0.4);
  legendOut(doc, model, left, width);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  doc.moveDown(0.4);

  const comments = commentsAfterParagraphs(model);
  const counters = new Map<string, number>();
  model.paragraphs.forEach((paragraph, index) => {
    if (paragraph.role === 'title' || paragraph.role === 'subtitle' || paragraph.role === 'note') return;
    paragraphOut(doc, paragraph, colours, counters, left, width);
    for (const comment of comments.get(index) ?? []) {
      doc.font('italic').fontSize(8.5).fillColor(MUTED).text(commentLine(comment), left + BODY_INDENT + 8, undefined, { width: width - BODY_INDENT - 8 });
      doc.moveDown(0.3);
    }
  });

  doc.addPage();
  sectionTitle(doc, SUMMARY_TITLE, left, width, 14);
  doc.font('regular').fontSize(9).fillColor(MUTED).text(summaryNote(model), left, undefined, { width });
  doc.moveDown(0.3);
  tableOut(doc, countsTable(model), left, width);
  for (const section of changeTables(model)) {
    sectionTitle(doc, section.party, left, width, 11);
    tableOut(doc, section.table, left, width);
  }
  sectionTitle(doc, CONCORDANCE_TITLE, left, width, 14);
  tableOut(doc, concordanceTable(model), left, width);

  pageFurniture(doc, model);
  return output.finish();
}
