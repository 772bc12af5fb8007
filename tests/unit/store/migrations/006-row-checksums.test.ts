import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DraftroomError } from '../../../../shared/api/errors';
import { loadIntactYDoc, loadYDoc } from '../../../../main/store/document-state';
import { migration006 } from '../../../../main/store/migrations/006-row-checksums';
import { readSchemaVersion, runMigrations } from '../../../../main/store/migrations/migrate';
import { snapshotChecksum, updateChecksum, versionChecksum } from '../../../../main/store/row-checksums';
import { openWorkspace } from '../../../../main/store/workspace-store';
import { createDatabaseAtVersion, makeTempDir, type TempDir } from '../../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

/**
 * Updates that type `words` one after another into Y.Text 't', the text they
 * make, and the state and text after the first `headCount` of them.
 */
function typed(words: readonly string[], headCount = 0): { updates: Uint8Array[]; text: string; head: Uint8Array; headText: string } {
  const ydoc = new Y.Doc();
  const updates: Uint8Array[] = [];
  ydoc.on('update', (u: Uint8Array) => updates.push(u));
  let head = Y.encodeStateAsUpdate(ydoc);
  let headText = '';
  words.forEach((w, i) => {
    ydoc.getText('t').insert(ydoc.getText('t').length, w);
    if (i + 1 === headCount) {
      head = Y.encodeStateAsUpdate(ydoc);
      headText = ydoc.getText('t').toString();
    }
  });
  return { updates, text: ydoc.getText('t').toString(), head, headText };
}

const COMPACTED = ['Point 1. ', 'Sovereignty. '];
const TAIL = ['Point 2. ', 'Security. ', 'Point 3. ', 'Reconstruction.'];

/**
 * A version-3 workspace as the previous Draftroom left it: two documents, one with a
 * snapshot of its first edits and a log tail after it, and a named version.
 */
function seedVersion5(path: string): { text: string; versionText: string } {
  const db = createDatabaseAtVersion(path, 5);
  db.exec(`
    INSERT INTO workspace (singleton, id, name, created_at) VALUES (1, 'w1', 'Talks', '2025-11-01T00:00:00.000Z');
    INSERT INTO documents (id, title, created_at) VALUES ('d-1', 'Peace framework', '2025-11-01T00:00:00.000Z'),
                                                         ('d-2', 'Annex', '2025-11-02T00:00:00.000Z');
  `);
  const all = typed([...COMPACTED, ...TAIL], COMPACTED.length);
  // The snapshot covers seq 1..2 (deleted from the log by compaction); the log keeps 3..6.
  db.prepare(`INSERT INTO snapshots (doc_key, state, covers_seq, created_at) VALUES (1, ?, 2, '2025-11-20T00:00:00Z')`).run(all.head);
  db.exec(`INSERT INTO sqlite_sequence (name, seq) VALUES ('update_log', 2)`);
  const insert = db.prepare('INSERT INTO update_log (doc_key, data, at) VALUES (?, ?, ?)');
  for (const update of all.updates.slice(COMPACTED.length)) insert.run(1, update, Date.parse('2025-11-21T00:00:00Z'));
  for (const update of typed(['Annex text.']).updates) insert.run(2, update, Date.parse('2025-11-21T00:00:00Z'));
  db.prepare(
    `INSERT INTO versions (id, doc_id, name, note, created_at, state) VALUES ('v-1', 'd-1', 'First round', '', '2025-11-20T00:00:00Z', ?)`,
  ).run(all.head);
  db.close();
  return { text: all.text, versionText: all.headText };
}

function corruptError(run: () => unknown): DraftroomError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DraftroomError);
    expect((error as DraftroomError).code).toBe('corrupt');
    return error as DraftroomError;
  }
  throw new Error('expected a corrupt error');
}

/** Flips one bit in the middle of a blob column of the row `where` selects. */
function flipBlob(path: string, table: string, column: string, where: string): void {
  const db = new Database(path);
  const row = db.prepare(`SELECT rowid AS r, ${column} AS b FROM ${table} WHERE ${where}`).get() as { r: number; b: Buffer };
  const bytes = Buffer.from(row.b);
  bytes[bytes.length >> 1]! ^= 0x04;
  db.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`).run(bytes, row.r);
  db.close();
}

describe('migration 006: row checksums', () => {
  it('computes a checksum for every existing log, snapshot and version row', () => {
    const path = dir.file('w.draftroom');
    seedVersion5(path);
    const raw = new Database(path);
    expect(readSchemaVersion(raw)).toBe(5);
    expect(runMigrations(raw, 6)).toBe(6);
    expect(migration006.version).toBe(6);
    const log = raw.prepare('SELECT doc_key, data, checksum FROM update_log').all() as { doc_key: number; data: Buffer; checksum: number }[];
    expect(log).toHaveLength(TAIL.length + 1);
    for (const row of log) expect(row.checksum).toBe(updateChecksum(row.doc_key, row.data));
    const snapshot = raw.prepare('SELECT doc_key, covers_seq, state, checksum FROM snapshots').get() as {
      doc_key: number;
      covers_seq: number;
      state: Buffer;
      checksum: number;
    };
    expect(snapshot.checksum).toBe(snapshotChecksum(snapshot.doc_key, snapshot.covers_seq, snapshot.state));
    const version = raw.prepare('SELECT doc_id, state, checksum FROM versions').get() as { doc_id: string; state: Buffer; checksum: number };
    expect(version.checksum).toBe(versionChecksum(version.doc_id, version.state));
    raw.close();
  });

  it('opens a version-5 workspace: content, versions and compaction intact, new rows checked too', () => {
    const path = dir.file('w.draftroom');
    const seeded = seedVersion5(path);
    const store = openWorkspace(path);
    expect(store.meta().schemaVersion).toBeGreaterThanOrEqual(6);
    expect(loadYDoc(store, 'd-1').getText('t').toString()).toBe(seeded.text);
    expect(loadYDoc(store, 'd-2').getText('t').toString()).toBe('Annex text.');
    const version = new Y.Doc();
    Y.applyUpdate(version, store.getVersion('d-1', 'First round').state);
    expect(version.getText('t').toString()).toBe(seeded.versionText);
    const more = new Y.Doc();
    Y.applyUpdate(more, Y.encodeStateAsUpdate(loadYDoc(store, 'd-1')));
    more.on('update', (u: Uint8Array) => store.appendUpdate('d-1', u));
    more.getText('t').insert(0, '[Preamble] ');
    expect(store.compact('d-1').merged).toBe(TAIL.length + 1);
    expect(loadYDoc(store, 'd-1').getText('t').toString()).toBe(`[Preamble] ${seeded.text}`);
    store.close();
  });

  it('a flipped bit in a stored edit: corrupt, naming the document and the row; the intact state before it can be read', () => {
    const path = dir.file('w.draftroom');
    const seeded = seedVersion5(path);
    openWorkspace(path).close();
    flipBlob(path, 'update_log', 'data', 'seq = 5');
    const store = openWorkspace(path);
    const error = corruptError(() => loadYDoc(store, 'd-1'));
    expect(error.message).toMatch(/"Peace framework" \(id d-1\) is damaged: stored edit 5 does not match its checksum/);
    expect(error.message).toMatch(/last intact state/);
    const intact = loadIntactYDoc(store, 'd-1');
    expect(intact.damagedSeq).toBe(5);
    expect(intact.ydoc.getText('t').toString()).toBe(COMPACTED.join('') + TAIL.slice(0, 2).join(''));
    expect(seeded.text.startsWith(intact.ydoc.getText('t').toString())).toBe(true);
    // The other document is unaffected; compaction refuses to fold the damage into a fresh snapshot.
    expect(loadYDoc(store, 'd-2').getText('t').toString()).toBe('Annex text.');
    expect(corruptError(() => store.compact('d-1')).message).toMatch(/stored edit 5/);
    expect(store.logLength('d-1')).toBe(TAIL.length);
    store.close();
  });

  it('a flipped bit in a snapshot or a version state: corrupt, naming it', () => {
    const path = dir.file('w.draftroom');
    seedVersion5(path);
    openWorkspace(path).close();
    flipBlob(path, 'snapshots', 'state', 'doc_key = 1');
    flipBlob(path, 'versions', 'state', "id = 'v-1'");
    const store = openWorkspace(path);
    expect(corruptError(() => loadYDoc(store, 'd-1')).message).toMatch(/"Peace framework" .* its compacted snapshot does not match/);
    expect(corruptError(() => loadIntactYDoc(store, 'd-1')).message).toMatch(/No intact working draft remains/);
    expect(corruptError(() => store.getVersion('d-1', 'First round')).message).toMatch(/its version "First round" \(id v-1\) does not match/);
    expect(store.listVersions('d-1')).toHaveLength(1);
    store.close();
  });

  it('a row moved to another document or a checksum removed: corrupt', () => {
    const path = dir.file('w.draftroom');
    seedVersion5(path);
    openWorkspace(path).close();
    const raw = new Database(path);
    raw.prepare('UPDATE update_log SET doc_key = 1 WHERE doc_key = 2').run();
    raw.prepare('UPDATE update_log SET checksum = NULL WHERE seq = 3').run();
    raw.close();
    const store = openWorkspace(path);
    expect(corruptError(() => loadYDoc(store, 'd-1')).message).toMatch(/stored edit 3 /);
    expect(loadIntactYDoc(store, 'd-1').damagedSeq).toBe(3);
    store.close();
  });
});
