import { DraftroomError, errorText } from '../../shared/api/errors';

/** The extended SQLite result code of an error thrown by better-sqlite3, if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return undefined;
}

/** Whether the error is a SQLite constraint violation of the given kind (e.g. 'UNIQUE', 'FOREIGNKEY'). */
export function isConstraintError(error: unknown, kind: 'UNIQUE' | 'PRIMARYKEY' | 'FOREIGNKEY' | 'CHECK'): boolean {
  return sqliteCode(error) === `SQLITE_CONSTRAINT_${kind}`;
}

/**
 * Turns a SQLite failure into a `DraftroomError` with a useful code: a damaged
 * file becomes `corrupt`, a lock held past the busy timeout `conflict`;
 * a `DraftroomError` passes through; anything else becomes `internal`.
 */
export function toStoreError(error: unknown, what: string): DraftroomError {
  if (error instanceof DraftroomError) return error;
  const code = sqliteCode(error);
  const detail = errorText(error);
  if (code === 'SQLITE_CORRUPT' || code?.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') {
    return new DraftroomError('corrupt', `${what}: the workspace file is damaged (${detail}).`);
  }
  if (code === 'SQLITE_BUSY' || code?.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new DraftroomError('conflict', `${what}: the workspace is busy in another process; try again (${detail}).`);
  }
  return new DraftroomError('internal', `${what}: ${detail}`);
}
