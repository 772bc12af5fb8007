import { dialog, type BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { writeSampleWorkspace } from '../sample/build-sample';
import { createWorkspace } from '../store/workspace-store';
import { WORKSPACE_EXTENSION } from '../services/workspace-path';

const FILTERS = [{ name: 'Draftroom workspaces', extensions: ['draftroom'] }];

/** The default workspace (`<userData>/Default.draftroom`). */
export function defaultWorkspacePath(userData: string): string {
  return join(userData, `Default${WORKSPACE_EXTENSION}`);
}

/** Where File › Open Sample Negotiation keeps the sample. */
export function samplePath(userData: string): string {
  return join(userData, `Sample negotiation${WORKSPACE_EXTENSION}`);
}

/**
 * Makes sure the default workspace exists. On first run, offers the sample
 * negotiation; otherwise creates an empty workspace. Returns its path.
 */
export async function ensureDefaultWorkspace(userData: string): Promise<string> {
  const path = defaultWorkspacePath(userData);
  if (existsSync(path)) return path;
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: 'Welcome to Draftroom',
    message: 'Start with the sample negotiation?',
    detail:
      'The sample is an illustrative peace-framework negotiation between four parties, with its versions and ' +
      'tracked changes. You can open it again at any time from File › Open Sample Negotiation.',
    buttons: ['Open the Sample', 'Start Empty'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (response === 0) writeSampleWorkspace(path);
  else createWorkspace(path, { name: 'My negotiation' }).close();
  return path;
}

/** The sample negotiation's file, created on first use. */
export function ensureSampleWorkspace(userData: string): string {
  const path = samplePath(userData);
  if (!existsSync(path)) writeSampleWorkspace(path);
  return path;
}

/** Asks for a workspace file to open; null if cancelled. */
export async function chooseWorkspaceToOpen(parent: BrowserWindow | null): Promise<string | null> {
  const options = { title: 'Open Workspace', properties: ['openFile' as const], filters: FILTERS };
  const result = parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/**
 * Asks where to create a new, empty workspace and creates it. Refuses an
 * existing file (it is never overwritten). Returns the path, or null if
 * cancelled or refused.
 */
export async function createNewWorkspace(parent: BrowserWindow | null, documentsDir: string): Promise<string | null> {
  const options = {
    title: 'New Workspace',
    defaultPath: join(documentsDir, `Negotiation${WORKSPACE_EXTENSION}`),
    filters: FILTERS,
    properties: ['createDirectory' as const],
  };
  const result = parent === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(parent, options);
  if (result.canceled || result.filePath === undefined || result.filePath === '') return null;
  let path = result.filePath;
  if (extname(path).toLowerCase() !== WORKSPACE_EXTENSION) path += WORKSPACE_EXTENSION;
  if (existsSync(path)) {
    await dialog.showMessageBox({
      type: 'warning',
      message: 'A file with that name already exists.',
      detail: `${path}\n\nDraftroom never overwrites a file. Choose another name, or open it with File › Open….`,
    });
    return null;
  }
  createWorkspace(path, { name: basename(path, extname(path)) }).close();
  return path;
}
