import { Menu, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { MenuCommand } from '../../shared/api/contract';

/** What the menu's items do. */
export interface MenuActions {
  newWorkspace(): void;
  open(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  openSample(): void;
  /** Asks the focused window's renderer to carry out a command. */
  command(command: MenuCommand): void;
}

/** How the menu is built. */
export interface MenuOptions {
  /** Workspaces for File › Open Recent, most recent first. */
  readonly recent: readonly string[];
  readonly isMac: boolean;
  /** Show View › Toggle Developer Tools (development builds only). */
  readonly devTools: boolean;
}

/**
 * The application menu: File (New workspace, Open…, Open Recent, Open
 * sample negotiation, Export…, Close), Edit (undo/redo, clipboard, find,
 * insert clause), View (outline, changes panel, zoom), with the usual
 * accelerators. Editor commands go to the renderer as `menuCommand` events;
 * undo, redo, insert clause and the outline and changes-panel toggles leave
 * their keys to the page (which handles them in the browser too, and a
 * toggle must not run twice) and only show them.
 */
export function buildApplicationMenu(actions: MenuActions, options: MenuOptions): Menu {
  const editorKey = (label: string, accelerator: string, command: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: false,
    click: () => actions.command(command),
  });
  const send = (label: string, accelerator: string, command: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => actions.command(command),
  });

  const recentItems: MenuItemConstructorOptions[] =
    options.recent.length === 0
      ? [{ label: 'No recent workspaces', enabled: false }]
      : options.recent.map((path) => ({ label: `${basename(path)} — ${path}`, click: () => actions.openRecent(path) }));

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Workspace…', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newWorkspace() },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      {
        label: 'Open Recent',
        submenu: [
          ...recentItems,
          { type: 'separator' },
          { label: 'Clear Recent', enabled: options.recent.length > 0, click: () => actions.clearRecent() },
        ],
      },
      { label: 'Open Sample Negotiation', click: () => actions.openSample() },
      { type: 'separator' },
      { label: 'Join Team Workspace…', click: () => actions.command('join-team') },
      { label: 'Share…', click: () => actions.command('share') },
      { type: 'separator' },
      send('Export…', 'CmdOrCtrl+E', 'export'),
      { type: 'separator' },
      { label: 'Close', accelerator: 'CmdOrCtrl+W', role: 'close' },
      ...(options.isMac ? [] : [{ type: 'separator' } as const, { label: 'Quit', accelerator: 'Ctrl+Q', role: 'quit' } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      editorKey('Undo', 'CmdOrCtrl+Z', 'undo'),
      editorKey('Redo', options.isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y', 'redo'),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      send('Find…', 'CmdOrCtrl+F', 'find'),
      editorKey('Insert Clause', 'CmdOrCtrl+Enter', 'insert-clause'),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      editorKey('Outline', 'CmdOrCtrl+Alt+O', 'toggle-outline'),
      editorKey('Changes Panel', 'CmdOrCtrl+Alt+C', 'toggle-changes'),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.devTools ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };

  const template: MenuItemConstructorOptions[] = [
    ...(options.isMac ? [{ role: 'appMenu' } as const] : []),
    file,
    edit,
    view,
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
