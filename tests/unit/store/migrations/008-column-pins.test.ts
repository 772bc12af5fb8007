import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DraftroomError } from '../../../../shared/api/errors';
import { migration008 } from '../../../../main/store/migrations/008-column-pins';
import { readSchemaVersion, runMigrations } from '../../../../main/store/migrations/migrate';
import { openWorkspace } from '../../../../main/store/workspace-store';
import { createDatabaseAtVersion, makeTempDir, type TempDir } from '../../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

/** A version-7 workspace with a member and two documents. */
function seedVersion7(path: string): void {
  const db = createDatabaseAtVersion(path, 7);
  db.exec(`
    INSERT INTO workspace (singleton, id, name, created_at) VALUES (1, 'w1', 'Talks', '2025-11-01T00:00:00.000Z');
    INSERT INTO parties (id, name, code, colour) VALUES ('p-ru', 'Russia', 'RU', '#a8466f');
    INSERT INTO members (id, name, party_id, role) VALUES ('m-orlov', 'Dmitri Orlov', 'p-ru', 'drafter');
    INSERT INTO documents (id, title, created_at) VALUES ('d-peace', 'Peace framework', '2025-11-01T00:00:00.000Z'), ('d-eu', 'European framework', '2025-11-02T00:00:00.000Z');
  `);
  db.close();
}

describe('migration 008: column pins', () => {
  it('adds the pin table and keeps everything else', () => {
    const path = dir.file('w.draftroom');
    seedVersion7(path);
    const raw = new Database(path);
    expect(readSchemaVersion(raw)).toBe(7);
    expect(runMigrations(raw, 8)).toBe(8);
    expect(migration008.version).toBe(8);
    expect(raw.prepare('SELECT count(*) FROM column_pins').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT id FROM documents ORDER BY doc_key').pluck().all()).toEqual(['d-peace', 'd-eu']);
    raw.close();
  });

  it('saves, replaces and clears pins of a migrated workspace, and refuses unknown documents', () => {
    const path = dir.file('w.draftroom');
    seedVersion7(path);
    const store = openWorkspace(path);
    expect(store.listColumnPins()).toEqual([]);
    store.setColumnPin({ docId: 'd-eu', clauseId: 'eu-1', targetDocId: 'd-peace', targetClauseId: 'pf-1' }, 'm-orlov', '2025-12-01T09:00:00Z');
    store.setColumnPin({ docId: 'd-eu', clauseId: 'eu-2', targetDocId: 'd-peace', targetClauseId: null }, null, '2025-12-01T09:01:00Z');
    // Setting it again replaces it.
    store.setColumnPin({ docId: 'd-eu', clauseId: 'eu-1', targetDocId: 'd-peace', targetClauseId: 'pf-3' }, 'm-orlov', '2025-12-01T09:02:00Z');
    expect(() => store.setColumnPin({ docId: 'd-none', clauseId: 'x', targetDocId: 'd-peace', targetClauseId: null }, null)).toThrow(DraftroomError);
    expect(() => store.setColumnPin({ docId: 'd-eu', clauseId: ' ', targetDocId: 'd-peace', targetClauseId: null }, null)).toThrow(/Clause id must not be empty/);
    store.close();
    const reopened = openWorkspace(path);
    expect(reopened.listColumnPins()).toEqual([
      { docId: 'd-eu', clauseId: 'eu-2', targetDocId: 'd-peace', targetClauseId: null, setBy: null, setAt: '2025-12-01T09:01:00.000Z' },
      { docId: 'd-eu', clauseId: 'eu-1', targetDocId: 'd-peace', targetClauseId: 'pf-3', setBy: 'm-orlov', setAt: '2025-12-01T09:02:00.000Z' },
    ]);
    expect(reopened.clearColumnPin('d-eu', 'eu-1', 'd-peace')).toBe(true);
    expect(reopened.clearColumnPin('d-eu', 'eu-1', 'd-peace')).toBe(false);
    expect(reopened.listColumnPins().map((p) => p.clauseId)).toEqual(['eu-2']);
    reopened.close();
  });
});
