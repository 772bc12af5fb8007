import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { migration003 } from '../../../../main/store/migrations/003-access-tokens';
import { readSchemaVersion, runMigrations } from '../../../../main/store/migrations/migrate';
import { loadYDoc } from '../../../../main/store/document-state';
import { openWorkspace } from '../../../../main/store/workspace-store';
import { createDatabaseAtVersion, makeTempDir, type TempDir } from '../../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

/** A version-2 workspace with parties, members, a document with edits and a version. */
function seedVersion2(path: string): string {
  const db = createDatabaseAtVersion(path, 2);
  db.exec(`
    INSERT INTO workspace (singleton, id, name, created_at) VALUES (1, 'w1', 'Talks', '2025-11-01T00:00:00.000Z');
    INSERT INTO parties (id, name, code, colour) VALUES ('p-us', 'United States', 'US', '#1f4e9c'), ('p-ua', 'Ukraine', 'UA', '#d4a017');
    INSERT INTO members (id, name, party_id, role) VALUES ('m-alice', 'Alice', 'p-us', 'lead'), ('m-olena', 'Olena', 'p-ua', 'drafter');
    INSERT INTO documents (id, title, created_at) VALUES ('d-1', 'Peace framework', '2025-11-01T00:00:00.000Z');
  `);
  const ydoc = new Y.Doc();
  ydoc.getText('t').insert(0, 'Point 1. Sovereignty.');
  db.prepare(
    `INSERT INTO update_log (doc_key, data, member_key, party_key, at)
     VALUES ((SELECT doc_key FROM documents WHERE id = 'd-1'), ?, (SELECT member_key FROM members WHERE id = 'm-alice'),
             (SELECT party_key FROM parties WHERE id = 'p-us'), ?)`,
  ).run(Y.encodeStateAsUpdate(ydoc), Date.parse('2025-11-20T09:00:00Z'));
  db.prepare(
    `INSERT INTO versions (id, doc_id, name, note, author_id, party_id, created_at, state)
     VALUES ('v-1', 'd-1', 'Draft 1', '', 'm-alice', 'p-us', '2025-11-20T10:00:00.000Z', ?)`,
  ).run(Y.encodeStateAsUpdate(ydoc));
  db.close();
  return ydoc.getText('t').toString();
}

describe('migration 003: access tokens', () => {
  it('adds an empty token table and keeps everything else', () => {
    const path = dir.file('w.draftroom');
    seedVersion2(path);
    const raw = new Database(path);
    expect(readSchemaVersion(raw)).toBe(2);
    expect(runMigrations(raw, 3)).toBe(3);
    expect(migration003.version).toBe(3);
    expect(raw.prepare('SELECT count(*) FROM access_tokens').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT id, role FROM members ORDER BY member_key').all()).toEqual([
      { id: 'm-alice', role: 'lead' },
      { id: 'm-olena', role: 'drafter' },
    ]);
    // A token must name a member of this workspace.
    expect(() =>
      raw.prepare("INSERT INTO access_tokens (id, member_id, secret_hash, created_at) VALUES ('t', 'm-nobody', zeroblob(32), 'x')").run(),
    ).toThrow(/FOREIGN KEY/);
    raw.close();
  });

  it('opens a version-2 workspace: content intact; tokens are made, checked and revoked for its members', () => {
    const path = dir.file('w.draftroom');
    const text = seedVersion2(path);
    const store = openWorkspace(path);
    try {
      expect(store.meta().schemaVersion).toBeGreaterThanOrEqual(3);
      expect(loadYDoc(store, 'd-1').getText('t').toString()).toBe(text);
      expect(store.listVersions('d-1').map((v) => v.name)).toEqual(['Draft 1']);
      const issued = store.createToken('m-olena');
      expect(issued.secret).toMatch(/^drt_[0-9a-f-]+_[0-9a-f]{64}$/);
      expect(store.checkToken(issued.secret)).toEqual({ ok: true, token: issued.token });
      expect(store.checkToken(issued.secret.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).toMatchObject({ ok: false, reason: 'unknown' });
      expect(() => store.createToken('m-nobody')).toThrow(/no member/);
      store.revokeToken(issued.token.id);
      expect(store.checkToken(issued.secret)).toMatchObject({ ok: false, reason: 'revoked' });
      expect(store.listTokens().map((t) => [t.memberId, t.revokedAt !== null])).toEqual([['m-olena', true]]);
      // Only a hash of the secret is in the file.
      const secretPart = issued.secret.split('_')[2]!;
      const raw = new Database(path, { readonly: true });
      const row = raw.prepare('SELECT * FROM access_tokens').get() as Record<string, unknown>;
      raw.close();
      expect(JSON.stringify(row)).not.toContain(secretPart);
    } finally {
      store.close();
    }
  });
});
