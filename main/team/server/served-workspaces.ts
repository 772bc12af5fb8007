import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DraftroomError } from '../../../shared/api/errors';
import type { WorkspaceRegistry } from '../../services/workspace-registry';
import { serverStoreOf, type ServerStore } from '../../store/server-store';
import { hubDocuments, type DocumentService } from './document-service';

/** One workspace the team server serves, from a file or from a database. */
export interface ServedWorkspace {
  /** The workspace id (the first segment of every URL). */
  readonly id: string;
  /** Its name when the server started. */
  readonly name: string;
  /** Where it lives: a file path, or `postgres://…#<id>`. */
  readonly location: string;
  readonly store: ServerStore;
  readonly documents: DocumentService;
  /** Lets go of it (the server is stopping): compacts open documents and closes what it opened. */
  release(): Promise<void>;
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
 * Opens every file through the registry (its synchronous store and
 * document hub, seen through `serverStoreOf` and `hubDocuments`) and keys
 * it by workspace id. Fails (releasing what it opened) with the store's
 * error for a file that is not a workspace, or `conflict` if two files hold
 * the same workspace (a copy).
 */
export function openServedWorkspaces(registry: WorkspaceRegistry, files: readonly string[]): Map<string, ServedWorkspace> {
  const served = new Map<string, ServedWorkspace>();
  try {
    for (const file of files) {
      const workspace = registry.acquire(file);
      const meta = workspace.store.meta();
      const twin = served.get(meta.id);
      if (twin !== undefined) {
        registry.release(workspace);
        throw new DraftroomError('conflict', `${file} and ${twin.location} are the same workspace (${meta.id}); serve one of them`);
      }
      served.set(meta.id, {
        id: meta.id,
        name: meta.name,
        location: workspace.path,
        store: serverStoreOf(workspace.store),
        documents: hubDocuments(workspace.hub),
        release: () => {
          registry.release(workspace);
          return Promise.resolve();
        },
      });
    }
  } catch (error) {
    for (const workspace of served.values()) void workspace.release();
    throw error;
  }
  return served;
}
