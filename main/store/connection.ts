import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './workspace-format';

/**
 * How hard each commit is pushed to disk. `full` (the app's only setting)
 * syncs every commit, so an edit survives power loss; `normal` is for
 * benchmarks that measure what `full` costs.
 */
export type Durability = 'full' | 'normal';

/** Connection settings every workspace connection gets. */
export function configureConnection(db: Database.Database, durability: Durability): void {
  db.pragma('journal_mode = WAL');
  db.pragma(durability === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // A workspace file may come from someone else: never run functions its schema names.
  db.pragma('trusted_schema = OFF');
}

/**
 * Opens an existing, already validated workspace file read-write with the
 * store's settings: WAL, `synchronous = FULL`, foreign keys, a busy timeout
 * of several seconds (other processes wait rather than fail).
 */
export function openConnection(path: string, durability: Durability = 'full'): Database.Database {
  const db = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    configureConnection(db, durability);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Settings of a connection that only reads (a read-only open in place, or a
 * private copy): no journal-mode change, never a write (`query_only`), and
 * no function the file's schema names.
 */
export function configureReadConnection(db: Database.Database): void {
  db.pragma('trusted_schema = OFF');
  db.pragma('query_only = ON');
}
