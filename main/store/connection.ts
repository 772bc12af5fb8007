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

/**
 * Runs `work` with the connection's page cache at most `kib` KiB, and puts
 * the cache size back after. For work that reads a large part of the file
 * once (an integrity check, a whole log): better-sqlite3's default cache of
 * 16 MB makes SQLite allocate a new page for each page read until it is
 * full, memory that a fresh process has never touched (a page fault per
 * 4 KiB); a small cache recycles its pages instead. What is read is the same.
 */
export function withPageCache<T>(db: Database.Database, kib: number, work: () => T): T {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${Math.trunc(kib)}`);
  try {
    return work();
  } finally {
    db.pragma(`cache_size = ${Math.trunc(cacheSize)}`);
  }
}

/** Page cache (KiB) for reading most of a file once (`withPageCache`): SQLite's own default. */
export const STREAMING_CACHE_KIB = 2000;
