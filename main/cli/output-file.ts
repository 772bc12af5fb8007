import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { DraftroomError } from '../../shared/api/errors';
import { formatOfFileName, REDLINE_FORMATS, type RedlineFormat } from '../../shared/redline/file-name';

/**
 * Files the CLI writes beside a workspace (a .docx redline): checked before
 * any work, written whole or not at all.
 */

/**
 * Checks that `path` may be written: it has the `extension` (e.g. ".docx"),
 * its folder exists, it is not a folder, and it does not exist unless
 * `overwrite` (`conflict` otherwise: "use --force"). Also refuses the
 * workspace file itself. Writes nothing.
 */
export function assertCanWriteOutput(path: string, options: { extension: string; overwrite: boolean; workspace: string }): void {
  if (extname(path).toLowerCase() !== options.extension) {
    throw new DraftroomError('invalid-argument', `--out must name a ${options.extension} file (got ${basename(path)})`);
  }
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new DraftroomError('not-found', `no such folder: ${folder}`);
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) throw new DraftroomError('invalid-argument', `${path} is a folder`);
  if (path === options.workspace) throw new DraftroomError('invalid-argument', '--out must not be the workspace file');
  if (!options.overwrite) throw new DraftroomError('conflict', `${path} already exists; add --force to overwrite it`);
}

/**
 * Writes `bytes` to `path` so that a reader (or a crash) never sees half a
 * file: into a temporary file in the same folder, flushed to disk, then
 * moved into place in one step. Without `overwrite` the move fails with
 * `conflict` if `path` appeared meanwhile. The temporary file never stays.
 */
export function writeFileAtomically(path: string, bytes: Uint8Array, overwrite: boolean): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeThenMove(temporary, path, bytes, overwrite);
  } catch (error) {
    throw asWriteError(error, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** A file-system failure as one clear line: no permission, disk full, read-only file system… (`io-error`-like, exit 2). */
function asWriteError(error: unknown, path: string): unknown {
  if (error instanceof DraftroomError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EIO: 'an input/output error',
  };
  if (code !== undefined && why[code] !== undefined) {
    return new DraftroomError('invalid-argument', `could not write ${path}: ${why[code]}; nothing was written`);
  }
  return error;
}

function writeThenMove(temporary: string, path: string, bytes: Uint8Array, overwrite: boolean): void {
  const fd = openSync(temporary, 'wx', 0o644);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (overwrite) {
    renameSync(temporary, path);
  } else {
    const taken = (): DraftroomError => new DraftroomError('conflict', `${path} already exists; add --force to overwrite it`);
    try {
      // A hard link fails if the name is taken: no overwriting a file that appeared since the check.
      linkSync(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
      // A file system without hard links: check again and move.
      if (existsSync(path)) throw taken();
      renameSync(temporary, path);
    }
  }
}

/** The format of an export: `--format` (`asked`), else the `--out` file's extension; the two must agree (`invalid-argument`). */
export function outputFormat(out: string, asked: string | undefined): RedlineFormat {
  const byName = formatOfFileName(out);
  const format = (asked as RedlineFormat | undefined) ?? byName;
  if (format === undefined) {
    throw new DraftroomError('invalid-argument', `--out must end in ${REDLINE_FORMATS.map((f) => `.${f}`).join(', ')} (or give --format)`);
  }
  if (byName !== undefined && byName !== format) throw new DraftroomError('invalid-argument', `--out ends in .${byName} but --format is ${format}`);
  return format;
}
