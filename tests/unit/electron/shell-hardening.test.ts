import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DraftroomError } from '../../../shared/api/errors';
import { hardenSession } from '../../../main/electron/session-hardening';
import { workspaceWindowOptions } from '../../../main/electron/windows';
import { checkWorkspacePath } from '../../../main/services/workspace-path';
import { createWorkspace } from '../../../main/store/workspace-store';
import { defaultSession, fakeApp, FakeSession, messageBoxes, windowsMade } from './electron-stand-in';

vi.mock('electron', async () => (await import('./electron-stand-in')).electronStandIn);

type Callback = (value: unknown) => void;

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DraftroomError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('the Electron shell (under a stand-in electron module)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'draftroom-shell-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes windows sandboxed, isolated, without Node and without the spellchecker', () => {
    const { webPreferences } = workspaceWindowOptions('/app/preload.cjs');
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
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
    });
  });

  it('refuses every permission, device and screen capture, and turns the spellchecker off', () => {
    const session = new FakeSession();
    hardenSession(session as never);
    const request = session.handlers.get('setPermissionRequestHandler') as (c: unknown, p: string, cb: Callback, d: unknown) => void;
    const check = session.handlers.get('setPermissionCheckHandler') as (c: unknown, p: string, o: string, d: unknown) => boolean;
    const device = session.handlers.get('setDevicePermissionHandler') as (d: unknown) => boolean;
    const display = session.handlers.get('setDisplayMediaRequestHandler') as (r: unknown, cb: Callback) => void;
    const pairing = session.handlers.get('setBluetoothPairingHandler') as (d: unknown, cb: Callback) => void;
    const permissions = ['media', 'display-capture', 'notifications', 'geolocation', 'clipboard-read', 'hid', 'usb', 'serial', 'midiSysex', 'fileSystem', 'openExternal', 'unknown'];
    for (const permission of permissions) {
      const answers: unknown[] = [];
      request({}, permission, (granted) => answers.push(granted), {});
      expect(answers, permission).toEqual([false]);
      expect(check(null, permission, 'draftroom://app', {}), permission).toBe(false);
    }
    expect(device({ deviceType: 'usb', origin: 'draftroom://app', device: {} })).toBe(false);
    expect(device({ deviceType: 'hid', origin: 'draftroom://app', device: {} })).toBe(false);
    const streams: unknown[] = [];
    display({ frame: {}, securityOrigin: 'draftroom://app', videoRequested: true, audioRequested: true, userGesture: true }, (s) => streams.push(s));
    expect(streams).toEqual([null]);
    const pairings: unknown[] = [];
    pairing({ deviceId: 'x', pairingKind: 'confirm', frame: {} }, (response) => pairings.push(response));
    expect(pairings).toEqual([{ confirmed: false }]);

    // Device choosers are cancelled, and Electron's default (the first device) prevented.
    const chosen: unknown[] = [];
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    session.emit('select-hid-device', event, { deviceList: [{ deviceId: 'h1' }] }, (id?: unknown) => chosen.push(id ?? 'none'));
    session.emit('select-usb-device', event, { deviceList: [{ deviceId: 'u1' }] }, (id?: unknown) => chosen.push(id ?? 'none'));
    session.emit('select-serial-port', event, [{ portId: 's1' }], {}, (id: unknown) => chosen.push(id));
    expect(prevented).toBe(3);
    expect(chosen).toEqual(['none', 'none', '']);
    expect(session.spellCheckerEnabled).toBe(false);
  });

  it('opens only absolute paths to regular .draftroom files', () => {
    const good = join(dir, 'round.draftroom');
    createWorkspace(good, { name: 'Round' }).close();
    expect(checkWorkspacePath(good)).toBe(good);
    expect(checkWorkspacePath('round.draftroom', dir)).toBe(good);
    const link = join(dir, 'link.draftroom');
    symlinkSync(good, link);
    expect(checkWorkspacePath(link)).toBe(link);

    expect(codeOf(() => checkWorkspacePath('round.draftroom'))).toMatch(/^invalid-argument: .*not an absolute path/);
    expect(codeOf(() => checkWorkspacePath(''))).toMatch(/^invalid-argument/);
    expect(codeOf(() => checkWorkspacePath(`${good}\0.draftroom`))).toMatch(/^invalid-argument/);
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'hello');
    expect(codeOf(() => checkWorkspacePath(notes))).toMatch(/^invalid-argument: .*not a \.draftroom file/);
    const folder = join(dir, 'folder.draftroom');
    mkdirSync(folder);
    expect(codeOf(() => checkWorkspacePath(folder))).toMatch(/^invalid-argument: .*not a regular file \(a folder\)/);
    const pipe = join(dir, 'pipe.draftroom');
    execFileSync('mkfifo', [pipe]);
    expect(codeOf(() => checkWorkspacePath(pipe))).toMatch(/^invalid-argument: .*not a regular file \(a named pipe/);
    expect(codeOf(() => checkWorkspacePath(join(dir, 'missing.draftroom')))).toMatch(/^not-found/);
    expect(codeOf(() => checkWorkspacePath(join(notes, 'x.draftroom')))).toMatch(/^not-found/);
  });

  it('main hardens the session, opens its default workspace in a hardened window and refuses bad paths', async () => {
    const userData = join(dir, 'user-data');
    mkdirSync(userData);
    fakeApp.userData = userData;
    await import('../../../main/electron/main');
    await vi.waitFor(() => expect(windowsMade).toHaveLength(1), { timeout: 10_000 });
    // The session was hardened before any window was made.
    expect(defaultSession.handlers.get('setPermissionRequestHandler')).toBeTypeOf('function');
    expect(defaultSession.handlers.get('setDisplayMediaRequestHandler')).toBeTypeOf('function');
    expect(defaultSession.handlers.get('setDevicePermissionHandler')).toBeTypeOf('function');
    expect(defaultSession.spellCheckerEnabled).toBe(false);
    const [first] = windowsMade;
    expect((first!.options.webPreferences as Record<string, unknown>).spellcheck).toBe(false);
    expect(first!.loadedUrl).toBe('draftroom://app/index.html');
    // Pages cannot open windows, navigate away, or pick a Bluetooth device.
    expect(first!.webContents.windowOpenHandler?.({ url: 'https://example.org/' } as never)).toEqual({ action: 'deny' });
    let prevented = 0;
    const picks: unknown[] = [];
    first!.webContents.emit('select-bluetooth-device', { preventDefault: () => prevented++ }, [{ deviceId: 'b1' }], (id: unknown) => picks.push(id));
    first!.webContents.emit('will-navigate', { preventDefault: () => prevented++ }, 'https://example.org/');
    expect([prevented, picks]).toEqual([2, ['']]);

    // A named pipe, a relative path and a folder are refused with a message box; no window opens.
    const pipe = join(dir, 'main-pipe.draftroom');
    execFileSync('mkfifo', [pipe]);
    const folder = join(dir, 'main-folder.draftroom');
    mkdirSync(folder);
    const before = messageBoxes.length;
    for (const path of [pipe, 'relative.draftroom', folder]) fakeApp.emit('open-file', { preventDefault: () => undefined }, path);
    await vi.waitFor(() => expect(messageBoxes.length - before).toBe(3));
    const details = messageBoxes.slice(before).map((box) => (box as { detail: string }).detail).join('\n');
    expect(details).toContain('not a regular file (a named pipe');
    expect(details).toContain('not an absolute path');
    expect(details).toContain('not a regular file (a folder)');
    expect(windowsMade).toHaveLength(1);

    // A second instance's relative path is resolved against its own working directory.
    const second = join(dir, 'second.draftroom');
    createWorkspace(second, { name: 'Second' }).close();
    fakeApp.emit('second-instance', {}, ['draftroom', 'second.draftroom'], dir);
    await vi.waitFor(() => expect(windowsMade).toHaveLength(2));
    fakeApp.emit('before-quit');
  });

  it('packages with the fuses set, under names electron-builder validates', async () => {
    // electron-builder's own loader and schema check (app-builder-lib), as `npm run dist` runs them.
    const require = createRequire(import.meta.url);
    const builderConfig = require('app-builder-lib/out/util/config/config.js') as {
      getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Record<string, unknown>>;
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const root = join(import.meta.dirname, '..', '..', '..');
    const config = await builderConfig.getConfig(root, 'electron-builder.yml', null);
    await builderConfig.validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // A misspelt fuse would be refused by that same check.
    await expect(builderConfig.validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, new DebugLogger(false))).rejects.toThrow(
      /electronFuses/,
    );
  });
});
