import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DraftroomError, errorText } from '../../shared/api/errors';
import { configureReadConnection } from './connection';
import { runMigrations } from './migrations/migrate';
import { LATEST_SCHEMA_VERSION } from './migrations/registry';
import { inspectDatabase, openPrivateCopy, preflightHeader } from './preflight';
import { toStoreError } from './sqlite-errors';
import type { WorkspaceStoreApi } from './store-types';
import { WorkspaceStore } from './workspace-store';
import { BUSY_TIMEOUT_MS } from './workspace-format';

/** How `openWorkspaceForReading` read the file (for tests and diagnostics). */
export type ReadingMode = 'read-only' | 'private-copy';

/** A store opened for reading, and how. */
export type ReadingStore = WorkspaceStoreApi & { readonly readingMode: ReadingMode };

/**
 * Opens the original read-only when that provably writes nothing: a file in
 * rollback-journal mode with no `-wal`, `-journal` or `-shm` beside it and
 * of the current schema. Returns undefined when it is not such a file.
 */
function openInPlace(target: string): Database.Database | undefined {
  const { header, companions } = preflightHeader(target, LATEST_SCHEMA_VERSION);
  const rollbackMode = header.readVersion === 1 && header.writeVersion === 1;
  if (!rollbackMode || companions.wal || companions.journal || companions.shm) return undefined;
  if (header.userVersion !== LATEST_SCHEMA_VERSION) return undefined;
  let db: Database.Database;
  try {
    db = new Database(target, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw toStoreError(error, `Could not open ${target}`);
  }
  try {
    const version = inspectDatabase(db, target, LATEST_SCHEMA_VERSION);
    if (version !== LATEST_SCHEMA_VERSION) {
      db.close();
      return undefined;
    }
    configureReadConnection(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function storeOn(target: string, db: Database.Database, readingMode: ReadingMode, onClose: () => void): ReadingStore {
  let store: WorkspaceStore;
  try {
    store = new WorkspaceStore(target, db);
    store.meta();
  } catch (error) {
    onClose();
    if (error instanceof DraftroomError) throw error;
    const detail = errorText(error);
    throw new DraftroomError('corrupt', `${target} is damaged: its tables are not those of a Draftroom workspace (${detail}).`);
  }
  return Object.assign(store, {
    readingMode,
    close(): void {
      onClose();
    },
  });
}

/**
 * Opens a workspace for reading without ever writing to the file or to
 * anything beside it (no journal-mode change, no checkpoint, no `-wal` or
 * `-shm` created, kept or deleted, leftover companions left as they are), and
 * works in a read-only folder or on a file another user owns.
 *
 * Any SQLite connection to a WAL-mode database (every file Draftroom writes)
 * creates or writes its `-shm`, and the last one to close folds the WAL in,
 * so such a file is read through a private copy of the main file and its
 * WAL or journal (`openPrivateCopy`), which SQLite may recover and an older
 * schema is upgraded in; `close` deletes the copy. A file in rollback-journal
 * mode with nothing beside it is opened read-only in place. The connection
 * is `query_only`: a read that tried to write would fail. Refuses like
 * `openWorkspace`.
 */
export function openWorkspaceForReading(path: string): ReadingStore {
  const target = resolve(path);
  const inPlace = openInPlace(target);
  if (inPlace !== undefined) return storeOn(target, inPlace, 'read-only', () => inPlace.close());
  const copy = openPrivateCopy(target, LATEST_SCHEMA_VERSION);
  try {
    runMigrations(copy.db);
    configureReadConnection(copy.db);
  } catch (error) {
    copy.dispose();
    throw toStoreError(error, `Could not read ${target}`);
  }
  return storeOn(target, copy.db, 'private-copy', () => copy.dispose());
}
