import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DraftroomError } from '../../../shared/api/errors';
import type { OpenWorkspace, WorkspaceRegistry } from '../../services/workspace-registry';

/** One workspace file the team server serves. */
export interface ServedWorkspace {
  /** The workspace id (the first segment of every URL). */
  readonly id: string;
  readonly workspace: OpenWorkspace;
}

/** The extension of workspace files a folder is scanned for. */
const WORKSPACE_EXTENSION = '.draftroom';

/**
 * The workspace files `draftroom serve <path>` means: the file itself, or
 * every `*.draftroom` file directly in a folder. `not-found` if the path
 * does not exist or a folder holds no workspace file.
 */
export function workspaceFilesAt(path: string): string[] {
  const target = resolve(path);
  let isFolder: boolean;
  try {
    isFolder = statSync(target).isDirectory();
  } catch {
    throw new DraftroomError('not-found', `no such file or folder: ${target}`);
  }
  if (!isFolder) return [target];
  const files = readdirSync(target)
    .filter((name) => name.endsWith(WORKSPACE_EXTENSION) && !name.startsWith('.'))
    .sort()
    .map((name) => join(target, name))
    .filter((file) => statSync(file).isFile());
  if (files.length === 0) throw new DraftroomError('not-found', `no ${WORKSPACE_EXTENSION} files in ${target}`);
  return files;
}

/**
 * Opens every file through the registry and keys it by workspace id. Fails
 * (releasing what it opened) with the store's error for a file that is not
 * a workspace, or `conflict` if two files hold the same workspace (a copy).
 */
export function openServedWorkspaces(registry: WorkspaceRegistry, files: readonly string[]): Map<string, ServedWorkspace> {
  const served = new Map<string, ServedWorkspace>();
  try {
    for (const file of files) {
      const workspace = registry.acquire(file);
      const id = workspace.store.meta().id;
      const twin = served.get(id);
      if (twin !== undefined) {
        registry.release(workspace);
        throw new DraftroomError('conflict', `${file} and ${twin.workspace.path} are the same workspace (${id}); serve one of them`);
      }
      served.set(id, { id, workspace });
    }
  } catch (error) {
    for (const { workspace } of served.values()) registry.release(workspace);
    throw error;
  }
  return served;
}
