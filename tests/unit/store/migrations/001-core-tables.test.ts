import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { migration001 } from '../../../../main/store/migrations/001-core-tables';
import { readSchemaVersion } from '../../../../main/store/migrations/migrate';
import { LATEST_SCHEMA_VERSION } from '../../../../main/store/migrations/registry';
import { openWorkspace } from '../../../../main/store/workspace-store';
import { loadYDoc } from '../../../../main/store/document-state';
import { createDatabaseAtVersion, makeTempDir, type TempDir } from '../../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter(
    (name) => !name.startsWith('sqlite_'),
  );
}

describe('migration 001: core tables', () => {
  it('turns an empty workspace file (version 0) into the core schema, keeping the application id', () => {
    const db = createDatabaseAtVersion(dir.file('w.draftroom'), 0);
    expect(tables(db)).toEqual([]);
    const applicationId = db.pragma('application_id', { simple: true });
    db.transaction(() => migration001.up(db))();
    expect(migration001.version).toBe(1);
    expect(tables(db)).toEqual(['documents', 'members', 'parties', 'preferences', 'snapshots', 'update_log', 'versions', 'workspace']);
    expect(db.pragma('application_id', { simple: true })).toBe(applicationId);
    db.close();
  });

  it('holds real data with its constraints: foreign keys, unique codes and titles, roles, one workspace row', () => {
    const db = createDatabaseAtVersion(dir.file('w.draftroom'), 1);
    expect(readSchemaVersion(db)).toBe(1);
    db.prepare("INSERT INTO workspace (singleton, id, name, created_at) VALUES (1, 'w1', 'Talks', '2025-11-23T00:00:00.000Z')").run();
    db.prepare("INSERT INTO parties (id, name, code, colour) VALUES ('p-us', 'United States', 'US', '#1f4e9c')").run();
    db.prepare("INSERT INTO members (id, name, party_id, role) VALUES ('m-1', 'Alice', 'p-us', 'lead')").run();
    db.prepare("INSERT INTO documents (id, title, created_at) VALUES ('d-1', 'Peace framework', '2025-11-23T00:00:00.000Z')").run();
    const fail = (sql: string): string => {
      try {
        db.prepare(sql).run();
      } catch (error) {
        return (error as { code: string }).code;
      }
      return 'no error';
    };
    expect(fail("INSERT INTO workspace (singleton, id, name, created_at) VALUES (2, 'w2', 'x', 'x')")).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(fail("INSERT INTO parties (id, name, code, colour) VALUES ('p-2', 'Uruguay', 'us', '#000000')")).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(fail("INSERT INTO members (id, name, party_id, role) VALUES ('m-2', 'Bob', 'p-none', 'lead')")).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(fail("INSERT INTO members (id, name, party_id, role) VALUES ('m-2', 'Bob', 'p-us', 'king')")).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(fail("INSERT INTO documents (id, title, created_at) VALUES ('d-2', 'PEACE FRAMEWORK', 'x')")).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(fail("INSERT INTO update_log (doc_key, data, at) VALUES (999, x'0000', 0)")).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    expect(fail("INSERT INTO parties (id, name, code, colour) VALUES ('p-us', 'Other', 'OT', '#000000')")).toBe('SQLITE_CONSTRAINT_UNIQUE');
    const keys = db
      .prepare(
        `SELECT d.doc_key AS doc, m.member_key AS member, p.party_key AS party
           FROM documents d, members m, parties p WHERE d.id = 'd-1' AND m.id = 'm-1' AND p.id = 'p-us'`,
      )
      .get() as { doc: number; member: number; party: number };

    const ydoc = new Y.Doc();
    const insert = db.prepare('INSERT INTO update_log (doc_key, data, member_key, party_key, at) VALUES (?, ?, ?, ?, ?)');
    ydoc.on('update', (update: Uint8Array) => insert.run(keys.doc, update, keys.member, keys.party, Date.parse('2025-11-23T10:00:00Z')));
    ydoc.getText('t').insert(0, 'Point 1.');
    ydoc.getText('t').insert(8, ' Sovereignty.');
    // Sequence numbers never go back, even after the newest row is deleted (as compaction does).
    const last = Number(insert.run(keys.doc, Y.encodeStateAsUpdate(new Y.Doc()), null, null, 0).lastInsertRowid);
    db.prepare('DELETE FROM update_log WHERE seq = ?').run(last);
    ydoc.getText('t').insert(0, '» ');
    expect(db.prepare('SELECT max(seq) FROM update_log').pluck().get()).toBe(last + 1);
    db.prepare("INSERT INTO versions (id, doc_id, name, created_at, state) VALUES ('v-1', 'd-1', 'Draft', 'x', ?)").run(
      Y.encodeStateAsUpdate(ydoc),
    );
    expect(fail("INSERT INTO versions (id, doc_id, name, created_at, state) VALUES ('v-2', 'd-1', 'DRAFT', 'x', x'00')")).toBe(
      'SQLITE_CONSTRAINT_UNIQUE',
    );
    db.prepare("INSERT INTO preferences (key, value) VALUES ('identity.memberId', 'm-1')").run();
    db.close();

    // A version-1 file opens in this build, is brought to the latest schema and keeps its data.
    const store = openWorkspace(dir.file('w.draftroom'));
    expect(store.meta()).toMatchObject({ id: 'w1', name: 'Talks', schemaVersion: LATEST_SCHEMA_VERSION });
    expect(store.listMembers()).toEqual([{ id: 'm-1', name: 'Alice', partyId: 'p-us', role: 'lead' }]);
    expect(store.getVersion('d-1', 'draft').id).toBe('v-1');
    expect(store.getPreference('identity.memberId')).toBe('m-1');
    expect(store.logLength('d-1')).toBe(3);
    expect(loadYDoc(store, 'd-1').getText('t').toString()).toBe('» Point 1. Sovereignty.');
    expect(store.listContributors('d-1')).toMatchObject([{ partyId: 'p-us', memberId: 'm-1', updates: 3 }]);
    store.close();
  });
});
