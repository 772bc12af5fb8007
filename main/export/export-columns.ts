import type { ColumnsRequest, RedlineFile } from '../../shared/api/contract';
import { DraftroomError } from '../../shared/api/errors';
import type { ColumnRef } from '../../shared/columns/column-ref';
import type { ColumnClause, ColumnHeader, ColumnsTable, ColumnSource } from '../../shared/columns/column-model';
import { columnsTable } from '../../shared/columns/columns-table';
import { renderColumnsHtml } from '../../shared/columns/render-columns-html';
import { renderColumnsMarkdown } from '../../shared/columns/render-columns-markdown';
import { withVersionDoc } from '../../shared/history/version-clauses';
import { bracketedSnapshot } from '../../shared/negotiation/bracket-redline';
import { partyNames, type PartyNames } from '../../shared/negotiation/bracket-text';
import { documentSnapshot, type DocumentSnapshot } from '../../shared/redline/document-snapshot';
import { formatMimeType, type RedlineFormat } from '../../shared/redline/file-name';
import { listClauses } from '../../shared/schema/clauses';
import type { WorkspaceStoreApi } from '../store/store-types';
import { writeColumnsDocx } from './columns-docx';
import { writeColumnsPdf } from './columns-pdf';
import { WORKING_DRAFT_NAME } from './export-redline';

/**
 * The four-column text of a workspace: reads each column (a named version
 * or the working draft, of the document at hand or another), aligns them
 * with the saved pins (`shared/columns/`) and writes the table as .docx,
 * .pdf, .html or .md. Used by the API (`compareColumns`, `exportColumns`)
 * and the CLI (`draftroom columns`); reads only.
 */

/** Most columns a table takes (the EU's document has four; ten still fit a landscape page, barely). */
export const MAX_COLUMNS = 10;

/** Where the columns are read from. */
export interface ColumnsSource {
  readonly store: WorkspaceStoreApi;
  /** A document's working draft (the API reads the live document, the CLI the stored log). */
  readWorkingDraft(docId: string): DocumentSnapshot;
  /** Time of the table (default now). */
  readonly now?: Date;
}

/**
 * A column's clauses: the text as it stands, without pending suggestions
 * (insertions left out, deletions kept, clauses proposed for addition left
 * out), with open brackets printed ("[Alt 1 — Ukraine: … / Alt 2 — Russia: …]").
 */
function clausesOf(snapshot: DocumentSnapshot, names: PartyNames): ColumnClause[] {
  const doc = bracketedSnapshot(snapshot, names).doc;
  return listClauses(doc, 'original')
    .filter((c) => !c.pendingAddition)
    .map((c, i) => ({ id: c.id, number: i + 1, heading: c.heading.trim(), text: c.text.trim() }));
}

function readColumn(source: ColumnsSource, docRef: string, ref: ColumnRef, names: PartyNames, madeAt: string): ColumnSource {
  const { store } = source;
  const document = store.getDocument(ref.doc ?? docRef);
  if (ref.version === null) {
    const header: ColumnHeader = { title: WORKING_DRAFT_NAME, docId: document.id, docTitle: document.title, versionId: null, party: '', author: '', date: madeAt };
    return { header, clauses: clausesOf(source.readWorkingDraft(document.id), names) };
  }
  const version = store.getVersion(document.id, ref.version);
  if (version.docId !== document.id) throw new DraftroomError('unknown-version', `no version "${ref.version}" of "${document.title}"`);
  const party = version.partyId === null ? '' : (store.listParties().find((p) => p.id === version.partyId)?.name ?? '');
  const author = version.authorId === null ? '' : (store.getMember(version.authorId)?.name ?? '');
  const header: ColumnHeader = { title: version.name, docId: document.id, docTitle: document.title, versionId: version.id, party, author, date: version.createdAt };
  return { header, clauses: withVersionDoc(version.state, (ydoc) => clausesOf(documentSnapshot(ydoc), names)) };
}

/**
 * The table of a request: `invalid-argument` for fewer than two or more
 * than `MAX_COLUMNS` columns or a column named twice; `unknown-document` /
 * `unknown-version` for a column that does not exist.
 */
export function buildColumns(source: ColumnsSource, request: ColumnsRequest): ColumnsTable {
  const count = request.columns.length;
  if (count < 2 || count > MAX_COLUMNS) {
    throw new DraftroomError('invalid-argument', `side by side needs 2 to ${MAX_COLUMNS} columns (got ${count})`);
  }
  const madeAt = (source.now ?? new Date()).toISOString();
  const names = partyNames(source.store.listParties());
  const sources = request.columns.map((ref) => readColumn(source, request.docId, ref, names, madeAt));
  const seen = new Set<string>();
  for (const s of sources) {
    const key = `${s.header.docId}/${s.header.versionId ?? ''}`;
    if (seen.has(key)) throw new DraftroomError('invalid-argument', `"${s.header.docTitle}: ${s.header.title}" is named twice: choose each column once`);
    seen.add(key);
  }
  return columnsTable(sources, source.store.listColumnPins(), madeAt);
}

/** The bytes of a table in one format (UTF-8 for HTML and Markdown). */
export async function renderColumns(table: ColumnsTable, format: RedlineFormat): Promise<Uint8Array> {
  switch (format) {
    case 'docx':
      return writeColumnsDocx(table);
    case 'pdf':
      return writeColumnsPdf(table);
    case 'html':
      return new TextEncoder().encode(renderColumnsHtml(table));
    case 'md':
      return new TextEncoder().encode(renderColumnsMarkdown(table));
  }
}

/** "<Document title> – 4 columns – <yyyy-mm-dd>.<format>" (characters file systems refuse replaced). */
export function columnsFileName(table: ColumnsTable, format: RedlineFormat): string {
  const title = (table.columns[0]?.docTitle ?? 'Columns').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
  return `${title} – ${table.columns.length} columns – ${table.madeAt.slice(0, 10)}.${format}`;
}

/** The table as a file: its suggested name, MIME type and bytes. */
export async function exportColumns(source: ColumnsSource, request: ColumnsRequest): Promise<RedlineFile> {
  const format = request.format ?? 'docx';
  const table = buildColumns(source, request);
  return { fileName: columnsFileName(table, format), mimeType: formatMimeType(format), bytes: await renderColumns(table, format) };
}
