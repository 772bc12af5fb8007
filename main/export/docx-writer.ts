import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  InsertedTextRun,
  Packer,
  PageBreak,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type ICommentOptions,
  type ParagraphChild,
} from 'docx';
import type { ListPlace, RedlineDocument, RedlineParagraph, RedlineRevision, RedlineText, RunRevision } from '../../shared/redline/model';
import {
  changeTables,
  CONCORDANCE_TITLE,
  concordanceTable,
  countsTable,
  SUMMARY_TITLE,
  summaryNote,
  type PlainTable,
} from '../../shared/redline/render-parts';
import { BODY_INDENT, listIndent, numberingReference, redlineNumbering, redlineStyles, STYLE_IDS } from './docx-styles';
import { ensureOnePassNumbering } from './docx-numbering';

/**
 * Writes a redline model as a Word document (.docx) with the `docx` library:
 * tracked runs become `w:ins` / `w:del` with their revision's author and
 * date (Word and LibreOffice colour each author apart), comments become Word
 * comments anchored on their ranges (replies threaded under their parent),
 * and the document opens with Track Changes on, so that the counterpart's
 * edits are tracked too.
 */

/** Ids Word needs as numbers for tracked runs and paragraph marks, counted up from a start. */
class IdCounter {
  constructor(private next: number) {}
  /** A fresh revision id. */
  take(): number {
    return this.next++;
  }
}

/** A time from a record or comment; one that does not parse (a damaged or hand-made record) becomes the Unix epoch, never an error. */
function validDate(iso: string): Date {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? new Date(0) : time;
}

/** An ISO time as Word writes it (whole seconds, UTC): "2025-12-27T09:30:00Z". */
function wordDate(iso: string): string {
  return validDate(iso).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Characters XML 1.0 cannot hold (Word refuses a file with them): dropped. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text without the characters XML 1.0 cannot hold (Word refuses such a file). */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

function textChildren(text: string): (string | Tab)[] {
  const out: (string | Tab)[] = [];
  xmlSafe(text).split('\t').forEach((part, i) => {
    if (i > 0) out.push(new Tab());
    if (part !== '') out.push(part);
  });
  return out;
}

function changeAttributes(revision: RunRevision, revisions: ReadonlyMap<string, RedlineRevision>, ids: IdCounter): { id: number; author: string; date: string } {
  const known = revisions.get(revision.id);
  return { id: ids.take(), author: xmlSafe(known?.author ?? 'Unknown author'), date: wordDate(known?.date ?? new Date(0).toISOString()) };
}

function runOf(inline: RedlineText, revisions: ReadonlyMap<string, RedlineRevision>, ids: IdCounter): ParagraphChild {
  const format = { ...(inline.bold ? { bold: true } : {}), ...(inline.italic ? { italics: true } : {}) };
  const content = inline.text === '\n' ? { break: 1 } : { children: textChildren(inline.text) };
  if (inline.revision?.type === 'insertion') return new InsertedTextRun({ ...format, ...content, ...changeAttributes(inline.revision, revisions, ids) });
  if (inline.revision?.type === 'deletion') return new DeletedTextRun({ ...format, ...content, ...changeAttributes(inline.revision, revisions, ids) });
  return new TextRun({ ...format, ...content });
}

const ROLE_STYLE: Record<RedlineParagraph['role'], string> = {
  title: STYLE_IDS.title,
  subtitle: STYLE_IDS.subtitle,
  note: STYLE_IDS.note,
  'clause-head': STYLE_IDS.clauseHead,
  body: STYLE_IDS.body,
};

/** Numbering instances: each list (by key) restarts its numbers. */
class ListInstances {
  private readonly byKey = new Map<string, number>();
  /** The instance number of a list. */
  of(list: ListPlace): number {
    let instance = this.byKey.get(list.listKey);
    if (instance === undefined) {
      instance = this.byKey.size + 1;
      this.byKey.set(list.listKey, instance);
    }
    return instance;
  }
}

function paragraphOf(
  paragraph: RedlineParagraph,
  revisions: ReadonlyMap<string, RedlineRevision>,
  commentIds: ReadonlyMap<string, number>,
  ids: IdCounter,
  lists: ListInstances,
): Paragraph {
  const children: ParagraphChild[] = [];
  for (const inline of paragraph.inlines) {
    if (inline.kind === 'text') {
      children.push(runOf(inline, revisions, ids));
      continue;
    }
    const id = commentIds.get(inline.commentId);
    if (id === undefined) continue;
    if (inline.kind === 'comment-start') children.push(new CommentRangeStart(id));
    else children.push(new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] }));
  }
  const list = paragraph.list;
  const numbering =
    list && !list.continued ? { numbering: { reference: numberingReference(list), level: Math.min(list.level, 8), instance: lists.of(list) } } : {};
  const indent = list?.continued ? { indent: { left: listIndent(list.level) } } : {};
  // A paragraph that is itself inserted or deleted marks its paragraph mark too.
  const mark = paragraph.revision
    ? { run: { [paragraph.revision.type]: changeAttributes(paragraph.revision, revisions, ids) } }
    : {};
  // The clause heading starts where the body is indented.
  const tabs = paragraph.role === 'clause-head' ? { tabStops: [{ type: TabStopType.LEFT, position: BODY_INDENT }] } : {};
  return new Paragraph({ style: ROLE_STYLE[paragraph.role], children, ...numbering, ...indent, ...tabs, ...mark });
}

function commentOptions(model: RedlineDocument, commentIds: ReadonlyMap<string, number>): ICommentOptions[] {
  return model.comments.map((comment) => {
    const parent = comment.parentId !== undefined ? commentIds.get(comment.parentId) : undefined;
    return {
      id: commentIds.get(comment.id)!,
      author: xmlSafe(comment.author),
      initials: xmlSafe(comment.initials),
      date: validDate(comment.date),
      children: comment.paragraphs.map((text) => new Paragraph({ children: [new TextRun(xmlSafe(text))] })),
      ...(parent !== undefined ? { parentId: parent } : {}),
    };
  });
}

/** Twips of text width on an A4 page with the default margins. */
const TEXT_WIDTH = 9026;

function plainTable(table: PlainTable): Table {
  const weights = table.weights ?? table.header.map(() => 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.round((TEXT_WIDTH * w) / sum));
  const row = (cells: readonly string[], header: boolean): TableRow =>
    new TableRow({
      tableHeader: header,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: widths[i] ?? 0, type: WidthType.DXA },
            children: [new Paragraph({ style: STYLE_IDS.table, children: [new TextRun({ text: xmlSafe(text), ...(header ? { bold: true } : {}) })] })],
          }),
      ),
    });
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, rows: [row(table.header, true), ...table.rows.map((r) => row(r, false))] });
}

/** The change summary and concordance after the clauses: a page of tables. */
function summaryBlocks(model: RedlineDocument): (Paragraph | Table)[] {
  const heading = (text: string): Paragraph => new Paragraph({ style: STYLE_IDS.summaryHead, children: [new TextRun(xmlSafe(text))] });
  const blocks: (Paragraph | Table)[] = [
    new Paragraph({ children: [new PageBreak()] }),
    new Paragraph({ style: STYLE_IDS.title, children: [new TextRun(SUMMARY_TITLE)] }),
    new Paragraph({ style: STYLE_IDS.note, children: [new TextRun(summaryNote(model))] }),
    plainTable(countsTable(model)),
  ];
  for (const section of changeTables(model)) blocks.push(heading(section.party), plainTable(section.table));
  blocks.push(new Paragraph({ style: STYLE_IDS.title, children: [new TextRun(CONCORDANCE_TITLE)] }), plainTable(concordanceTable(model)));
  return blocks;
}

/** The `docx` Document of a redline model. */
export function redlineDocx(model: RedlineDocument): Document {
  const revisions = new Map(model.revisions.map((r) => [r.id, r]));
  const commentIds = new Map(model.comments.map((c, i) => [c.id, i]));
  // Revision ids follow the comment ids: Word wants every annotation id unique.
  const ids = new IdCounter(model.comments.length + 1);
  const lists = new ListInstances();
  const paragraphs = model.paragraphs.map((p) => paragraphOf(p, revisions, commentIds, ids, lists));
  const usedLists = model.paragraphs.flatMap((p) => (p.list ? [p.list] : []));
  return new Document({
    title: xmlSafe(model.title),
    description: xmlSafe(model.description),
    creator: 'Draftroom',
    lastModifiedBy: 'Draftroom',
    styles: redlineStyles(),
    numbering: redlineNumbering(usedLists),
    comments: { children: commentOptions(model, commentIds) },
    features: { trackRevisions: true },
    sections: [{ children: [...paragraphs, ...summaryBlocks(model)] }],
  });
}

/** The .docx bytes of a redline model (a plain Uint8Array, ready for the API's wire). */
export async function writeRedlineDocx(model: RedlineDocument): Promise<Uint8Array> {
  ensureOnePassNumbering();
  const buffer = await Packer.toBuffer(redlineDocx(model));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice();
}
