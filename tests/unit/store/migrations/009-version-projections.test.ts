import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRedline } from '../../../../main/export/export-redline';
import { VersionSnapshots } from '../../../../main/export/version-snapshots';
import { writeSampleWorkspace } from '../../../../main/sample/build-sample';
import { migration009 } from '../../../../main/store/migrations/009-version-projections';
import { readSchemaVersion, runMigrations } from '../../../../main/store/migrations/migrate';
import { openWorkspace } from '../../../../main/store/workspace-store';
import { VERSION_PROJECTION_FORMAT } from '../../../../shared/redline/version-projection';
import { DOC, sourceOf, V20, V28 } from '../../export/fixtures';
import { makeTempDir, type TempDir } from '../../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

/** The sample as the previous build wrote it: schema version 8, its versions without projections. */
function seedVersion8(path: string): void {
  writeSampleWorkspace(path);
  const raw = new Database(path);
  raw.exec('DROP TABLE version_projections; PRAGMA user_version = 8;');
  raw.close();
}

describe('migration 009: version projections', () => {
  it('adds the projection table, empty, and keeps the versions', () => {
    const path = dir.file('w.draftroom');
    seedVersion8(path);
    const raw = new Database(path);
    expect(readSchemaVersion(raw)).toBe(8);
    const versions = raw.prepare('SELECT id, hash FROM versions ORDER BY id').all();
    expect(runMigrations(raw, 9)).toBe(9);
    expect(migration009.version).toBe(9);
    expect(raw.prepare('SELECT count(*) FROM version_projections').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT id, hash FROM versions ORDER BY id').all()).toEqual(versions);
    raw.close();
  });

  it('the versions of a migrated workspace compare as before; the app stores their projections on first use; new versions get theirs when saved', () => {
    const path = dir.file('w.draftroom');
    seedVersion8(path);
    const store = openWorkspace(path);
    try {
      const docId = store.getDocument(DOC).id;
      const request = { docId, from: V28, to: V20 };
      const ids = [V28, V20].map((name) => store.getVersion(docId, name).id);
      // The CLI's read (no cache) reads the states and stores nothing.
      const plain = JSON.stringify(buildRedline(sourceOf(store), request).model);
      expect(ids.map((id) => store.versionProjection(id)?.projection)).toEqual([null, null]);
      // The app's first comparison stores both; the next read uses them, with the same result.
      const app = JSON.stringify(buildRedline({ ...sourceOf(store), versionSnapshots: new VersionSnapshots() }, request).model);
      expect(app).toBe(plain);
      expect(ids.map((id) => store.versionProjection(id)?.projection?.format)).toEqual([VERSION_PROJECTION_FORMAT, VERSION_PROJECTION_FORMAT]);
      expect(JSON.stringify(buildRedline(sourceOf(store), request).model)).toBe(plain);
      const saved = store.createVersion({ docId, name: 'After the migration', state: store.getVersion(docId, V20).state });
      expect(store.versionProjection(saved.id)?.projection?.format).toBe(VERSION_PROJECTION_FORMAT);
    } finally {
      store.close();
    }
  });
});
