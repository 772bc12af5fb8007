import { closeSync, openSync, readSync } from 'node:fs';
import { DraftroomError } from '../../shared/api/errors';
import { APPLICATION_ID, SQLITE_HEADER_SIZE, SQLITE_MAGIC, formatApplicationId } from './workspace-format';

/** The fields of the 100-byte SQLite header that the store checks (all big-endian in the file). */
export interface SqliteHeader {
  /** Page size in bytes (512 … 65536). */
  readonly pageSize: number;
  /** File format write version: 1 = rollback journal, 2 = WAL. */
  readonly writeVersion: number;
  /** File format read version: 1 = rollback journal, 2 = WAL. */
  readonly readVersion: number;
  /** `PRAGMA user_version` (offset 60): our schema version. */
  readonly userVersion: number;
  /** `PRAGMA application_id` (offset 68). */
  readonly applicationId: number;
  /** Database size in pages as the header records it (offset 28). */
  readonly pageCount: number;
  /** Whether `pageCount` is trustworthy (change counter equals version-valid-for). */
  readonly pageCountValid: boolean;
}

/** Reads up to the first 100 bytes of a file without changing anything. */
export function readHeaderBytes(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const bytes = Buffer.alloc(SQLITE_HEADER_SIZE);
    const read = readSync(fd, bytes, 0, SQLITE_HEADER_SIZE, 0);
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Decodes the header fields; `bytes` must hold the full 100 bytes. */
export function parseSqliteHeader(bytes: Buffer): SqliteHeader {
  const rawPageSize = bytes.readUInt16BE(16);
  return {
    pageSize: rawPageSize === 1 ? 65536 : rawPageSize,
    writeVersion: bytes[18] ?? 0,
    readVersion: bytes[19] ?? 0,
    pageCount: bytes.readUInt32BE(28),
    pageCountValid: bytes.readUInt32BE(24) === bytes.readUInt32BE(92),
    userVersion: bytes.readInt32BE(60),
    applicationId: bytes.readUInt32BE(68),
  };
}

/** What the header check needs to know besides the header bytes. */
export interface HeaderCheckContext {
  /** Path, for messages. */
  readonly path: string;
  /** Size of the main file in bytes. */
  readonly fileSize: number;
  /** Whether a non-empty `-wal` file lies beside it (then the header may lag behind). */
  readonly hasWal: boolean;
  /** Highest schema version this build knows. */
  readonly supportedVersion: number;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/**
 * Checks the SQLite header of a would-be workspace before SQLite touches the
 * file. Throws `not-a-workspace`, `corrupt` or `newer-schema`; returns the
 * decoded header when the file looks like a workspace this build can open.
 */
export function checkWorkspaceHeader(bytes: Buffer, context: HeaderCheckContext): SqliteHeader {
  const { path } = context;
  if (context.fileSize === 0) {
    throw new DraftroomError('not-a-workspace', `${path} is not a Draftroom workspace: the file is empty.`);
  }
  if (bytes.length < SQLITE_MAGIC.length || !bytes.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new DraftroomError('not-a-workspace', `${path} is not a Draftroom workspace: it is not a SQLite database.`);
  }
  if (bytes.length < SQLITE_HEADER_SIZE) {
    throw new DraftroomError('corrupt', `${path} is damaged: it ends inside the SQLite header (${context.fileSize} bytes).`);
  }
  const header = parseSqliteHeader(bytes);
  if (header.applicationId !== APPLICATION_ID) {
    throw new DraftroomError(
      'not-a-workspace',
      `${path} is not a Draftroom workspace: it is a SQLite database of another application ` +
        `(application id ${formatApplicationId(header.applicationId)}, expected ${formatApplicationId(APPLICATION_ID)}).`,
    );
  }
  if (!isPowerOfTwo(header.pageSize) || header.pageSize < 512 || header.pageSize > 65536) {
    throw new DraftroomError('corrupt', `${path} is damaged: its header records an impossible page size (${header.pageSize}).`);
  }
  if (header.readVersion < 1 || header.readVersion > 2 || header.writeVersion < 1 || header.writeVersion > 2) {
    throw new DraftroomError('corrupt', `${path} is damaged: its header records an unknown file format.`);
  }
  if (header.userVersion < 0) {
    throw new DraftroomError('corrupt', `${path} is damaged: its header records a negative schema version.`);
  }
  if (header.userVersion > context.supportedVersion) {
    throw newerSchemaError(path, header.userVersion, context.supportedVersion);
  }
  if (context.fileSize % header.pageSize !== 0) {
    throw new DraftroomError(
      'corrupt',
      `${path} is damaged: its size (${context.fileSize} bytes) is not a whole number of ${header.pageSize}-byte pages (truncated?).`,
    );
  }
  // Without a WAL the main file is the whole database, so it must hold every page the header counts.
  if (!context.hasWal && header.pageCountValid && header.pageCount * header.pageSize > context.fileSize) {
    throw new DraftroomError(
      'corrupt',
      `${path} is damaged: it should hold ${header.pageCount} pages but holds ${context.fileSize / header.pageSize} (truncated?).`,
    );
  }
  return header;
}

/** The `newer-schema` error, naming both versions. */
export function newerSchemaError(path: string, fileVersion: number, supportedVersion: number): DraftroomError {
  return new DraftroomError(
    'newer-schema',
    `${path} was written by a newer Draftroom: its schema version is ${fileVersion}, ` +
      `this build supports up to ${supportedVersion}. Update Draftroom to open it.`,
  );
}
