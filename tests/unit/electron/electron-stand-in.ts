/**
 * A stand-in for the `electron` module, so that main/electron runs under
 * Node in tests (this machine cannot run Electron): it records what the
 * shell asks of Electron (windows made and their options, handlers set on
 * the session and on pages, message boxes shown) and lets a test fire the
 * events Electron would. Tests install it with
 * `vi.mock('electron', async () => (await import('./electron-stand-in')).electronStandIn)`.
 */
import { EventEmitter } from 'node:events';

type Handler = (...args: never[]) => unknown;

/** A fake `Session`: every `set…Handler` is recorded under its method name. */
export class FakeSession extends EventEmitter {
  readonly handlers = new Map<string, Handler | null>();
  spellCheckerEnabled = true;
  readonly webRequest = { onHeadersReceived: (_listener: Handler): void => undefined };

  setPermissionRequestHandler(handler: Handler | null): void {
    this.handlers.set('setPermissionRequestHandler', handler);
  }
  setPermissionCheckHandler(handler: Handler | null): void {
    this.handlers.set('setPermissionCheckHandler', handler);
  }
  setDevicePermissionHandler(handler: Handler | null): void {
    this.handlers.set('setDevicePermissionHandler', handler);
  }
  setDisplayMediaRequestHandler(handler: Handler | null): void {
    this.handlers.set('setDisplayMediaRequestHandler', handler);
  }
  setBluetoothPairingHandler(handler: Handler | null): void {
    this.handlers.set('setBluetoothPairingHandler', handler);
  }
  setSpellCheckerEnabled(enabled: boolean): void {
    this.spellCheckerEnabled = enabled;
  }
}

let nextContentsId = 1;

/** A fake `WebContents`: an emitter with the window-open handler recorded. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  windowOpenHandler: Handler | null = null;
  readonly sent: unknown[][] = [];
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return false;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
}

/** Every `BrowserWindow` the shell made, in order. */
export const windowsMade: FakeBrowserWindow[] = [];

/** A fake `BrowserWindow` that keeps its constructor options. */
export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    windowsMade.push(this);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return windowsMade;
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return null;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  show(): void {}
}

/** The default session every window uses. */
export const defaultSession = new FakeSession();

/** Message boxes and error boxes the shell showed (their options or title and text). */
export const messageBoxes: unknown[] = [];

/** `app` as the shell uses it; `userData` must be set by the test before main.ts is imported. */
export const fakeApp = Object.assign(new EventEmitter(), {
  userData: '',
  isPackaged: false,
  getAppPath: () => '/nonexistent/draftroom-app',
  getPath: (name: string) => (name === 'userData' || name === 'documents' ? fakeApp.userData : `/nonexistent/${name}`),
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  isReady: () => true,
  addRecentDocument: (_path: string) => undefined,
  clearRecentDocuments: () => undefined,
  quit: () => undefined,
  exit: (_code?: number) => undefined,
});

/** The module itself. */
export const electronStandIn = {
  app: fakeApp,
  BrowserWindow: FakeBrowserWindow,
  Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: (_menu: unknown) => undefined },
  dialog: {
    showMessageBox: (options: unknown) => {
      messageBoxes.push(options);
      return Promise.resolve({ response: 1 });
    },
    showErrorBox: (title: string, content: string) => messageBoxes.push({ title, content }),
    showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
    showSaveDialog: () => Promise.resolve({ canceled: true }),
  },
  ipcMain: { handle: (_channel: string, _listener: Handler) => undefined },
  protocol: { registerSchemesAsPrivileged: (_schemes: unknown) => undefined, handle: (_scheme: string, _handler: Handler) => undefined },
  session: { defaultSession },
  shell: { openExternal: (_url: string) => Promise.resolve() },
};
