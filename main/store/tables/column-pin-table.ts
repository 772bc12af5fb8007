import type Database from 'better-sqlite3';
import { DraftroomError } from '../../../shared/api/errors';
import type { ColumnPin, SavedColumnPin } from '../../../shared/columns/column-model';
import { optionalId, requireText, requireTime } from '../input-checks';
import { isConstraintError } from '../sqlite-errors';

interface PinRow {
  doc_id: string;
  clause_id: string;
  target_doc_id: string;
  target_clause_id: string | null;
  set_by: string | null;
  set_at: string;
}

/** Statements on the `column_pins` table (manual re-alignments of the four-column text). */
export class ColumnPinTable {
  private readonly upsert: Database.Statement<[string, string, string, string | null, string | null, string]>;
  private readonly remove: Database.Statement<[string, string, string]>;
  private readonly selectAll: Database.Statement<[], PinRow>;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO column_pins (doc_id, clause_id, target_doc_id, target_clause_id, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (doc_id, clause_id, target_doc_id) DO UPDATE SET target_clause_id = excluded.target_clause_id, set_by = excluded.set_by, set_at = excluded.set_at`,
    );
    this.remove = db.prepare('DELETE FROM column_pins WHERE doc_id = ? AND clause_id = ? AND target_doc_id = ?');
    this.selectAll = db.prepare('SELECT doc_id, clause_id, target_doc_id, target_clause_id, set_by, set_at FROM column_pins ORDER BY set_at, doc_id, clause_id');
  }

  /** Sets (or replaces) a pin; `unknown-document` / `unknown-member` if a document or the member does not exist. */
  set(pin: ColumnPin, setBy: string | null, at?: string): SavedColumnPin {
    const saved: SavedColumnPin = {
      docId: requireText(pin.docId, 'Document id'),
      clauseId: requireText(pin.clauseId, 'Clause id'),
      targetDocId: requireText(pin.targetDocId, 'Target document id'),
      targetClauseId: pin.targetClauseId === null ? null : requireText(pin.targetClauseId, 'Target clause id'),
      setBy: optionalId(setBy, 'Member id'),
      setAt: requireTime(at, 'Pin time'),
    };
    try {
      this.upsert.run(saved.docId, saved.clauseId, saved.targetDocId, saved.targetClauseId, saved.setBy, saved.setAt);
    } catch (error) {
      if (isConstraintError(error, 'FOREIGNKEY')) {
        throw new DraftroomError('unknown-document', `Cannot pin: no document ${saved.docId} or ${saved.targetDocId}, or no member ${saved.setBy ?? ''}.`);
      }
      throw error;
    }
    return saved;
  }

  /** Clears a pin; returns whether there was one. */
  clear(docId: string, clauseId: string, targetDocId: string): boolean {
    return this.remove.run(requireText(docId, 'Document id'), requireText(clauseId, 'Clause id'), requireText(targetDocId, 'Target document id')).changes > 0;
  }

  /** Every pin, oldest first. */
  list(): SavedColumnPin[] {
    return this.selectAll.all().map((r) => ({
      docId: r.doc_id,
      clauseId: r.clause_id,
      targetDocId: r.target_doc_id,
      targetClauseId: r.target_clause_id,
      setBy: r.set_by,
      setAt: r.set_at,
    }));
  }
}
