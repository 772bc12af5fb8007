import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DraftroomError } from '../../shared/api/errors';

/**
 * Members' private key files as the CLI writes and reads them: PEM text,
 * created new (never over an existing file) with mode 0600, always outside
 * the workspace file.
 */

/** Longest key file read (an Ed25519 PEM is 119 bytes; anything large is not a key). */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Checks that a new key file may be written at `path`: not the workspace,
 * not existing (`conflict`: a key is never overwritten), its folder exists.
 */
export function assertCanWriteKeyFile(path: string, workspace: string): void {
  if (resolve(path) === resolve(workspace)) throw new DraftroomError('invalid-argument', '--out must not be the workspace file: the private key lives outside it');
  if (existsSync(path)) throw new DraftroomError('conflict', `${path} already exists; a key file is never overwritten (choose a new name)`);
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new DraftroomError('not-found', `no such folder: ${folder}`);
}

/** Writes a private key file: created exclusively, readable and writable by its owner only (0600). */
export function writeKeyFile(path: string, pem: string): void {
  try {
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new DraftroomError('conflict', `${path} already exists; a key file is never overwritten`);
    throw new DraftroomError('invalid-argument', `could not write ${path} (${code ?? 'unknown error'}); nothing was written`);
  }
}

/** Removes a key file this run wrote (when recording its public half failed). */
export function removeKeyFile(path: string): void {
  rmSync(path, { force: true });
}

/** A key file's text; `not-found` or `invalid-argument` (a folder, too large, unreadable) with the path. */
export function readKeyFile(path: string): string {
  if (!existsSync(path)) throw new DraftroomError('not-found', `no such key file: ${path}`);
  const stat = statSync(path);
  if (!stat.isFile()) throw new DraftroomError('invalid-argument', `${path} is not a key file`);
  if (stat.size > MAX_KEY_FILE_BYTES) throw new DraftroomError('invalid-argument', `${path} is too large to be a key file`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new DraftroomError('invalid-argument', `could not read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}
