import { copyFileSync, existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DraftroomError, type ApiErrorCode } from '../../../shared/api/errors';
import { LATEST_SCHEMA_VERSION } from '../../../main/store/migrations/registry';
import { inspectDatabase } from '../../../main/store/preflight';
import { openWorkspace } from '../../../main/store/workspace-store';
import { APPLICATION_ID } from '../../../main/store/workspace-format';
import { SeededRandom } from '../../../shared/random/seeded-random';
import { buildWorkspace, fileSetDifferences, makeTempDir, readFileSet, type TempDir } from '../../helpers/store-fixtures';

let dir: TempDir;
/** A healthy, closed workspace with a few hundred log rows, that each test copies. */
let healthy: string;
let pageSize: number;

beforeAll(() => {
  dir = makeTempDir();
  healthy = dir.file('healthy.draftroom');
  const { store, documents } = buildWorkspace(healthy, { documents: ['Peace framework'] });
  const ydoc = new Y.Doc();
  const updates: Uint8Array[] = [];
  ydoc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 300; i++) ydoc.getText('t').insert(0, `Clause ${i}: the parties agree to continue talks. `);
  store.appendUpdates(documents['Peace framework']!.id, updates);
  store.close();
  pageSize = readFileSync(healthy).readUInt16BE(16);
});
afterAll(() => dir.remove());

/** Copies the healthy workspace (main file only: it was closed cleanly) to a new name. */
function copyOfHealthy(name: string): string {
  const path = dir.file(name);
  copyFileSync(healthy, path);
  return path;
}

/**
 * Opens `path` expecting a refusal with `code`; checks that the file and
 * every side file are byte-for-byte what they were, and that no side file
 * appeared. Returns the error message.
 */
function expectRefused(path: string, code: ApiErrorCode): string {
  const before = readFileSet(path);
  let caught: unknown;
  try {
    openWorkspace(path).close();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DraftroomError);
  expect((caught as DraftroomError).code).toBe(code);
  expect(fileSetDifferences(before, readFileSet(path)), 'files changed by a refused open').toEqual([]);
  return (caught as DraftroomError).message;
}

describe('opening a file that is not a healthy workspace', () => {
  it('a missing file: not-found, and nothing is created', () => {
    const path = dir.file('missing.draftroom');
    expectRefused(path, 'not-found');
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('a text file: not-a-workspace', () => {
    const path = dir.file('notes.draftroom');
    writeFileSync(path, 'Point 1. Ukraine’s sovereignty will be confirmed.\n'.repeat(100));
    expect(expectRefused(path, 'not-a-workspace')).toMatch(/not a SQLite database/);
  });

  it('random bytes: not-a-workspace', () => {
    const path = dir.file('random.draftroom');
    writeFileSync(path, new SeededRandom(20251123).bytes(8192));
    expectRefused(path, 'not-a-workspace');
  });

  it('an empty file and a folder: not-a-workspace', () => {
    const empty = dir.file('empty.draftroom');
    writeFileSync(empty, '');
    expectRefused(empty, 'not-a-workspace');
    const folder = dir.file('folder.draftroom');
    mkdirSync(folder);
    expectRefused(folder, 'not-a-workspace');
  });

  it("another application's SQLite database: not-a-workspace, naming its application id", () => {
    const plain = dir.file('plain.sqlite');
    const other = dir.file('other.sqlite');
    for (const [path, applicationId] of [
      [plain, 0],
      [other, 0x4a4f4b45],
    ] as const) {
      const db = new Database(path);
      db.pragma(`application_id = ${applicationId}`);
      db.pragma('user_version = 1');
      db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('not ours');");
      db.close();
    }
    expect(expectRefused(plain, 'not-a-workspace')).toMatch(/another application \(application id 0x00000000/);
    expect(expectRefused(other, 'not-a-workspace')).toMatch(/0x4a4f4b45/);
  });

  it('a truncated workspace: corrupt', () => {
    const inHeader = copyOfHealthy('cut-in-header.draftroom');
    truncateSync(inHeader, 60);
    expect(expectRefused(inHeader, 'corrupt')).toMatch(/header/);
    const midPage = copyOfHealthy('cut-mid-page.draftroom');
    truncateSync(midPage, pageSize * 3 + 100);
    expectRefused(midPage, 'corrupt');
    const atPage = copyOfHealthy('cut-at-page.draftroom');
    truncateSync(atPage, pageSize * 3);
    expect(expectRefused(atPage, 'corrupt')).toMatch(/truncated/);
  });

  it('a workspace with damaged pages: corrupt (found by SQLite itself)', () => {
    for (const page of [2, 3, 6]) {
      const path = copyOfHealthy(`damaged-${page}.draftroom`);
      const bytes = readFileSync(path);
      bytes.fill(0xa5, (page - 1) * pageSize, page * pageSize);
      writeFileSync(path, bytes);
      expectRefused(path, 'corrupt');
    }
  });

  it('a truncated main file beside a crash-leftover WAL: corrupt, and the WAL and -shm stay as they were', () => {
    const source = copyOfHealthy('live.draftroom');
    const writer = new Database(source);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare('INSERT INTO preferences (key, value) VALUES (?, ?)').run('ui.zoom', '2');
    const path = dir.file('leftover-cut.draftroom');
    for (const suffix of ['', '-wal', '-shm']) copyFileSync(`${source}${suffix}`, `${path}${suffix}`);
    writer.close();
    truncateSync(path, pageSize * 4);
    expect(readFileSet(path).wal).not.toBeNull();
    expectRefused(path, 'corrupt');
  });

  it('a newer schema version in the header: newer-schema, naming both versions', () => {
    const path = copyOfHealthy('newer.draftroom');
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 7}`);
    db.close();
    const message = expectRefused(path, 'newer-schema');
    expect(message).toContain(`schema version is ${LATEST_SCHEMA_VERSION + 7}`);
    expect(message).toContain(`supports up to ${LATEST_SCHEMA_VERSION}`);
  });

  it('a newer schema version only in the WAL (header older): newer-schema, WAL and -shm untouched', () => {
    const source = copyOfHealthy('newer-live.draftroom');
    const writer = new Database(source);
    writer.pragma('wal_autocheckpoint = 0');
    writer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    // Copy while the writer holds it open: exactly what a crash leaves behind.
    const path = dir.file('newer-in-wal.draftroom');
    for (const suffix of ['', '-wal', '-shm']) copyFileSync(`${source}${suffix}`, `${path}${suffix}`);
    writer.close();
    const header = readFileSync(path);
    expect(header.readInt32BE(60)).toBeLessThanOrEqual(LATEST_SCHEMA_VERSION);
    expect(header.readUInt32BE(68)).toBe(APPLICATION_ID);
    expect(readFileSet(path).wal?.length).toBeGreaterThan(0);
    expect(expectRefused(path, 'newer-schema')).toContain(`schema version is ${LATEST_SCHEMA_VERSION + 1}`);
  });

  it('a damaged page far past what the check keeps cached (a 4 MB log): corrupt, and the check leaves the cache size as it was', () => {
    const path = dir.file('large.draftroom');
    const { store, documents } = buildWorkspace(path, { documents: ['Long'] });
    const ydoc = new Y.Doc();
    const updates: Uint8Array[] = [];
    ydoc.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 2_000; i++) ydoc.getText('t').insert(0, `Clause ${i}. `.repeat(200).slice(0, 2_000));
    store.appendUpdates(documents['Long']!.id, updates);
    store.close();
    const pages = readFileSync(path).length / pageSize;
    expect(pages * pageSize).toBeGreaterThan(4_000_000);
    const db = new Database(path, { readonly: true });
    db.pragma('cache_size = -16000');
    expect(inspectDatabase(db, path, LATEST_SCHEMA_VERSION)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('cache_size', { simple: true })).toBe(-16000);
    db.close();
    const bytes = readFileSync(path);
    bytes.fill(0xa5, (pages - 3) * pageSize, (pages - 2) * pageSize);
    writeFileSync(path, bytes);
    expectRefused(path, 'corrupt');
  });

  it('a crash-leftover WAL without -shm is not refused, and no side file is left behind by a refusal', () => {
    const source = copyOfHealthy('leftover-source.draftroom');
    const writer = new Database(source);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare('INSERT INTO preferences (key, value) VALUES (?, ?)').run('identity.memberId', 'm-1');
    const path = dir.file('leftover-ok.draftroom');
    const damaged = dir.file('leftover-damaged.draftroom');
    for (const target of [path, damaged]) {
      for (const suffix of ['', '-wal']) copyFileSync(`${source}${suffix}`, `${target}${suffix}`);
    }
    writer.close();
    const store = openWorkspace(path);
    expect(store.getPreference('identity.memberId')).toBe('m-1');
    store.close();
    // The same leftover with a damaged main file is refused, and no -shm appears beside it.
    const bytes = readFileSync(damaged);
    bytes.fill(0xa5, 7 * pageSize, 8 * pageSize);
    writeFileSync(damaged, bytes);
    expectRefused(damaged, 'corrupt');
    expect(existsSync(`${damaged}-shm`)).toBe(false);
  });
});
