import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { DraftroomError } from '../../shared/api/errors';

/** What a path that is not a regular file is, in words, for messages. */
export function describeFileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** The `not-a-workspace` error for a path that is not a regular file. */
export function notRegularFileError(path: string, stats: Stats): DraftroomError {
  return new DraftroomError(
    'not-a-workspace',
    `${path} is not a Draftroom workspace: it is ${describeFileKind(stats)}, not a regular file.`,
  );
}

function openFailure(path: string, error: unknown): DraftroomError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new DraftroomError('not-found', `${path} does not exist.`);
  return new DraftroomError('corrupt', `${path} cannot be read (${code ?? String(error)}).`);
}

/**
 * Opens `path` for reading without ever blocking, and checks that it is a
 * regular file (by `stat` before opening, so a device is never opened, and
 * by `fstat` after); returns what `fstat` says of it and its first
 * `headerBytes` bytes. A named pipe, a device, a socket or a folder is refused
 * (`not-a-workspace`) before anything is read from it: opening a FIFO
 * without `O_NONBLOCK` waits for a writer forever, and reading a device may
 * never end. The check is made on the open descriptor, so a file swapped for
 * a pipe between the first `stat` and the open cannot slip through. Files of
 * `/proc` report a size of 0 and are then refused as empty by the header
 * check. `not-found` if there is no such file.
 */
export function readRegularFileStart(path: string, headerBytes: number): { stats: Stats; bytes: Buffer } {
  requireRegularFile(path);
  let fd: number;
  try {
    // O_NONBLOCK is undefined on Windows, which has no FIFOs of this kind.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw openFailure(path, error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw notRegularFileError(path, stats);
    const bytes = Buffer.alloc(headerBytes);
    let read: number;
    try {
      read = readSync(fd, bytes, 0, headerBytes, 0);
    } catch (error) {
      throw openFailure(path, error);
    }
    return { stats, bytes: bytes.subarray(0, read) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Throws `not-found` or `not-a-workspace` unless `path` is a regular file
 * (symbolic links followed). Never opens or reads the file.
 */
export function requireRegularFile(path: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw openFailure(path, error);
  }
  if (!stats.isFile()) throw notRegularFileError(path, stats);
}
