import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from '../../../shared/api/contract';
import { runMenuCommand, shortcutFor, type AppCommands, type KeyPress } from '../../../renderer/src/app/shortcuts';

/** An AppCommands that records what was asked of it. */
function recorder(): { commands: AppCommands; calls: string[] } {
  const calls: string[] = [];
  const commands = new Proxy({} as AppCommands, {
    get: (_target, name) => (...args: unknown[]) => calls.push([String(name), ...args].join(' ')),
  });
  return { commands, calls };
}

/** A key press with the given modifiers (the rest off). */
function press(key: string, code: string, mods: Partial<Pick<KeyPress, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>> = {}): KeyPress {
  return { key, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods };
}

function commandFor(key: KeyPress, documentOpen = true): string | null {
  const run = shortcutFor(key, documentOpen);
  if (!run) return null;
  const { commands, calls } = recorder();
  run(commands);
  return calls.join(', ');
}

describe('window shortcuts', () => {
  it('map each key to its command, Ctrl and Cmd alike', () => {
    expect(commandFor(press('c', 'KeyC', { ctrlKey: true, altKey: true }))).toBe('toggleChanges');
    expect(commandFor(press('ç', 'KeyC', { metaKey: true, altKey: true }))).toBe('toggleChanges');
    expect(commandFor(press('o', 'KeyO', { ctrlKey: true, altKey: true }))).toBe('toggleOutline');
    expect(commandFor(press(']', 'BracketRight', { altKey: true }))).toBe('stepChange 1');
    expect(commandFor(press('[', 'BracketLeft', { altKey: true }))).toBe('stepChange -1');
    expect(commandFor(press('r', 'KeyR', { altKey: true }))).toBe('focusRationale');
    expect(commandFor(press('F', 'KeyF', { metaKey: true }))).toBe('find');
    expect(commandFor(press('o', 'KeyO', { ctrlKey: true }))).toBe('openWorkspace');
    expect(commandFor(press('e', 'KeyE', { ctrlKey: true }))).toBe('exportRedline');
  });

  it('leave other keys to the editor and the browser', () => {
    expect(commandFor(press('e', 'KeyE', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(commandFor(press('r', 'KeyR', { altKey: true, shiftKey: true }))).toBeNull();
    expect(commandFor(press('r', 'KeyR', { ctrlKey: true }))).toBeNull();
    expect(commandFor(press('f', 'KeyF'))).toBeNull();
    expect(commandFor(press('z', 'KeyZ', { ctrlKey: true }))).toBeNull();
  });

  it('ask for a document only where they act on one', () => {
    expect(commandFor(press('f', 'KeyF', { ctrlKey: true }), false)).toBeNull();
    expect(commandFor(press(']', 'BracketRight', { altKey: true }), false)).toBeNull();
    expect(commandFor(press('o', 'KeyO', { ctrlKey: true }), false)).toBe('openWorkspace');
    expect(commandFor(press('c', 'KeyC', { ctrlKey: true, altKey: true }), false)).toBe('toggleChanges');
  });
});

describe('application menu commands', () => {
  it('each run one command of their own', () => {
    const seen = new Set<string>();
    for (const command of MENU_COMMANDS) {
      const { commands, calls } = recorder();
      runMenuCommand(command, commands);
      expect(calls, command).toHaveLength(1);
      seen.add(calls[0]!);
    }
    expect(seen.size).toBe(MENU_COMMANDS.length);
  });
});
