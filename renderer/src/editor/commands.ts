import { toggleMark } from 'prosemirror-commands';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import type { Command, EditorState } from 'prosemirror-state';
import { redoCommand as yRedo, undoCommand as yUndo } from 'y-prosemirror';
import { proposalSchema as schema } from '../../../shared/schema/schema';

/**
 * Undo the user's own last edit: y-prosemirror's undo manager tracks only
 * changes this editor made, never edits that arrived from other replicas.
 */
export const undoCommand: Command = yUndo;

/** Redo the user's own last undone edit. */
export const redoCommand: Command = yRedo;

/** Toggle bold. */
export const toggleBold: Command = toggleMark(schema.marks['strong']!);

/** Toggle italic. */
export const toggleItalic: Command = toggleMark(schema.marks['em']!);

const listItem = schema.nodes['list_item']!;

/** Enter inside a list item: a new item (or leave the list from an empty one). */
export const splitItem: Command = splitListItem(listItem);

/** Tab inside a list: indent the item. */
export const sinkItem: Command = sinkListItem(listItem);

/** Shift-Tab inside a list: outdent the item. */
export const liftItem: Command = liftListItem(listItem);

/** Depth and type of the innermost list around the cursor, if any. */
function listAt(state: EditorState): { depth: number; name: 'bullet_list' | 'ordered_list' } | null {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const name = $from.node(depth).type.name;
    if (name === 'bullet_list' || name === 'ordered_list') return { depth, name };
  }
  return null;
}

/** Name of the list the cursor is in, if any. */
export function listTypeAt(state: EditorState): 'bullet_list' | 'ordered_list' | null {
  return listAt(state)?.name ?? null;
}

/**
 * Turns the current paragraph(s) into a list of this type; inside such a
 * list, lifts the item out; inside the other kind of list, switches its type.
 */
export function toggleList(type: 'bullet_list' | 'ordered_list'): Command {
  const wrap = wrapInList(schema.nodes[type]!);
  return (state, dispatch) => {
    const list = listAt(state);
    if (list === null) return wrap(state, dispatch);
    if (list.name === type) return liftListItem(listItem)(state, dispatch);
    if (dispatch) dispatch(state.tr.setNodeMarkup(state.selection.$from.before(list.depth), schema.nodes[type]!).scrollIntoView());
    return true;
  };
}

/** True when a mark is active at the cursor or across the whole selection. */
export function markActive(state: EditorState, name: 'strong' | 'em'): boolean {
  const type = schema.marks[name]!;
  const { from, to, empty, $from } = state.selection;
  if (empty) return type.isInSet(state.storedMarks ?? $from.marks()) !== undefined;
  return state.doc.rangeHasMark(from, to, type);
}
