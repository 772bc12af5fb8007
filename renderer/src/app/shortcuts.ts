import type { MenuCommand } from '../../../shared/api/contract';

/** What the window's keyboard shortcuts and Electron's menu commands ask the app to do. */
export interface AppCommands {
  toggleChanges(): void;
  toggleOutline(): void;
  /** The next (1) or previous (-1) change in the changes panel. */
  stepChange(direction: 1 | -1): void;
  focusRationale(): void;
  find(): void;
  openWorkspace(): void;
  exportRedline(): void;
  undo(): void;
  redo(): void;
  insertClause(): void;
  joinTeam(): void;
  share(): void;
}

/** The keys of a key press a shortcut looks at (a `KeyboardEvent` has them). */
export type KeyPress = Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'code' | 'key'>;

/** One window-wide shortcut: when it applies, and what it runs. */
interface Shortcut {
  /** True when the key press is this shortcut (`documentOpen`: a document shows in the editor). */
  matches(key: KeyPress, documentOpen: boolean): boolean;
  run(commands: AppCommands): void;
}

const modOf = (key: KeyPress): boolean => key.ctrlKey || key.metaKey;
const altOnly = (key: KeyPress): boolean => key.altKey && !modOf(key) && !key.shiftKey;
const modLetter = (key: KeyPress, letter: string): boolean => modOf(key) && !key.altKey && key.key.toLowerCase() === letter;

/** The window's shortcuts, first match wins (the editor's own keys are in `editor/keymap.ts`). */
const SHORTCUTS: readonly Shortcut[] = [
  // Ctrl/Cmd+Alt+C: show or hide the changes panel.
  { matches: (k) => modOf(k) && k.altKey && k.code === 'KeyC', run: (c) => c.toggleChanges() },
  // Ctrl/Cmd+Alt+O: show or hide the outline.
  { matches: (k) => modOf(k) && k.altKey && k.code === 'KeyO', run: (c) => c.toggleOutline() },
  // Alt+] and Alt+[: next and previous change.
  { matches: (k, open) => open && altOnly(k) && k.code === 'BracketRight', run: (c) => c.stepChange(1) },
  { matches: (k, open) => open && altOnly(k) && k.code === 'BracketLeft', run: (c) => c.stepChange(-1) },
  // Alt+R: the rationale of the change at the cursor.
  { matches: (k, open) => open && altOnly(k) && k.code === 'KeyR', run: (c) => c.focusRationale() },
  // Ctrl/Cmd+F: find.
  { matches: (k, open) => open && modLetter(k, 'f'), run: (c) => c.find() },
  // Ctrl/Cmd+O: open a workspace.
  { matches: (k) => modLetter(k, 'o'), run: (c) => c.openWorkspace() },
  // Ctrl/Cmd+E: export a redline.
  { matches: (k) => modLetter(k, 'e') && !k.shiftKey, run: (c) => c.exportRedline() },
];

/**
 * The app command a key press anywhere in the window asks for, or null
 * (then the key is left to the editor and the browser).
 */
export function shortcutFor(key: KeyPress, documentOpen: boolean): ((commands: AppCommands) => void) | null {
  return SHORTCUTS.find((shortcut) => shortcut.matches(key, documentOpen))?.run ?? null;
}

/** What each of Electron's menu commands runs (the menu lives in main; the work in the renderer). */
const MENU_ACTIONS: Record<MenuCommand, (commands: AppCommands) => void> = {
  undo: (c) => c.undo(),
  redo: (c) => c.redo(),
  'insert-clause': (c) => c.insertClause(),
  find: (c) => c.find(),
  'toggle-outline': (c) => c.toggleOutline(),
  'toggle-changes': (c) => c.toggleChanges(),
  export: (c) => c.exportRedline(),
  'join-team': (c) => c.joinTeam(),
  share: (c) => c.share(),
};

/** Runs one of Electron's application menu commands. */
export function runMenuCommand(command: MenuCommand, commands: AppCommands): void {
  MENU_ACTIONS[command](commands);
}
