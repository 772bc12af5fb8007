import type Database from 'better-sqlite3';
import { DraftroomError } from '../../../shared/api/errors';
import { newId } from '../../../shared/domain/ids';
import type { DocumentInfo } from '../../../shared/domain/types';
import { foldCase, requireText, requireTime } from '../input-checks';

interface DocumentRow {
  id: string;
  title: string;
  created_at: string;
}

function toInfo(row: DocumentRow): DocumentInfo {
  return { id: row.id, title: row.title, createdAt: row.created_at };
}

/** Statements on the `documents` table. */
export class DocumentTable {
  private readonly selectAll: Database.Statement<[], DocumentRow>;
  private readonly selectById: Database.Statement<[string], DocumentRow>;
  private readonly insert: Database.Statement<[string, string, string]>;
  private readonly selectKey: Database.Statement<[string], number>;
  /** Document id → integer key; documents are never removed, so entries never go stale. */
  private readonly keys = new Map<string, number>();

  constructor(private readonly db: Database.Database) {
    this.selectAll = db.prepare('SELECT id, title, created_at FROM documents ORDER BY doc_key');
    this.selectById = db.prepare('SELECT id, title, created_at FROM documents WHERE id = ?');
    this.selectKey = db.prepare<[string], number>('SELECT doc_key FROM documents WHERE id = ?').pluck();
    this.insert = db.prepare('INSERT INTO documents (id, title, created_at) VALUES (?, ?, ?)');
  }

  /** All documents in the order they were created. */
  list(): DocumentInfo[] {
    return this.selectAll.all().map(toInfo);
  }

  /** Creates a document; `conflict` if the id or the title (case-insensitive) is taken. */
  create(input: { id?: string; title: string; createdAt?: string }): DocumentInfo {
    const info: DocumentInfo = {
      id: input.id === undefined ? newId() : requireText(input.id, 'Document id'),
      title: requireText(input.title, 'Document title'),
      createdAt: requireTime(input.createdAt, 'Document time'),
    };
    this.db
      .transaction(() => {
        for (const other of this.list()) {
          if (other.id === info.id) throw new DraftroomError('conflict', `A document with id ${info.id} already exists.`);
          if (foldCase(other.title) === foldCase(info.title)) {
            throw new DraftroomError('conflict', `A document titled "${other.title}" already exists.`);
          }
        }
        this.insert.run(info.id, info.title, info.createdAt);
      })
      .immediate();
    return info;
  }

  /** A document by id, exact title, then case-insensitive title; `unknown-document` if none. */
  get(ref: string): DocumentInfo {
    if (typeof ref !== 'string' || ref.trim() === '') {
      throw new DraftroomError('unknown-document', 'No document was named.');
    }
    const byId = this.selectById.get(ref);
    if (byId) return toInfo(byId);
    const documents = this.list();
    const title = ref.trim();
    const found = documents.find((d) => d.title === title) ?? documents.find((d) => foldCase(d.title) === foldCase(title));
    if (!found) {
      const known = documents.map((d) => `"${d.title}"`).join(', ') || 'none';
      throw new DraftroomError('unknown-document', `There is no document "${ref}" (documents: ${known}).`);
    }
    return found;
  }

  /** The integer key the log and snapshots use for a document; `unknown-document` if there is none. */
  keyOf(docId: string): number {
    const cached = typeof docId === 'string' ? this.keys.get(docId) : undefined;
    if (cached !== undefined) return cached;
    const key = typeof docId === 'string' ? this.selectKey.get(docId) : undefined;
    if (key === undefined) throw new DraftroomError('unknown-document', `There is no document with id ${String(docId)}.`);
    this.keys.set(docId, key);
    return key;
  }

  /** How messages name a document: `"<title>" (id <id>)`, or just its id if its row cannot be read. */
  label(docId: string): string {
    try {
      const row = this.selectById.get(docId);
      if (row && typeof row.title === 'string') return `"${row.title}" (id ${docId})`;
    } catch {
      // A damaged documents table: the id is still worth naming.
    }
    return `with id ${docId}`;
  }

  /** `label` of the document with this integer key. */
  labelOfKey(docKey: number): string {
    for (const [id, key] of this.keys) if (key === docKey) return this.label(id);
    return `with key ${docKey}`;
  }

  /** Throws `unknown-document` unless a document with this id exists. */
  requireId(docId: string): void {
    this.keyOf(docId);
  }
}
