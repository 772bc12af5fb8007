import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { migration007 } from '../../../../main/store/migrations/007-version-chain';
import { readSchemaVersion, runMigrations } from '../../../../main/store/migrations/migrate';
import { versionChecksum } from '../../../../main/store/row-checksums';
import { hashFieldsOfRow, versionHash } from '../../../../main/store/version-hash';
import { openWorkspace } from '../../../../main/store/workspace-store';
import { verifyVersions } from '../../../../main/services/version-seals';
import { seedContent } from '../../../../shared/ydoc/layout';
import { clause, p, proposal } from '../../../helpers/builders';
import { createDatabaseAtVersion, makeTempDir, type TempDir } from '../../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

function stateOf(...texts: string[]): Uint8Array {
  const ydoc = new Y.Doc();
  seedContent(ydoc, proposal(...texts.map((t, i) => clause(`c${i + 1}`, p(t)))));
  return Y.encodeStateAsUpdate(ydoc);
}

interface ChainRow {
  id: string;
  doc_id: string;
  name: string;
  note: string;
  author_id: string | null;
  party_id: string | null;
  created_at: string;
  state: Buffer;
  chain_seq: number;
  prev_hash: string | null;
  hash: string | null;
}

/**
 * A version-6 workspace as the previous Draftroom left it: one document with
 * three versions (the second inserted last but taken in the middle), another
 * with one, and a third whose only version's state cannot be decoded.
 */
function seedVersion6(path: string): void {
  const db = createDatabaseAtVersion(path, 6);
  db.exec(`
    INSERT INTO workspace (singleton, id, name, created_at) VALUES (1, 'w1', 'Talks', '2025-11-01T00:00:00.000Z');
    INSERT INTO documents (id, title, created_at) VALUES ('d-1', 'Peace framework', '2025-11-01T00:00:00.000Z'),
                                                         ('d-2', 'Annex', '2025-11-02T00:00:00.000Z'),
                                                         ('d-3', 'Damaged', '2025-11-02T00:00:00.000Z');
  `);
  const insert = db.prepare(
    'INSERT INTO versions (id, doc_id, name, note, created_at, state, checksum) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const add = (id: string, docId: string, name: string, at: string, state: Uint8Array): void => {
    insert.run(id, docId, name, `note of ${name}`, at, state, versionChecksum(docId, state));
  };
  add('v-1', 'd-1', 'First round', '2025-11-10T00:00:00.000Z', stateOf('Sovereignty.'));
  add('v-3', 'd-1', 'Third round', '2025-11-30T00:00:00.000Z', stateOf('Sovereignty.', 'Security.', 'Reconstruction.'));
  add('v-2', 'd-1', 'Second round', '2025-11-20T00:00:00.000Z', stateOf('Sovereignty.', 'Security.'));
  add('a-1', 'd-2', 'Annex draft', '2025-11-21T00:00:00.000Z', stateOf('Annex text.'));
  add('x-1', 'd-3', 'Unreadable', '2025-11-21T00:00:00.000Z', new Uint8Array([0xff, 0xff, 0xff, 0x01]));
  db.close();
}

function chainOf(db: Database.Database, docId: string): ChainRow[] {
  return db.prepare('SELECT * FROM versions WHERE doc_id = ? ORDER BY chain_seq').all(docId) as ChainRow[];
}

describe('migration 007: version chain and initials', () => {
  it('chains every existing version in the order they were taken, each hash over its content and the previous hash', () => {
    const path = dir.file('w.draftroom');
    seedVersion6(path);
    const raw = new Database(path);
    expect(readSchemaVersion(raw)).toBe(6);
    expect(runMigrations(raw, 7)).toBe(7);
    expect(migration007.version).toBe(7);
    const chain = chainOf(raw, 'd-1');
    expect(chain.map((r) => [r.id, r.chain_seq])).toEqual([
      ['v-1', 1],
      ['v-2', 2],
      ['v-3', 3],
    ]);
    let previous: string | null = null;
    for (const row of chain) {
      expect(row.prev_hash).toBe(previous);
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.hash).toBe(versionHash(hashFieldsOfRow(row, previous), row.state));
      previous = row.hash;
    }
    expect(new Set(chain.map((r) => r.hash)).size).toBe(3);
    const annex = chainOf(raw, 'd-2');
    expect(annex).toHaveLength(1);
    expect(annex[0]!.prev_hash).toBeNull();
    const damaged = chainOf(raw, 'd-3');
    expect(damaged[0]!.hash).toBeNull();
    expect(raw.prepare('SELECT count(*) AS n FROM member_keys').get()).toEqual({ n: 0 });
    expect(raw.prepare('SELECT count(*) AS n FROM version_initials').get()).toEqual({ n: 0 });
    raw.close();
  });

  it('opens a version-6 workspace: its chains verify, the unreadable version is named, and new versions extend the chain', () => {
    const path = dir.file('w.draftroom');
    seedVersion6(path);
    const store = openWorkspace(path);
    try {
      expect(store.meta().schemaVersion).toBeGreaterThanOrEqual(7);
      const report = verifyVersions(store);
      const failing = report.versions.filter((v) => v.problems.length > 0).map((v) => v.name);
      expect(failing).toEqual(['Unreadable']);
      expect(report.ok).toBe(false);
      const clean = verifyVersions(store, 'd-1');
      expect(clean.ok).toBe(true);
      const last = store.versionChain('d-1').at(-1)!;
      const added = store.createVersion({ docId: 'd-1', name: 'Fourth round', state: stateOf('Sovereignty.', 'Security.', 'Reconstruction.', 'Elections.') });
      const chain = store.versionChain('d-1');
      expect(chain.map((r) => r.id)).toEqual(['v-1', 'v-2', 'v-3', added.id]);
      expect(chain[3]!.prev_hash).toBe(last.hash);
      expect(chain[3]!.chain_seq).toBe(4);
      expect(verifyVersions(store, 'd-1').ok).toBe(true);
    } finally {
      store.close();
    }
  });
});
