import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DraftroomError } from '../../../shared/api/errors';
import { readSchemaVersion, runMigrations } from '../../../main/store/migrations/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../main/store/migrations/registry';
import type { Migration } from '../../../main/store/migrations/migration';
import { makeTempDir, type TempDir } from '../../helpers/store-fixtures';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

describe('the migration runner', () => {
  it('lists migrations numbered 1, 2, … with names, and the latest version is the last one', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(MIGRATIONS.every((m) => m.name.length > 0)).toBe(true);
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('runs each migration in its own transaction: a failing one is rolled back, the earlier ones stay', () => {
    const db = new Database(dir.file('m.db'));
    const steps: Migration[] = [
      { version: 1, name: 'notes', up: (d) => d.exec('CREATE TABLE notes (body TEXT)') },
      {
        version: 2,
        name: 'broken',
        up: (d) => {
          d.exec("INSERT INTO notes VALUES ('half done')");
          d.exec('THIS IS NOT SQL');
        },
      },
    ];
    let caught: unknown;
    try {
      runMigrations(db, 2, steps);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DraftroomError);
    expect((caught as DraftroomError).message).toMatch(/schema version 2 \(broken\)/);
    expect(readSchemaVersion(db)).toBe(1);
    expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(0);
    db.close();
  });

  it('skips migrations already applied (for example by another process) and stops at the target', () => {
    const db = new Database(dir.file('m.db'));
    let runs = 0;
    const steps: Migration[] = [
      { version: 1, name: 'one', up: () => void runs++ },
      { version: 2, name: 'two', up: () => void runs++ },
    ];
    expect(runMigrations(db, 1, steps)).toBe(1);
    expect(runMigrations(db, 2, steps)).toBe(2);
    expect(runMigrations(db, 2, steps)).toBe(2);
    expect(runs).toBe(2);
    db.close();
  });
});
