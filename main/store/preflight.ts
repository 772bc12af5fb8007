import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DraftroomError } from '../../shared/api/errors';
import { checkWorkspaceHeader, newerSchemaError, readHeaderBytes } from './file-header';
import { sqliteCode } from './sqlite-errors';
import { APPLICATION_ID, BUSY_TIMEOUT_MS, formatApplicationId } from './workspace-format';

/** What the preflight learned about a file it accepts. */
export interface PreflightResult {
  /** Schema version recorded in the database (WAL included). */
  readonly schemaVersion: number;
}

/** Files SQLite keeps beside a database that may hold committed data. */
const SIDE_FILES = ['-wal', '-journal'] as const;

/** How often to retry when another process rewrites the WAL while we copy it. */
const COPY_ATTEMPTS = 3;

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new DraftroomError('not-found', `${path} does not exist.`);
    }
    throw new DraftroomError('corrupt', `${path} cannot be read (${code ?? String(error)}).`);
  }
}

function readHeaderOrThrow(path: string): Buffer {
  try {
    return readHeaderBytes(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DraftroomError('corrupt', `${path} cannot be read (${code ?? String(error)}).`);
  }
}

function nonEmptyFile(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

/** The first bytes of the WAL (its header names the current WAL generation), or '' if none. */
function walGeneration(path: string): string {
  if (!existsSync(`${path}-wal`)) return '';
  try {
    return readHeaderBytes(`${path}-wal`).subarray(0, 32).toString('hex');
  } catch {
    return '';
  }
}

/**
 * Asks SQLite about a private copy of the database (main file plus WAL or
 * journal), so that nothing beside the original is created or changed: a
 * read-only connection on the original would still create or write `-shm`.
 */
/**
 * Copies a workspace file and the side files that may hold committed data
 * (WAL, journal) to `copy`, without writing to the original. Copies again if
 * a writer restarted the WAL meanwhile (a torn copy).
 */
export function copyWorkspaceFiles(path: string, copy: string): void {
  for (let attempt = 1; ; attempt++) {
    const before = walGeneration(path);
    copyFileSync(path, copy);
    for (const suffix of SIDE_FILES) {
      rmSync(`${copy}${suffix}`, { force: true });
      if (existsSync(`${path}${suffix}`)) copyFileSync(`${path}${suffix}`, `${copy}${suffix}`);
    }
    if (walGeneration(path) === before || attempt >= COPY_ATTEMPTS) break;
  }
}

function inspectCopy(path: string): { applicationId: number; userVersion: number; problems: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-check-'));
  try {
    const copy = join(dir, 'workspace.draftroom');
    copyWorkspaceFiles(path, copy);
    // Read-write on the private copy, so SQLite may replay a hot journal or WAL there.
    const db = new Database(copy, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      // The copy is thrown away: no need to sync it (its checkpoint on close would).
      db.pragma('synchronous = OFF');
      const applicationId = (db.pragma('application_id', { simple: true }) as number) >>> 0;
      const userVersion = db.pragma('user_version', { simple: true }) as number;
      const rows = db.pragma('quick_check') as { quick_check: string }[];
      const problems = rows
        .flatMap((row) => row.quick_check.split('\n'))
        .filter((line) => line !== 'ok' && !line.startsWith('*** in database'));
      return { applicationId, userVersion, problems };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Decides whether `path` is a workspace this build can open, without
 * modifying it or anything beside it. First the 100-byte header, read by
 * hand; then SQLite itself on a private copy (the WAL may be newer than the
 * header), with `PRAGMA quick_check`. Throws `not-found`, `not-a-workspace`,
 * `corrupt` or `newer-schema`.
 */
export function preflightWorkspace(path: string, supportedVersion: number): PreflightResult {
  const stats = statOrThrow(path);
  if (stats.isDirectory()) {
    throw new DraftroomError('not-a-workspace', `${path} is not a Draftroom workspace: it is a folder.`);
  }
  const header = readHeaderOrThrow(path);
  checkWorkspaceHeader(header, {
    path,
    fileSize: stats.size,
    hasWal: nonEmptyFile(`${path}-wal`) || nonEmptyFile(`${path}-journal`),
    supportedVersion,
  });

  let inside: ReturnType<typeof inspectCopy>;
  try {
    inside = inspectCopy(path);
  } catch (error) {
    const code = sqliteCode(error);
    const detail = error instanceof Error ? error.message : String(error);
    if (code === undefined) {
      throw new DraftroomError('internal', `${path} could not be checked: ${detail}`);
    }
    throw new DraftroomError('corrupt', `${path} is damaged: SQLite cannot read it (${detail}).`);
  }
  if (inside.applicationId !== APPLICATION_ID) {
    throw new DraftroomError(
      'not-a-workspace',
      `${path} is not a Draftroom workspace (application id ${formatApplicationId(inside.applicationId)}).`,
    );
  }
  if (inside.userVersion > supportedVersion) {
    throw newerSchemaError(path, inside.userVersion, supportedVersion);
  }
  if (inside.problems.length > 0) {
    const more = inside.problems.length > 3 ? `; … ${inside.problems.length - 3} more` : '';
    const shown = inside.problems.slice(0, 3).map((line) => line.slice(0, 200)).join('; ') + more;
    throw new DraftroomError('corrupt', `${path} is damaged: the integrity check failed (${shown}).`);
  }
  return { schemaVersion: inside.userVersion };
}
