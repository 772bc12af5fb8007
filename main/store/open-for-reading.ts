import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LATEST_SCHEMA_VERSION } from './migrations/registry';
import { copyWorkspaceFiles, preflightWorkspace } from './preflight';
import type { WorkspaceStoreApi } from './store-types';
import { openWorkspace } from './workspace-store';

/**
 * Opens a workspace for reading without ever changing the file: a file of
 * the current schema is opened as usual (reads write nothing), and a file
 * written by an older Draftroom is upgraded in a private temporary copy,
 * which `close` deletes, so that the original stays as it was until a
 * command that writes opens it. Refuses like `openWorkspace`.
 */
export function openWorkspaceForReading(path: string): WorkspaceStoreApi {
  const target = resolve(path);
  const { schemaVersion } = preflightWorkspace(target, LATEST_SCHEMA_VERSION);
  if (schemaVersion === LATEST_SCHEMA_VERSION) return openWorkspace(target);
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-read-'));
  try {
    const copy = join(dir, 'workspace.draftroom');
    copyWorkspaceFiles(target, copy);
    const store = openWorkspace(copy);
    const closeStore = store.close.bind(store);
    return Object.assign(store, {
      close(): void {
        try {
          closeStore();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
