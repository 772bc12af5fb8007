import type Database from 'better-sqlite3';
import { DraftroomError, errorText } from '../../../shared/api/errors';
import { MIGRATIONS } from './registry';
import type { Migration } from './migration';

/** The schema version recorded in the database (`PRAGMA user_version`). */
export function readSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to `target` (default: the latest), one migration per
 * `BEGIN IMMEDIATE` transaction, each setting `user_version` as it commits.
 * A migration another process already applied is skipped. A failing
 * migration is rolled back (earlier ones stay) and reported as `internal`.
 * Returns the schema version reached.
 */
export function runMigrations(
  db: Database.Database,
  target: number = MIGRATIONS.length,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  for (const migration of migrations) {
    if (migration.version > target) break;
    if (!Number.isInteger(migration.version) || migration.version < 1) {
      throw new Error(`invalid migration version ${String(migration.version)}`);
    }
    const step = db.transaction(() => {
      if (readSchemaVersion(db) >= migration.version) return;
      migration.up(db);
      // A pragma value cannot be bound; `version` is our own checked integer constant.
      db.pragma(`user_version = ${migration.version}`);
    });
    try {
      step.immediate();
    } catch (error) {
      const detail = errorText(error);
      throw new DraftroomError(
        'internal',
        `Could not upgrade the workspace to schema version ${migration.version} (${migration.name}): ${detail}`,
      );
    }
  }
  return readSchemaVersion(db);
}
