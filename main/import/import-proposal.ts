import * as Y from 'yjs';
import type { ChangeRecord, CommentRecord, Identity, Member, Party } from '../../shared/domain/types';
import type { DocumentInfo } from '../../shared/domain/types';
import { newId } from '../../shared/domain/ids';
import type { ImportedClause } from '../../shared/import/clauses-from-paragraphs';
import { proposalSchema } from '../../shared/schema/schema';
import type { TargetClause } from '../../shared/suggest/propose-target';
import { seedContent, writeComment } from '../../shared/ydoc/layout';
import type { WorkspaceStoreApi } from '../store/store-types';
import { proposeIntoYDoc, type ProposeIntoResult } from './propose-into-document';
import { loadYDoc } from '../store/document-state';
import type { ImportFile } from './read-import-file';
import { wordAuthor } from './word-authors';

/**
 * Importing the other side's proposal: as a new document of clauses, or
 * `into` an existing document as suggestions by the importing party,
 * aligned by clause. A .docx's tracked changes become pending suggestions
 * by their Word authors (members or parties by name, else the importing
 * party) and its comments comments on their clauses.
 */

/** Who imports: the member writing, and the party the imported text is from. */
export interface Importer {
  readonly member: Member;
  readonly party: Party;
}

/** What an import did. */
export interface ImportReport {
  readonly document: DocumentInfo;
  /** Clauses the new document was created with (0 for `into`). */
  readonly clauses: number;
  readonly changes: readonly ChangeRecord[];
  readonly skipped: ProposeIntoResult['skipped'];
  readonly comments: number;
}

/** The rationale of the changes an import proposes. */
export function importRationale(fileName: string): string {
  return `Imported from “${fileName}”`;
}

function asIdentity(importer: Importer): Identity {
  return { member: importer.member, party: importer.party };
}

function plainDoc(clauses: readonly TargetClause[]): ReturnType<typeof proposalSchema.node> {
  const { nodes } = proposalSchema;
  const text = (value: string) => (value === '' ? [] : [proposalSchema.text(value)]);
  const doc = nodes['doc']!.create(
    null,
    clauses.map((clause) => {
      const children = [];
      if (clause.heading !== '') children.push(nodes['clause_heading']!.create(null, text(clause.heading)));
      for (const paragraph of clause.paragraphs.length > 0 ? clause.paragraphs : ['']) children.push(nodes['paragraph']!.create(null, text(paragraph)));
      return nodes['clause']!.create({ id: clause.id }, children);
    }),
  );
  doc.check();
  return doc;
}

/** The author of a clause's Word revisions (its first), mapped to the workspace. */
function clauseAuthor(store: WorkspaceStoreApi, clause: ImportedClause | undefined, importer: Importer): { authorId: string; partyId: string } {
  const fallback = { authorId: importer.member.id, partyId: importer.party.id };
  const author = clause?.revisions.find((r) => r.author.trim() !== '')?.author;
  return author === undefined ? fallback : wordAuthor(store, author, asIdentity(importer));
}

/** The Word comments of the clauses, as comment records on the clauses they became. */
function commentRecords(store: WorkspaceStoreApi, file: ImportFile, clauses: readonly ImportedClause[], clauseIds: readonly (string | undefined)[], importer: Importer, at: string): CommentRecord[] {
  const byId = new Map(file.comments.map((c) => [c.id, c]));
  const out: CommentRecord[] = [];
  clauses.forEach((clause, i) => {
    const clauseId = clauseIds[i];
    if (clauseId === undefined) return;
    for (const commentId of clause.commentIds) {
      const comment = byId.get(commentId);
      if (!comment || comment.text === '') continue;
      const who = wordAuthor(store, comment.author, asIdentity(importer));
      const time = comment.date !== '' && !Number.isNaN(new Date(comment.date).getTime()) ? new Date(comment.date).toISOString() : at;
      out.push({
        id: `cm-${newId()}`,
        target: { type: 'clause', clauseId },
        parentId: null,
        authorId: who.authorId,
        partyId: who.partyId,
        body: comment.author !== '' && who.authorId === importer.member.id ? `${comment.author}: ${comment.text}` : comment.text,
        createdAt: time,
      });
    }
  });
  return out;
}

function writeComments(ydoc: Y.Doc, comments: readonly CommentRecord[]): void {
  for (const comment of comments) writeComment(ydoc, comment);
}

/**
 * A new document titled `title` from the file: its clauses as they read
 * before the file's tracked changes, then those changes as pending
 * suggestions, and the file's comments on their clauses.
 */
export function importAsNewDocument(store: WorkspaceStoreApi, file: ImportFile, title: string, importer: Importer, now = new Date()): ImportReport {
  const at = now.toISOString();
  const clauses = file.text.clauses;
  const ids = clauses.map(() => `cl-${newId()}`);
  const withId = (clause: TargetClause | null, i: number): TargetClause | null => (clause ? { ...clause, id: ids[i]! } : null);
  let base = clauses.map((c, i) => withId(c.before, i)).filter((c): c is TargetClause => c !== null);
  const after = clauses.map((c, i) => withId(c.after, i)).filter((c): c is TargetClause => c !== null);
  // Nothing before the tracked changes (the whole text inserted): take the text as it reads.
  const tracked = base.length > 0 && clauses.some((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
  if (base.length === 0) base = after;
  // Everything is made in memory first; the document is created and its updates stored in one go.
  const ydoc = new Y.Doc();
  try {
    const comments = commentRecords(store, file, clauses, ids, importer, at);
    const updates: Uint8Array[] = [];
    ydoc.on('update', (update: Uint8Array) => updates.push(update));
    ydoc.transact(() => {
      seedContent(ydoc, plainDoc(base));
      if (!tracked) writeComments(ydoc, comments);
    });
    let proposed: ProposeIntoResult = { changes: [], skipped: [] };
    if (tracked) {
      const byId = new Map(ids.map((id, i) => [id, clauses[i]!]));
      const result = proposeIntoYDoc(ydoc, after, {
        align: 'id',
        identity: asIdentity(importer),
        rationale: importRationale(file.name),
        now,
        attribution: (change) => clauseAuthor(store, byId.get(change.clauseId), importer),
        alsoWrite: (doc) => writeComments(doc, comments),
      });
      proposed = { changes: result.changes, skipped: result.skipped };
    }
    const document = store.createDocument({ title, createdAt: at });
    store.appendUpdates(document.id, updates, { memberId: importer.member.id, partyId: importer.member.partyId, at });
    return { document, clauses: base.length, changes: proposed.changes, skipped: proposed.skipped, comments: comments.length };
  } finally {
    ydoc.destroy();
  }
}

/**
 * The file proposed into a document's live Y.Doc (one transaction): every
 * difference a suggestion by the importing party (or the Word author of the
 * clause's tracked changes), clauses aligned by their text in order, and
 * the file's comments on the clauses they landed on. Returns the update made
 * (null when nothing differed).
 */
export function importIntoYDoc(
  ydoc: Y.Doc,
  store: WorkspaceStoreApi,
  file: ImportFile,
  importer: Importer,
  now = new Date(),
): { changes: ChangeRecord[]; skipped: ProposeIntoResult['skipped']; comments: number; update: Uint8Array | null } {
  const clauses = file.text.clauses.filter((c) => c.after !== null);
  const target = clauses.map((c) => c.after!);
  let comments = 0;
  const result = proposeIntoYDoc(ydoc, target, {
    align: 'text',
    identity: asIdentity(importer),
    rationale: importRationale(file.name),
    now,
    attribution: (_change, index) => clauseAuthor(store, index !== undefined ? clauses[index] : undefined, importer),
    alsoWrite: (doc, targetIds) => {
      const records = commentRecords(store, file, clauses, targetIds, importer, now.toISOString());
      comments = records.length;
      writeComments(doc, records);
    },
  });
  return { changes: [...result.changes], skipped: result.skipped, comments, update: result.update };
}

/** `importIntoYDoc` on a stored document (the CLI): its one update appended, attributed to the importing member. */
export function importIntoDocument(store: WorkspaceStoreApi, file: ImportFile, docId: string, importer: Importer, now = new Date()): ImportReport {
  const document = store.getDocument(docId);
  const ydoc = loadYDoc(store, document.id);
  try {
    const { update, ...result } = importIntoYDoc(ydoc, store, file, importer, now);
    if (update) store.appendUpdate(document.id, update, { memberId: importer.member.id, partyId: importer.member.partyId, at: now.toISOString() });
    return { document, clauses: 0, ...result };
  } finally {
    ydoc.destroy();
  }
}
