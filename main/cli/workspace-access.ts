import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DraftroomError } from '../../shared/api/errors';
import type { WorkspaceStoreApi } from '../store/store-types';
import { openWorkspaceForReading } from '../store/open-for-reading';
import { requireRegularFile } from '../store/regular-file';
import { openWorkspace } from '../store/workspace-store';

/**
 * Opens an existing workspace, runs `fn` on it and closes it. Fails with
 * `not-found` before touching anything if there is no such file, so a
 * read-only command can never create one, and with `not-a-workspace` for a
 * named pipe, device, socket or folder, without opening it. Unless `writes` is set, the file
 * is opened for reading only, which writes nothing to the file or beside it
 * (see `openWorkspaceForReading`).
 */
export function withWorkspace<T>(file: string, fn: (store: WorkspaceStoreApi) => T, options: { readonly writes?: boolean } = {}): T {
  if (!existsSync(file)) throw new DraftroomError('not-found', `no such file: ${file}`);
  requireRegularFile(file);
  const store = options.writes ? openWorkspace(file) : openWorkspaceForReading(file);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/**
 * Checks that a new workspace can be written at `file`: it must not exist
 * (`conflict`) and its folder must (`not-found`).
 */
export function assertCanCreate(file: string): void {
  if (existsSync(file)) throw new DraftroomError('conflict', `${file} already exists; choose a new file name`);
  const folder = dirname(file);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new DraftroomError('not-found', `no such folder: ${folder}`);
  }
}
