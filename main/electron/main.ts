import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { join, resolve } from 'node:path';
import { DraftroomError, errorText } from '../../shared/api/errors';
import { WorkspaceRegistry } from '../services/workspace-registry';
import { registerApiIpc } from './ipc';
import { buildApplicationMenu } from './menu';
import { describeOpenFailure } from './open-errors';
import { RecentFiles } from './recent-files';
import { registerRendererScheme, RENDERER_ENTRY, serveRenderer } from './renderer-protocol';
import { hardenSession } from './session-hardening';
import { WorkspaceWindows } from './windows';
import { chooseWorkspaceToOpen, createNewWorkspace, ensureDefaultWorkspace, ensureSampleWorkspace } from './workspace-files';
import { checkWorkspacePath, WORKSPACE_EXTENSION } from '../services/workspace-path';

/*
 * Draftroom's Electron main process: one sandboxed window per workspace,
 * each with its own API session on the shared main services.
 */

const registry = new WorkspaceRegistry();
const windows = new WorkspaceWindows({
  registry,
  preloadPath: join(app.getAppPath(), 'dist', 'electron', 'preload.cjs'),
  rendererUrl: RENDERER_ENTRY,
});
const recent = new RecentFiles(join(app.getPath('userData'), 'recent-workspaces.json'));
const isMac = process.platform === 'darwin';
/** Files the OS asked to open before the app was ready (macOS `open-file`). */
const pendingFiles: string[] = [];

registerRendererScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Draftroom runs: it opens our files (second-instance) and we quit.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const files = filesFromArgv(argv.slice(1), workingDirectory);
    if (files.length === 0) focusAnyWindow();
    for (const file of files) void openWorkspace(file);
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) void openWorkspace(path);
    else pendingFiles.push(path);
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });
  app.on('activate', () => {
    if (windows.count === 0) void openDefault();
  });
  app.on('before-quit', () => {
    windows.closeAllSessions();
    registry.closeAll();
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error('draftroom: could not start:', error);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  serveRenderer(join(app.getAppPath(), 'dist', 'renderer'));
  registerApiIpc((sender) => windows.sessionFor(sender));
  refreshMenu(recent.list());
  const files = [...pendingFiles, ...filesFromArgv(process.argv.slice(app.isPackaged ? 1 : 2), process.cwd())];
  if (files.length === 0) await openDefault();
  for (const file of files) await openWorkspace(file);
}

async function openDefault(): Promise<void> {
  try {
    await openWorkspace(await ensureDefaultWorkspace(app.getPath('userData')));
  } catch (error) {
    dialog.showErrorBox('Draftroom could not create its default workspace', errorText(error));
  }
}

/**
 * Opens a workspace in its window. The path is checked first (absolute, a
 * regular `.draftroom` file: `checkWorkspacePath`); a path refused there or
 * a file that cannot be opened gets a clear message box and is left
 * untouched; nothing else changes.
 */
async function openWorkspace(path: string): Promise<boolean> {
  try {
    windows.show(checkWorkspacePath(path));
  } catch (error) {
    const failure = describeOpenFailure(path, error);
    await dialog.showMessageBox({ type: 'error', title: 'Draftroom', message: failure.message, detail: failure.detail });
    if (error instanceof DraftroomError && error.code === 'not-found') refreshMenu(recent.remove(path));
    return false;
  }
  app.addRecentDocument(path);
  refreshMenu(recent.add(path));
  return true;
}

function refreshMenu(recentFiles: readonly string[]): void {
  const menu = buildApplicationMenu(
    {
      newWorkspace: () => {
        void createNewWorkspace(BrowserWindow.getFocusedWindow(), app.getPath('documents'))
          .then((path) => (path === null ? undefined : openWorkspace(path)))
          .catch((error: unknown) => dialog.showErrorBox('Draftroom could not create the workspace', errorText(error)));
      },
      open: () => {
        void chooseWorkspaceToOpen(BrowserWindow.getFocusedWindow()).then((path) =>
          path === null ? undefined : openWorkspace(path),
        );
      },
      openRecent: (path) => void openWorkspace(path),
      clearRecent: () => {
        app.clearRecentDocuments();
        refreshMenu(recent.clear());
      },
      openSample: () => {
        try {
          void openWorkspace(ensureSampleWorkspace(app.getPath('userData')));
        } catch (error) {
          dialog.showErrorBox('Draftroom could not create the sample negotiation', errorText(error));
        }
      },
      command: (command) => windows.sendMenuCommand(BrowserWindow.getFocusedWindow(), command),
    },
    { recent: recentFiles, isMac, devTools: !app.isPackaged },
  );
  Menu.setApplicationMenu(menu);
}

function focusAnyWindow(): void {
  const [first] = BrowserWindow.getAllWindows();
  if (first === undefined) {
    void openDefault();
    return;
  }
  if (first.isMinimized()) first.restore();
  first.focus();
}

/** The workspace files named on a command line, resolved against the directory it ran in. */
function filesFromArgv(args: readonly string[], workingDirectory: string): string[] {
  return args
    .filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith(WORKSPACE_EXTENSION))
    .map((arg) => resolve(workingDirectory, arg));
}
