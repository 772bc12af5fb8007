import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { migration002 } from '../../../../main/store/migrations/002-update-attribution';
import { readSchemaVersion, runMigrations } from '../../../../main/store/migrations/migrate';
import { loadYDoc } from '../../../../main/store/document-state';
import { openWorkspace } from '../../../../main/store/workspace-store';
import { createDatabaseAtVersion, makeTempDir, type TempDir } from '../../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

const T = (iso: string): number => Date.parse(iso);

/** A version-1 workspace with a document whose log rows are attributed in every way version 1 allowed. */
function seedVersion1(path: string): { text: string; rows: number } {
  const db = createDatabaseAtVersion(path, 1);
  db.exec(`
    INSERT INTO workspace (singleton, id, name, created_at) VALUES (1, 'w1', 'Talks', '2025-11-01T00:00:00.000Z');
    INSERT INTO parties (id, name, code, colour) VALUES ('p-us', 'United States', 'US', '#1f4e9c'), ('p-ua', 'Ukraine', 'UA', '#d4a017');
    INSERT INTO members (id, name, party_id, role) VALUES ('m-alice', 'Alice', 'p-us', 'lead'), ('m-olena', 'Olena', 'p-ua', 'drafter');
    INSERT INTO documents (id, title, created_at) VALUES ('d-1', 'Peace framework', '2025-11-01T00:00:00.000Z');
  `);
  const insert = db.prepare(
    `INSERT INTO update_log (doc_key, data, member_key, party_key, at)
     VALUES ((SELECT doc_key FROM documents WHERE id = ?), ?,
             (SELECT member_key FROM members WHERE id = ?), (SELECT party_key FROM parties WHERE id = ?), ?)`,
  );
  const ydoc = new Y.Doc();
  const text = ydoc.getText('t');
  const edits: [string, string | null, string | null, string][] = [
    ['Point 1. ', 'm-alice', null, '2025-11-20T09:00:00Z'], // member only: party to be filled in
    ['Sovereignty. ', 'm-alice', 'p-us', '2025-11-20T09:05:00Z'],
    ['Point 2. ', 'm-olena', null, '2025-11-21T10:00:00Z'],
    ['Security. ', null, 'p-ua', '2025-11-21T10:30:00Z'], // party only
    ['(imported)', null, null, '2025-11-22T08:00:00Z'], // nobody known
  ];
  for (const [words, member, party, at] of edits) {
    let update: Uint8Array | null = null;
    const listener = (u: Uint8Array): void => {
      update = u;
    };
    ydoc.on('update', listener);
    text.insert(text.length, words);
    ydoc.off('update', listener);
    insert.run('d-1', update!, member, party, T(at));
  }
  db.close();
  return { text: text.toString(), rows: edits.length };
}

describe('migration 002: update attribution', () => {
  it('fills in the party of member-attributed log rows and adds the compacted attribution table', () => {
    const path = dir.file('w.draftroom');
    seedVersion1(path);
    const raw = new Database(path);
    expect(readSchemaVersion(raw)).toBe(1);
    expect(runMigrations(raw, 2)).toBe(2);
    expect(migration002.version).toBe(2);
    const rows = raw
      .prepare(
        `SELECT m.id AS member_id, p.id AS party_id FROM update_log l
           LEFT JOIN members m ON m.member_key = l.member_key LEFT JOIN parties p ON p.party_key = l.party_key
          ORDER BY l.seq`,
      )
      .all();
    expect(rows).toEqual([
      { member_id: 'm-alice', party_id: 'p-us' },
      { member_id: 'm-alice', party_id: 'p-us' },
      { member_id: 'm-olena', party_id: 'p-ua' },
      { member_id: null, party_id: 'p-ua' },
      { member_id: null, party_id: null },
    ]);
    expect(raw.prepare('SELECT count(*) FROM compacted_attribution').pluck().get()).toBe(0);
    raw.close();
  });

  it('opens a version-1 workspace: content intact, contributors complete before and after compaction', () => {
    const path = dir.file('w.draftroom');
    const seeded = seedVersion1(path);
    const store = openWorkspace(path);
    expect(store.meta().schemaVersion).toBeGreaterThanOrEqual(2);
    expect(loadYDoc(store, 'd-1').getText('t').toString()).toBe(seeded.text);
    const expected = [
      { partyId: 'p-us', memberId: 'm-alice', updates: 2, firstAt: '2025-11-20T09:00:00.000Z', lastAt: '2025-11-20T09:05:00.000Z' },
      { partyId: 'p-ua', memberId: 'm-olena', updates: 1, firstAt: '2025-11-21T10:00:00.000Z', lastAt: '2025-11-21T10:00:00.000Z' },
      { partyId: 'p-ua', memberId: null, updates: 1, firstAt: '2025-11-21T10:30:00.000Z', lastAt: '2025-11-21T10:30:00.000Z' },
      { partyId: null, memberId: null, updates: 1, firstAt: '2025-11-22T08:00:00.000Z', lastAt: '2025-11-22T08:00:00.000Z' },
    ];
    expect(store.listContributors('d-1')).toEqual(expected);
    expect(store.compact('d-1').merged).toBe(seeded.rows);
    expect(store.logLength('d-1')).toBe(0);
    expect(store.listContributors('d-1')).toEqual(expected);
    expect(loadYDoc(store, 'd-1').getText('t').toString()).toBe(seeded.text);
    store.close();
  });
});
