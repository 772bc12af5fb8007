import { type Stats, statSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { DraftroomError } from '../../shared/api/errors';
import { describeFileKind } from '../store/regular-file';

/** Extension of workspace files. */
export const WORKSPACE_EXTENSION = '.draftroom';

/**
 * Checks a path handed to main as a workspace to open (the API's
 * `openWorkspace`; in the desktop app also the command line, a second
 * instance, the OS's "open file", the recent list or a dialog) before
 * anything opens it: it must be absolute, name a
 * `.draftroom` file, and be a regular file (not a folder, a named pipe, a
 * device or a socket, which would block or mislead the store). A relative
 * path is resolved against `cwd` if one is given (the working directory of
 * the process that named it), and refused otherwise. Returns the absolute
 * path; throws `invalid-argument` or `not-found` with a sentence naming the
 * path. Reads nothing but the file's metadata.
 */
export function checkWorkspacePath(path: string, cwd?: string): string {
  if (path.trim() === '' || path.includes('\0')) {
    throw new DraftroomError('invalid-argument', 'no workspace file was named');
  }
  if (!isAbsolute(path) && cwd === undefined) {
    throw new DraftroomError('invalid-argument', `${path} is not an absolute path`);
  }
  const absolute = cwd === undefined ? resolve(path) : resolve(cwd, path);
  if (extname(absolute).toLowerCase() !== WORKSPACE_EXTENSION) {
    throw new DraftroomError('invalid-argument', `${absolute} is not a ${WORKSPACE_EXTENSION} file`);
  }
  let stats: Stats;
  try {
    stats = statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DraftroomError('not-found', `${absolute} does not exist`);
    throw new DraftroomError('invalid-argument', `${absolute} cannot be read (${code ?? 'unknown error'})`);
  }
  if (!stats.isFile()) {
    throw new DraftroomError('invalid-argument', `${absolute} is not a regular file (${describeFileKind(stats)})`);
  }
  return absolute;
}
