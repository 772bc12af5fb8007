import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import type { MenuCommand } from '../../shared/api/contract';
import { type ApiSession, createApiSession } from '../services/api-session';
import { canonicalWorkspacePath, type WorkspaceRegistry } from '../services/workspace-registry';
import { sendApiEvent } from './ipc';
import { refuseBluetoothChooser } from './session-hardening';

/** What the window manager needs. */
export interface WorkspaceWindowsOptions {
  readonly registry: WorkspaceRegistry;
  /** Absolute path of the bundled preload (`dist/electron/preload.cjs`). */
  readonly preloadPath: string;
  /** URL of the renderer's page. */
  readonly rendererUrl: string;
}

interface WorkspaceWindow {
  readonly window: BrowserWindow;
  readonly session: ApiSession;
}

/**
 * One BrowserWindow per workspace, each with its own API session. Windows
 * are sandboxed, context-isolated, without Node; they can neither navigate
 * away nor open windows (http(s) links go to the system browser).
 */
export class WorkspaceWindows {
  private readonly windows = new Map<number, WorkspaceWindow>();

  constructor(private readonly options: WorkspaceWindowsOptions) {}

  /**
   * Shows a workspace: focuses its window if it has one, otherwise opens the
   * file and a window for it. Throws the store's error if the file is
   * refused (nothing is opened then).
   */
  show(path: string): BrowserWindow {
    const key = canonicalWorkspacePath(path);
    for (const entry of this.windows.values()) {
      if (entry.session.workspacePath === key) {
        if (entry.window.isMinimized()) entry.window.restore();
        entry.window.focus();
        return entry.window;
      }
    }
    let target: WebContents | null = null;
    const session = createApiSession({
      registry: this.options.registry,
      workspacePath: key,
      emit: (event, payload) => {
        if (target !== null) sendApiEvent(target, event, payload);
      },
    });
    const window = this.createWindow();
    target = window.webContents;
    this.attach(window, session);
    void window.loadURL(this.options.rendererUrl);
    return window;
  }

  /** The session of a window's web contents, if it is one of ours. */
  sessionFor(contents: WebContents): ApiSession | undefined {
    return this.windows.get(contents.id)?.session;
  }

  /** Sends a menu command to a window's renderer. */
  sendMenuCommand(window: BrowserWindow | null, command: MenuCommand): void {
    if (window === null) return;
    const entry = this.windows.get(window.webContents.id);
    if (entry !== undefined) sendApiEvent(window.webContents, 'menuCommand', { command });
  }

  /** Number of open workspace windows. */
  get count(): number {
    return this.windows.size;
  }

  /** Ends every session (the app is quitting). */
  closeAllSessions(): void {
    for (const entry of this.windows.values()) entry.session.close();
    this.windows.clear();
  }

  private createWindow(): BrowserWindow {
    return new BrowserWindow(workspaceWindowOptions(this.options.preloadPath));
  }

  private attach(window: BrowserWindow, session: ApiSession): void {
    const contents = window.webContents;
    const id = contents.id;
    this.windows.set(id, { window, session });
    window.once('ready-to-show', () => window.show());
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      openExternally(url);
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    refuseBluetoothChooser(contents);
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
    // A reload or a crashed renderer loses its mirror documents: close them
    // in main too, so that the fresh page starts a clean sync.
    contents.on('did-start-loading', () => session.closeAllDocuments());
    contents.on('render-process-gone', () => session.closeAllDocuments());
    window.on('closed', () => {
      this.windows.delete(id);
      session.close();
    });
  }
}

/**
 * How every workspace window is made: sandboxed, context-isolated, without
 * Node in the page or its frames, web security on, no `<webview>`, no
 * navigation by dropping a file, and no spellchecker (Chromium's downloads
 * dictionaries from the network and reads what is typed; a negotiator's
 * draft must not leave the machine that way).
 */
export function workspaceWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Draftroom',
    backgroundColor: '#f7f5f0',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      experimentalFeatures: false,
    },
  };
}

/** Opens http(s) links in the system browser; anything else is ignored. */
export function openExternally(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') void shell.openExternal(parsed.toString());
}
