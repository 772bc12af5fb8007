import { baseKeymap } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import type { Plugin } from 'prosemirror-state';
import { insertClauseAfter, moveClause, removeClause } from '../../../shared/editing/clause-commands';
import { addClauseHeading, deleteEmptyHeading } from '../../../shared/editing/heading-commands';
import {
  liftItem,
  redoCommand,
  sinkItem,
  splitItem,
  toggleBold,
  toggleItalic,
  toggleList,
  undoCommand,
} from './commands';

/**
 * The editor's keys, in precedence order. `Mod` is Cmd on macOS and Ctrl
 * elsewhere. Mod-f (find) is handled by the workbench, outside the editor.
 */
export const KEY_BINDINGS = {
  'Mod-z': undoCommand,
  'Mod-y': redoCommand,
  'Mod-Shift-z': redoCommand,
  'Mod-b': toggleBold,
  'Mod-i': toggleItalic,
  'Mod-Enter': insertClauseAfter,
  'Alt-ArrowUp': moveClause('up'),
  'Alt-ArrowDown': moveClause('down'),
  'Mod-Shift-Backspace': removeClause,
  'Mod-Alt-h': addClauseHeading,
  'Mod-Shift-8': toggleList('bullet_list'),
  'Mod-Shift-7': toggleList('ordered_list'),
  Enter: splitItem,
  Tab: sinkItem,
  'Shift-Tab': liftItem,
  Backspace: deleteEmptyHeading,
} as const;

/** The editor's keymap plugins: Draftroom's keys first, then ProseMirror's base keys. */
export function editorKeymaps(): Plugin[] {
  const base = { ...baseKeymap };
  // Mod-Enter is "new clause" here, not ProseMirror's exitCode.
  delete base['Mod-Enter'];
  return [keymap({ ...KEY_BINDINGS }), keymap(base)];
}
