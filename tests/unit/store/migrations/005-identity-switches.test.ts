import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DraftroomError } from '../../../../shared/api/errors';
import { migration005 } from '../../../../main/store/migrations/005-identity-switches';
import { readSchemaVersion, runMigrations } from '../../../../main/store/migrations/migrate';
import { openWorkspace } from '../../../../main/store/workspace-store';
import { createDatabaseAtVersion, makeTempDir, type TempDir } from '../../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

/** A version-4 workspace with members, a document, a log row and the old per-file identity preference. */
function seedVersion4(path: string): void {
  const db = createDatabaseAtVersion(path, 4);
  db.exec(`
    INSERT INTO workspace (singleton, id, name, created_at) VALUES (1, 'w1', 'Talks', '2025-11-01T00:00:00.000Z');
    INSERT INTO parties (id, name, code, colour) VALUES ('p-us', 'United States', 'US', '#1f4e9c'), ('p-ua', 'Ukraine', 'UA', '#d4a017');
    INSERT INTO members (id, name, party_id, role) VALUES ('m-alice', 'Alice', 'p-us', 'lead'), ('m-olena', 'Olena', 'p-ua', 'drafter');
    INSERT INTO documents (id, title, created_at) VALUES ('d-1', 'Peace framework', '2025-11-01T00:00:00.000Z');
    INSERT INTO update_log (doc_key, data, member_key, party_key, at) VALUES (1, X'00', 1, 1, 1764000000000);
    INSERT INTO preferences (key, value) VALUES ('identity.memberId', 'm-alice'), ('ui.theme', 'light');
  `);
  db.close();
}

describe('migration 005: identity switches', () => {
  it('adds the append-only switch table and keeps everything else', () => {
    const path = dir.file('w.draftroom');
    seedVersion4(path);
    const raw = new Database(path);
    expect(readSchemaVersion(raw)).toBe(4);
    expect(runMigrations(raw, 5)).toBe(5);
    expect(migration005.version).toBe(5);
    expect(raw.prepare('SELECT count(*) FROM identity_switches').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT id FROM members ORDER BY member_key').pluck().all()).toEqual(['m-alice', 'm-olena']);
    expect(raw.prepare('SELECT count(*) FROM update_log').pluck().get()).toBe(1);
    expect(raw.prepare('SELECT key, value FROM preferences ORDER BY key').all()).toEqual([
      { key: 'identity.memberId', value: 'm-alice' },
      { key: 'ui.theme', value: 'light' },
    ]);
    raw.close();
  });

  it('records switches between the members of a migrated workspace, in order, and refuses unknown members', () => {
    const path = dir.file('w.draftroom');
    seedVersion4(path);
    const store = openWorkspace(path);
    expect(store.listIdentitySwitches()).toEqual([]);
    store.recordIdentitySwitch({ fromMemberId: null, toMemberId: 'm-olena', at: '2025-12-01T09:00:00Z' });
    store.recordIdentitySwitch({ fromMemberId: 'm-olena', toMemberId: 'm-alice', at: '2025-12-01T09:05:00Z' });
    expect(() => store.recordIdentitySwitch({ fromMemberId: 'm-alice', toMemberId: 'm-nobody' })).toThrow(DraftroomError);
    store.close();
    const reopened = openWorkspace(path);
    expect(reopened.listIdentitySwitches()).toEqual([
      { seq: 1, at: '2025-12-01T09:00:00.000Z', fromMemberId: null, toMemberId: 'm-olena' },
      { seq: 2, at: '2025-12-01T09:05:00.000Z', fromMemberId: 'm-olena', toMemberId: 'm-alice' },
    ]);
    reopened.close();
  });
});
