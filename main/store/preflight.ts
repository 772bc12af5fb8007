import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DraftroomError, errorText } from '../../shared/api/errors';
import { STREAMING_CACHE_KIB, withPageCache } from './connection';
import { checkWorkspaceHeader, newerSchemaError, type SqliteHeader } from './file-header';
import { sqliteCode } from './sqlite-errors';
import { describeFileKind, readRegularFileStart } from './regular-file';
import { APPLICATION_ID, BUSY_TIMEOUT_MS, SQLITE_HEADER_SIZE, formatApplicationId } from './workspace-format';

/** What the preflight learned about a file it accepts. */
export interface PreflightResult {
  /** Schema version recorded in the database (WAL included). */
  readonly schemaVersion: number;
}

/** Files SQLite keeps beside a database that may hold committed data. */
const SIDE_FILES = ['-wal', '-journal'] as const;

/** Every file SQLite may keep beside a database. */
const COMPANION_SUFFIXES = ['-wal', '-journal', '-shm'] as const;

/** How often to retry when another process rewrites the WAL while we copy it. */
const COPY_ATTEMPTS = 3;

/** Which of the files SQLite keeps beside a database are present. */
export interface Companions {
  readonly wal: boolean;
  readonly journal: boolean;
  readonly shm: boolean;
  /** Whether the WAL or the journal is present and not empty (then they may hold committed data). */
  readonly sideData: boolean;
}

function statCompanion(path: string, companion: string): Stats | undefined {
  let stats: Stats;
  try {
    stats = statSync(companion);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new DraftroomError('corrupt', `${path} cannot be read: ${companion} beside it cannot be read (${code ?? String(error)}).`);
  }
  if (!stats.isFile()) {
    throw new DraftroomError(
      'corrupt',
      `${path} cannot be opened safely: ${companion} beside it is ${describeFileKind(stats)}, not a regular file.`,
    );
  }
  return stats;
}

/**
 * Looks at the `-wal`, `-journal` and `-shm` files beside a database without
 * opening them; `corrupt` if one is there but is not a regular file (a pipe
 * or a device would make SQLite, or a copy, wait forever).
 */
export function findCompanions(path: string): Companions {
  const [wal, journal, shm] = COMPANION_SUFFIXES.map((suffix) => statCompanion(path, `${path}${suffix}`));
  return {
    wal: wal !== undefined,
    journal: journal !== undefined,
    shm: shm !== undefined,
    sideData: (wal?.size ?? 0) > 0 || (journal?.size ?? 0) > 0,
  };
}

/** The first bytes of the WAL (its header names the current WAL generation), or '' if none. */
function walGeneration(path: string): string {
  if (!existsSync(`${path}-wal`)) return '';
  try {
    return readRegularFileStart(`${path}-wal`, 32).bytes.toString('hex');
  } catch {
    return '';
  }
}

/**
 * Copies a workspace file and the side files that may hold committed data
 * (WAL, journal) to `copy`, without writing to the original. Copies again if
 * a writer restarted the WAL meanwhile (a torn copy). The `-shm` index is
 * never copied: SQLite rebuilds it from the WAL.
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

/**
 * Checks the first 100 bytes of `path` (read by hand, never by SQLite) and
 * the files beside it. Throws `not-found`, `not-a-workspace` (also for a
 * pipe, device, socket or folder), `corrupt` or `newer-schema`.
 */
export function preflightHeader(path: string, supportedVersion: number): { header: SqliteHeader; companions: Companions } {
  const { stats, bytes } = readRegularFileStart(path, SQLITE_HEADER_SIZE);
  const companions = findCompanions(path);
  const header = checkWorkspaceHeader(bytes, { path, fileSize: stats.size, hasWal: companions.sideData, supportedVersion });
  return { header, companions };
}

/**
 * `PRAGMA quick_check` on `db` with a small page cache (`withPageCache`):
 * the check reads every page about once, and filling the default 16 MB
 * cache was about two thirds of its CPU time on a 14 MB file (B2).
 */
function quickCheck(db: Database.Database): { quick_check: string }[] {
  return withPageCache(db, STREAMING_CACHE_KIB, () => db.pragma('quick_check') as { quick_check: string }[]);
}

/**
 * Asks SQLite, on an open connection, whether the database is a workspace
 * this build can open: application id, schema version, `PRAGMA
 * quick_check`. Reads only. Throws `not-a-workspace`, `newer-schema` or
 * `corrupt`; returns the schema version.
 */
export function inspectDatabase(db: Database.Database, path: string, supportedVersion: number): number {
  let applicationId: number;
  let userVersion: number;
  let problems: string[];
  try {
    applicationId = (db.pragma('application_id', { simple: true }) as number) >>> 0;
    userVersion = db.pragma('user_version', { simple: true }) as number;
    problems = quickCheck(db)
      .flatMap((row) => row.quick_check.split('\n'))
      .filter((line) => line !== 'ok' && !line.startsWith('*** in database'));
  } catch (error) {
    throw sqliteFailure(path, error);
  }
  if (applicationId !== APPLICATION_ID) {
    throw new DraftroomError(
      'not-a-workspace',
      `${path} is not a Draftroom workspace (application id ${formatApplicationId(applicationId)}).`,
    );
  }
  if (userVersion > supportedVersion) throw newerSchemaError(path, userVersion, supportedVersion);
  if (problems.length > 0) {
    const more = problems.length > 3 ? `; … ${problems.length - 3} more` : '';
    const shown = problems.slice(0, 3).map((line) => line.slice(0, 200)).join('; ') + more;
    throw new DraftroomError('corrupt', `${path} is damaged: the integrity check failed (${shown}).`);
  }
  return userVersion;
}

function sqliteFailure(path: string, error: unknown): DraftroomError {
  if (error instanceof DraftroomError) return error;
  const detail = errorText(error);
  if (sqliteCode(error) === undefined) return new DraftroomError('internal', `${path} could not be checked: ${detail}`);
  return new DraftroomError('corrupt', `${path} is damaged: SQLite cannot read it (${detail}).`);
}

/** A private copy of a workspace, open read-write on a connection of its own. */
export interface PrivateCopy {
  /** Connection to the copy (nobody else has it: writing to it changes nothing of the original). */
  readonly db: Database.Database;
  /** Schema version of the copy (WAL included). */
  readonly schemaVersion: number;
  /** Closes the connection and deletes the copy. */
  dispose(): void;
}

/**
 * Copies `path` (main file plus WAL or journal) into a fresh private folder
 * and opens the copy, which SQLite may then recover (replay a hot journal,
 * fold a WAL) without touching the original or anything beside it; checks
 * the copy with `inspectDatabase`. The header must have been checked
 * (`preflightHeader`). Throws like `inspectDatabase`.
 */
export function openPrivateCopy(path: string, supportedVersion: number): PrivateCopy {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-copy-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  let db: Database.Database | undefined;
  try {
    const copy = join(dir, 'workspace.draftroom');
    try {
      copyWorkspaceFiles(path, copy);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EIO' || code === 'EISDIR') {
        throw new DraftroomError('corrupt', `${path} cannot be read (${code}).`);
      }
      throw new DraftroomError('internal', `${path} could not be copied to check it: ${errorText(error)}`);
    }
    try {
      db = new Database(copy, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
      // The copy is thrown away: no need to sync it.
      db.pragma('synchronous = OFF');
    } catch (error) {
      throw sqliteFailure(path, error);
    }
    const schemaVersion = inspectDatabase(db, path, supportedVersion);
    const opened = db;
    return {
      db: opened,
      schemaVersion,
      dispose(): void {
        try {
          if (opened.open) opened.close();
        } finally {
          remove();
        }
      },
    };
  } catch (error) {
    if (db?.open) db.close();
    remove();
    throw error;
  }
}

/**
 * Decides whether `path` is a workspace this build can open, without
 * modifying it or anything beside it. First the 100-byte header, read by
 * hand; then SQLite itself on a private copy (the WAL may be newer than the
 * header), with `PRAGMA quick_check`: even a read-only connection on the
 * original would create or write `-shm`. Throws `not-found`,
 * `not-a-workspace`, `corrupt` or `newer-schema`.
 */
export function preflightWorkspace(path: string, supportedVersion: number): PreflightResult {
  preflightHeader(path, supportedVersion);
  const copy = openPrivateCopy(path, supportedVersion);
  const schemaVersion = copy.schemaVersion;
  copy.dispose();
  return { schemaVersion };
}
