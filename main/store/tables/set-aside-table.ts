import type Database from 'better-sqlite3';
import { DraftroomError } from '../../../shared/api/errors';
import { newId } from '../../../shared/domain/ids';
import { requireString, requireText, requireTime } from '../input-checks';
import type { SetAsideEdit, StoredSetAsideEdit } from '../store-types';
import type { DocumentTable } from './document-table';
import { requireYjsUpdate } from './update-log-table';

interface SetAsideRow {
  id: string;
  doc_id: string;
  reason: string;
  created_at: string;
  preview: string;
}

/** Longest reason or preview text kept with a set-aside edit. */
const MAX_TEXT_LENGTH = 1_000_000;

function toEdit(row: SetAsideRow): SetAsideEdit {
  return { id: row.id, docId: row.doc_id, reason: row.reason, createdAt: row.created_at, preview: row.preview };
}

/** Statements on `set_aside_edits`: local edits a team server refused, kept until the user discards them. */
export class SetAsideTable {
  private readonly selectAll: Database.Statement<[], SetAsideRow>;
  private readonly selectData: Database.Statement<[string], Buffer>;
  private readonly selectOne: Database.Statement<[string], SetAsideRow>;
  private readonly insert: Database.Statement<[string, string, string, string, string, Uint8Array]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(
    db: Database.Database,
    private readonly documents: DocumentTable,
  ) {
    this.selectAll = db.prepare('SELECT id, doc_id, reason, created_at, preview FROM set_aside_edits ORDER BY created_at, rowid');
    this.selectOne = db.prepare('SELECT id, doc_id, reason, created_at, preview FROM set_aside_edits WHERE id = ?');
    this.selectData = db.prepare<[string], Buffer>('SELECT data FROM set_aside_edits WHERE id = ?').pluck();
    this.insert = db.prepare('INSERT INTO set_aside_edits (id, doc_id, reason, created_at, preview, data) VALUES (?, ?, ?, ?, ?, ?)');
    this.remove = db.prepare('DELETE FROM set_aside_edits WHERE id = ?');
  }

  /** Keeps edits set aside; returns what was kept. */
  add(input: { docId: string; reason: string; preview: string; update: Uint8Array; createdAt?: string }): SetAsideEdit {
    const edit: SetAsideEdit = {
      id: newId(),
      docId: requireText(input.docId, 'Document id'),
      reason: requireString(input.reason, 'Reason', MAX_TEXT_LENGTH),
      createdAt: requireTime(input.createdAt, 'Time'),
      preview: requireString(input.preview, 'Preview', MAX_TEXT_LENGTH),
    };
    const data = requireYjsUpdate(input.update, 'The set-aside edits');
    this.documents.requireId(edit.docId);
    this.insert.run(edit.id, edit.docId, edit.reason, edit.createdAt, edit.preview, data);
    return edit;
  }

  /** Every set-aside edit, oldest first. */
  list(): SetAsideEdit[] {
    return this.selectAll.all().map(toEdit);
  }

  /** One set-aside edit with its Yjs update; `not-found` if there is none. */
  get(id: string): StoredSetAsideEdit {
    const row = typeof id === 'string' ? this.selectOne.get(id) : undefined;
    const data = row === undefined ? undefined : this.selectData.get(row.id);
    if (row === undefined || data === undefined) throw new DraftroomError('not-found', `There are no set-aside edits with id ${String(id)}.`);
    return { ...toEdit(row), update: data };
  }

  /** Forgets set-aside edits (the user discarded them); `not-found` if there are none with this id. */
  delete(id: string): void {
    if (this.remove.run(requireText(id, 'Set-aside id')).changes === 0) {
      throw new DraftroomError('not-found', `There are no set-aside edits with id ${id}.`);
    }
  }
}
