import type Database from 'better-sqlite3';
import { DraftroomError } from '../../../shared/api/errors';
import { requireText } from '../input-checks';
import { readSchemaVersion } from '../migrations/migrate';
import type { WorkspaceMeta } from '../store-types';

interface MetaRow {
  id: string;
  name: string;
  created_at: string;
}

/** Writes the single workspace row of a new workspace. */
export function insertWorkspaceRow(db: Database.Database, row: { id: string; name: string; createdAt: string }): void {
  db.prepare('INSERT INTO workspace (singleton, id, name, created_at) VALUES (1, ?, ?, ?)').run(row.id, row.name, row.createdAt);
}

/** Statements on the `workspace` table (one row: id, name, creation time). */
export class MetaTable {
  private readonly selectRow: Database.Statement<[], MetaRow>;
  private readonly updateName: Database.Statement<[string]>;

  constructor(private readonly db: Database.Database) {
    this.selectRow = db.prepare('SELECT id, name, created_at FROM workspace WHERE singleton = 1');
    this.updateName = db.prepare('UPDATE workspace SET name = ? WHERE singleton = 1');
  }

  /** Workspace id, name, schema version and creation time. */
  read(): WorkspaceMeta {
    const row = this.selectRow.get();
    if (!row) throw new DraftroomError('corrupt', 'The workspace has no workspace record.');
    return { id: row.id, name: row.name, createdAt: row.created_at, schemaVersion: readSchemaVersion(this.db) };
  }

  /** Renames the workspace. */
  setName(name: string): void {
    this.updateName.run(requireText(name, 'Workspace name'));
  }
}
